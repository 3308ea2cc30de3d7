import { serveInstance, type Instance } from '../container-process';
import { renderTimes } from '../images/util';
import type { LogLine } from '../runtime-record';
import { gatewayOf, probePort, ProbeEvaluator } from './probe-outcome';

// The requests an HTTP probe makes show in the server's own access log ("GET / HTTP/1.1" 200
// ... "kube-probe/1.32"), one line per probe, computed when the log is read.

const MAX = 500;

export function probeAccessLines(inst: Instance, until: number, workerStart: number): LogLine[] {
  if (!inst.image.accessLog) return [];
  const out: LogLine[] = [];
  const end = Math.min(until, inst.endedAt ?? Infinity);
  const ev = new ProbeEvaluator(inst);
  for (const type of ['startup', 'liveness', 'readiness']) {
    const probe = inst.spec?.[`${type}Probe`];
    if (!probe?.httpGet) continue;
    const port = probePort(probe.httpGet.port, inst.spec);
    if (port === undefined) continue;
    const period = (probe.periodSeconds ?? 10) * 1000;
    const earliest = inst.startedAt + (probe.initialDelaySeconds ?? 0) * 1000;
    const k0 = Math.max(0, Math.ceil((earliest - workerStart) / period));
    const kEnd = Math.floor((end - workerStart) / period);
    const from = Math.max(k0, kEnd - MAX);
    const bps = ev.breakpoints(probe);
    const memo = new Map<number, string | undefined>();
    const path = probe.httpGet.path || '/';
    for (let k = from; k <= kEnd; k++) {
      const t = workerStart + k * period;
      const interval = bps.findIndex((b) => b > t);
      let line = memo.get(interval);
      if (!memo.has(interval)) {
        const req = {
          method: 'GET',
          path,
          port,
          userAgent: 'kube-probe/1.32',
          remoteAddr: gatewayOf(inst.rec.podIP ?? ''),
        };
        const r = serveInstance(inst, req, t);
        line = r.kind === 'response' ? inst.image.accessLog(req, r.res, t) : undefined;
        memo.set(interval, line);
      }
      if (line !== undefined) out.push({ t, line: renderTimes(line, t), stream: 'stdout' });
    }
  }
  return out;
}
