import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import {
  createTestDatabase,
  testAppEnv,
  testRedisPrefix,
  type TestDatabase,
} from '@kubelab/server';

const root = path.resolve(__dirname, '../../..');

async function waitForHttp(url: string, timeoutMs = 30_000): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      return await fetch(url);
    } catch (e) {
      last = e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`${url} did not answer: ${String(last)}`);
}

describe('worker process', () => {
  let db: TestDatabase;
  let child: ChildProcess;
  const port = 41000 + Math.floor(Math.random() * 1000);

  beforeAll(async () => {
    db = await createTestDatabase('worker');
    child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', path.join(root, 'apps/worker/src/main.ts')],
      {
        cwd: root,
        env: {
          ...process.env,
          ...testAppEnv(db.url, testRedisPrefix('worker')),
          WORKER_PORT: String(port),
          HOST: '127.0.0.1',
        },
        stdio: 'pipe',
      },
    );
  });
  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await db.drop();
  });

  it('serves /healthz and, with Postgres and Redis up, /readyz', async () => {
    // A fresh checkout compiles every library as the process loads: slow on a busy machine.
    const h = await waitForHttp(`http://127.0.0.1:${port}/healthz`, 110_000);
    expect(h.status).toBe(200);
    const r = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(r.status).toBe(200);
    const body: any = await r.json();
    expect(body.checks.postgres.ok).toBe(true);
    expect(body.checks.redis.ok).toBe(true);
  }, 120_000);

  it('shuts down cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });

  it('refuses to start with a bad configuration, naming the variable', async () => {
    const bad = spawn(
      process.execPath,
      ['-r', '@swc-node/register', path.join(root, 'apps/worker/src/main.ts')],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: 'mysql://nope', REDIS_URL: 'redis://127.0.0.1:1' },
        stdio: 'pipe',
      },
    );
    let err = '';
    bad.stderr!.on('data', (d) => (err += d));
    const code = await new Promise((resolve) => bad.once('exit', resolve));
    expect(code).toBe(2);
    expect(err).toMatch(/DATABASE_URL must be a postgresql:\/\/ URL/);
  });
});
