// The part-2 simulation as a learner reaches it through the platform: the real kubectl against
// the API, the worker driving the controllers, the REST clock and node operations. The libraries
// prove each behaviour in detail; this proves the API serves it and the worker drives it.
import fs from 'node:fs';
import path from 'node:path';
import { client, login } from './harness';
import {
  kubectlAvailable,
  startKubeStack,
  until,
  type KubeCluster,
  type KubeStack,
} from './kube-harness';

const HAS_KUBECTL = kubectlAvailable();
const maybe = HAS_KUBECTL ? describe : describe.skip;

const SEED = path.resolve(__dirname, '../../../libs/cluster-sim/test/fixtures/seed-examples');

const STATEFUL_WEB = `apiVersion: v1
kind: Service
metadata: {name: nginx}
spec:
  clusterIP: None
  selector: {app: nginx}
  ports: [{port: 80, name: web}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: nginx
  replicas: 2
  selector: {matchLabels: {app: nginx}}
  template:
    metadata: {labels: {app: nginx}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        volumeMounts: [{name: www, mountPath: /usr/share/nginx/html}]
  volumeClaimTemplates:
  - metadata: {name: www}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
`;

maybe('the simulation through the platform', () => {
  let s: KubeStack;
  let c: KubeCluster;
  beforeAll(async () => {
    s = await startKubeStack('simplatform');
    c = await s.newCluster('part-two', 0);
  }, 120_000);
  afterAll(() => s?.close(), 30_000);

  const ok = async (...args: string[]) => {
    const r = await c.kubectl(args);
    if (r.code !== 0)
      throw new Error(`kubectl ${args.join(' ')} failed (${r.code}):\n${r.stderr}${r.stdout}`);
    return r.stdout;
  };
  const tryK = async (...args: string[]) => {
    const r = await c.kubectl(args);
    return r.code === 0 ? r.stdout : `${r.code}: ${r.stderr}`;
  };
  const clock = (advanceSeconds: number) =>
    s.rest.post(`/api/v1/clusters/${c.id}/clock`, { advanceSeconds }, s.token);

  it('seed 09: refused as written; without its broken line, a Job every 15 minutes says hello', async () => {
    const raw = fs.readFileSync(path.join(SEED, '09-helloworld-cronjob.yaml'), 'utf8');
    const refused = await c.kubectl(['apply', '-f', '-'], { input: raw });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("could not find expected ':'");
    const fixed = raw
      .split('\n')
      .filter((l) => !l.includes('// act as'))
      .join('\n');
    expect((await c.kubectl(['apply', '-f', '-'], { input: fixed })).stdout).toBe(
      'cronjob.batch/helloworld created\n',
    );
    expect((await clock(15 * 60)).status).toBe(200);
    const jobs = await until(
      () => ok('get', 'jobs', '-o', 'name'),
      (o) => /job\.batch\/helloworld-\d+/.test(o),
    );
    const job = jobs.trim().split('\n')[0]!;
    // The name is the scheduled time in minutes since the epoch, on a quarter hour.
    expect(Number(job.split('-').pop()) % 15).toBe(0);
    await until(
      () => tryK('get', job, '-o', 'jsonpath={.status.succeeded}'),
      (o) => o === '1',
    );
    const pods = await ok('get', 'pods', '-l', `job-name=${job.split('/')[1]}`);
    expect(pods).toMatch(/helloworld-\d+-[a-z0-9]{5}\s+0\/1\s+Completed\s+0\s/);
    expect(await ok('logs', job)).toContain('Hello World from Cronitor.io\n');
  });

  it('StatefulSet: ordinal pods, claims from the default class, files kept across a pod delete, DNS and HTTP between pods', async () => {
    await c.kubectl(['apply', '-f', '-'], { input: STATEFUL_WEB });
    await until(
      () => tryK('get', 'sts', 'web', '-o', 'jsonpath={.status.readyReplicas}'),
      (o) => o === '2',
    );
    const claims = await ok(
      'get',
      'pvc',
      '-o',
      'custom-columns=NAME:.metadata.name,STATUS:.status.phase,CLASS:.spec.storageClassName',
    );
    expect(
      claims
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(/\s+/)),
    ).toEqual([
      ['www-web-0', 'Bound', 'standard'],
      ['www-web-1', 'Bound', 'standard'],
    ]);
    // A file written through kubectl exec lands in the claim's volume...
    await ok(
      'exec',
      'web-0',
      '--',
      'sh',
      '-c',
      'echo "from web-0" > /usr/share/nginx/html/index.html',
    );
    // ...is served by nginx to the other pod, through the headless Service's per-pod name...
    expect(await ok('exec', 'web-1', '--', 'curl', '-s', 'http://web-0.nginx')).toBe(
      'from web-0\n',
    );
    // ...and survives the pod: the new web-0 mounts the same claim.
    const uid = await ok('get', 'pod', 'web-0', '-o', 'jsonpath={.metadata.uid}');
    await ok('delete', 'pod', 'web-0', '--wait=false');
    await until(
      () => tryK('get', 'pod', 'web-0', '-o', 'jsonpath={.metadata.uid} {.status.phase}'),
      (o) => !o.startsWith(uid) && o.endsWith('Running'),
    );
    expect(await ok('exec', 'web-0', '--', 'cat', '/usr/share/nginx/html/index.html')).toBe(
      'from web-0\n',
    );
  });

  it('kubectl top reads the simulated metrics', async () => {
    const out = await until(
      () => tryK('top', 'pods'),
      (o) => /web-0\s+\d+m\s+\d+Mi/.test(o),
    );
    expect(out.split('\n')[0]).toMatch(/^NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)\s*$/);
  });

  it('nodes: one joins and a DaemonSet follows it; one fails and turns NotReady', async () => {
    await c.kubectl(['apply', '-f', '-'], {
      input: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: counter-app}
spec:
  selector: {matchLabels: {app: counter}}
  template:
    metadata: {labels: {app: counter}}
    spec:
      tolerations: [{key: node-role.kubernetes.io/control-plane, effect: NoSchedule}]
      containers: [{name: agent, image: busybox, command: [sleep, infinity]}]
`,
    });
    await until(
      () => tryK('get', 'ds', 'counter-app', '-o', 'jsonpath={.status.numberReady}'),
      (o) => o === '3',
    );
    const added = await s.rest.post(`/api/v1/clusters/${c.id}/nodes`, {}, s.token);
    expect(added.status).toBe(201);
    expect(added.body.node.metadata.name).toBe('kubelab-worker3');
    await until(
      () => tryK('get', 'nodes', 'kubelab-worker3', '--no-headers'),
      (o) => /kubelab-worker3\s+Ready\s/.test(o),
    );
    await until(
      () => tryK('get', 'ds', 'counter-app', '-o', 'jsonpath={.status.desiredNumberScheduled}'),
      (o) => o === '4',
    );

    const failed = await s.rest.post(
      `/api/v1/clusters/${c.id}/nodes/kubelab-worker2/fail`,
      {},
      s.token,
    );
    expect(failed.status).toBe(200);
    expect(failed.body.kubelet).toBe('Stopped');
    await clock(60);
    await until(
      () => tryK('get', 'nodes', 'kubelab-worker2', '--no-headers'),
      (o) => /kubelab-worker2\s+NotReady\s/.test(o),
    );
    const taints = await ok(
      'get',
      'node',
      'kubelab-worker2',
      '-o',
      'jsonpath={.spec.taints[*].key}',
    );
    expect(taints).toContain('node.kubernetes.io/unreachable');

    const back = await s.rest.post(
      `/api/v1/clusters/${c.id}/nodes/kubelab-worker2/recover`,
      {},
      s.token,
    );
    expect(back.body.kubelet).toBe('Running');
    await clock(30);
    await until(
      () => tryK('get', 'nodes', 'kubelab-worker2', '--no-headers'),
      (o) => /kubelab-worker2\s+Ready\s/.test(o),
    );
  });

  it('drain evicts through the eviction API and honours a PodDisruptionBudget', async () => {
    await c.kubectl(['apply', '-f', '-'], {
      input: `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web}
spec:
  maxUnavailable: 0
  selector: {matchLabels: {app: nginx}}
`,
    });
    const node = await ok('get', 'pod', 'web-1', '-o', 'jsonpath={.spec.nodeName}');
    const r = await c.kubectl(
      ['drain', node, '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=3s'],
      { timeoutMs: 30_000 },
    );
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("Cannot evict pod as it would violate the pod's disruption budget.");
    expect(await ok('get', 'node', node, '-o', 'jsonpath={.spec.unschedulable}')).toBe('true');
    await ok('uncordon', node);
  });

  it('node operations answer JSON errors and stay shut to other learners', async () => {
    const unknown = await s.rest.post(`/api/v1/clusters/${c.id}/nodes/nope/fail`, {}, s.token);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toEqual({ code: 'not_found', message: 'node not found' });
    const dup = await s.rest.post(
      `/api/v1/clusters/${c.id}/nodes`,
      { name: 'kubelab-worker' },
      s.token,
    );
    expect(dup.status).toBe(409);
    const bad = await s.rest.post(`/api/v1/clusters/${c.id}/nodes`, { cpu: 'lots' }, s.token);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');

    const other = (await login(client(s.api.url), s.org.learner2.email)).accessToken;
    const theirs = await s.rest.post(
      `/api/v1/clusters/${c.id}/nodes/kubelab-worker/fail`,
      {},
      other,
    );
    expect(theirs.status).toBe(404);
    expect(theirs.body.error.message).toBe('cluster not found');
    // Nothing changed on the node they aimed at.
    expect(await ok('get', 'nodes', 'kubelab-worker', '--no-headers')).toMatch(
      /kubelab-worker\s+Ready\s/,
    );
  });
});
