import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig, type AppConfig } from '@kubelab/platform';
import {
  createTestDatabase,
  testAppEnv,
  testRedisPrefix,
  hashPassword,
  type TestDatabase,
  createDatabase,
  type Database,
} from '@kubelab/server';
import path from 'node:path';
import { createApp } from '../src/app.factory';

/** Where tests keep the platform CA (made once, shared by test files). */
export const testDataDir = () => path.resolve(__dirname, '../../../.data/test');

export interface TestApi {
  url: string;
  app: NestExpressApplication;
  config: AppConfig;
  db: Database;
  close(): Promise<void>;
}

/** The real API on a random port, with its own database (cloned from the migrated template) and Redis prefix. */
export async function startApi(
  label: string,
  extra: Record<string, string> = {},
  prefix = testRedisPrefix(label),
  existingDb?: TestDatabase,
): Promise<TestApi> {
  const tdb: TestDatabase = existingDb ?? (await createTestDatabase(label));
  const config = loadConfig(
    testAppEnv(tdb.url, prefix, { KUBE_API_PORT: '0', DATA_DIR: testDataDir(), ...extra }),
  );
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const db = createDatabase(tdb.url, 3);
  return {
    url,
    app,
    config,
    db,
    async close() {
      await app.close();
      await db.close();
      if (!existingDb) await tdb.drop();
    },
  };
}

export interface Res<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A tiny JSON client for the REST API. */
export function client(base: string) {
  const call = async (
    method: string,
    path: string,
    opts: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
  ): Promise<Res> => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined || opts.raw !== undefined)
      headers['content-type'] ??= 'application/json';
    const r = await fetch(base + path, {
      method,
      headers,
      body: opts.raw ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined),
    });
    const text = await r.text();
    let body: any = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {}
    return { status: r.status, body, headers: r.headers };
  };
  return {
    get: (p: string, token?: string) => call('GET', p, { token }),
    post: (p: string, body?: unknown, token?: string) => call('POST', p, { body, token }),
    patch: (p: string, body?: unknown, token?: string) => call('PATCH', p, { body, token }),
    del: (p: string, token?: string) => call('DELETE', p, { token }),
    call,
  };
}

export const PASSWORD = 'correct-horse-battery';

export interface Tenant {
  orgId: string;
  slug: string;
  admin: { id: string; email: string };
  instructor: { id: string; email: string };
  learner: { id: string; email: string };
  learner2: { id: string; email: string };
}

/** An organisation with one user of each role (and a second learner), straight in the database. */
export async function seedTenant(db: Database, slug: string): Promise<Tenant> {
  const org = await db.prisma.organisation.create({ data: { slug, name: slug } });
  const passwordHash = await hashPassword(PASSWORD);
  const mk = async (who: string, role: 'ORG_ADMIN' | 'INSTRUCTOR' | 'LEARNER') => {
    const email = `${who}@${slug}.test`;
    const u = await db.prisma.user.create({
      data: { orgId: org.id, email, name: who, role, passwordHash },
    });
    return { id: u.id, email };
  };
  return {
    orgId: org.id,
    slug,
    admin: await mk('admin', 'ORG_ADMIN'),
    instructor: await mk('instructor', 'INSTRUCTOR'),
    learner: await mk('learner', 'LEARNER'),
    learner2: await mk('learner2', 'LEARNER'),
  };
}

export async function login(api: ReturnType<typeof client>, email: string, password = PASSWORD) {
  const r = await api.post('/api/v1/auth/login', { email, password });
  if (r.status !== 200)
    throw new Error(`login ${email} failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { accessToken: string; refreshToken: string; user: { id: string } };
}
