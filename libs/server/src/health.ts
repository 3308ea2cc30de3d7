import type { Pool } from 'pg';
import type { Redis } from 'ioredis';

export interface Readiness {
  ready: boolean;
  checks: Record<string, { ok: boolean; latencyMs?: number; error?: string }>;
}

async function timed(fn: () => Promise<unknown>, timeoutMs: number) {
  const started = Date.now();
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs),
      ),
    ]);
    return { ok: true, latencyMs: Date.now() - started };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

/** Ready only when Postgres and Redis both answer. */
export async function checkReadiness(
  pool: Pool,
  redis: Redis,
  timeoutMs = 2000,
): Promise<Readiness> {
  const [postgres, redisCheck] = await Promise.all([
    timed(() => pool.query('SELECT 1'), timeoutMs),
    timed(() => redis.ping(), timeoutMs),
  ]);
  return { ready: postgres.ok && redisCheck.ok, checks: { postgres, redis: redisCheck } };
}
