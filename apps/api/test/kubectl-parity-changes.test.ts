// Parity of the terminal's kubectl with the real one for commands that change the cluster: two
// clusters built the same way, the real kubectl driving one and the emulation the other, the
// same command lines in the same order, outputs compared line by line. What differs between two
// clusters by chance (generated pod names, uids, ages) is masked.
import { KubectlSession, bufferIO, parseScript, runKubectl } from '@kubelab/kubectl';
import {
  kubectlAvailable,
  startKubeStack,
  tokenOf,
  type KubeCluster,
  type KubeStack,
} from './kube-harness';
import { httpsTransport } from './kubectl-transport';

const maybe = kubectlAvailable() ? describe : describe.skip;

const APP = (replicas: number, image = 'nginx:1.27') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app2
  labels: {app: app2}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: app2}}
  template:
    metadata: {labels: {app: app2}}
    spec:
      containers:
      - name: nginx
        image: ${image}
        ports: [{containerPort: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: app2}
spec:
  selector: {app: app2}
  ports: [{port: 80}]
`;

const CM = `apiVersion: v1
kind: ConfigMap
metadata: {name: ssa}
data: {mode: fast}
`;

const BAD = `apiVersion: apps/v1
kind: Deployment
metadata: {name: broken}
spec:
  template:
    spec:
      containers: [{name: c, image: nginx}]
`;

const TYPO = `apiVersion: v1
kind: ConfigMap
metadata: {name: typo}
dta: {a: b}
`;

/** [command line, stdin?, compare only the last line of stdout?] */
const STEPS: [string, string?, boolean?][] = [
  ['apply -f -', APP(3)],
  ['apply -f -', APP(3)],
  ['apply -f -', APP(2)],
  ['apply -f -', APP(2, 'nginx:1.28')],
  ['apply --dry-run=client -f -', APP(5)],
  ['apply --dry-run=server -f -', APP(5)],
  ['apply --server-side -f -', CM],
  ['apply -f -', BAD],
  ['apply -f -', TYPO],
  ['apply -f -', 'kind: ConfigMap\nmetadata: {name: x}\n'],
  ['create deployment api2 --image=nginx --replicas=2'],
  ['create deployment api3 --image=nginx:1.27 --port=80 --dry-run=client -o yaml'],
  ['create deployment web --image=nginx'],
  ['create service clusterip svc1 --tcp=80:8080'],
  ['create service nodeport svc2 --tcp=80:8080 --dry-run=client -o yaml'],
  ['create configmap cfg --from-literal=a=1 --from-literal=b=two'],
  ['create configmap cfg2 --from-literal=a=1 --dry-run=client -o yaml'],
  ['create secret generic sec --from-literal=password=s3cret'],
  ['create secret generic sec2 --from-literal=password=s3cret --dry-run=client -o yaml'],
  ['create namespace team'],
  ['create namespace team2 --dry-run=client -o yaml'],
  ['create -f -', CM.replace('ssa', 'made')],
  ['create -f -', CM.replace('ssa', 'made')],
  ['run solo --image=nginx'],
  ['run solo2 --image=busybox --restart=Never --dry-run=client -o yaml -- sh -c "echo hi"'],
  ['scale deploy app2 --replicas=4'],
  ['scale deploy nope --replicas=1'],
  ['label deploy app2 env=prod'],
  ['label deploy app2 env=dev'],
  ['label deploy app2 env=dev --overwrite'],
  ['label deploy app2 env-'],
  ['annotate deploy app2 note=hello'],
  ['set image deployment/app2 nginx=nginx:1.29'],
  ['set image deployment/app2 nope=x'],
  ['rollout status deployment/app2 --timeout=60s', undefined, true],
  ['rollout history deployment/app2'],
  ['rollout undo deployment/app2'],
  ['rollout status deployment/app2 --timeout=60s', undefined, true],
  ['rollout pause deployment/app2'],
  ['rollout pause deployment/app2'],
  ['rollout resume deployment/app2'],
  ['rollout restart deployment/app2'],
  ['expose deployment app2 --port=8080 --target-port=80 --name=app2-alt'],
  ['expose deployment app2 --port=80 --type=NodePort --name=app2-np --dry-run=client -o yaml'],
  ['get svc app2-alt -o jsonpath={.spec.ports}'],
  ['delete svc app2-alt'],
  ['delete deploy nope'],
  ['delete cm cfg cfg-missing'],
  ['delete -f -', CM.replace('ssa', 'made')],
  ['logs deploy/web --tail=3'],
  ['exec deploy/web -- printenv MODE'],
  ['exec deploy/web -- cat /etc/nope'],
  ['api-resources'],
  ['api-resources --namespaced=false'],
  ['api-resources -o name'],
  ['api-resources --api-group=apps -o wide'],
  ['config set-context --current --namespace=team'],
  ['get pods'],
  ['config set-context --current --namespace=default'],
  ['get deploy app2 -o jsonpath={.metadata.labels}'],
];

const mask = (s: string) =>
  s
    .replace(/(?<=\s|^)(\d+[smhdy])(\d+[smh])?(?=\s|$)/gm, '<age>')
    .replace(/\b([a-z0-9-]+-[a-z0-9]{8,10})-[a-z0-9]{5}\b/g, '$1-<pod>')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, '<uid>')
    .replace(/\b10\.\d+\.\d+\.\d+\b/g, '<ip>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g, '<time>')
    .replace(/restartedAt: .*/g, 'restartedAt: <time>');

const SETUP = `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        env: [{name: MODE, value: fast}]
`;

maybe('the terminal kubectl changes the cluster as the real kubectl does', () => {
  let s: KubeStack;
  let real: KubeCluster;
  let emulated: KubeCluster;
  let session: KubectlSession;
  beforeAll(async () => {
    s = await startKubeStack('paritychg');
    real = await s.newCluster('parity', 0);
    emulated = await s.newCluster('parity', 0);
    for (const c of [real, emulated]) {
      const r = await c.kubectl(['apply', '-f', '-'], { input: SETUP });
      if (r.code !== 0) throw new Error(r.stderr);
    }
    for (let i = 0; i < 100; i++) {
      const outs = await Promise.all(
        [real, emulated].map((c) => c.kubectl(['get', 'pods', '--no-headers'])),
      );
      if (outs.every((o) => /Running/.test(o.stdout))) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    session = new KubectlSession({
      transport: httpsTransport(s.kubePort, tokenOf(emulated)),
      clusterName: 'parity',
    });
  }, 120_000);
  afterAll(() => s?.close(), 30_000);

  it.each(STEPS.map((step, i) => [i + 1, step[0], step] as const))(
    '%i: kubectl %s',
    async (_i, line, [, input, lastLineOnly]) => {
      const argv = parseScript(line)[0]!.pipeline[0]!.argv;
      const r = await real.kubectl(argv, input !== undefined ? { input } : {});
      const b = bufferIO(undefined, input);
      const code = await runKubectl(argv, { session, io: b.io });
      if (process.env.PARITY_SHOW)
        console.log(`$ kubectl ${line}\n${r.stdout}${r.stderr}---\n${b.stdout}${b.stderr}`);
      const view = (out: string) => (lastLineOnly ? out.trim().split('\n').pop()! : out);
      expect({ code, out: view(mask(b.stdout)), err: mask(b.stderr) }).toEqual({
        code: r.code,
        out: view(mask(r.stdout)),
        err: mask(r.stderr),
      });
    },
    90_000,
  );
});
