import fs from 'node:fs';
import path from 'node:path';
import { StatusError } from '@kubelab/apimachinery';
import { SimCluster } from '../src';

// The seed's own manifests (copied into fixtures/seed-examples), and what its README says a real
// cluster does.
const seed = (f: string) =>
  fs.readFileSync(path.resolve(__dirname, 'fixtures/seed-examples', f), 'utf8');

function refusal(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error('expected the API to refuse');
}

describe('seed examples', () => {
  it('02: a NodePort Service on 30100 with no endpoints; a second one on 30100 is refused', () => {
    const c = new SimCluster();
    const [svc] = c.apply(seed('02-webapp-nodeport-service.yaml')) as any[];
    expect(svc.spec).toMatchObject({
      type: 'NodePort',
      ports: [{ port: 3000, targetPort: 3000, nodePort: 30100, protocol: 'TCP' }],
    });
    expect(svc.spec.clusterIP).toMatch(/^10\.(9[6-9]|10\d|11[01])\.\d+\.\d+$/);
    c.advance(10_000);
    const ep = c.get('endpoints', 'default', 'webapp-service');
    expect(ep).toBeDefined();
    expect(ep.subsets).toBeUndefined();
    const second = seed('02-webapp-nodeport-service.yaml').replace(
      'name: webapp-service',
      'name: webapp-service-2',
    );
    const err = refusal(() => c.apply(second));
    expect(err.code).toBe(422);
    expect(err.message).toBe(
      'Service "webapp-service-2" is invalid: spec.ports[0].nodePort: Invalid value: 30100: provided port is already allocated',
    );
    expect(c.get('services', 'default', 'webapp-service-2')).toBeUndefined();
  });

  it('06 and 07: the ConfigMap keeps its four keys; the Secret decodes to admin / password', () => {
    const c = new SimCluster();
    c.apply(seed('06-game-demo-configmap.yaml'));
    c.apply(seed('07-demo-secret.yaml'));
    const cm = c.get('configmaps', 'default', 'game-demo');
    expect(Object.keys(cm.data).sort()).toEqual([
      'game.properties',
      'player_initial_lives',
      'ui_properties_file_name',
      'user-interface.properties',
    ]);
    expect(cm.data['game.properties']).toBe(
      'enemy.types=aliens,monsters\nplayer.maximum-lives=5\n',
    );
    const s = c.get('secrets', 'default', 'demo-secret');
    expect(s.type).toBe('Opaque');
    expect(atob(s.data.username)).toBe('admin');
    expect(atob(s.data.password)).toBe('password');
  });

  it('08: refused as Invalid, then, fixed, its pod fails with CreateContainerConfigError', () => {
    const c = new SimCluster();
    c.apply(seed('06-game-demo-configmap.yaml'));
    c.apply(seed('07-demo-secret.yaml'));
    const err = refusal(() => c.apply(seed('08-loki-deployment-envfrom.yaml')));
    expect(err.code).toBe(422);
    expect(err.reason).toBe('Invalid');
    expect(err.message).toBe(
      'Deployment.apps "loki" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`]',
    );
    expect(err.details?.causes).toEqual([
      { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.selector' },
      {
        reason: 'FieldValueInvalid',
        message:
          'Invalid value: map[string]string(nil): `selector` does not match template `labels`',
        field: 'spec.template.metadata.labels',
      },
    ]);
    expect(c.list('deployments', 'default')).toHaveLength(0);

    const fixed = seed('08-loki-deployment-envfrom.yaml').replace(
      'spec:\n  template:\n    spec:',
      'spec:\n  selector:\n    matchLabels: {app: loki}\n  template:\n    metadata:\n      labels: {app: loki}\n    spec:',
    );
    c.apply(fixed);
    c.advance(30_000);
    const [pod] = c.pods().filter((p) => p.metadata.name.startsWith('loki-'));
    expect(pod.status.phase).toBe('Pending');
    expect(pod.status.containerStatuses[0].state.waiting).toEqual({
      reason: 'CreateContainerConfigError',
      message: 'secret "demo-secrets" not found',
    });
    const failed = c
      .events('default')
      .filter((e) => e.involvedObject.name === pod.metadata.name && e.reason === 'Failed');
    expect(failed[0].message).toBe('Error: secret "demo-secrets" not found');
    expect(failed[0].type).toBe('Warning');
    // Creating the Secret it names lets the pod start.
    c.apply({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'demo-secrets' },
      stringData: { k: 'v' },
    } as any);
    c.runUntil(
      () =>
        c.pods().some((p) => p.metadata.name.startsWith('loki-') && p.status.phase === 'Running'),
      10 * 60_000,
    );
  });
});

