// bench/api: the Kubernetes API under load, over HTTPS, against API and worker processes.
// Prints `name: value unit` lines:
//   - `get pods` in the Table form (what `kubectl get pods` asks for) on a cluster of 200 pods;
//   - server-side apply of a ConfigMap (each apply a real write: new data every time);
//   - client-side apply as kubectl does it (GET, then a strategic merge PATCH);
//   - the wall time of the real `kubectl apply -f` of a Deployment + Service, where kubectl exists.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { line, percentile, startBenchStack, type BenchStack } from '../lib/stack';

const TABLE = 'application/json;as=Table;g=meta.k8s.io;v=v1,application/json';
const CONCURRENCY = 4;

async function load(
  name: string,
  seconds: number,
  one: (i: number) => Promise<number>,
): Promise<void> {
  const lat: number[] = [];
  let i = 0;
  let failures = 0;
  const until = performance.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) {
        const n = i++;
        const t = performance.now();
        const status = await one(n);
        if (status >= 300) failures++;
        lat.push(performance.now() - t);
      }
    }),
  );
  const wall = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  line(`${name}_rps`, lat.length / wall, 'req/s');
  line(`${name}_p50`, percentile(lat, 50), 'ms');
  line(`${name}_p99`, percentile(lat, 99), 'ms');
  if (failures) line(`${name}_failures`, failures, 'requests');
}

async function waitForRunning(s: BenchStack, token: string, n: number): Promise<void> {
  const until = Date.now() + 180_000;
  for (;;) {
    const r = await s.kube(
      token,
      'GET',
      '/api/v1/namespaces/default/pods?labelSelector=app%3Dload',
    );
    const pods = JSON.parse(r.text).items as { status: { phase?: string } }[];
    const running = pods.filter((p) => p.status.phase === 'Running').length;
    if (running >= n) return;
    if (Date.now() > until) throw new Error(`only ${running}/${n} pods running`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function main() {
  const s = await startBenchStack('benchapi');
  try {
    const c = await s.newCluster('load', 0);
    const deploy = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'load' },
      spec: {
        replicas: 200,
        selector: { matchLabels: { app: 'load' } },
        template: {
          metadata: { labels: { app: 'load' } },
          spec: {
            // Room for 200 pods needs every node, the control plane too.
            tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }],
            containers: [{ name: 'web', image: 'nginx:1.27' }],
          },
        },
      },
    };
    let t = performance.now();
    const created = await s.kube(
      c.token,
      'POST',
      '/apis/apps/v1/namespaces/default/deployments',
      JSON.stringify(deploy),
      { 'content-type': 'application/json' },
    );
    if (created.status !== 201) throw new Error(`deployment: ${created.status} ${created.text}`);
    await waitForRunning(s, c.token, 200);
    line('api_converge_200_pods_wall', (performance.now() - t) / 1000, 's');

    const table = await s.kube(c.token, 'GET', '/api/v1/namespaces/default/pods', undefined, {
      accept: TABLE,
    });
    line('api_get_pods_table_bytes', table.text.length / 1024, 'KiB');
    line('api_get_pods_table_rows', JSON.parse(table.text).rows.length, 'rows');

    await load('api_get_pods_table', 10, async () => {
      const r = await s.kube(c.token, 'GET', '/api/v1/namespaces/default/pods', undefined, {
        accept: TABLE,
      });
      return r.status;
    });

    await load('api_apply_server_side', 10, async (i) => {
      const body = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i % 20}\ndata:\n  n: "${i}"\n`;
      const r = await s.kube(
        c.token,
        'PATCH',
        `/api/v1/namespaces/default/configmaps/cm-${i % 20}?fieldManager=bench&force=true`,
        body,
        { 'content-type': 'application/apply-patch+yaml' },
      );
      return r.status;
    });

    // kubectl's client-side apply of an existing object: read it, then patch the difference.
    await load('api_apply_client_side', 10, async (i) => {
      const p = `/api/v1/namespaces/default/configmaps/cm-${i % 20}`;
      const got = await s.kube(c.token, 'GET', p);
      if (got.status !== 200) return got.status;
      const r = await s.kube(
        c.token,
        'PATCH',
        `${p}?fieldManager=kubectl-client-side-apply`,
        JSON.stringify({ data: { n: `c${i}` } }),
        { 'content-type': 'application/strategic-merge-patch+json' },
      );
      return r.status;
    });

    if (hasKubectl()) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-api-'));
      const kcPath = path.join(dir, 'kubeconfig');
      const kc = await fetch(`${s.apiUrl}/api/v1/clusters/${c.id}/kubeconfig`, {
        headers: { authorization: `Bearer ${s.accessToken}` },
      });
      fs.writeFileSync(kcPath, await kc.text());
      const manifest = path.join(dir, 'app.yaml');
      const runs: number[] = [];
      for (let i = 0; i < 8; i++) {
        fs.writeFileSync(manifest, appManifest(i));
        t = performance.now();
        execFileSync(
          'kubectl',
          ['--kubeconfig', kcPath, '--cache-dir', path.join(dir, 'cache'), 'apply', '-f', manifest],
          {
            env: { ...process.env, HOME: dir },
            stdio: 'ignore',
          },
        );
        runs.push(performance.now() - t);
      }
      runs.sort((a, b) => a - b);
      line('kubectl_apply_deploy_svc_wall_p50', percentile(runs, 50), 'ms');
      fs.rmSync(dir, { recursive: true, force: true });
    } else {
      console.log('kubectl is not on the PATH: skipping kubectl_apply_deploy_svc_wall');
    }
  } finally {
    await s.close();
  }
}

function hasKubectl(): boolean {
  return (process.env.PATH ?? '').split(':').some((d) => fs.existsSync(path.join(d, 'kubectl')));
}

function appManifest(i: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {rev: "r${i}"}}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: "nginx:1.27"}]}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80}]
`;
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
