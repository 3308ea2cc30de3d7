#!/usr/bin/env node
// `npm run bench`: every benchmark under bench/ (bench/<name>/index.ts), each printing its
// figures as `name: value unit` lines. Benchmarks that need Postgres and Redis get the test
// services (their own ports and data, never the development data). `npm run bench -- sim` runs one.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { bootstrap, migrate, withDatabase } from './lib/bootstrap.mjs';
import { dropDatabaseCmd } from './lib/test-db.mjs';
import { root, tsEnv, tsNodeArgs } from './lib/env.mjs';
import { bold, fail, step } from './lib/log.mjs';

const only = process.argv.slice(2);
const benches = fs
  .readdirSync(path.join(root, 'bench'))
  .filter((d) => fs.existsSync(path.join(root, 'bench', d, 'index.ts')))
  .filter((d) => !only.length || only.includes(d))
  .sort();

async function main() {
  console.log(bold(`kubelab — benchmarks: ${benches.join(', ')}`));
  const services = await bootstrap({
    mode: 'test',
    pgPort: Number(process.env.KUBELAB_TEST_PG_PORT || 55433),
    redisPort: Number(process.env.KUBELAB_TEST_REDIS_PORT || 56380),
    dataDir: path.join(root, '.data', 'test'),
  });
  let code = 0;
  try {
    const adminUrl = services.pgMaintenanceUrl;
    const templateUrl = withDatabase(adminUrl, 'kubelab_bench_template');
    await step('Bench template database', async () => {
      await dropDatabaseCmd(templateUrl);
      return migrate(templateUrl);
    });
    for (const b of benches) {
      console.log(bold(`\n== bench/${b}`));
      const rc = await new Promise((resolve) => {
        const child = spawn(
          process.execPath,
          ['--expose-gc', ...tsNodeArgs(`bench/${b}/index.ts`)],
          {
            cwd: root,
            stdio: 'inherit',
            env: tsEnv({
              APP_MODE: 'test',
              LOG_LEVEL: 'silent',
              TEST_PG_ADMIN_URL: adminUrl,
              TEST_DATABASE_TEMPLATE_URL: templateUrl,
              TEST_REDIS_URL: services.redisUrl,
            }),
          },
        );
        child.on('exit', (c) => resolve(c ?? 1));
      });
      if (rc !== 0) {
        fail(`bench/${b} failed (exit ${rc})`);
        code = 1;
      }
    }
  } finally {
    await services.stop();
  }
  process.exit(code);
}

main().catch((e) => {
  fail(e.message);
  process.exit(1);
});
