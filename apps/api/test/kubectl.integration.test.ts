// The real kubectl against a simulated cluster, through the flows of the issue: what kubectl
// prints is what a learner sees. Without kubectl on the PATH this file says so loudly and skips
// (the @kubernetes/client-node tests still run).
import {
  kubectlAvailable,
  startKubeStack,
  until,
  type KubeCluster,
  type KubeStack,
} from './kube-harness';

const HAS_KUBECTL = kubectlAvailable();
if (!HAS_KUBECTL)
  console.warn(
    '\n\n*** kubectl is not on the PATH: the kubectl integration tests are SKIPPED ***\n\n',
  );
const maybe = HAS_KUBECTL ? describe : describe.skip;

const DEPLOY = (replicas: number, image = 'nginx:1.27') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: ${image}
        ports:
        - containerPort: 80
        env:
        - {name: GREETING, value: hello}
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
  - port: 80
    targetPort: 80
`;

const lines = (s: string) => s.trim().split('\n');
const maskAge = (s: string) => s.replace(/\b\d+(s|m|h|d)(\d+s)?\b/g, '<age>');

maybe('the real kubectl', () => {
  let s: KubeStack;
  let c: KubeCluster;
  beforeAll(async () => {
    s = await startKubeStack('kubectl');
    c = await s.newCluster('kubectl-flows', 0);
  }, 120_000);
  afterAll(() => s?.close(), 30_000);

  const k = (...args: string[]) => c.kubectl(args);
  const ok = async (...args: string[]) => {
    const r = await c.kubectl(args);
    if (r.code !== 0)
      throw new Error(`kubectl ${args.join(' ')} failed (${r.code}):\n${r.stderr}${r.stdout}`);
    return r.stdout;
  };
  const apply = (yaml: string, ...extra: string[]) =>
    c.kubectl(['apply', '-f', '-', ...extra], { input: yaml });

  it('version reports the server as v1.32', async () => {
    expect(await ok('version')).toMatch(/Server Version: v1\.32\.\d+/);
  });

  it('api-resources lists the served kinds', async () => {
    const out = await ok('api-resources');
    expect(lines(out)[0]).toMatch(/^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND$/);
    expect(out).toMatch(/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
    expect(out).toMatch(/^pods\s+po\s+v1\s+true\s+Pod$/m);
  });

  it('get ns shows the system namespaces', async () => {
    expect(lines(maskAge(await ok('get', 'ns')))).toEqual([
      'NAME              STATUS   AGE',
      'default           Active   <age>',
      'kube-node-lease   Active   <age>',
      'kube-public       Active   <age>',
      'kube-system       Active   <age>',
    ]);
  });

  it('apply: created, then unchanged, then configured after an edit', async () => {
    const first = await apply(DEPLOY(3));
    expect(first.stdout).toBe('deployment.apps/web created\nservice/web created\n');
    const again = await apply(DEPLOY(3));
    expect(again.stdout).toBe('deployment.apps/web unchanged\nservice/web unchanged\n');
    const edited = await apply(DEPLOY(2));
    expect(edited.stdout).toBe('deployment.apps/web configured\nservice/web unchanged\n');
    await apply(DEPLOY(3));
  });

  it('apply --server-side', async () => {
    const r = await c.kubectl(['apply', '--server-side', '-f', '-'], {
      input:
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa-config\ndata:\n  mode: fast\n',
    });
    expect(r.stdout).toBe('configmap/ssa-config serverside-applied\n');
    const managers = JSON.parse(
      await ok('get', 'cm', 'ssa-config', '-o', 'json', '--show-managed-fields'),
    ).metadata.managedFields.map((m: any) => `${m.manager}/${m.operation}`);
    expect(managers).toContain('kubectl/Apply');
  });

  it('get pods -o wide shows three Running pods on the workers', async () => {
    const out = await until(
      () => ok('get', 'pods', '-o', 'wide'),
      (o) => (o.match(/ Running /g) ?? []).length === 3,
    );
    const rows = lines(out);
    expect(rows[0]).toMatch(
      /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/,
    );
    for (const r of rows.slice(1))
      expect(r).toMatch(
        /^web-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running\s+0\s+\S+\s+10\.244\.\d+\.\d+\s+kubelab-worker2?\s+<none>\s+<none>$/,
      );
  });

  it('get deploy,svc', async () => {
    const out = maskAge(await ok('get', 'deploy,svc'));
    expect(out).toMatch(
      /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\ndeployment\.apps\/web\s+3\/3\s+3\s+3\s+<age>\n\nNAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\nservice\/kubernetes\s+ClusterIP\s+10\.96\.0\.1\s+<none>\s+443\/TCP\s+<age>\nservice\/web\s+ClusterIP\s+10\.\d+\.\d+\.\d+\s+<none>\s+80\/TCP\s+<age>\n$/,
    );
  });

  it('get pods -l app=web, and a selector that matches nothing', async () => {
    expect(lines(await ok('get', 'pods', '-l', 'app=web', '--no-headers')).length).toBe(3);
    const none = await k('get', 'pods', '-l', 'app=nothing');
    expect(none.stderr).toBe('No resources found in default namespace.\n');
  });

  it('get pod -o yaml and -o jsonpath', async () => {
    const name = (
      await ok('get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name}')
    ).trim();
    expect(name).toMatch(/^web-/);
    const yaml = await ok('get', 'pod', name, '-o', 'yaml');
    expect(yaml).toMatch(/^apiVersion: v1\nkind: Pod\nmetadata:/);
    expect(yaml).toContain('  phase: Running');
    expect(yaml).toContain('    image: nginx:1.27');
    expect(await ok('get', 'pod', name, '-o', 'jsonpath={.status.phase} {.spec.nodeName}')).toMatch(
      /^Running kubelab-worker2?$/,
    );
  });

  it('describe pod shows its containers, conditions and events', async () => {
    const name = (
      await ok('get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name}')
    ).trim();
    const out = await ok('describe', 'pod', name);
    expect(out).toMatch(new RegExp(`^Name:\\s+${name}$`, 'm'));
    expect(out).toMatch(/^Status:\s+Running$/m);
    expect(out).toMatch(/^\s+Image:\s+nginx:1\.27$/m);
    expect(out).toMatch(/^\s+GREETING:\s+hello$/m);
    expect(out).toMatch(/^\s+Ready\s+True\s*$/m);
    expect(out).toMatch(
      /Normal\s+Scheduled\s+\S+\s+default-scheduler\s+Successfully assigned default\/web-/,
    );
    expect(out).toMatch(/Normal\s+Started\s+\S+\s+kubelet\s+Started container nginx/);
  });

  it('scale', async () => {
    expect(await ok('scale', 'deployment', 'web', '--replicas=4')).toBe(
      'deployment.apps/web scaled\n',
    );
    await until(
      () => ok('get', 'deploy', 'web', '-o', 'jsonpath={.status.readyReplicas}'),
      (o) => o === '4',
    );
  });

  it('set image, rollout status, history and undo', async () => {
    expect(await ok('set', 'image', 'deployment/web', 'nginx=nginx:1.28')).toBe(
      'deployment.apps/web image updated\n',
    );
    const status = await c.kubectl(['rollout', 'status', 'deployment/web', '--timeout=60s'], {
      timeoutMs: 90_000,
    });
    expect(status.stdout).toMatch(/deployment "web" successfully rolled out\n$/);
    const history = await ok('rollout', 'history', 'deployment/web');
    expect(history).toBe(
      'deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n',
    );
    expect(await ok('rollout', 'undo', 'deployment/web')).toBe('deployment.apps/web rolled back\n');
    await until(
      () => ok('get', 'deploy', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image}'),
      (o) => o === 'nginx:1.27',
    );
    expect(lines(await ok('rollout', 'history', 'deployment/web')).slice(2)).toEqual([
      '2         <none>',
      '3         <none>',
    ]);
  });

  it('logs, and logs -f until the pod goes', async () => {
    const name = (
      await ok('get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name}')
    ).trim();
    const out = await until(
      () => ok('logs', name),
      (o) => o.length > 0,
    );
    expect(out).toContain('/docker-entrypoint.sh: Configuration complete; ready for start up');
    const tail = await ok('logs', name, '--tail=2');
    expect(lines(tail)).toHaveLength(2);
    // A bounded follow: the stream ends when the pod is deleted.
    const p = await ok(
      'run',
      'talker',
      '--image=busybox',
      '--restart=Never',
      '--',
      'sh',
      '-c',
      'echo one; echo two; sleep 3600',
    );
    expect(p).toBe('pod/talker created\n');
    await until(
      () => ok('get', 'pod', 'talker', '-o', 'jsonpath={.status.phase}'),
      (o) => o === 'Running',
    );
    const follow = c.kubectl(['logs', '-f', 'talker'], { timeoutMs: 60_000 });
    await new Promise((r) => setTimeout(r, 1500));
    await ok('delete', 'pod', 'talker', '--grace-period=0', '--force');
    const f = await follow;
    expect(f.stdout).toBe('one\ntwo\n');
  });

  it('exec -- env', async () => {
    const name = (
      await ok('get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name}')
    ).trim();
    const out = await ok('exec', name, '--', 'env');
    expect(out).toMatch(/^GREETING=hello$/m);
    expect(out).toMatch(new RegExp(`^HOSTNAME=${name}$`, 'm'));
    expect(out).toMatch(/^KUBERNETES_SERVICE_HOST=10\.96\.0\.1$/m);
    // nginx's own binary answers; a program the image does not have fails as the runtime does.
    const check = await k('exec', name, '--', 'nginx', '-t');
    expect(check.stderr).toContain('test is successful');
    const missing = await k('exec', name, '--', 'strace', 'ls');
    expect(missing.stdout + missing.stderr).toContain(
      'exec: "strace": executable file not found in $PATH',
    );
    expect(missing.code).toBe(126);
  });

  it('get events', async () => {
    const out = await ok('get', 'events');
    expect(lines(out)[0]).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
    expect(out).toMatch(
      /Normal\s+ScalingReplicaSet\s+deployment\/web\s+Scaled up replica set web-\w+ to 3/,
    );
  });

  it('get pods -w prints changes as they happen (bounded)', async () => {
    const watch = c.kubectl(['get', 'pods', '-w', '--request-timeout=6s'], { timeoutMs: 20_000 });
    await new Promise((r) => setTimeout(r, 1500));
    await ok('run', 'watched', '--image=nginx');
    const w = await watch;
    expect(w.stdout).toMatch(/^watched\s+0\/1\s+Pending/m);
    expect(w.stdout).toMatch(/^watched\s+1\/1\s+Running/m);
  });

  it('delete waits for the object to go', async () => {
    expect(await ok('delete', 'pod', 'watched')).toBe('pod "watched" deleted\n');
    expect((await k('get', 'pod', 'watched')).code).not.toBe(0);
    expect(await ok('delete', 'deployment', 'web')).toBe('deployment.apps "web" deleted\n');
    await until(
      () => ok('get', 'pods', '-l', 'app=web', '-o', 'name'),
      (o) => o.trim() === '',
    );
  });

  it('explain deployment.spec', async () => {
    const out = await ok('explain', 'deployment.spec');
    expect(out).toMatch(/^GROUP:\s+apps\nKIND:\s+Deployment\nVERSION:\s+v1\n/);
    expect(out).toMatch(/^\s+replicas\s+<integer>$/m);
    expect(out).toMatch(/^\s+template\s+<PodTemplateSpec> -required-$/m);
  });

  it('errors: a missing object, an invalid manifest, an unknown field', async () => {
    const missing = await k('get', 'pod', 'nope');
    expect(missing.stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
    expect(missing.code).toBe(1);
    const invalid = await apply(
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: loki\nspec:\n  template:\n    spec:\n      containers:\n      - name: loki\n        image: grafana/loki\n',
    );
    expect(invalid.stderr).toBe(
      'The Deployment "loki" is invalid: \n* spec.selector: Required value\n* spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`\n',
    );
    const unknown = await apply(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: typo\ndta:\n  a: b\n',
    );
    expect(unknown.stderr).toMatch(
      /Error from server \(BadRequest\): error when creating "STDIN": ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "dta"/,
    );
  });

  it('create deployment (a protobuf body) and auth can-i', async () => {
    expect(await ok('create', 'deployment', 'proto', '--image=nginx', '--replicas=2')).toBe(
      'deployment.apps/proto created\n',
    );
    expect(await ok('get', 'deploy', 'proto', '-o', 'jsonpath={.spec.replicas}')).toBe('2');
    expect(await ok('auth', 'can-i', 'create', 'pods')).toBe('yes\n');
  });
});
