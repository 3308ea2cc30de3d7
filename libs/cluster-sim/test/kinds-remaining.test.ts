import { StatusError } from '@kubelab/apimachinery';
import { SimCluster, printTable } from '../src';
import { ready } from './helpers';

// ReplicationController (with its controller), PodTemplate and RuntimeClass.

function refusal(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error('expected the API to refuse');
}

describe('a ReplicationController', () => {
  const rc = (replicas: number) => `apiVersion: v1
kind: ReplicationController
metadata: {name: nginx}
spec:
  replicas: ${replicas}
  template:
    metadata: {labels: {app: nginx}}
    spec: {containers: [{name: nginx, image: nginx, ports: [{containerPort: 80}]}]}`;

  it('defaults its selector and labels from the template and keeps its pods running', () => {
    const c = new SimCluster();
    const [created] = c.apply(rc(3)) as any[];
    expect(created.spec.selector).toEqual({ app: 'nginx' });
    expect(created.metadata.labels).toEqual({ app: 'nginx' });
    c.runUntil(() => c.pods().filter(ready).length === 3);
    const pods = c.pods();
    expect(
      pods.every((p) => /^nginx-[bcdfghjklmnpqrstvwxz2456789]{5}$/.test(p.metadata.name)),
    ).toBe(true);
    expect(pods[0].metadata.ownerReferences).toEqual([
      expect.objectContaining({ apiVersion: 'v1', kind: 'ReplicationController', name: 'nginx' }),
    ]);
    const status = c.get('rc', 'default', 'nginx').status;
    expect(status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3 });
    const t = printTable([c.get('rc', 'default', 'nginx')], {
      group: '',
      kind: 'ReplicationController',
      now: c.now,
    });
    expect(t.rows[0]!.cells.slice(0, 4)).toEqual(['nginx', 3, 3, 3]);
    expect(
      c
        .events('default')
        .filter((e) => e.reason === 'SuccessfulCreate')
        .map((e) => e.source.component),
    ).toEqual(['replication-controller', 'replication-controller', 'replication-controller']);
    c.apply(rc(1));
    c.runUntil(() => c.pods().length === 1);
  });

  it('refuses a template its selector does not match', () => {
    const c = new SimCluster();
    const err = refusal(() =>
      c.apply(
        rc(1).replace('spec:\n  replicas: 1', 'spec:\n  replicas: 1\n  selector: {app: web}'),
      ),
    );
    expect(err.message).toBe(
      'ReplicationController "nginx" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"nginx"}: `selector` does not match template `labels`',
    );
  });
});

describe('PodTemplate and RuntimeClass', () => {
  it('stores a pod template with the pod defaults, and validates its spec', () => {
    const c = new SimCluster();
    const [pt] = c.apply(`apiVersion: v1
kind: PodTemplate
metadata: {name: tpl}
template:
  metadata: {labels: {a: b}}
  spec: {containers: [{name: c, image: busybox}]}`) as any[];
    expect(pt.template.spec.restartPolicy).toBe('Always');
    expect(pt.template.spec.containers[0].imagePullPolicy).toBe('Always');
    expect(pt.metadata.generation).toBe(1);
    expect(
      refusal(() =>
        c.apply(`apiVersion: v1
kind: PodTemplate
metadata: {name: bad}
template: {spec: {containers: []}}`),
      ).message,
    ).toContain('template.spec.containers: Required value');
  });

  it('a RuntimeClass names a DNS-label handler that never changes', () => {
    const c = new SimCluster();
    const [rc] = c.apply(`apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata: {name: gvisor}
handler: runsc`) as any[];
    expect(
      printTable([rc], { group: 'node.k8s.io', kind: 'RuntimeClass', now: c.now }).rows[0]!.cells,
    ).toEqual(['gvisor', 'runsc', '0s']);
    expect(
      refusal(() =>
        c.apply(`apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata: {name: gvisor}
handler: kata`),
      ).message,
    ).toBe(
      'RuntimeClass.node.k8s.io "gvisor" is invalid: handler: Invalid value: "kata": field is immutable',
    );
  });
});
