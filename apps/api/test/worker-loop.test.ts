// The worker loop against real Postgres and Redis, with workers as their own processes: a worker
// killed outright in the middle of a reconcile loses and duplicates nothing, and a timer far in
// the future (a pod sleeping an hour) fires at once when the clock is fast-forwarded.
import { ReconcileQueue } from '@kubelab/server';
import {
  kube,
  startKubeStack,
  tokenOf,
  workerEnv,
  type KubeCluster,
  type KubeStack,
} from './kube-harness';
import { spawnWorker, type WorkerChild } from './worker-child';

const until = async <T>(
  what: string,
  probe: () => Promise<T | undefined>,
  ms: number,
  every = 100,
): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
};

describe('the worker loop', () => {
  let s: KubeStack;
  let queue: ReconcileQueue;
  const workers: WorkerChild[] = [];
  const worker = async () => {
    const w = await spawnWorker(workerEnv(s.api, { SANDBOX_MAX_PODS: '1000' }));
    workers.push(w);
    return w;
  };
  const pods = async (c: KubeCluster, selector: string) =>
    (
      await kube(
        s.kubePort,
        tokenOf(c),
        'GET',
        `/api/v1/namespaces/default/pods?labelSelector=${selector}`,
      )
    ).body.items as any[];

  beforeAll(async () => {
    s = await startKubeStack(
      'workerloop',
      { SANDBOX_MAX_PODS: '1000', SANDBOX_MAX_OBJECTS_PER_KIND: '1000' },
      { worker: false },
    );
    queue = s.api.app.get(ReconcileQueue);
  }, 120_000);
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop('SIGKILL')));
    await s?.close();
  }, 30_000);

  it('a worker killed with SIGKILL mid-reconcile leaves a cluster that converges, without duplicates, once a worker is back', async () => {
    const first = await worker();
    const c = await s.newCluster('crash', 0);
    const N = 240;
    const r = await kube(
      s.kubePort,
      tokenOf(c),
      'POST',
      '/apis/apps/v1/namespaces/default/deployments',
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'big' },
        spec: {
          replicas: N,
          selector: { matchLabels: { app: 'big' } },
          template: {
            metadata: { labels: { app: 'big' } },
            spec: {
              tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }],
              containers: [{ name: 'web', image: 'nginx:1.27' }],
            },
          },
        },
      },
    );
    expect(r.status).toBe(201);
    // Kill the worker while it is reconciling this cluster.
    await until(
      'the reconcile to start',
      async () =>
        (await queue.queue.getActive()).some((j) => j.data.clusterId === c.id) ? true : undefined,
      20_000,
      5,
    );
    await first.stop('SIGKILL');
    const atKill = (await pods(c, 'app%3Dbig')).filter((p) => p.status.phase === 'Running').length;
    expect(atKill).toBeLessThan(N);

    await worker();
    const all = await until(
      'every pod Running',
      async () => {
        const list = await pods(c, 'app%3Dbig');
        return list.length >= N && list.every((p) => p.status.phase === 'Running')
          ? list
          : undefined;
      },
      60_000,
      250,
    );
    expect(all).toHaveLength(N);
    expect(new Set(all.map((p) => p.metadata.name)).size).toBe(N);
    const rs = (
      await kube(s.kubePort, tokenOf(c), 'GET', '/apis/apps/v1/namespaces/default/replicasets')
    ).body.items;
    expect(rs).toHaveLength(1);
    expect(rs[0].status).toMatchObject({ replicas: N, readyReplicas: N, availableReplicas: N });
    const d = (
      await kube(s.kubePort, tokenOf(c), 'GET', '/apis/apps/v1/namespaces/default/deployments/big')
    ).body;
    expect(d.status).toMatchObject({ replicas: N, updatedReplicas: N, availableReplicas: N });
  }, 120_000);

  it('a timer an hour away is a delayed job, and fires at once when the clock is fast-forwarded', async () => {
    if (!workers.some((w) => w.child.exitCode === null)) await worker();
    const c = await s.newCluster('timers', 1);
    const r = await kube(s.kubePort, tokenOf(c), 'POST', '/api/v1/namespaces/default/pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'sleeper', labels: { app: 'sleeper' } },
      spec: {
        restartPolicy: 'Never',
        containers: [{ name: 'main', image: 'busybox:1.36', command: ['sleep', '3600'] }],
      },
    });
    expect(r.status).toBe(201);
    await until(
      'the pod to run',
      async () =>
        (await pods(c, 'app%3Dsleeper'))[0]?.status.phase === 'Running' ? true : undefined,
      30_000,
      200,
    );
    // Five minutes on, metrics-server takes one more sample at its next 15 s tick, then the
    // cluster rests: its only work is one delayed job on the clock queue, due when the hour of
    // sleep ends.
    await s.rest.post(`/api/v1/clusters/${c.id}/clock`, { advanceSeconds: 300 }, s.token);
    const timer = await until(
      'the hour-long timer',
      async () => {
        const jobs = (await queue.clock.getDelayed()).filter((j) => j.data.clusterId === c.id);
        const j = jobs[0];
        return j && j.timestamp + (j.opts.delay ?? 0) - Date.now() > 3_000_000 ? jobs : undefined;
      },
      30_000,
    );
    expect(timer).toHaveLength(1);
    expect(timer[0]!.timestamp + (timer[0]!.opts.delay ?? 0) - Date.now()).toBeLessThan(3_601_000);

    const ff = await s.rest.post(
      `/api/v1/clusters/${c.id}/clock`,
      { advanceSeconds: 3600 },
      s.token,
    );
    expect(ff.status).toBe(200);
    const done = await until(
      'the pod to complete',
      async () => {
        const p = (await pods(c, 'app%3Dsleeper'))[0];
        return p?.status.phase === 'Succeeded' ? p : undefined;
      },
      10_000,
    );
    expect(done.status.containerStatuses[0].state.terminated).toMatchObject({
      exitCode: 0,
      reason: 'Completed',
    });
  }, 90_000);
});
