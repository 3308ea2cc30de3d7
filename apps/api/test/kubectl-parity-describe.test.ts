// Parity of the web terminal's `kubectl describe` with the real kubectl: the same cluster state,
// described by both, compared line by line. Ages depend on the reader's clock (the real kubectl
// counts from wall time, the emulation from the cluster's virtual time), so they are masked, and
// runs of spaces collapsed (a wider age moves the columns after it).
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
  console.warn(
    'kubectl is not on the PATH: the kubectl describe parity tests are skipped (LOUDLY)',
  );

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
---
apiVersion: v1
kind: Pod
metadata:
  name: kitchen
  namespace: shop
  labels: {app: kitchen}
  annotations: {note: hello, long: "${'x'.repeat(150)}"}
spec:
  initContainers:
  - {name: init, image: "busybox:1.36", command: [sh, -c, "echo init"]}
  containers:
  - name: main
    image: nginx:1.27
    ports: [{containerPort: 80}, {containerPort: 443, name: https}]
    args: ["--flag", "two\\nlines"]
    env:
    - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
    - {name: NODE, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}
    - {name: APP, valueFrom: {fieldRef: {fieldPath: "metadata.labels['app']"}}}
    - {name: MEM, valueFrom: {resourceFieldRef: {resource: limits.memory}}}
    - {name: CPU, valueFrom: {resourceFieldRef: {resource: requests.cpu, divisor: 1m}}}
    - {name: USER, valueFrom: {secretKeyRef: {name: creds, key: user}}}
    - {name: MODE, valueFrom: {configMapKeyRef: {name: settings, key: mode, optional: true}}}
    - {name: MULTI, value: "one\\ntwo"}
    envFrom:
    - configMapRef: {name: settings}
    - {secretRef: {name: creds}, prefix: S_}
    readinessProbe: {httpGet: {path: /, port: 80}}
    livenessProbe: {tcpSocket: {port: 80}, initialDelaySeconds: 5}
    startupProbe: {exec: {command: [cat, /etc/hostname]}, failureThreshold: 30}
    resources: {requests: {cpu: 250m, memory: 64Mi}, limits: {cpu: 500m, memory: 128Mi}}
    volumeMounts:
    - {name: config, mountPath: /etc/config, readOnly: true}
    - {name: scratch, mountPath: /scratch, subPath: sub}
    - {name: secret, mountPath: /etc/secret}
  volumes:
  - {name: config, configMap: {name: settings}}
  - {name: secret, secret: {secretName: creds, optional: true}}
  - {name: scratch, emptyDir: {sizeLimit: 1Gi}}
  - {name: host, hostPath: {path: /var/log, type: Directory}}
  - name: info
    downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]}
  nodeSelector: {kubernetes.io/os: linux}
  tolerations:
  - {key: dedicated, operator: Equal, value: kitchen, effect: NoSchedule}
  - {operator: Exists}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: roll, namespace: shop}
spec:
  replicas: 2
  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}
  selector: {matchLabels: {app: roll}}
  template:
    metadata: {labels: {app: roll}, annotations: {build: "1"}}
    spec:
      serviceAccountName: builder
      containers: [{name: web, image: "nginx:1.27"}]
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: builder, namespace: shop}
secrets: [{name: creds}]
imagePullSecrets: [{name: regcred}, {name: creds}]
---
apiVersion: v1
kind: Service
metadata: {name: web-lb, annotations: {team: red}}
spec:
  type: LoadBalancer
  externalTrafficPolicy: Local
  selector: {app: web}
  ports: [{port: 80, targetPort: 80, name: http}]
---
apiVersion: v1
kind: Service
metadata: {name: web-headless}
spec:
  clusterIP: None
  selector: {app: web}
  ports: [{port: 80, name: http}]
---
apiVersion: v1
kind: Service
metadata: {name: search}
spec:
  type: ExternalName
  externalName: search.example.com
