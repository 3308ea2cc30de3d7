// Lab files: what a learner saves in the editor stays with the cluster, for its owner only.
import { client, login, seedTenant, startApi, type TestApi, type Tenant } from './harness';

describe('lab files', () => {
  let api: TestApi;
  let org: Tenant;
  let rest: ReturnType<typeof client>;
  let learner: string;
  let other: string;
  let clusterId: string;
  beforeAll(async () => {
    api = await startApi('labfiles');
    org = await seedTenant(api.db, 'labfiles');
    rest = client(api.url);
    learner = (await login(rest, org.learner.email)).accessToken;
    other = (await login(rest, org.learner2.email)).accessToken;
    clusterId = (await rest.post('/api/v1/clusters', { name: 'files', clockSpeed: 0 }, learner))
      .body.id;
  }, 60_000);
  afterAll(() => api?.close(), 30_000);

  const put = (name: string, content: unknown, token = learner) =>
    rest.call('PUT', `/api/v1/clusters/${clusterId}/files/${name}`, { token, body: { content } });

  it('saves, lists, replaces and deletes files', async () => {
    expect((await put('web.yaml', 'kind: Pod\n')).status).toBe(200);
    expect((await put('notes.txt', 'hello')).status).toBe(200);
    expect((await put('web.yaml', 'kind: Service\n')).body).toMatchObject({
      name: 'web.yaml',
      content: 'kind: Service\n',
    });
    const list = await rest.get(`/api/v1/clusters/${clusterId}/files`, learner);
    expect(list.body.items.map((f: any) => [f.name, f.content])).toEqual([
      ['notes.txt', 'hello'],
      ['web.yaml', 'kind: Service\n'],
    ]);
    expect((await rest.del(`/api/v1/clusters/${clusterId}/files/notes.txt`, learner)).status).toBe(
      204,
    );
    expect((await rest.del(`/api/v1/clusters/${clusterId}/files/notes.txt`, learner)).status).toBe(
      404,
    );
  });

  it('refuses bad names and contents, and other learners', async () => {
    expect((await put('..secret', 'x')).body.error.code).toBe('validation_failed');
    expect((await put('a%2Fb', 'x')).status).toBe(400);
    expect((await put('ok.yaml', 42)).status).toBe(400);
    expect((await put('ok.yaml', 'x'.repeat(600 * 1024))).status).toBe(400);
    expect((await put('theirs.yaml', 'x', other)).status).toBe(404);
    expect((await rest.get(`/api/v1/clusters/${clusterId}/files`, other)).status).toBe(404);
    const list = await rest.get(`/api/v1/clusters/${clusterId}/files`, learner);
    expect(list.body.items.map((f: any) => f.name)).toEqual(['web.yaml']);
  });
});
