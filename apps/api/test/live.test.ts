// Live updates over Socket.IO (namespace /clusters): who may connect and subscribe, what a
// subscriber sees of a rollout and in which order, resuming after a disconnect, compaction,
// clock and deletion notices, and access tokens expiring under an open socket.
import jwt from 'jsonwebtoken';
import { client, login } from './harness';
import { kube, startKubeStack, tokenOf, type KubeCluster, type KubeStack } from './kube-harness';
import { connectLive, type LiveClient, type Received } from './live-client';

const deployment = (name: string, replicas: number) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
    },
  },
});

const rvOf = (m: Received) => BigInt(m.payload.object.metadata.resourceVersion);
const isChange = (m: Received) => m.channel === 'resource' || m.channel === 'event';
const podRunning = (m: Received, prefix: string) =>
  m.channel === 'resource' &&
  m.payload.object.kind === 'Pod' &&
  m.payload.object.metadata.name.startsWith(prefix) &&
  m.payload.object.status?.phase === 'Running';

describe('live updates over Socket.IO', () => {
  let s: KubeStack;
  let c: KubeCluster;
  const open: LiveClient[] = [];
  const live = async (auth: { token?: string }) => {
    const l = await connectLive(s.api.url, auth);
    open.push(l);
    return l;
  };

  beforeAll(async () => {
    s = await startKubeStack('live');
    c = await s.newCluster('live', 0);
  }, 120_000);
  afterAll(async () => {
    for (const l of open) l.close();
    await s?.close();
  }, 30_000);

  it('refuses a handshake without a valid token', async () => {
    await expect(connectLive(s.api.url, {})).rejects.toThrow('unauthorized');
    await expect(connectLive(s.api.url, { token: 'not-a-token' })).rejects.toThrow('unauthorized');
    const expired = jwt.sign(
      { sub: s.org.learner.id, org: s.org.orgId, role: 'LEARNER', email: s.org.learner.email },
      s.api.config.JWT_SECRET,
      { issuer: 'kubelab', expiresIn: -10 },
    );
    await expect(connectLive(s.api.url, { token: expired })).rejects.toThrow('unauthorized');
    const forged = jwt.sign({ sub: s.org.learner.id, org: s.org.orgId }, 'x'.repeat(40), {
      issuer: 'kubelab',
      expiresIn: 600,
    });
    await expect(connectLive(s.api.url, { token: forged })).rejects.toThrow('unauthorized');
  });

  it('shows a Deployment, its ReplicaSet, three pods and each pod reaching Running, in order', async () => {
    const l = await live({ token: s.token });
    const ack = await l.subscribe(c.id);
    expect(ack).toMatchObject({ ok: true, clusterId: c.id, clock: { speed: 0 } });
    const synced = await l.waitFor((m) => m.channel === 'synced');
    expect(synced.payload.resourceVersion).toBe(ack.resourceVersion);
    // The initial state: nodes, namespaces, the system pods, in resourceVersion order.
    const initial = l.received.slice(0, l.received.indexOf(synced)).filter(isChange);
    expect(initial.map((m) => m.payload.object.kind)).toEqual(
      expect.arrayContaining(['Node', 'Namespace', 'Pod', 'Service']),
    );
    const mark = l.received.length;

    const r = await kube(
      s.kubePort,
      tokenOf(c),
      'POST',
      '/apis/apps/v1/namespaces/default/deployments',
      deployment('web', 3),
    );
    expect(r.status).toBe(201);
    const running = new Set<string>();
    await l.waitFor(
      (m) => {
        if (podRunning(m, 'web-')) running.add(m.payload.object.metadata.name);
        return running.size === 3;
      },
      20_000,
      mark,
    );
    const after = l.received.slice(mark).filter(isChange);
    // Every change once, in resourceVersion order.
    const rvs = after.map(rvOf);
    for (let i = 1; i < rvs.length; i++) expect(rvs[i]! > rvs[i - 1]!).toBe(true);
    expect(rvs[0]! > BigInt(ack.resourceVersion)).toBe(true);

    const at = (pred: (m: Received) => boolean) => after.findIndex(pred);
    const obj = (m: Received) => m.payload.object;
    const dep = at((m) => obj(m).kind === 'Deployment' && m.payload.type === 'ADDED');
    const rs = at((m) => obj(m).kind === 'ReplicaSet' && m.payload.type === 'ADDED');
    expect(dep).toBeGreaterThanOrEqual(0);
    expect(rs).toBeGreaterThan(dep);
    const rsName = obj(after[rs]!).metadata.name as string;
    expect(rsName).toMatch(/^web-[a-z0-9]{8,10}$/);
    const podsAdded = after.filter((m) => obj(m).kind === 'Pod' && m.payload.type === 'ADDED');
    expect(podsAdded).toHaveLength(3);
    for (const p of podsAdded) {
      expect(obj(p).metadata.name).toMatch(new RegExp(`^${rsName}-[a-z0-9]{5}$`));
      expect(after.indexOf(p)).toBeGreaterThan(rs);
      const runs = at((m) => podRunning(m, obj(p).metadata.name));
      expect(runs).toBeGreaterThan(after.indexOf(p));
    }
    // Events come on their own channel, and the simulator's internals never leave the server.
    const events = after.filter((m) => m.channel === 'event').map((m) => obj(m).reason);
    expect(events).toEqual(
      expect.arrayContaining(['ScalingReplicaSet', 'SuccessfulCreate', 'Scheduled', 'Started']),
    );
    expect(after.every((m) => !String(obj(m).apiVersion).startsWith('sim.kubelab.io'))).toBe(true);
    expect(after.every((m) => obj(m).metadata.managedFields === undefined)).toBe(true);
  });

  it('resumes from the last resourceVersion it saw, missing and repeating nothing', async () => {
    const steady = await live({ token: s.token });
    await steady.subscribe(c.id);
    await steady.waitFor((m) => m.channel === 'synced');
    const first = await live({ token: s.token });
    await first.subscribe(c.id);
    await first.waitFor((m) => m.channel === 'synced');
    const seen = first.received.filter(isChange);
    const last = String(rvOf(seen[seen.length - 1]!));
    first.close();

    // While it is away: scale up, so that pods are made and start.
    const r = await kube(
      s.kubePort,
      tokenOf(c),
      'PATCH',
      '/apis/apps/v1/namespaces/default/deployments/web/scale',
      { spec: { replicas: 5 } },
      { 'content-type': 'application/merge-patch+json' },
    );
    expect(r.status).toBe(200);
    // The two pods the scale-up adds (not the three that were already running) reach Running.
    const before3 = new Set(
      steady.received
        .filter((m) => podRunning(m, 'web-'))
        .map((m) => m.payload.object.metadata.name),
    );
    const countRunning = (l: LiveClient) => {
      const names = new Set<string>();
      return l.waitFor((m) => {
        const n = m.payload?.object?.metadata?.name;
        if (podRunning(m, 'web-') && !before3.has(n)) names.add(n);
        return names.size === 2;
      });
    };
    const mark = steady.received.length;
    await countRunning(steady);

    const back = await live({ token: s.token });
    const ack = await back.subscribe(c.id, last);
    expect(ack).toMatchObject({ ok: true, resourceVersion: last });
    await countRunning(back);
    const key = (m: Received) =>
      `${m.channel} ${m.payload.type} ${m.payload.object.kind} ${m.payload.object.metadata.name} ${rvOf(m)}`;
    const resumed = back.received.filter(isChange);
    expect(back.received.some((m) => m.channel === 'synced')).toBe(false);
    const upTo = rvOf(resumed[resumed.length - 1]!);
    const reference = steady.received
      .slice(mark)
      .filter((m) => isChange(m) && rvOf(m) > BigInt(last) && rvOf(m) <= upTo);
    // The steady client may have seen changes between `last` and `mark` too.
    const before = steady.received
      .slice(0, mark)
      .filter((m) => isChange(m) && rvOf(m) > BigInt(last));
    expect(resumed.map(key)).toEqual([...before, ...reference].map(key));
  });

  it('tells a client whose resourceVersion was compacted away to start again', async () => {
    await s.api.db.pool.query(
      `DELETE FROM "ClusterChange" WHERE "clusterId"=$1 AND "resourceVersion" < 30`,
      [c.id],
    );
    const l = await live({ token: s.token });
    const ack = await l.subscribe(c.id, '3');
    expect(ack.ok).toBe(true);
    const expired = await l.waitFor((m) => m.channel === 'expired');
    expect(expired.payload).toEqual({ clusterId: c.id, resourceVersion: '3' });
    const future = await l.subscribe(c.id, '99999999');
    expect(future.ok).toBe(true);
    await l.waitFor((m) => m.channel === 'expired' && m.payload.resourceVersion === '99999999');
  });

  it("lets only the owner, the attempt course's instructors and the cluster's own kubeconfig subscribe", async () => {
    const rest = client(s.api.url);
    const tokenFor = async (email: string) => (await login(rest, email)).accessToken as string;
    const db = s.api.db.prisma;
    const mine = await s.newCluster('attempt-cluster', 0);
    const course = await db.course.create({
      data: { orgId: s.org.orgId, title: 'K8S', code: 'LIVE-1' },
    });
    const other = await db.course.create({
      data: { orgId: s.org.orgId, title: 'Other', code: 'LIVE-2' },
    });
    const exercise = await db.exercise.create({
      data: { orgId: s.org.orgId, courseId: course.id, title: 'Deploy' },
    });
    const attempt = await db.attempt.create({
      data: { orgId: s.org.orgId, exerciseId: exercise.id, userId: s.org.learner.id },
    });
    await db.cluster.update({ where: { id: mine.id }, data: { attemptId: attempt.id } });
    await db.enrolment.create({
      data: {
        orgId: s.org.orgId,
        courseId: course.id,
        userId: s.org.instructor.id,
        role: 'INSTRUCTOR',
      },
    });

    const owner = await live({ token: s.token });
    expect(await owner.subscribe(mine.id)).toMatchObject({ ok: true });
    const teacher = await live({ token: await tokenFor(s.org.instructor.email) });
    expect(await teacher.subscribe(mine.id)).toMatchObject({ ok: true });
    // Teaching another course is not enough.
    await db.enrolment.deleteMany({ where: { courseId: course.id } });
    await db.enrolment.create({
      data: {
        orgId: s.org.orgId,
        courseId: other.id,
        userId: s.org.instructor.id,
        role: 'INSTRUCTOR',
      },
    });
    expect(await teacher.subscribe(mine.id)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    for (const who of [s.org.learner2.email, s.org.admin.email]) {
      const l = await live({ token: await tokenFor(who) });
      expect(await l.subscribe(mine.id)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    }
    const kubeconfig = await live({ token: tokenOf(mine) });
    expect(await kubeconfig.subscribe(mine.id)).toMatchObject({ ok: true });
    expect(await kubeconfig.subscribe(c.id)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await owner.subscribe('00000000-0000-4000-8000-000000000000')).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    const bad = await owner.socket.timeout(5000).emitWithAck('subscribe', { clusterId: 'nope' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    const badRv = await owner.socket
      .timeout(5000)
      .emitWithAck('subscribe', { clusterId: mine.id, resourceVersion: '1; DROP' });
    expect(badRv).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
  });

  it("announces clock changes and the cluster's deletion to its subscribers", async () => {
    const doomed = await s.newCluster('doomed', 0);
    const l = await live({ token: s.token });
    await l.subscribe(doomed.id);
    const r = await s.rest.post(
      `/api/v1/clusters/${doomed.id}/clock`,
      { speed: 5, advanceSeconds: 60 },
      s.token,
    );
    expect(r.status).toBe(200);
    const clock = await l.waitFor((m) => m.channel === 'clock');
    expect(clock.payload).toMatchObject({ clusterId: doomed.id, speed: 5 });
    // Both read the same clock a moment apart (at five times real speed).
    expect(Math.abs(Date.parse(clock.payload.now) - Date.parse(r.body.now))).toBeLessThan(5_000);
    expect((await s.rest.del(`/api/v1/clusters/${doomed.id}`, s.token)).status).toBe(204);
    await l.waitFor((m) => m.channel === 'cluster-deleted' && m.payload.clusterId === doomed.id);
  });

  it('closes a socket when its access token expires', async () => {
    const short = jwt.sign(
      { sub: s.org.learner.id, org: s.org.orgId, role: 'LEARNER', email: s.org.learner.email },
      s.api.config.JWT_SECRET,
      { issuer: 'kubelab', expiresIn: 2 },
    );
    const l = await live({ token: short });
    expect(await l.subscribe(c.id)).toMatchObject({ ok: true });
    const gone = new Promise<string>((resolve) =>
      l.socket.once('disconnect', (reason) => resolve(reason)),
    );
    await l.waitFor((m) => m.channel === 'unauthorized', 5_000);
    expect(await gone).toBe('io server disconnect');
  });
});