`;

/** `<web-pod>` stands for the name of one of the web Deployment's pods, read from the cluster. */
const LINES = [
  'describe pod <web-pod>',
  'describe pods/<web-pod>',
  'describe pod web',
  'describe pods -l app=web',
  'describe pod kitchen -n shop',
  'describe pods -n kube-system',
  'describe deploy web',
  'describe deploy',
  'describe deploy -A',
  'describe deploy -n shop',
  'describe deploy web --show-events=false',
  'describe deploy roll -n shop',
  'describe rs -n shop',
  'describe rs',
  'describe svc web',
  'describe svc web-np',
  'describe svc',
  'describe node kubelab-worker',
  'describe nodes',
  'describe ns shop',
  'describe namespaces',
  'describe cm settings -n shop',
  'describe cm -n shop',
  'describe secret creds -n shop',
  'describe sa default',
  'describe sa -n shop',
  'describe endpoints web',
  'describe ep',
  'describe endpointslices -l kubernetes.io/service-name=web',
  'describe events -n shop',
  'describe all -n shop',
  'describe pods -A -l tier=front',
  'describe deploy/web svc/web',
  'describe pods -l app=nothing',
  'describe nodes -l nothing=here',
  'describe pod nope',
  'describe pod nope nada',
  'describe deploy web nope',
  'describe deploy web -l app=web',
  'describe nosuchkind',
  'describe',
];

/** Lines whose real output lists a Go map (data keys) in random order: asked until ours. */
const MAP_ORDER = new Set([
  'describe cm settings -n shop',
  'describe cm -n shop',
  'describe secret creds -n shop',
]);

/** Ages: `5s`, `2m3s`, `<invalid>`, `(x3 over 10s)`, `Terminating (lasts 5s)`. */
const AGE = /(?<=\s|^|\()(\d+[smhdy])(\d+[smh])?(?=\s|$|\))/gm;

/**
 * Ages masked. Elsewhere an age is the last cell of its line, which no alignment depends on; in
 * an Events table it is a column, whose width moves the columns after it: only there are runs
 * of spaces collapsed, so everything else is compared byte for byte.
 */
const normalize = (s: string) =>
  s
    .replace(/^( *)Events:\n(?:\1 {2}.*\n?)*/gm, (table) => table.replace(/ {2,}/g, ' '))
    .replace(AGE, '<age>')
    .replace(/<invalid>/g, '<age>');

maybe('the terminal kubectl describes what the real kubectl describes', () => {
  let s: KubeStack;
  let c: KubeCluster;
  let session: KubectlSession;
  let webPod = '';
  beforeAll(async () => {
    s = await startKubeStack('parity-describe');
    c = await s.newCluster('parity-describe', 0);
    const r = await c.kubectl(['apply', '-f', '-'], { input: SETUP });
    if (r.code !== 0) throw new Error(r.stderr);
    // Let the cluster settle: every pod Running, then roll out a second revision of `roll`.
    const settle = async () => {
      for (let i = 0; i < 100; i++) {
        const p = await c.kubectl(['get', 'pods', '-A', '--no-headers']);
        if (p.stdout && !/ContainerCreating|Pending|Terminating/.test(p.stdout)) break;
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    await settle();
    const set = await c.kubectl(['set', 'image', 'deploy/roll', 'web=nginx:1.28', '-n', 'shop']);
    if (set.code !== 0) throw new Error(set.stderr);
    await c.kubectl(['rollout', 'status', 'deploy/roll', '-n', 'shop', '--timeout=60s']);
    await settle();
    const pods = await c.kubectl(['get', 'pods', '-l', 'app=web', '-o', 'name']);
    webPod = pods.stdout.split('\n')[0]!.replace('pod/', '');
    session = new KubectlSession({ transport: httpsTransport(s.kubePort, tokenOf(c)) });
  }, 120_000);
  afterAll(() => s?.close(), 30_000);

  it.each(LINES)('kubectl %s', async (template) => {
    const line = template.replace('<web-pod>', webPod);
    const argv = parseScript(line)[0]!.pipeline[0]!.argv;
    const b = bufferIO();
    const code = await runKubectl(argv, { session, io: b.io });
    const ours = { code, out: normalize(b.stdout), err: normalize(b.stderr) };
    let real = await c.kubectl(argv);
    for (let i = 0; MAP_ORDER.has(template) && i < 30; i++) {
      if (normalize(real.stdout) === ours.out) break;
      real = await c.kubectl(argv);
    }
    if (process.env.PARITY_SHOW)
      console.log(
        `$ kubectl ${line}\n${real.stdout}${real.stderr}\n--- emulation:\n${b.stdout}${b.stderr}`,
      );
    expect(ours).toEqual({
      code: real.code,
      out: normalize(real.stdout),
      err: normalize(real.stderr),
    });
  });
});