describe('scheduling', () => {
  it('keeps a pod asking for 64 CPUs Pending with the real FailedScheduling message', () => {
    const c = new SimCluster();
    c.apply(`apiVersion: v1
kind: Pod
metadata: {name: huge}
spec:
  containers:
  - name: app
    image: nginx
    resources: {requests: {cpu: "64"}}`);
    c.advance(60_000);
    const pod = c.get('pods', 'default', 'huge');
    expect(pod.status.phase).toBe('Pending');
    expect(pod.spec.nodeName).toBeUndefined();
    const msg =
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.';
    expect(pod.status.conditions).toEqual([
      {
        type: 'PodScheduled',
        status: 'False',
        lastProbeTime: null,
        lastTransitionTime: expect.any(String),
        reason: 'Unschedulable',
        message: msg,
      },
    ]);
    const ev = c.events('default').find((e) => e.reason === 'FailedScheduling');
    expect(ev).toMatchObject({
      type: 'Warning',
      message: msg,
      reportingComponent: 'default-scheduler',
    });
  });

  it('never places pods on the tainted control plane unless they tolerate it', () => {
    const c = new SimCluster();
    c.apply(`apiVersion: apps/v1
kind: Deployment
metadata: {name: many}
spec:
  replicas: 6
  selector: {matchLabels: {app: many}}
  template:
    metadata: {labels: {app: many}}
    spec:
      containers: [{name: c, image: nginx}]`);
    c.advance(30_000);
    const nodes = new Set(
      c
        .pods()
        .filter((p) => p.metadata.name.startsWith('many-'))
        .map((p) => p.spec.nodeName),
    );
    expect([...nodes].sort()).toEqual(['kubelab-worker', 'kubelab-worker2']);
  });

  it('spreads replicas of one owner across nodes', () => {
    const c = new SimCluster();
    c.apply(`apiVersion: apps/v1
kind: Deployment
metadata: {name: spread}
spec:
  replicas: 4
  selector: {matchLabels: {app: spread}}
  template:
    metadata: {labels: {app: spread}}
    spec:
      containers: [{name: c, image: nginx}]`);
    c.advance(30_000);
    const counts = new Map<string, number>();
    for (const p of c.pods().filter((x) => x.metadata.name.startsWith('spread-')))
      counts.set(p.spec.nodeName, (counts.get(p.spec.nodeName) ?? 0) + 1);
    expect([...counts.values()].sort()).toEqual([2, 2]);
  });

  it('honours nodeSelector, with the affinity reason when nothing matches', () => {
    const c = new SimCluster();
    c.apply(`apiVersion: v1
kind: Pod
metadata: {name: picky}
spec:
  nodeSelector: {disktype: ssd}
  containers: [{name: c, image: nginx}]`);
    c.advance(5_000);
    const pod = c.get('pods', 'default', 'picky');
    expect(pod.status.conditions[0].message).toBe(
      "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
    // Label a worker: the pod lands there.
    c.patch('nodes', '', 'kubelab-worker2', { metadata: { labels: { disktype: 'ssd' } } });
    c.advance(10_000);
    expect(c.get('pods', 'default', 'picky').spec.nodeName).toBe('kubelab-worker2');
  });
});

describe('Service endpoints', () => {
  it('follow pod readiness: not ready while starting, ready when running, gone when the pod is deleted or crashes', () => {
    const c = new SimCluster();
    c.apply(`apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: v1
kind: Pod
metadata: {name: web-1, labels: {app: web}}
spec:
  containers: [{name: nginx, image: nginx, ports: [{name: http, containerPort: 8080}]}]
---
apiVersion: v1
kind: Pod
metadata: {name: web-2, labels: {app: web}}
spec:
  containers:
  - name: app
    image: busybox
    command: [sh, -c, "sleep 20; exit 1"]
    ports: [{name: http, containerPort: 8080}]`);
    const ep = () => c.get('endpoints', 'default', 'web');
    const names = (list: any[] | undefined) =>
      (list ?? []).map((a: any) => a.targetRef.name).sort();
    // Starting: an IP but not ready.
    c.runUntil(() => (ep()?.subsets?.[0]?.notReadyAddresses ?? []).length > 0, 10_000);
    expect(ep().subsets[0].ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    c.runUntil(() => names(ep()?.subsets?.[0]?.addresses).length === 2, 60_000);
    expect(names(ep().subsets[0].addresses)).toEqual(['web-1', 'web-2']);
    const slice = c
      .list('endpointslices', 'default')
      .find((s: any) => s.metadata.labels['kubernetes.io/service-name'] === 'web');
    expect(slice.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(slice.endpoints.every((e: any) => e.conditions.ready)).toBe(true);
    // web-2 crashes after 20 s: it leaves the ready addresses.
    c.runUntil(
      () => names(ep()?.subsets?.flatMap((s: any) => s.notReadyAddresses ?? [])).includes('web-2'),
      60_000,
    );
    expect(names(ep().subsets.flatMap((s: any) => s.addresses ?? []))).toEqual(['web-1']);
    // Deleting web-1: it leaves the endpoints as soon as it is terminating.
    c.delete('pods', 'default', 'web-1');
    c.reconcile();
    expect(names(ep().subsets?.flatMap((s: any) => s.addresses ?? []))).toEqual([]);
    const slice2 = c
      .list('endpointslices', 'default')
      .find((s: any) => s.metadata.labels['kubernetes.io/service-name'] === 'web');
    expect(slice2.endpoints.find((e: any) => e.targetRef.name === 'web-1').conditions).toEqual({
      ready: false,
      serving: true,
      terminating: true,
    });
  });
});
