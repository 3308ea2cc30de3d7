// Bad input gets a clear, consistent JSON error and changes nothing.
import { client, login, seedTenant, startApi, type TestApi } from './harness';

describe('bad input on the REST API', () => {
  let t: TestApi;
  let api: ReturnType<typeof client>;
  let admin: string;

  beforeAll(async () => {
    t = await startApi('input', { BODY_LIMIT_BYTES: '2048' });
    api = client(t.url);
    const org = await seedTenant(t.db, 'inputs');
    admin = (await login(api, org.admin.email)).accessToken;
  });
  afterAll(() => t.close());

  it('refuses unknown fields instead of ignoring them', async () => {
    const r = await api.post('/api/v1/courses', { title: 'ok', owner: 'me' }, admin);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('validation_failed');
    expect(r.body.error.message).toMatch(/owner/);
    expect(await t.db.prisma.course.count()).toBe(0);
  });

  it('refuses wrong types with the field named', async () => {
    const r = await api.post(
      '/api/v1/users',
      { email: 'x@example.com', name: 42, role: 'KING' },
      admin,
    );
    expect(r.status).toBe(400);
    const fields = r.body.error.details.map((d: any) => d.field).sort();
    expect(fields).toEqual(['name', 'role']);
  });

  it('refuses malformed JSON with 400', async () => {
    const r = await api.call('POST', '/api/v1/courses', { raw: '{"title": ', token: admin });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      error: { code: 'bad_request', message: 'Request body is not valid JSON' },
    });
  });

  it('refuses bodies over the limit with 413', async () => {
    const r = await api.post(
      '/api/v1/courses',
      { title: 'big', description: 'x'.repeat(5000) },
      admin,
    );
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('payload_too_large');
    expect(await t.db.prisma.course.count()).toBe(0);
  });

  it('answers unknown routes with 404 in the same shape', async () => {
    const r = await api.get('/api/v1/nothing-here', admin);
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('not_found');
  });

  it('serves health, readiness and the OpenAPI document without sign-in', async () => {
    expect((await api.get('/healthz')).body).toEqual({ status: 'ok' });
    const ready = await api.get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.checks.postgres.ok && ready.body.checks.redis.ok).toBe(true);
    const doc = await api.get('/api/docs/openapi.json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/auth/login',
        '/api/v1/clusters',
        '/api/v1/courses/{id}/enrolments',
        '/api/v1/api-keys',
      ]),
    );
    const ui = await fetch(`${t.url}/api/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toMatch(/swagger/i);
  });

  it('echoes a request id for tracing', async () => {
    const r = await api.call('GET', '/healthz', { headers: { 'x-request-id': 'trace-123' } });
    expect(r.headers.get('x-request-id')).toBe('trace-123');
    const r2 = await api.get('/healthz');
    expect(r2.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
