import type { Image } from './image';
import { MiB } from './util';

// Any image the catalog does not model (redis-commander, grafana/loki, a learner's own app): a
// long-running process that prints nothing, stops on SIGTERM, and answers on the ports its
// container declares, so that probes and Services pointed at them behave as for a healthy app.

export const generic: Image = {
  names: [],
  sizeBytes: 48_000_000,
  pullMs: 2_200,
  sigtermMs: 200,
  sigtermExitCode: 0,
  // Most images have a shell for `kubectl exec -it ... -- sh`.
  shell: 'busybox',
  run: (c) => ({
    logs: [],
    listen: (c.ports ?? []).map((port) => ({ port, protocol: 'http' as const })),
    memory: { baseBytes: 32 * MiB },
    cpuMilli: 2,
  }),
  serve: (req, ctx) =>
    (ctx.plan.listen ?? []).some((l) => l.port === req.port)
      ? { status: 200, body: '' }
      : undefined,
  // Its own tools (zookeeper-ready, a health script, a CLI): they work, as in a healthy app.
  program: () => ({ code: 0 }),
};

/** The pause container (registry.k8s.io/pause): does nothing, forever. */
export const pause: Image = {
  names: ['pause'],
  repositories: ['registry.k8s.io/pause', 'k8s.gcr.io/pause', 'gcr.io/google_containers/pause'],
  sizeBytes: 320_368,
  pullMs: 600,
  sigtermMs: 5,
  sigtermExitCode: 0,
  run: () => ({ logs: [], memory: { baseBytes: Math.round(0.2 * MiB) } }),
};
