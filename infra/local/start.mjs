#!/usr/bin/env node
// `npm start`: the whole platform on one machine, in development mode (see README).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { bootstrap, migrate, withDatabase } from './lib/bootstrap.mjs';
import { run } from './lib/exec.mjs';
import { root, tsEnv, tsNodeArgs } from './lib/env.mjs';
import { bold, cyan, dim, fail, green, info, step, warn, yellow } from './lib/log.mjs';

const env = process.env;
const ports = {
  api: Number(env.API_PORT || 4000),
  web: Number(env.WEB_PORT || 3000),
  worker: Number(env.WORKER_PORT || 4100),
  kube: Number(env.KUBE_API_PORT || 6443),
};
const dataDir = path.resolve(root, env.DATA_DIR || '.data');

const children = [];
let stopping = false;
let services;

async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${yellow('■')} stopping…`);
  await Promise.all(
    children.map(
      (c) =>
        new Promise((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          const t = setTimeout(() => c.kill('SIGKILL'), 10_000);
          c.once('exit', () => {
            clearTimeout(t);
            resolve();
          });
          c.kill('SIGTERM');
        }),
    ),
  );
  if (services) await services.stop();
  console.log(`${green('✔')} stopped`);
  process.exit(code);
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

const COLOURS = { api: '35', worker: '34', web: '32' };
function launch(name, args, extraEnv) {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...tsEnv(), ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tag = process.stdout.isTTY
    ? `\x1b[${COLOURS[name]}m${name.padEnd(6)}│\x1b[0m`
    : `${name.padEnd(6)}|`;
  for (const stream of [child.stdout, child.stderr]) {
    let buf = '';
    stream.on('data', (d) => {
      buf += d;
      const lines = buf.split('\n');
      buf = lines.pop();
      for (const l of lines) process.stdout.write(`${tag} ${l}\n`);
    });
  }
  child.on('exit', (code, signal) => {
    if (!stopping) {
      fail(`${name} exited (${signal ?? code}); stopping the platform`);
      shutdown(1);
    }
  });
  children.push(child);
  return child;
}

async function waitFor(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(60_000) });
      if (r.status < 500) return true;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

async function main() {
  console.log(bold('kubelab — starting the platform (development mode)'));
  services = await bootstrap({
    mode: 'development',
    pgPort: Number(env.KUBELAB_PG_PORT || 55432),
    redisPort: Number(env.KUBELAB_REDIS_PORT || 56379),
    dataDir,
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
  });
  const databaseUrl = env.DATABASE_URL || withDatabase(services.pgMaintenanceUrl, 'kubelab');
  const redisUrl = services.redisUrl;
  await step('Database migrations', () => migrate(databaseUrl));
  await step('Demo organisation', async () => {
    const out = await run(process.execPath, tsNodeArgs('libs/server/src/cli/seed.ts'), {
      cwd: root,
      env: tsEnv({ DATABASE_URL: databaseUrl, APP_MODE: 'development' }),
    });
    const res = JSON.parse(out.trim().split('\n').pop());
    return res.created ? `${res.created} demo users created` : 'already seeded';
  });

  const common = {
    APP_MODE: 'development',
    LOG_FORMAT: env.LOG_FORMAT || 'pretty',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    DATA_DIR: dataDir,
    API_PORT: String(ports.api),
    WEB_PORT: String(ports.web),
    WORKER_PORT: String(ports.worker),
    KUBE_API_PORT: String(ports.kube),
    WEB_ORIGIN: env.WEB_ORIGIN || `http://localhost:${ports.web}`,
  };
  info('starting api, worker and web…');
  launch('api', tsNodeArgs('apps/api/src/main.ts'), common);
  launch('worker', tsNodeArgs('apps/worker/src/main.ts'), common);
  launch(
    'web',
    [
      path.join(root, 'node_modules/next/dist/bin/next'),
      'dev',
      path.join(root, 'apps/web'),
      '--port',
      String(ports.web),
    ],
    {
      ...common,
      API_INTERNAL_URL: `http://127.0.0.1:${ports.api}`,
      NEXT_TELEMETRY_DISABLED: '1',
    },
  );

  const [apiUp, workerUp] = await Promise.all([
    waitFor(`http://127.0.0.1:${ports.api}/healthz`, 120_000),
    waitFor(`http://127.0.0.1:${ports.worker}/healthz`, 120_000),
  ]);
  // The first request compiles the sign-in page; doing it now keeps the first visit fast.
  const webUp = await waitFor(`http://127.0.0.1:${ports.web}/`, 240_000);
  if (!apiUp || !workerUp || !webUp)
    warn('some services did not answer yet; see their output above');

  console.log(`
${bold(green('kubelab is running'))}
  ${bold('Web')}             ${cyan(`http://localhost:${ports.web}`)}
  ${bold('REST API')}        ${cyan(`http://localhost:${ports.api}/api/v1`)}  ${dim(`(OpenAPI: http://localhost:${ports.api}/api/docs)`)}
  ${bold('Kubernetes API')}  ${cyan(`https://localhost:${ports.kube}`)}  ${dim('(download a kubeconfig from the lab)')}
  ${bold('Worker health')}   ${cyan(`http://localhost:${ports.worker}/healthz`)}

${bold('Demo sign-ins')} ${dim('(password: kubelab-demo)')}
  learner@example.com      learner
  instructor@example.com   instructor
  admin@example.com        organisation admin

${dim('Data lives in ' + path.relative(root, dataDir) + '/. Press Ctrl-C to stop everything.')}
`);
}

main().catch(async (e) => {
  fail(e.message);
  await shutdown(1);
});
