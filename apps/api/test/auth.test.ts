import { JwtService } from '@nestjs/jwt';
import {
  PASSWORD,
  client,
  login,
  seedTenant,
  startApi,
  type TestApi,
  type Tenant,
} from './harness';

describe('sign-in and tokens', () => {
  let t: TestApi;
  let org: Tenant;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    t = await startApi('auth', { API_RATE_LIMIT_PER_MINUTE: '1000' });
    api = client(t.url);
    org = await seedTenant(t.db, 'acme');
  });
  afterAll(() => t.close());

  it('signs in with email and password and answers /me', async () => {
    const r = await api.post('/api/v1/auth/login', {
      email: org.learner.email,
      password: PASSWORD,
    });
    expect(r.status).toBe(200);
    expect(r.body.user).toMatchObject({
      email: org.learner.email,
      role: 'LEARNER',
      orgId: org.orgId,
    });
    expect(typeof r.body.accessToken).toBe('string');
    expect(typeof r.body.refreshToken).toBe('string');
    const cookies = r.headers.getSetCookie();
    expect(cookies.find((c) => c.startsWith('kl_at='))).toMatch(/HttpOnly/i);
    expect(cookies.find((c) => c.startsWith('kl_at='))).toMatch(/SameSite=Lax/i);
    expect(cookies.find((c) => c.startsWith('kl_rt='))).toMatch(/HttpOnly.*|SameSite=Strict/i);
    const me = await api.get('/api/v1/me', r.body.accessToken);
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(org.learner.email);
    expect(me.body.organisation.slug).toBe('acme');
  });

  it('accepts the access token from the httpOnly cookie, as the web sends it', async () => {
    const { accessToken } = await login(api, org.learner.email);
    const r = await api.call('GET', '/api/v1/me', { headers: { cookie: `kl_at=${accessToken}` } });
    expect(r.status).toBe(200);
  });

  it('refuses a wrong password with 401 and the error shape', async () => {
    const r = await api.post('/api/v1/auth/login', {
      email: org.instructor.email,
      password: 'wrong-password',
    });
    expect(r.status).toBe(401);
    expect(r.body).toEqual({
      error: { code: 'unauthorized', message: 'Invalid email or password' },
    });
  });

  it('refuses requests without a token', async () => {
    const r = await api.get('/api/v1/me');
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('unauthorized');
  });

  it('refuses an expired access token', async () => {
    const jwt = new JwtService({ secret: t.config.JWT_SECRET });
    const expired = jwt.sign(
      { sub: org.learner.id, org: org.orgId, role: 'LEARNER', email: org.learner.email },
      { expiresIn: -30, issuer: 'kubelab' },
    );
    const r = await api.get('/api/v1/me', expired);
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('token_expired');
  });

  it('refuses a token signed with another secret', async () => {
    const forged = new JwtService({ secret: 'x'.repeat(40) }).sign(
      { sub: org.admin.id, org: org.orgId, role: 'ORG_ADMIN' },
      { issuer: 'kubelab' },
    );
    expect((await api.get('/api/v1/me', forged)).status).toBe(401);
  });

  it('rotates refresh tokens and revokes the whole sign-in when a rotated one is reused', async () => {
    const first = await login(api, org.learner2.email);
    const r1 = await api.post('/api/v1/auth/refresh', { refreshToken: first.refreshToken });
    expect(r1.status).toBe(200);
    expect(r1.body.refreshToken).not.toBe(first.refreshToken);
    // The rotated (old) token is presented again: refused, and the newest one dies with it.
    const reuse = await api.post('/api/v1/auth/refresh', { refreshToken: first.refreshToken });
    expect(reuse.status).toBe(401);
    expect(reuse.body.error.code).toBe('refresh_token_reused');
    const afterReuse = await api.post('/api/v1/auth/refresh', {
      refreshToken: r1.body.refreshToken,
    });
    expect(afterReuse.status).toBe(401);
    const audit = await t.db.prisma.auditLog.findMany({ where: { action: 'auth.refresh_reuse' } });
    expect(audit.length).toBeGreaterThan(0);
  });

  it('signs out by revoking the refresh token', async () => {
    const s = await login(api, org.instructor.email);
    const out = await api.post('/api/v1/auth/logout', { refreshToken: s.refreshToken });
    expect(out.status).toBe(204);
    const r = await api.post('/api/v1/auth/refresh', { refreshToken: s.refreshToken });
    expect(r.status).toBe(401);
  });

  it('answers 429 with Retry-After on the 6th wrong password in a row, even for the right one after', async () => {
    const email = org.admin.email;
    for (let i = 1; i <= 5; i++) {
      const r = await api.post('/api/v1/auth/login', { email, password: `nope-${i}` });
      expect(r.status).toBe(401);
    }
    const sixth = await api.post('/api/v1/auth/login', { email, password: 'nope-6' });
    expect(sixth.status).toBe(429);
    expect(sixth.body.error.code).toBe('rate_limited');
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
    const right = await api.post('/api/v1/auth/login', { email, password: PASSWORD });
    expect(right.status).toBe(429);
  });

  it('records sign-ins in the audit log', async () => {
    await login(api, org.learner.email);
    const rows = await t.db.prisma.auditLog.findMany({
      where: { orgId: org.orgId, action: 'auth.login' },
    });
    expect(rows.length).toBeGreaterThan(0);
    const failed = await t.db.prisma.auditLog.findMany({ where: { action: 'auth.login_failed' } });
    expect(failed.length).toBeGreaterThanOrEqual(6);
  });
});

describe('API rate limit', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startApi('ratelimit', { API_RATE_LIMIT_PER_MINUTE: '5' });
  });
  afterAll(() => t.close());

  it('answers 429 with Retry-After per user once the per-minute budget is spent', async () => {
    const org = await seedTenant(t.db, 'busy');
    const api = client(t.url);
    const { accessToken } = await login(api, org.learner.email);
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 7; i++) {
      last = await api.get('/api/v1/me', accessToken);
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses[5]).toBe(429);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another user still has their own budget.
    const other = await login(api, org.learner2.email);
    expect((await api.get('/api/v1/me', other.accessToken)).status).toBe(200);
  });
});
