// The admin's view of background work: failed jobs are kept with their error, shown to the
// admins of the organisation they belong to (and nobody else), and can be run again.
import { Worker } from 'bullmq';
import { loadConfig } from '@kubelab/platform';
import { RECONCILE_QUEUE, ReconcileQueue, bullPrefix, redisConnection } from '@kubelab/server';
import { WorkerProcess } from '../../worker/src/worker';
import { client, login, seedTenant } from './harness';
import { startKubeStack, workerEnv, type KubeStack } from './kube-harness';

describe('the admin queue view', () => {
  let s: KubeStack;
  beforeAll(async () => {
    s = await startKubeStack('adminq', {}, { worker: false });
  }, 120_000);
  afterAll(() => s?.close(), 30_000);

  it('shows an organisation its failed jobs, to its admins only, and retries them', async () => {
    const rest = client(s.api.url);
    const c = await s.newCluster('failing', 0);
    const queue = s.api.app.get(ReconcileQueue);
    // A reconcile that fails on every attempt (a broken worker), until a good worker comes.
    const broken = new Worker(
      RECONCILE_QUEUE,
      async () => {
        throw new Error('database went away');
      },
      {
        connection: redisConnection(s.api.config.REDIS_URL),
        prefix: bullPrefix(s.api.config.REDIS_PREFIX),
      },
    );
    await queue.queue.add(
      'reconcile',
      { clusterId: c.id, orgId: s.org.orgId, reason: 'write' },
      { attempts: 1 },
    );
    const admin = (await login(rest, s.org.admin.email)).accessToken;
    let view: any;
    for (let i = 0; i < 100; i++) {
      view = (await rest.get('/api/v1/admin/queues', admin)).body;
      if (view.failed?.some((f: any) => f.failedReason === 'database went away')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await broken.close();
    const failed = view.failed.find((f: any) => f.failedReason === 'database went away');
    expect(failed).toMatchObject({
      queue: 'reconcile',
      clusterId: c.id,
      clusterName: 'failing',
      attemptsMade: 1,
    });
    expect(view.queues.map((q: any) => q.name)).toEqual(['reconcile', 'clock']);
    expect(view.queues[0].counts.failed).toBeGreaterThanOrEqual(1);

    // Other organisations' admins see none of it; learners may not look.
    const other = await seedTenant(s.api.db, 'adminq-other');
    const otherAdmin = (await login(rest, other.admin.email)).accessToken;
    const theirs = (await rest.get('/api/v1/admin/queues', otherAdmin)).body;
    expect(theirs.failed).toEqual([]);
    expect(theirs.queues[0].counts.failed).toBe(0);
    expect(
      (await rest.post(`/api/v1/admin/queues/reconcile/jobs/${failed.id}/retry`, {}, otherAdmin))
        .status,
    ).toBe(404);
    const learner = (await rest.get('/api/v1/admin/queues', s.token)).status;
    expect(learner).toBe(403);
    expect(
      (await rest.post(`/api/v1/admin/queues/nope/jobs/${failed.id}/retry`, {}, admin)).status,
    ).toBe(404);

    // Retried with a working worker, it completes and leaves the failed list.
    const worker = new WorkerProcess(loadConfig(workerEnv(s.api)));
    await worker.start(0);
    try {
      const r = await rest.post(
        `/api/v1/admin/queues/reconcile/jobs/${failed.id}/retry`,
        {},
        admin,
      );
      expect(r.status).toBe(200);
      for (let i = 0; i < 100; i++) {
        view = (await rest.get('/api/v1/admin/queues', admin)).body;
        if (!view.failed.some((f: any) => f.id === failed.id)) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(view.failed.some((f: any) => f.id === failed.id)).toBe(false);
    } finally {
      await worker.stop();
    }
  }, 60_000);
});
