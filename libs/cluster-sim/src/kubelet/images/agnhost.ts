import type { Image, ProcessPlan } from './image';
import { MiB, at, flag, text } from './util';

// agnhost (registry.k8s.io/e2e-test-images/agnhost), the Kubernetes test image the docs use,
// and the older registry.k8s.io/liveness: one binary, a subcommand per behaviour. Go programs:
// they exit at once on SIGTERM, with status 2.
//   liveness        :8080 /healthz 200 for 10 s after start, then 500 ("error: 10.1...")
//   netexec         :8080 /hostname, /echo?msg=, /clientip, /healthz; UDP 8081
//   serve-hostname  :9376 answers the pod's hostname
//   test-webserver  :80 "Hello World!"
//   pause           blocks forever

const SUBCOMMANDS = [
  'liveness',
  'netexec',
  'serve-hostname',
  'test-webserver',
  'pause',
  'porter',
  'fake-gitserver',
  'webhook',
];

export const agnhost: Image = {
  names: ['agnhost', 'liveness'],
  repositories: [
    'registry.k8s.io/e2e-test-images/agnhost',
    'registry.k8s.io/liveness',
    'k8s.gcr.io/liveness',
    'gcr.io/google-samples/liveness',
  ],
  sizeBytes: 51_412_048,
  pullMs: 2_600,
  sigtermMs: 20,
  sigtermExitCode: 2,
  run(c): ProcessPlan {
    const argv = [...(c.command ?? []), ...(c.args ?? [])];
    // registry.k8s.io/liveness runs /server: the same liveness server.
    const sub =
      c.ref?.name === 'liveness' ? 'liveness' : (argv.find((a) => SUBCOMMANDS.includes(a)) ?? '');
    const memory = { baseBytes: 9 * MiB };
    switch (sub) {
      case 'liveness':
        return {
          logs: [],
          listen: [{ port: 8080, protocol: 'http' }],
          memory,
          params: { mode: 'liveness' },
        };
      case 'netexec': {
        const port = Number(flag(argv, 'http-port') ?? 8080);
        return {
          logs: [
            {
              afterMs: 0,
              line: `${at('klog')}       1 log.go:245] Started HTTP server on port ${port}`,
            },
            {
              afterMs: 0,
              line: `${at('klog')}       1 log.go:245] Started UDP server on port ${flag(argv, 'udp-port') ?? 8081}`,
            },
          ],
          listen: [{ port, protocol: 'http' }],
          memory,
          params: { mode: 'netexec', port },
        };
      }
      case 'serve-hostname': {
        const port = Number(flag(argv, 'port') ?? 9376);
        return {
          logs: [
            {
              afterMs: 0,
              line: `${at('klog')}       1 serve_hostname.go:97] Serving on port ${port}.`,
            },
          ],
          listen: [{ port, protocol: 'http' }],
          memory,
          params: { mode: 'serve-hostname', port },
        };
      }
      case 'test-webserver':
        return {
          logs: [],
          listen: [{ port: 80, protocol: 'http' }],
          memory,
          params: { mode: 'test-webserver', port: 80 },
        };
      case 'pause':
        return { logs: [{ afterMs: 0, line: 'Paused' }], memory: { baseBytes: MiB } };
      default:
        // No subcommand: the usage text, and exit.
        return {
          logs: [
            {
              afterMs: 0,
              line: 'agnhost: a single binary for the Kubernetes e2e tests',
              stream: 'stderr',
            },
            { afterMs: 0, line: '', stream: 'stderr' },
            { afterMs: 0, line: 'Usage:', stream: 'stderr' },
            { afterMs: 0, line: '  agnhost [command]', stream: 'stderr' },
          ],
          exit: { afterMs: 5, code: 0 },
        };
    }
  },
  changesAt: (plan) => (plan.params?.mode === 'liveness' ? [10_000] : []),
  serve(req, ctx) {
    const p = ctx.plan.params ?? {};
    const path = req.path.split('?')[0];
    const query = new URLSearchParams(req.path.split('?')[1] ?? '');
    if (p.mode === 'liveness') {
      if (req.port !== 8080) return undefined;
      const s = ctx.elapsedMs / 1000;
      if (path === '/healthz')
        return s > 10 ? text(500, `error: ${s.toFixed(6)}`) : text(200, 'ok');
      if (path === '/started') return text(200, `ok`);
      return text(404, '404 page not found\n');
    }
    if (req.port !== Number(p.port)) return undefined;
    if (p.mode === 'serve-hostname') return text(200, ctx.hostname);
    if (p.mode === 'test-webserver') return text(200, 'Hello World!');
    switch (path) {
      case '/':
      case '/hostname':
        return text(200, ctx.hostname);
      case '/echo':
        return text(200, query.get('msg') ?? '');
      case '/clientip':
        return text(200, `${req.remoteAddr ?? ''}:45678`);
      case '/healthz':
        return text(200, '');
      default:
        return text(404, '404 page not found\n');
    }
  },
};
