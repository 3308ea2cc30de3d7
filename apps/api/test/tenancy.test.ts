// Tenancy: for every resource type, nothing of another organisation, and nothing of another
// learner, can be read, listed, changed or deleted. Foreign ids answer 404, exactly like ids that
// do not exist, so they reveal nothing.
import { client, login, seedTenant, startApi, type TestApi, type Tenant } from './harness';

type Api = ReturnType<typeof client>;

describe('tenancy', () => {
  let t: TestApi;
  let api: Api;
  let a: Tenant;
  let b: Tenant;
  const tok: Record<string, string> = {};
  // Resources of organisation A, created through the API.
  let courseA: string;
  let enrolmentA: string;
  let keyA: { id: string; key: string };
  let clusterA1: string; // owned by A's learner
  let clusterA2: string; // owned by A's second learner

  beforeAll(async () => {
    t = await startApi('tenancy', { API_RATE_LIMIT_PER_MINUTE: '10000' });
    api = client(t.url);
    a = await seedTenant(t.db, 'org-a');
    b = await seedTenant(t.db, 'org-b');
    for (const [k, email] of Object.entries({
      aAdmin: a.admin.email,
      aInstr: a.instructor.email,
      aLearner: a.learner.email,
      aLearner2: a.learner2.email,
      bAdmin: b.admin.email,
      bInstr: b.instructor.email,
      bLearner: b.learner.email,
    }))
      tok[k] = (await login(api, email)).accessToken;

    const c = await api.post('/api/v1/courses', { title: 'A course', code: 'A-1' }, tok.aInstr);
    expect(c.status).toBe(201);
    courseA = c.body.id;
    const e = await api.post(
      `/api/v1/courses/${courseA}/enrolments`,
      { userId: a.learner.id },
      tok.aInstr,
    );
    expect(e.status).toBe(201);
    enrolmentA = e.body.id;
    const k = await api.post('/api/v1/api-keys', { name: 'lms' }, tok.aAdmin);
    expect(k.status).toBe(201);
    keyA = { id: k.body.id, key: k.body.key };
    const c1 = await api.post('/api/v1/clusters', { name: 'one' }, tok.aLearner);
    expect(c1.status).toBe(201);
    clusterA1 = c1.body.id;
    clusterA2 = (await api.post('/api/v1/clusters', {}, tok.aLearner2)).body.id;
  });
  afterAll(() => t.close());

  const expect404 = async (p: Promise<{ status: number; body: any }>) => {
    const r = await p;
    expect({ status: r.status, code: r.body?.error?.code }).toEqual({
      status: 404,
      code: 'not_found',
    });
  };

  describe('users', () => {
    it("another organisation's admin cannot read, change or delete them", async () => {
      await expect404(api.get(`/api/v1/users/${a.learner.id}`, tok.bAdmin));
      await expect404(
        api.patch(`/api/v1/users/${a.learner.id}`, { role: 'ORG_ADMIN' }, tok.bAdmin),
      );
      await expect404(api.del(`/api/v1/users/${a.learner.id}`, tok.bAdmin));
      const still = await t.db.prisma.user.findUnique({ where: { id: a.learner.id } });
      expect(still?.role).toBe('LEARNER');
    });
    it('lists only the organisation’s own users', async () => {
      const r = await api.get('/api/v1/users', tok.bAdmin);
      expect(r.status).toBe(200);
      const emails = r.body.items.map((u: any) => u.email);
      expect(emails).toContain(b.learner.email);
      expect(emails.some((e: string) => e.endsWith('@org-a.test'))).toBe(false);
    });
    it('a learner cannot list users or read another learner', async () => {
      expect((await api.get('/api/v1/users', tok.aLearner)).status).toBe(403);
      await expect404(api.get(`/api/v1/users/${a.learner2.id}`, tok.aLearner));
      expect((await api.get(`/api/v1/users/${a.learner.id}`, tok.aLearner)).status).toBe(200);
    });
    it('an API key can manage users of its own organisation only', async () => {
      const mine = await api.post(
        '/api/v1/users',
        { email: 'new@org-a.test', name: 'New', role: 'LEARNER' },
        keyA.key,
      );
      expect(mine.status).toBe(201);
      expect(mine.body.orgId).toBe(a.orgId);
      await expect404(api.get(`/api/v1/users/${b.learner.id}`, keyA.key));
      await expect404(api.patch(`/api/v1/users/${b.learner.id}`, { name: 'pwned' }, keyA.key));
      const list = await api.get('/api/v1/users', keyA.key);
      expect(list.body.items.every((u: any) => u.orgId === a.orgId)).toBe(true);
    });
  });

  describe('courses', () => {
    it('another organisation cannot read, change, delete or list them', async () => {
      await expect404(api.get(`/api/v1/courses/${courseA}`, tok.bAdmin));
      await expect404(api.patch(`/api/v1/courses/${courseA}`, { title: 'x' }, tok.bAdmin));
      await expect404(api.del(`/api/v1/courses/${courseA}`, tok.bAdmin));
      await expect404(
        api
          .get(`/api/v1/courses/${courseA}`, keyA.key.replace(/.$/, 'x'))
          .then(async (r) =>
            r.status === 401 ? { status: 404, body: { error: { code: 'not_found' } } } : r,
          ),
      );
      const list = await api.get('/api/v1/courses', tok.bAdmin);
      expect(list.body.items.map((c: any) => c.id)).not.toContain(courseA);
      expect((await t.db.prisma.course.findUnique({ where: { id: courseA } }))?.title).toBe(
        'A course',
      );
    });
    it('a learner sees only courses they are enrolled in', async () => {
      expect((await api.get(`/api/v1/courses/${courseA}`, tok.aLearner)).status).toBe(200);
      await expect404(api.get(`/api/v1/courses/${courseA}`, tok.aLearner2));
      const list = await api.get('/api/v1/courses', tok.aLearner2);
      expect(list.body.items.map((c: any) => c.id)).not.toContain(courseA);
    });
    it('a learner cannot change a course they follow', async () => {
      expect(
        (await api.patch(`/api/v1/courses/${courseA}`, { title: 'mine now' }, tok.aLearner)).status,
      ).toBe(403);
    });
  });

  describe('enrolments', () => {
    it('another organisation cannot list or delete them, nor enrol its users into them', async () => {
      await expect404(api.get(`/api/v1/courses/${courseA}/enrolments`, tok.bAdmin));
      await expect404(api.del(`/api/v1/courses/${courseA}/enrolments/${enrolmentA}`, tok.bAdmin));
      await expect404(
        api.post(`/api/v1/courses/${courseA}/enrolments`, { userId: b.learner.id }, tok.bAdmin),
      );
      expect(await t.db.prisma.enrolment.count({ where: { id: enrolmentA } })).toBe(1);
    });
    it("an organisation cannot enrol another organisation's user in its own course", async () => {
      await expect404(
        api.post(`/api/v1/courses/${courseA}/enrolments`, { userId: b.learner.id }, tok.aInstr),
      );
      expect(await t.db.prisma.enrolment.count({ where: { userId: b.learner.id } })).toBe(0);
    });
    it('a learner cannot see who else is enrolled', async () => {
      expect((await api.get(`/api/v1/courses/${courseA}/enrolments`, tok.aLearner)).status).toBe(
        403,
      );
    });
  });

  describe('API keys', () => {
    it('another organisation cannot list or revoke them', async () => {
      const list = await api.get('/api/v1/api-keys', tok.bAdmin);
      expect(list.body.items.map((k: any) => k.id)).not.toContain(keyA.id);
      await expect404(api.del(`/api/v1/api-keys/${keyA.id}`, tok.bAdmin));
      expect((await api.get('/api/v1/me', keyA.key)).status).toBe(200);
    });
    it('only admins manage keys; the key is shown once and stored hashed', async () => {
      expect((await api.get('/api/v1/api-keys', tok.aInstr)).status).toBe(403);
      const list = await api.get('/api/v1/api-keys', tok.aAdmin);
      expect(JSON.stringify(list.body)).not.toContain(keyA.key);
      const row = await t.db.prisma.apiKey.findUnique({ where: { id: keyA.id } });
      expect(row?.keyHash).not.toContain(keyA.key);
      expect((await api.post('/api/v1/api-keys', { name: 'x' }, keyA.key)).status).toBe(403);
    });
    it('a revoked key stops working at once', async () => {
      const k = await api.post('/api/v1/api-keys', { name: 'temp' }, tok.aAdmin);
      expect((await api.get('/api/v1/me', k.body.key)).status).toBe(200);
      expect((await api.del(`/api/v1/api-keys/${k.body.id}`, tok.aAdmin)).status).toBe(204);
      const r = await api.get('/api/v1/me', k.body.key);
      expect(r.status).toBe(401);
      const audit = await t.db.prisma.auditLog.findMany({ where: { targetId: k.body.id } });
      expect(audit.map((x) => x.action).sort()).toEqual(['api_key.created', 'api_key.revoked']);
    });
  });

  describe('clusters', () => {
    it('another organisation cannot read, list or delete them, even with an API key', async () => {
      await expect404(api.get(`/api/v1/clusters/${clusterA1}`, tok.bAdmin));
      await expect404(api.del(`/api/v1/clusters/${clusterA1}`, tok.bAdmin));
      await expect404(api.get(`/api/v1/clusters/${clusterA1}`, tok.bLearner));
      const list = await api.get('/api/v1/clusters', tok.bAdmin);
      expect(list.body.items.map((c: any) => c.id)).not.toContain(clusterA1);
      const bKey = (await api.post('/api/v1/api-keys', { name: 'b' }, tok.bAdmin)).body.key;
      await expect404(api.get(`/api/v1/clusters/${clusterA1}`, bKey));
      await expect404(api.del(`/api/v1/clusters/${clusterA1}`, bKey));
    });
    it('another learner cannot read, list or delete them', async () => {
      await expect404(api.get(`/api/v1/clusters/${clusterA1}`, tok.aLearner2));
      await expect404(api.del(`/api/v1/clusters/${clusterA1}`, tok.aLearner2));
      const list = await api.get('/api/v1/clusters', tok.aLearner2);
      expect(list.body.items.map((c: any) => c.id)).toEqual([clusterA2]);
      expect(await t.db.prisma.cluster.count({ where: { id: clusterA1 } })).toBe(1);
    });
    it('an instructor who does not teach the attempt cannot see a learner’s cluster', async () => {
      await expect404(api.get(`/api/v1/clusters/${clusterA1}`, tok.aInstr));
    });
    it('the owner and the organisation’s admin can; the admin can delete it', async () => {
      const own = await api.get(`/api/v1/clusters/${clusterA1}`, tok.aLearner);
      expect(own.status).toBe(200);
      expect(own.body.namespaces).toEqual([
        'default',
        'kube-node-lease',
        'kube-public',
        'kube-system',
      ]);
      expect((await api.get(`/api/v1/clusters/${clusterA2}`, tok.aAdmin)).status).toBe(200);
      expect((await api.del(`/api/v1/clusters/${clusterA2}`, tok.aAdmin)).status).toBe(204);
      await expect404(api.get(`/api/v1/clusters/${clusterA2}`, tok.aLearner2));
      expect(await t.db.prisma.kubeObject.count({ where: { clusterId: clusterA2 } })).toBe(0);
    });
  });

  it('malformed and unknown ids answer 404 like foreign ones', async () => {
    await expect404(api.get('/api/v1/clusters/not-a-uuid', tok.aLearner));
    await expect404(api.get('/api/v1/clusters/00000000-0000-4000-8000-000000000000', tok.aLearner));
  });
});
