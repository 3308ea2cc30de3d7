// A running platform for benchmarks: the API and the worker as their own processes (as in
// production, so the load generator does not share their event loop), on a fresh database cloned
// from the migrated template, with one organisation and a signed-in learner.
import { spawn, type ChildProcess } from 'node:child_process';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { parse } from 'yaml';
import {
  createDatabase,
  createTestDatabase,
  hashPassword,
  testAppEnv,
  testRedisPrefix,
} from '@kubelab/server';

const root = path.resolve(__dirname, '..', '..');
const PASSWORD = 'bench-password-1';

export const line = (name: string, value: number, unit: string) =>
  console.log(`${name}: ${Number(value.toFixed(2))} ${unit}`);

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function waitFor(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    if (Date.now() > until) throw new Error(`${url} did not come up`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface BenchCluster {
  id: string;
  token: string;
}

export interface BenchStack {
  /** The environment the API and workers run with (database, Redis URL and prefix). */
  env: Record<string, string>;
  apiUrl: string;
  kubePort: number;
  accessToken: string;
  /** One HTTPS request to the Kubernetes API on a kept-alive connection. */
  kube(
    token: string,
    method: string,
    path: string,
    body?: string,
    headers?: Record<string, string>,
  ): Promise<{ status: number; text: string }>;
  newCluster(name: string, clockSpeed: number): Promise<BenchCluster>;
  /** Starts one more worker process; resolves when it is ready. */
  addWorker(): Promise<{ pid: number }>;
  workerPids(): number[];
  rest(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export async function startBenchStack(
  label: string,
  opts: { workers?: number; env?: Record<string, string>; workerNodeArgs?: string[] } = {},
): Promise<BenchStack> {
  const tdb = await createTestDatabase(label);
  const [apiPort, kubePort] = [await freePort(), await freePort()];
  const env = testAppEnv(tdb.url, testRedisPrefix(label), {
    HOST: '127.0.0.1',
    API_PORT: String(apiPort),
    KUBE_API_PORT: String(kubePort),
    DATA_DIR: path.join(root, '.data', 'test'),
    KUBE_API_REQUESTS_PER_10S: '1000000',
    SANDBOX_MAX_PODS: '2000',
    SANDBOX_MAX_OBJECTS_PER_KIND: '2000',
    SANDBOX_MAX_OBJECTS: '10000',
    ...opts.env,
  });
  const children: ChildProcess[] = [];
  const run = (entry: string, extra: Record<string, string>, nodeArgs: string[] = []) => {
    const args = [...nodeArgs, '-r', '@swc-node/register', path.join(root, entry)];
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: { ...process.env, ...env, ...extra },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(child);
    return child;
  };
  run('apps/api/src/main.ts', {});
  const workerPids: number[] = [];
  const addWorker = async () => {
    const p = await freePort();
    const child = run('apps/worker/src/main.ts', { WORKER_PORT: String(p) }, opts.workerNodeArgs);
    await waitFor(`http://127.0.0.1:${p}/healthz`, 120_000);
    workerPids.push(child.pid!);
    return { pid: child.pid! };
  };
  await waitFor(`http://127.0.0.1:${apiPort}/healthz`, 120_000);
  for (let i = 0; i < (opts.workers ?? 1); i++) await addWorker();

  const db = createDatabase(tdb.url, 2);
  const org = await db.prisma.organisation.create({ data: { slug: label, name: label } });
  const email = `learner@${label}.bench`;
  await db.prisma.user.create({
    data: {
      orgId: org.id,
      email,
      name: 'learner',
      role: 'LEARNER',
      passwordHash: await hashPassword(PASSWORD),
    },
  });
  await db.close();

  const apiUrl = `http://127.0.0.1:${apiPort}`;
  let accessToken = '';
  const rest = async (method: string, p: string, body?: unknown) => {
    const r = await fetch(apiUrl + p, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : undefined };
  };
  const signIn = await rest('POST', '/api/v1/auth/login', { email, password: PASSWORD });
  if (signIn.status !== 200 && signIn.status !== 201)
    throw new Error(`sign-in failed: ${signIn.status} ${JSON.stringify(signIn.body)}`);
  accessToken = signIn.body.accessToken;

  const agent = new https.Agent({ keepAlive: true, maxSockets: 64, rejectUnauthorized: false });
  const kube: BenchStack['kube'] = (token, method, p, body, headers = {}) =>
    new Promise((resolve, reject) => {
      const req = https.request(
        {
          host: '127.0.0.1',
          port: kubePort,
          method,
          path: p,
          agent,
          headers: { authorization: `Bearer ${token}`, ...headers },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (d: Buffer) => chunks.push(d));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
          );
        },
      );
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });

  return {
    env,
    apiUrl,
    kubePort,
    accessToken,
    kube,
    rest,
    addWorker,
    workerPids: () => [...workerPids],
    async newCluster(name, clockSpeed) {
      const c = await rest('POST', '/api/v1/clusters', { name, clockSpeed });
      if (c.status !== 201) throw new Error(`cluster create failed: ${JSON.stringify(c.body)}`);
      const kc = await fetch(`${apiUrl}/api/v1/clusters/${c.body.id}/kubeconfig`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      const token = parse(await kc.text()).users[0].user.token as string;
      return { id: c.body.id, token };
    },
    async close() {
      agent.destroy();
      await Promise.all(
        children.map(
          (c) =>
            new Promise<void>((resolve) => {
              if (c.exitCode !== null) return resolve();
              c.once('exit', () => resolve());
              c.kill('SIGTERM');
              setTimeout(() => c.kill('SIGKILL'), 10_000).unref();
            }),
        ),
      );
      await tdb.drop();
    },
  };
}
