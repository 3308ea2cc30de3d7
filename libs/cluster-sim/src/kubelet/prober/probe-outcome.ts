import {
  imageHas,
  listening,
  listensFrom,
  scriptTrace,
  serveInstance,
  shellHost,
  instanceFs,
  type Instance,
} from '../container-process';
import { ContainerFs } from '../fs/container-fs';
import { Shell } from '../shell/interpreter';

// One probe at one virtual time (pkg/probe/http, tcp, exec, grpc and pkg/kubelet/prober's
// runProbe): the result and the output the kubelet puts in its Unhealthy event, with the same
// wording as the real probers ("HTTP probe failed with statuscode: 500", "connect: connection
// refused", the exec command's own output).

export type ProbeType = 'startup' | 'liveness' | 'readiness';

export interface ProbeOutcome {
  ok: boolean;
  message: string;
}

/** A probe's port: a number, or the name of one of the container's ports. */
export function probePort(port: unknown, spec: any): number | undefined {
  if (typeof port === 'number') return port;
  if (typeof port === 'string' && /^\d+$/.test(port)) return Number(port);
  const named = (spec?.ports ?? []).find((p: any) => p.name === port);
  return named?.containerPort;
}

/** Evaluates probes of one instance; keeps what it can between evaluations. */
export class ProbeEvaluator {
  private execFs?: ContainerFs;

  constructor(readonly inst: Instance) {}

  outcome(probe: any, t: number): ProbeOutcome {
    const inst = this.inst;
    const ip = inst.rec.podIP ?? '';
    const timeoutS = probe.timeoutSeconds ?? 1;
    if (probe.httpGet) {
      const g = probe.httpGet;
      const port = probePort(g.port, inst.spec);
      const scheme = String(g.scheme ?? 'HTTP').toLowerCase();
      const host = g.host || ip;
      const path = g.path || '/';
      const url = `${scheme}://${host}:${port}${path.startsWith('/') ? path : `/${path}`}`;
      if (port === undefined) return { ok: false, message: `unable to find port "${g.port}"` };
      const headers: Record<string, string> = {};
      for (const h of g.httpHeaders ?? []) headers[h.name] = h.value;
      const r = serveInstance(
        inst,
        {
          method: 'GET',
          path,
          port,
          headers,
          userAgent: headers['User-Agent'] ?? 'kube-probe/1.32',
          remoteAddr: gatewayOf(ip),
        },
        t,
      );
      if (r.kind === 'refused')
        return {
          ok: false,
          message: `Get "${url}": dial tcp ${host}:${port}: connect: connection refused`,
        };
      if (r.kind === 'not-http')
        return {
          ok: false,
          message: `Get "${url}": net/http: HTTP/1.x transport connection broken: malformed HTTP response`,
        };
      if ((r.res.latencyMs ?? 0) > timeoutS * 1000)
        return {
          ok: false,
          message: `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
        };
      if (scheme === 'https')
        return {
          ok: false,
          message: `Get "${url}": http: server gave HTTP response to HTTPS client`,
        };
      const s = r.res.status;
      if (s >= 200 && s < 400) return { ok: true, message: '' };
      return { ok: false, message: `HTTP probe failed with statuscode: ${s}` };
    }
    if (probe.tcpSocket) {
      const port = probePort(probe.tcpSocket.port, inst.spec);
      const host = probe.tcpSocket.host || ip;
      if (port !== undefined && listening(inst, port, t)) return { ok: true, message: '' };
      return { ok: false, message: `dial tcp ${host}:${port}: connect: connection refused` };
    }
    if (probe.grpc) {
      const port = probe.grpc.port;
      const addr = `${ip}:${port}`;
      if (!listening(inst, port, t))
        return {
          ok: false,
          message: `timeout: failed to connect service "${addr}" within ${timeoutS}s: context deadline exceeded`,
        };
      const st = inst.image.grpcHealth?.(port, {
        plan: inst.plan,
        now: t,
        elapsedMs: t - inst.startedAt,
        readFile: () => undefined,
        isDir: () => false,
        hostname: inst.pod.metadata.name,
        containerName: inst.c.name,
      });
      if (st === 'SERVING') return { ok: true, message: '' };
      if (st === undefined)
        return {
          ok: false,
          message: `timeout: health rpc did not complete within ${timeoutS}s`,
        };
      return { ok: false, message: `service unhealthy (responded with "${st}")` };
    }
    if (probe.exec) return this.exec(probe.exec.command ?? [], t, timeoutS);
    return { ok: true, message: '' };
  }

  private exec(argv: string[], t: number, timeoutS: number): ProbeOutcome {
    const inst = this.inst;
    const cmd = argv[0] ?? '';
    const name = cmd.split('/').pop()!;
    const isProgram = !!inst.image.program?.(argv, {
      plan: inst.plan,
      now: t,
      elapsedMs: t - inst.startedAt,
      readFile: () => undefined,
    });
    if (
      !imageHas(inst.image, name) &&
      !isProgram &&
      !['sh', 'test', '[', 'true', 'false', 'echo'].includes(name)
    )
      return {
        ok: false,
        message: `OCI runtime exec failed: exec failed: unable to start container process: exec: "${cmd}": executable file not found in $PATH: unknown`,
      };
    if (!this.execFs) {
      const main = scriptTrace(inst, Infinity, { maxLines: 0 });
      this.execFs = instanceFs(inst, {
        live: true,
        processes: main ? [main.fs.own] : [],
        self: 'probe',
      });
    }
    const fs = new ContainerFs({ ...this.execFs.init });
    const sh = new Shell(shellHost(inst, fs), {
      start: t,
      deadline: t + timeoutS * 1000,
      maxLines: 200,
    });
    const trace = sh.runArgv(argv);
    const output = trace.lines.map((l) => l.line).join('\n');
    if (!trace.exit) return { ok: false, message: `command "${argv.join(' ')}" timed out` };
    return { ok: trace.exit.code === 0, message: output };
  }

  /** Times after the instance's start at which a probe's result may change. */
  breakpoints(probe: any): number[] {
    const inst = this.inst;
    const out = new Set<number>();
    for (const ms of inst.image.changesAt?.(inst.plan) ?? []) out.add(inst.startedAt + ms);
    for (const l of inst.plan.listen ?? []) {
      const from = listensFrom(inst, l.port);
      if (from !== undefined) out.add(from);
    }
    if (probe.exec) {
      const main = scriptTrace(inst, Infinity, { maxLines: 0 });
      if (main) for (const t of main.fs.changeTimes(inst.startedAt - 1, Infinity)) out.add(t);
      for (const t of instanceFs(inst).changeTimes(inst.startedAt - 1, Infinity)) out.add(t);
      // A program that answers differently once its server is up (mysqladmin ping).
      for (const l of inst.plan.listen ?? []) out.add(inst.startedAt + (l.afterMs ?? 0));
    }
    if (inst.endedAt !== undefined) out.add(inst.endedAt);
    return [...out].filter((t) => t >= inst.startedAt).sort((a, b) => a - b);
  }
}

/** The node-side address probes come from (the pod network's gateway on the node). */
export function gatewayOf(podIP: string): string {
  const parts = podIP.split('.');
  return parts.length === 4 ? `${parts[0]}.${parts[1]}.${parts[2]}.1` : '127.0.0.1';
}
