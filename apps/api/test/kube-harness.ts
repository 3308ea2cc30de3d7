import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import https from 'node:https';
import { parse } from 'yaml';
import { loadConfig } from '@kubelab/platform';
import { testAppEnv } from '@kubelab/server';
import { WorkerProcess } from '../../worker/src/worker';
import { KubeServer } from '../src/kube-api/kube-server';
import {
  client,
  login,
  seedTenant,
  startApi,
  testDataDir,
  type TestApi,
  type Tenant,
} from './harness';

// The whole back end for Kubernetes API tests: the API (REST + HTTPS Kubernetes API on a random
// port), a worker running the reconcile jobs, an organisation, and a helper to run the real
// kubectl with a kubeconfig downloaded from the REST API.

export interface KubeStack {
  api: TestApi;
  /** The in-process worker (absent when the test runs its own). */
  worker?: WorkerProcess;
  org: Tenant;
  token: string;
  rest: ReturnType<typeof client>;
  kubePort: number;
  newCluster(name?: string, clockSpeed?: number): Promise<KubeCluster>;
  close(): Promise<void>;
}

export interface KubeCluster {
  id: string;
  kubeconfigPath: string;
  kubeconfig: string;
  /** Runs kubectl; resolves with stdout, stderr and exit code (never rejects). */
  kubectl(
    args: string[],
    opts?: { input?: string; timeoutMs?: number; env?: Record<string, string> },
  ): Promise<{ stdout: string; stderr: string; code: number }>;
}

export function kubectlAvailable(): boolean {
  return (process.env.PATH ?? '').split(':').some((d) => fs.existsSync(path.join(d, 'kubectl')));
}

/** A worker process's configuration for the stack's database and Redis prefix. */
export function workerEnv(api: TestApi, extra: Record<string, string> = {}) {
  return testAppEnv(api.config.DATABASE_URL, api.config.REDIS_PREFIX, {
    DATA_DIR: testDataDir(),
    WORKER_PORT: '0',
    HOST: '127.0.0.1',
    ...extra,
  });
}

export async function startKubeStack(
  label: string,
  extra: Record<string, string> = {},
  opts: { worker?: boolean } = {},
): Promise<KubeStack> {
  const api = await startApi(label, extra);
  let worker: WorkerProcess | undefined;
  if (opts.worker !== false) {
    worker = new WorkerProcess(loadConfig(workerEnv(api, extra)));
    await worker.start(0);
  }
  const org = await seedTenant(api.db, `${label.replace(/[^a-z0-9]/g, '')}-org`);
  const rest = client(api.url);
  const { accessToken } = await login(rest, org.learner.email);
  const kubePort = api.app.get(KubeServer).port!;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `kubelab-${label}-`));
  return {
    api,
    worker,
    org,
    token: accessToken,
    rest,
    kubePort,
    async newCluster(name, clockSpeed) {
      const c = await rest.post(
        '/api/v1/clusters',
        { ...(name ? { name } : {}), ...(clockSpeed !== undefined ? { clockSpeed } : {}) },
        accessToken,
      );
      if (c.status !== 201)
        throw new Error(`cluster create failed: ${c.status} ${JSON.stringify(c.body)}`);
      const kc = await fetch(`${api.url}/api/v1/clusters/${c.body.id}/kubeconfig`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      const kubeconfig = await kc.text();
      const kubeconfigPath = path.join(tmp, `${c.body.id}.yaml`);
      fs.writeFileSync(kubeconfigPath, kubeconfig);
      const cacheDir = path.join(tmp, `cache-${c.body.id}`);
      return {
        id: c.body.id,
        kubeconfig,
        kubeconfigPath,
        kubectl(args, opts = {}) {
          return new Promise((resolve) => {
            const child = execFile(
              'kubectl',
              ['--kubeconfig', kubeconfigPath, '--cache-dir', cacheDir, ...args],
              {
                timeout: opts.timeoutMs ?? 60_000,
                env: { ...process.env, KUBECONFIG: kubeconfigPath, HOME: tmp, ...(opts.env ?? {}) },
                maxBuffer: 16 * 1024 * 1024,
              },
              (err, stdout, stderr) =>
                resolve({ stdout, stderr, code: err ? ((err as { code?: number }).code ?? 1) : 0 }),
            );
            if (opts.input !== undefined) {
              child.stdin!.write(opts.input);
              child.stdin!.end();
            }
          });
        },
      };
    },
    async close() {
      await worker?.stop();
      await api.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

export interface Reply {
  status: number;
  body: any;
  headers: Record<string, string | string[] | undefined>;
}

/** One request to a cluster's Kubernetes API over HTTPS; JSON replies come back parsed. */
export function kube(
  port: number,
  token: string | undefined,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const data =
      body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const req = https.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        rejectUnauthorized: false,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(data ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
      },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => {
          let parsed: any = text;
          try {
            parsed = JSON.parse(text);
          } catch {}
          resolve({ status: res.statusCode ?? 0, body: parsed, headers: res.headers });
        });
      },
    );
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

/** Polls `fn` every 250 ms until `ok` holds; fails with the last value after `timeoutMs`. */
export async function until<T>(
  fn: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T;
  do {
    last = await fn();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 250));
  } while (Date.now() < deadline);
  throw new Error(`condition not met; last value: ${JSON.stringify(last)}`);
}

/** The bearer token of a cluster's kubeconfig. */
export const tokenOf = (c: KubeCluster) => parse(c.kubeconfig).users[0].user.token as string;
