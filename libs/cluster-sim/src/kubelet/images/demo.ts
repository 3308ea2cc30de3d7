import type { ContainerInput, Image } from './image';
import { MiB, at, bytes, knob, seconds, text } from './util';

// kubelab/demo: the platform's own exercise app, configurable from env or flags so that a lab
// can make it fail the way it wants:
//   PORT / --port                          HTTP port (8080)
//   STARTUP_DELAY / --startup-delay        seconds before it listens (startup probes)
//   READY_AFTER / --ready-after            /ready answers 503 until then (readiness)
//   FAIL_AFTER / --fail-after              /healthz answers 500 from then on (liveness)
//   CRASH_AFTER / --crash-after            exits with EXIT_CODE (1) then (CrashLoopBackOff)
//   MEMORY / --memory                      resident memory at start (20Mi)
//   MEMORY_GROWTH / --memory-growth        growth per second, e.g. 10Mi (OOMKilled)
//   CPU / --cpu                            millicores it burns (throttled at its limit)
//   LATENCY / --latency                    answer time, e.g. 2s (probe timeoutSeconds)
//   MESSAGE / --message, VERSION           what / answers
// Endpoints: / (hello), /healthz, /ready, /version, /env.

export const DEMO_VERSION = '1.0.0';

function params(c: ContainerInput) {
  const k = (f: string, e: string) => knob(c, [f], [e]);
  return {
    port: Number(k('port', 'PORT') ?? 8080),
    startupDelay: seconds(k('startup-delay', 'STARTUP_DELAY')) ?? 0,
    readyAfter: seconds(k('ready-after', 'READY_AFTER')) ?? 0,
    failAfter: seconds(k('fail-after', 'FAIL_AFTER')),
    crashAfter: seconds(k('crash-after', 'CRASH_AFTER')),
    exitCode: Number(k('exit-code', 'EXIT_CODE') ?? 1),
    memory: bytes(k('memory', 'MEMORY')) ?? 20 * MiB,
    growth: bytes(k('memory-growth', 'MEMORY_GROWTH')) ?? 0,
    cpu: Number(k('cpu', 'CPU') ?? 5),
    latency: seconds(k('latency', 'LATENCY')) ?? 0,
    message: k('message', 'MESSAGE') ?? 'Hello from the kubelab demo app',
    version: c.env.VERSION ?? DEMO_VERSION,
  };
}

export const demo: Image = {
  names: ['demo', 'kubelab-demo'],
  repositories: ['kubelab/demo', 'docker.io/kubelab/demo', 'ghcr.io/kubelab/demo'],
  sizeBytes: 12_484_096,
  pullMs: 1_400,
  sigtermMs: 100,
  sigtermExitCode: 0,
  run(c) {
    const p = params(c);
    const logs = [
      { afterMs: 0, line: `${at('go')} kubelab demo ${p.version} starting (pid 1)` },
      { afterMs: p.startupDelay * 1000, line: `${at('go')} listening on :${p.port}` },
    ];
    if (p.failAfter !== undefined)
      logs.push({
        afterMs: p.failAfter * 1000,
        line: `${at('go')} health check will now fail (FAIL_AFTER=${p.failAfter}s)`,
      });
    const plan = {
      logs,
      listen: [{ port: p.port, afterMs: p.startupDelay * 1000, protocol: 'http' as const }],
      memory: { baseBytes: p.memory, growthBytesPerSec: p.growth || undefined },
      cpuMilli: p.cpu,
      params: {
        port: p.port,
        readyAfter: p.readyAfter,
        ...(p.failAfter !== undefined ? { failAfter: p.failAfter } : {}),
        latency: p.latency,
        message: p.message,
        version: p.version,
      },
    };
    if (p.crashAfter !== undefined) {
      logs.push({
        afterMs: p.crashAfter * 1000,
        line: `${at('go')} fatal: crashing as configured (CRASH_AFTER=${p.crashAfter}s)`,
      });
      return { ...plan, exit: { afterMs: p.crashAfter * 1000, code: p.exitCode } };
    }
    return plan;
  },
  changesAt(plan) {
    const p = plan.params ?? {};
    return [
      Number(p.readyAfter ?? 0) * 1000,
      ...(p.failAfter !== undefined ? [Number(p.failAfter) * 1000] : []),
    ];
  },
  serve(req, ctx) {
    const p = ctx.plan.params ?? {};
    if (req.port !== Number(p.port ?? 8080)) return undefined;
    const s = ctx.elapsedMs / 1000;
    const latencyMs = Number(p.latency ?? 0) * 1000;
    const path = req.path.split('?')[0];
    const res = (() => {
      switch (path) {
        case '/':
          return text(200, `${p.message} (version ${p.version}) on ${ctx.hostname}\n`);
        case '/healthz':
        case '/livez':
          return p.failAfter !== undefined && s >= Number(p.failAfter)
            ? text(500, `unhealthy: failing since ${p.failAfter}s after start\n`)
            : text(200, 'ok\n');
        case '/ready':
        case '/readyz':
          return s < Number(p.readyAfter ?? 0)
            ? text(503, 'not ready yet\n')
            : text(200, 'ready\n');
        case '/version':
          return text(200, `${p.version}\n`);
        default:
          return text(404, '404 page not found\n');
      }
    })();
    return { ...res, latencyMs };
  },
};
