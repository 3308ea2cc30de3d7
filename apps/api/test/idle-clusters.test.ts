// Principle 3: an idle cluster costs nothing. A thousand clusters, created and settled, then a
// minute in which nobody touches them: no job runs on any queue and no process asks Postgres
// anything. What may remain is a timer per cluster far ahead (the bootstrap's Events expire after
// their hour): one delayed job keyed by the cluster, not a loop.
import type { Job } from 'bullmq';
import { ReconcileQueue, type Database } from '@kubelab/server';
import { DATABASE } from '../src/common/tokens';
import { startKubeStack, type KubeStack } from './kube-harness';

const CLUSTERS = 1000;

describe('a thousand idle clusters', () => {
  let s: KubeStack;
  beforeAll(async () => {
    s = await startKubeStack('idle', { API_RATE_LIMIT_PER_MINUTE: '1000000' });
  }, 120_000);
  afterAll(() => s?.close(), 60_000);

  it('cause no jobs and no queries over a minute', async () => {
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < CLUSTERS) {
          const i = next++;
          const r = await s.rest.post('/api/v1/clusters', { name: `idle-${i}` }, s.token);
          if (r.status !== 201)
            throw new Error(`create ${i}: ${r.status} ${JSON.stringify(r.body)}`);
        }
      }),
    );
    const { n } = (await s.api.db.pool.query(`SELECT count(*)::int AS n FROM "Cluster"`)).rows[0];
    expect(n).toBe(CLUSTERS);

    // Let them settle: the bootstrap reconciles and the kubelet's first timers run out.
    const q = s.api.app.get(ReconcileQueue);
    const SOON_MS = 10 * 60_000;
    const dueAt = (j: Job) => j.timestamp + (j.opts.delay ?? 0);
    /** Jobs that run now or within ten minutes (a timer an hour out is not pending work). */
    const pending = async () => {
      const [a, b, delayed] = await Promise.all([
        q.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized'),
        q.clock.getJobCounts('waiting', 'active', 'prioritized'),
        q.clock.getDelayed(0, -1),
      ]);
      const soon = delayed.filter((j) => dueAt(j) < Date.now() + SOON_MS).length;
      return (
        Object.values(a).reduce((x, y) => x + y, 0) +
        Object.values(b).reduce((x, y) => x + y, 0) +
        soon
      );
    };
    const settleBy = Date.now() + 150_000;
    while ((await pending()) > 0) {
      if (Date.now() > settleBy) throw new Error(`still ${await pending()} jobs after settling`);
      await new Promise((r) => setTimeout(r, 500));
    }

    // The minute: count every job a worker starts and every connection any pool hands out.
    let jobs = 0;
    let queries = 0;
    const onJob = (_job: Job) => jobs++;
    const onAcquire = () => queries++;
    const pools = [s.api.app.get<Database>(DATABASE).pool, s.worker!.db.pool];
    const workers = [s.worker!.jobs!.reconcileWorker, s.worker!.jobs!.clockWorker];
    for (const w of workers) w.on('active', onJob);
    for (const p of pools) p.on('acquire', onAcquire);
    await new Promise((r) => setTimeout(r, 60_000));
    for (const w of workers) w.off('active', onJob);
    for (const p of pools) p.off('acquire', onAcquire);
    expect({ jobs, queries, pending: await pending() }).toEqual({
      jobs: 0,
      queries: 0,
      pending: 0,
    });
    // At most one timer per cluster, each far ahead.
    const timers = await q.clock.getDelayed(0, -1);
    expect(timers.length).toBeLessThanOrEqual(CLUSTERS);
    expect(new Set(timers.map((j) => j.data.clusterId)).size).toBe(timers.length);

    // The counters work: one write to one of them is a query and a job.
    const one = (await s.rest.get('/api/v1/clusters', s.token)).body.items[0];
    for (const w of workers) w.on('active', onJob);
    for (const p of pools) p.on('acquire', onAcquire);
    await s.rest.post(`/api/v1/clusters/${one.id}/clock`, { advanceSeconds: 1 }, s.token);
    const deadline = Date.now() + 10_000;
    while (jobs === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(jobs).toBeGreaterThan(0);
    expect(queries).toBeGreaterThan(0);
  }, 360_000);
});
