// The bootstrap shared by `npm start` and `npm test`: dependencies, Prisma client, Postgres,
// Redis, migrations. Each step prints its progress; services found running are reused and left
// running, services started here are stopped by the returned stop().
import path from 'node:path';
import { ensureNodeModules, ensurePrismaClient } from './deps.mjs';
import { run } from './exec.mjs';
import { root, tsEnv, tsNodeArgs } from './env.mjs';
import { step } from './log.mjs';
import { ensurePostgres, ensureRedis } from './services.mjs';

export async function bootstrap({ mode, pgPort, redisPort, dataDir, databaseUrl, redisUrl }) {
  const stops = [];
  await step('Node dependencies', () => ensureNodeModules(root));
  await step('Prisma client', () => ensurePrismaClient(root));

  let pgMaintenanceUrl = null;
  if (!databaseUrl) {
    const pg = await step(`PostgreSQL on 127.0.0.1:${pgPort}`, async () => {
      const res = await ensurePostgres({
        dataDir: path.join(dataDir, 'postgres'),
        port: pgPort,
        tuneForTests: mode === 'test',
      });
      stops.push(res.stop);
      pgMaintenanceUrl = res.url;
      return res.started
        ? res.created
          ? `new cluster in ${path.relative(root, dataDir)}/postgres`
          : 'started, data reused'
        : 'already running, reused';
    });
    void pg;
  }
  if (!redisUrl) {
    await step(`Redis on 127.0.0.1:${redisPort}`, async () => {
      const res = await ensureRedis({
        dataDir: path.join(dataDir, 'redis'),
        port: redisPort,
        persist: mode !== 'test',
      });
      stops.push(res.stop);
      redisUrl = res.url;
      return res.started ? 'started' : 'already running, reused';
    });
  }
  return {
    pgMaintenanceUrl,
    redisUrl,
    async stop() {
      for (const s of stops.reverse()) await s();
    },
  };
}

export async function migrate(databaseUrl) {
  const out = await run(process.execPath, tsNodeArgs('libs/server/src/cli/migrate.ts'), {
    cwd: root,
    env: tsEnv({ DATABASE_URL: databaseUrl }),
  });
  const res = JSON.parse(out.trim().split('\n').pop());
  return `${res.applied.length} applied, ${res.alreadyApplied} already there${res.createdDb ? ', database created' : ''}`;
}

export function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
