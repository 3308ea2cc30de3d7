// Two API processes and two workers on one Postgres and one Redis: every change reaches a socket
// on either API, each reconcile runs once and a cluster's reconciles never overlap, and what one
// API does (a clock change, a revoked token) holds on the other at once.
import type { Job } from 'bullmq';
import { parse } from 'yaml';
import { loadConfig } from '@kubelab/platform';
import {
  createTestDatabase,
  testRedisPrefix,
  type ReconcileJob,
  type TestDatabase,
} from '@kubelab/server';
import { WorkerProcess } from '../../worker/src/worker';
import { KubeServer } from '../src/kube-api/kube-server';
import { client, login, seedTenant, startApi, type TestApi, type Tenant } from './harness';
import { kube, workerEnv } from './kube-harness';
import { connectLive, type LiveClient, type Received } from './live-client';

interface Run {
  job: string;
  cluster: string;
  worker: number;
  start: number;
  end?: number;
}

describe('two API processes and two workers', () => {
  let db: TestDatabase;
  const apis: TestApi[] = [];
  const workers: WorkerProcess[] = [];
  const sockets: LiveClient[] = [];
  const runs: Run[] = [];
  let org: Tenant;
  let token: string;

  beforeAll(async () => {
    db = await createTestDatabase('scaleout');
    const prefix = testRedisPrefix('scaleout');
    apis.push(
      await startApi('scaleout-a', {}, prefix, db),
      await startApi('scaleout-b', {}, prefix, db),
    );
    for (let i = 0; i < 2; i++) {
      const w = new WorkerProcess(loadConfig(workerEnv(apis[0]!)));
      await w.start(0);
      const r = w.jobs!.reconcileWorker;
      // One job at a time each: a single worker cannot take every cluster's job before the
      // other asks, so "both workers worked" does not depend on timing.
      r.concurrency = 1;
      r.on('active', (job: Job<ReconcileJob>) =>
        runs.push({
          job: job.id!,
          cluster: job.data.clusterId,
          worker: i,
          start: performance.now(),
        }),
      );
      r.on('completed', (job: Job<ReconcileJob>) => {
        const run = runs.findLast((x) => x.job === job.id && x.worker === i);
        if (run) run.end = performance.now();
      });
      workers.push(w);
    }
    org = await seedTenant(apis[0]!.db, 'scaleout-org');
    token = (await login(client(apis[0]!.url), org.learner.email)).accessToken;
  }, 120_000);
  afterAll(async () => {
    for (const s of sockets) s.close();
    for (const w of workers) await w.stop();
    for (const a of apis) await a.close();
    await db?.drop();
  }, 60_000);

  const kubePort = (i: number) => apis[i]!.app.get(KubeServer).port!;

  it('delivers every change to sockets on either API, with each reconcile run once', async () => {
    const rest = client(apis[0]!.url);
    const clusters: { id: string; token: string }[] = [];
    for (let i = 0; i < 8; i++) {
      const c = await rest.post('/api/v1/clusters', { name: `so-${i}`, clockSpeed: 0 }, token);
      expect(c.status).toBe(201);
      const kc = await rest.get(`/api/v1/clusters/${c.body.id}/kubeconfig`, token);
      clusters.push({ id: c.body.id, token: parse(kc.body).users[0].user.token });
    }
    // A socket on each API, each following every cluster.
    for (const api of apis) {
      const l = await connectLive(api.url, { token });
      sockets.push(l);
      for (const c of clusters) expect(await l.subscribe(c.id)).toMatchObject({ ok: true });
    }
    // Writes through both APIs' Kubernetes ports.
    for (const [i, c] of clusters.entries()) {
      const r = await kube(
        kubePort(i % 2),
        c.token,
        'POST',
        '/apis/apps/v1/namespaces/default/deployments',
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'web' },
          spec: {
            replicas: 3,
            selector: { matchLabels: { app: 'web' } },
            template: {
              metadata: { labels: { app: 'web' } },
              spec: { containers: [{ name: 'web', image: 'nginx' }] },
            },
          },
        },
      );
      expect(r.status).toBe(201);
    }
    const runningIn = (l: LiveClient, clusterId: string) => {
      const names = new Set<string>();
      return l.waitFor((m: Received) => {
        const o = m.payload?.object;
        if (
          m.channel === 'resource' &&
          m.payload.clusterId === clusterId &&
          o.kind === 'Pod' &&
          o.metadata.name.startsWith('web-') &&
          o.status?.phase === 'Running'
        )
          names.add(o.metadata.name);
        return names.size === 3;
      }, 30_000);
    };
    await Promise.all(sockets.flatMap((l) => clusters.map((c) => runningIn(l, c.id))));

    // Both sockets saw the same changes, in the same order, for every cluster.
    const stream = (l: LiveClient, clusterId: string) =>
      l.received
        .filter(
          (m) =>
            (m.channel === 'resource' || m.channel === 'event') &&
            m.payload.clusterId === clusterId,
        )
        .map(
          (m) =>
            `${m.payload.type} ${m.payload.object.kind} ${m.payload.object.metadata.name} ${m.payload.object.metadata.resourceVersion}`,
        );
    for (const c of clusters) {
      const a = stream(sockets[0]!, c.id);
      const b = stream(sockets[1]!, c.id);
      const n = Math.min(a.length, b.length);
      expect(n).toBeGreaterThan(10);
      expect(a.slice(0, n)).toEqual(b.slice(0, n));
    }

    // Each job ran on one worker, both workers worked, and one cluster's runs never overlapped.
    const ids = runs.map((r) => r.job);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(runs.map((r) => r.worker)).size).toBe(2);
    for (const c of clusters) {
      const mine = runs.filter((r) => r.cluster === c.id).sort((x, y) => x.start - y.start);
      expect(mine.length).toBeGreaterThan(0);
      for (let i = 1; i < mine.length; i++)
        expect(mine[i]!.start).toBeGreaterThanOrEqual(mine[i - 1]!.end!);
    }
  }, 120_000);

  it('a clock change on one API reaches a socket on the other; a revocation holds on both at once', async () => {
    const rest = [client(apis[0]!.url), client(apis[1]!.url)];
    const c = await rest[0]!.post('/api/v1/clusters', { name: 'so-clock', clockSpeed: 0 }, token);
    const l = await connectLive(apis[1]!.url, { token });
    sockets.push(l);
    await l.subscribe(c.body.id);
    await rest[0]!.post(`/api/v1/clusters/${c.body.id}/clock`, { speed: 3 }, token);
    const m = await l.waitFor(
      (x) => x.channel === 'clock' && x.payload.clusterId === c.body.id,
      5_000,
    );
    expect(m.payload.speed).toBe(3);

    const kc = await rest[0]!.get(`/api/v1/clusters/${c.body.id}/kubeconfig`, token);
    const t = parse(kc.body).users[0].user.token as string;
    // Both APIs have it cached as valid.
    expect((await kube(kubePort(0), t, 'GET', '/api/v1/namespaces')).status).toBe(200);
    expect((await kube(kubePort(1), t, 'GET', '/api/v1/namespaces')).status).toBe(200);
    expect(
      (await rest[0]!.post(`/api/v1/clusters/${c.body.id}/kubeconfig/revoke`, {}, token)).status,
    ).toBe(200);
    // The notice travels through Redis; give it a moment, far less than the cache's 5 s.
    await new Promise((r) => setTimeout(r, 300));
    expect((await kube(kubePort(1), t, 'GET', '/api/v1/namespaces')).status).toBe(401);
  }, 60_000);
});
