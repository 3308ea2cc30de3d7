// Parity of the web terminal's kubectl emulation with the real kubectl: the same cluster state,
// printed by both, compared line by line (ages masked, as they depend on the reader's clock).
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
if (!kubectlAvailable())
  console.warn('kubectl is not on the PATH: the kubectl parity tests are skipped (LOUDLY)');

const SETUP = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: {team: red}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web, tier: front}
  annotations: {kubernetes.io/change-cause: first}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web, tier: front}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports: [{containerPort: 80, name: http}]
        env: [{name: MODE, value: fast}]
        resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 128Mi}}
---
apiVersion: v1
kind: Service
metadata: {name: web, labels: {app: web}}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: http, name: http}]
---
apiVersion: v1
kind: Service
metadata: {name: web-np}
spec:
  type: NodePort
  selector: {app: web}
  ports: [{port: 8080, targetPort: 80, nodePort: 30080}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: shop}
data: {mode: fast, "game.properties": "lives=3\\nlevel=1\\n"}
---
apiVersion: v1
kind: Secret
metadata: {name: creds, namespace: shop}
type: Opaque
stringData: {user: admin, password: s3cret}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  replicas: 1
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers: [{name: api, image: "busybox:1.36", command: ["sh", "-c", "echo started; sleep 3600"]}]
`;

/** Commands whose output both print identically (ages masked). */
const LINES = [
  'get pods',
  'get pods -o wide',
  'get po --show-labels',
  'get pods -l app=web',
  'get pods -l app=nothing',
  'get pods -L tier',
  'get pods --no-headers',
  'get deploy',
  'get deployments.apps -o wide',
  'get deploy,svc',
  'get rs',
  'get svc',
  'get svc -o wide',
  'get all',
  'get all -n shop',
  'get pods -A',
  'get ns',
  'get ns shop --show-labels',
  'get nodes',
  'get nodes -o wide',
  'get cm -n shop',
  'get secret -n shop',
  'get sa',
  'get endpoints web',
  'get deploy web -o name',
  'get pods -o name',
  'get deploy web -o jsonpath={.spec.replicas}',
  'get pods -o jsonpath={.items[*].status.phase}',
  'get pods -o jsonpath=\'{range .items[*]}{.metadata.name}{"\\t"}{.spec.nodeName}{"\\n"}{end}\'',
  'get deploy -o custom-columns=NAME:.metadata.name,REPLICAS:.spec.replicas,IMAGE:.spec.template.spec.containers[*].image',
  'get cm settings -n shop -o yaml',
  'get cm settings -n shop -o json',
  'get svc web -o yaml',
  'get deploy web -o yaml',
  'get pod nope',
  'get deploy web nope',
  'get nosuchkind',
  'get pods --field-selector status.phase=Running -o name',
  'get events --field-selector reason=ScalingReplicaSet -o name',
  'get secret creds -n shop -o jsonpath={.data.user}',
  'explain deployment.spec',
  'explain pods',
  'explain svc.spec.type',
  'explain deploy.spec.replicas',
  'explain pod.spec.containers.ports',
  'explain configmap.data',
  'explain pod.spec.containers.resources.limits',
  'explain nope',
  'explain pod.spec.nope',
  'version',
  'api-resources --namespaced=true -o name',
];

const maskAge = (s: string) =>
  s
    // The kubectl on these machines is a wrapper with its own client version string.
    .replace(/^Client Version: .*$/m, 'Client Version: <client>')
    .replace(/(?<=\s|^)(\d+[smhdy])(\d+[smh])?(?=\s|$)/gm, '<age>')
    .replace(/<invalid>/g, '<age>');

maybe('the terminal kubectl prints what the real kubectl prints', () => {
  let s: KubeStack;
  let c: KubeCluster;
  let session: KubectlSession;
  beforeAll(async () => {
    s = await startKubeStack('parity');
    c = await s.newCluster('parity', 0);
    const r = await c.kubectl(['apply', '-f', '-'], { input: SETUP });
    if (r.code !== 0) throw new Error(r.stderr);
    // Let the cluster settle: every pod Running.
    for (let i = 0; i < 100; i++) {
      const p = await c.kubectl(['get', 'pods', '-A', '--no-headers']);
      if (p.stdout && !/ContainerCreating|Pending/.test(p.stdout)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    session = new KubectlSession({ transport: httpsTransport(s.kubePort, tokenOf(c)) });
  }, 120_000);
  afterAll(() => s?.close(), 30_000);

  it.each(LINES)('kubectl %s', async (line) => {
    const argv = parseScript(line)[0]!.pipeline[0]!.argv;
    const real = await c.kubectl(argv);
    const b = bufferIO();
    const code = await runKubectl(argv, { session, io: b.io });
    if (process.env.PARITY_SHOW) console.log(`$ kubectl ${line}\n${real.stdout}${real.stderr}`);
    expect({ code, out: maskAge(b.stdout), err: maskAge(b.stderr) }).toEqual({
      code: real.code,
      out: maskAge(real.stdout),
      err: maskAge(real.stderr),
    });
  });
});
