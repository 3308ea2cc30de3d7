import type { Image } from './image';
import { MiB, at, flag, text } from './util';

// etcd (registry.k8s.io/etcd), as the gRPC-probe example runs it: client port 2379 speaking gRPC
// (grpc.health.v1 says SERVING) and HTTP (/health).

export const etcd: Image = {
  names: ['etcd'],
  repositories: [
    'registry.k8s.io/etcd',
    'k8s.gcr.io/etcd',
    'quay.io/coreos/etcd',
    'gcr.io/etcd-development/etcd',
  ],
  sizeBytes: 57_376_563,
  pullMs: 2_800,
  sigtermMs: 100,
  sigtermExitCode: 0,
  run(c) {
    const argv = [...(c.command ?? []), ...(c.args ?? [])];
    const urls = flag(argv, 'listen-client-urls') ?? 'http://localhost:2379';
    const port = Number(/:(\d+)/.exec(urls.split(',')[0]!)?.[1] ?? 2379);
    return {
      logs: [
        `{"level":"info","ts":"${at('iso')}","caller":"etcdmain/etcd.go:73","msg":"Running: ","args":${JSON.stringify(argv)}}`,
        `{"level":"info","ts":"${at('iso')}","caller":"embed/serve.go:98","msg":"ready to serve client requests"}`,
        `{"level":"info","ts":"${at('iso')}","caller":"embed/serve.go:140","msg":"serving client traffic insecurely; this is strongly discouraged!","address":"[::]:${port}"}`,
      ].map((line, i) => ({ afterMs: i ? 800 : 0, line })),
      listen: [{ port, afterMs: 800, protocol: 'grpc' }],
      memory: { baseBytes: 24 * MiB },
      params: { port },
    };
  },
  grpcHealth: (port, ctx) =>
    port === Number(ctx.plan.params?.port ?? 2379) ? 'SERVING' : undefined,
  serve: (req, ctx) =>
    req.port === Number(ctx.plan.params?.port ?? 2379) && req.path === '/health'
      ? text(200, '{"health":"true","reason":""}')
      : undefined,
};
