#!/usr/bin/env node
// `npm test`: the same bootstrap as `npm start`, on its own ports and data directory (never the
// development data), then every Jest test. Extra arguments go to Jest.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { bootstrap, migrate, withDatabase } from './lib/bootstrap.mjs';
import { dropDatabaseCmd } from './lib/test-db.mjs';
import { root, tsEnv } from './lib/env.mjs';
import { bold, fail, step, warn } from './lib/log.mjs';
import { ensureChromium } from './lib/services.mjs';
import { which } from './lib/exec.mjs';

const env = process.env;
const dataDir = path.resolve(root, '.data', 'test');

async function main() {
  console.log(bold('kubelab — test run'));
  const services = await bootstrap({
    mode: 'test',
    pgPort: Number(env.KUBELAB_TEST_PG_PORT || 55433),
    redisPort: Number(env.KUBELAB_TEST_REDIS_PORT || 56380),
    dataDir,
    databaseUrl: env.TEST_DATABASE_URL,
    redisUrl: env.TEST_REDIS_URL,
  });
  let code = 1;
  try {
    const adminUrl = env.TEST_DATABASE_URL || services.pgMaintenanceUrl;
    const templateUrl = withDatabase(adminUrl, 'kubelab_test_template');
    // Rebuilt every run: proves the migrations apply to an empty database.
    await step('Test template database', async () => {
      await dropDatabaseCmd(templateUrl);
      return migrate(templateUrl);
    });
    const chromium = await step('Chromium for browser tests', () => ensureChromium());
    if (!which('kubectl'))
      warn(
        'kubectl is not on the PATH: the kubectl tests will say so and the client-node tests still run',
      );

    const jestArgs = [
      path.join(root, 'node_modules/jest/bin/jest.js'),
      '--ci',
      ...process.argv.slice(2),
    ];
    code = await new Promise((resolve) => {
      const child = spawn(process.execPath, jestArgs, {
        cwd: root,
        stdio: 'inherit',
        env: tsEnv({
          APP_MODE: 'test',
          TEST_PG_ADMIN_URL: adminUrl,
          TEST_DATABASE_TEMPLATE_URL: templateUrl,
          TEST_REDIS_URL: services.redisUrl,
          CHROMIUM_PATH: chromium,
          LOG_LEVEL: env.LOG_LEVEL || 'silent',
        }),
      });
      const forward = (sig) => child.kill(sig);
      process.on('SIGINT', forward);
      process.on('SIGTERM', forward);
      child.on('exit', (c, sig) => resolve(c ?? (sig ? 1 : 0)));
    });
  } catch (e) {
    fail(e.message);
  } finally {
    await services.stop();
  }
  process.exit(code);
}

main().catch((e) => {
  fail(e.message);
  process.exit(1);
});
