import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
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
  worker: WorkerProcess;
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

export async function startKubeStack(
  label: string,
  extra: Record<string, string> = {},
): Promise<KubeStack> {
  const api = await startApi(label, extra);
  const worker = new WorkerProcess(
    loadConfig(
      testAppEnv(api.config.DATABASE_URL, api.config.REDIS_PREFIX, {
        DATA_DIR: testDataDir(),
        WORKER_PORT: '0',
        HOST: '127.0.0.1',
        ...extra,
      }),
    ),
  );
  await worker.start(0);
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
      await worker.stop();
      await api.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}
