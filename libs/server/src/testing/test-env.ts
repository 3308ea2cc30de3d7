import crypto from 'node:crypto';
import { cloneDatabase, dropDatabase } from '../db/database-admin';

// Helpers for integration tests run by `npm test`, which starts a real Postgres and Redis and
// passes their URLs in TEST_* variables. Each test file gets its own database, cloned from the
// migrated template, and its own Redis key prefix, so files run in parallel without sharing state.

export function requireTestEnv(
  name: 'TEST_DATABASE_TEMPLATE_URL' | 'TEST_REDIS_URL' | 'TEST_PG_ADMIN_URL',
): string {
  const v = process.env[name];
  if (!v)
    throw new Error(
      `${name} is not set: run the tests with \`npm test\`, which starts Postgres and Redis`,
    );
  return v;
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const name = `kl_t_${label
    .replace(/[^a-z0-9]/gi, '_')
    .toLowerCase()
    .slice(0, 30)}_${crypto.randomBytes(4).toString('hex')}`;
  const url = await cloneDatabase(requireTestEnv('TEST_DATABASE_TEMPLATE_URL'), name);
  return { url, drop: () => dropDatabase(url) };
}

export function testRedisPrefix(label: string): string {
  return `t${crypto.randomBytes(3).toString('hex')}${label.replace(/[^a-z0-9]/gi, '').slice(0, 12)}`;
}

/** Environment for an app under test: real services, unique database and prefix. */
export function testAppEnv(
  dbUrl: string,
  prefix: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    APP_MODE: 'test',
    DATABASE_URL: dbUrl,
    REDIS_URL: requireTestEnv('TEST_REDIS_URL'),
    REDIS_PREFIX: prefix,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    ...extra,
  };
}
