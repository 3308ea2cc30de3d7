// bench/realtime: from a write to what the learner sees. Prints `name: value unit` lines:
//   - clusters created per second (REST, 8 at a time);
//   - p50/p99 from POSTing a 3-replica Deployment to the Socket.IO message of its last pod
//     Running (clock instant), with 1, 100 and 500 clusters doing it at once;
//   - worker CPU seconds per 1,000 reconciles;
//   - the 100- and 500-cluster figures again with a second worker.
import fs from 'node:fs';
import { Queue, QueueEvents } from 'bullmq';
import { RECONCILE_QUEUE, bullPrefix, redisConnection } from '@kubelab/server';
import { connectLive, type LiveClient } from '../../apps/api/test/live-client';
import {
  line,
  percentile,
  startBenchStack,
  type BenchCluster,
  type BenchStack,
} from '../lib/stack';

const CLUSTERS = 500;
const PER_SOCKET = 20;

/** CPU seconds (user + system) a process has used so far. */
function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100/s)
}

function deployment(name: string) {
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
      },
    },
  });
}

/** Watches the sockets for `name`'s third pod Running in each cluster. */
function lastPodRunning(sockets: LiveClient[], name: string) {
  const running = new Map<string, Set<string>>();
  const done = new Map<string, number>();
  const waiters = new Map<string, (at: number) => void>();
  const listener = (m: any) => {
    const o = m.object;
    if (o.kind !== 'Pod' || !o.metadata.name.startsWith(`${name}-`)) return;
    if (o.status?.phase !== 'Running') return;
    let set = running.get(m.clusterId);
    if (!set) running.set(m.clusterId, (set = new Set()));
    set.add(o.metadata.name);
    if (set.size === 3 && !done.has(m.clusterId)) {
      const at = performance.now();
      done.set(m.clusterId, at);
      waiters.get(m.clusterId)?.(at);
    }
  };
  for (const l of sockets) l.socket.on('resource', listener);
  return {
    seen: (clusterId: string) =>
      new Promise<number>((resolve) => {
        const at = done.get(clusterId);
        if (at !== undefined) resolve(at);
        else waiters.set(clusterId, resolve);
      }),
    stop: () => {
      for (const l of sockets) l.socket.off('resource', listener);
    },
  };
}

async function round(
  s: BenchStack,
  sockets: LiveClient[],
  clusters: BenchCluster[],
  name: string,
): Promise<number[]> {
  const watch = lastPodRunning(sockets, name);
  try {
    return await Promise.all(
      clusters.map(async (c) => {
        const t0 = performance.now();
        const r = await s.kube(
          c.token,
          'POST',
          '/apis/apps/v1/namespaces/default/deployments',
          deployment(name),
          { 'content-type': 'application/json' },
        );
        if (r.status !== 201) throw new Error(`apply: ${r.status} ${r.text}`);
        return (await watch.seen(c.id)) - t0;
      }),
    );
  } finally {
    watch.stop();
  }
}

function report(name: string, latencies: number[]) {
  const sorted = [...latencies].sort((a, b) => a - b);
  line(`${name}_p50`, percentile(sorted, 50), 'ms');
  line(`${name}_p99`, percentile(sorted, 99), 'ms');
}

async function main() {
  const s = await startBenchStack('benchrt', {
    env: { API_RATE_LIMIT_PER_MINUTE: '1000000', DATABASE_POOL_SIZE: '20' },
  });
  const events = new QueueEvents(RECONCILE_QUEUE, {
    connection: redisConnection(s.env.REDIS_URL!),
    prefix: bullPrefix(s.env.REDIS_PREFIX!),
  });
  let reconciles = 0;
  events.on('completed', () => reconciles++);
  await events.waitUntilReady();
  const sockets: LiveClient[] = [];
  try {
    const clusters: BenchCluster[] = [];
    const t = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < CLUSTERS) {
          const i = next++;
          clusters[i] = await s.newCluster(`rt-${i}`, 0);
        }
      }),
    );
    line('clusters_created_per_s', CLUSTERS / ((performance.now() - t) / 1000), 'clusters/s');
    // Let the bootstrap reconciles finish before measuring.
    const queue = new Queue(RECONCILE_QUEUE, {
      connection: redisConnection(s.env.REDIS_URL!),
      prefix: bullPrefix(s.env.REDIS_PREFIX!),
    });
    for (;;) {
      const counts = await queue.getJobCounts('waiting', 'active', 'prioritized');
      if (Object.values(counts).every((n) => n === 0)) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    await queue.close();

    for (let i = 0; i < CLUSTERS; i += PER_SOCKET) {
      const l = await connectLive(s.apiUrl, { token: s.accessToken });
      for (const c of clusters.slice(i, i + PER_SOCKET)) {
        const ack = await l.subscribe(c.id);
        if (!ack.ok) throw new Error(`subscribe: ${JSON.stringify(ack)}`);
      }
      sockets.push(l);
    }

    const [worker] = s.workerPids();
    const cpu0 = cpuSeconds(worker!);
    const rec0 = reconciles;
    // One cluster at a time: 20 rounds for stable percentiles.
    const single: number[] = [];
    for (let i = 0; i < 20; i++)
      single.push(...(await round(s, sockets, [clusters[i]!], `one-${i}`)));
    report('apply_to_last_pod_running_1_cluster', single);
    report(
      'apply_to_last_pod_running_100_clusters',
      await round(s, sockets, clusters.slice(0, 100), 'hundred'),
    );
    report('apply_to_last_pod_running_500_clusters', await round(s, sockets, clusters, 'all'));
    await new Promise((r) => setTimeout(r, 1000));
    const cpu = cpuSeconds(worker!) - cpu0;
    const n = reconciles - rec0;
    line('worker_reconciles_counted', n, 'reconciles');
    line('worker_cpu_per_1000_reconciles', (cpu / n) * 1000, 's');

    await s.addWorker();
    report(
      'apply_to_last_pod_running_100_clusters_2_workers',
      await round(s, sockets, clusters.slice(100, 200), 'hundred-b'),
    );
    report(
      'apply_to_last_pod_running_500_clusters_2_workers',
      await round(s, sockets, clusters, 'all-b'),
    );
  } finally {
    for (const l of sockets) l.close();
    await events.close();
    await s.close();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
