import { StatusError } from '@kubelab/apimachinery';
import { SimCluster } from '../src';
import { deployment, ready, running } from './helpers';

// Cordon, uncordon and the eviction API under a PodDisruptionBudget, as `kubectl cordon` and
// `kubectl drain` drive them.

const untaintControlPlane = (c: SimCluster) =>
  c.patch('nodes', '', 'kubelab-control-plane', { spec: { taints: null } });

const cordon = (c: SimCluster, node: string, on = true) =>
  c.patch('nodes', '', node, { spec: { unschedulable: on ? true : null } });

function evict(c: SimCluster, pod: string, ns = 'default'): StatusError | undefined {
  try {
    c.sim.core.evict(c.state, ns, pod, {}, c.requestOptions({ fieldManager: 'kubectl' }));
    return undefined;
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
}

const onNode = (c: SimCluster, node: string, prefix: string) =>
  running(c, prefix).filter((p) => p.spec.nodeName === node);

describe('cordon', () => {
  it('taints a cordoned node unschedulable, and new pods avoid it until it is uncordoned', () => {
    const c = new SimCluster();
    cordon(c, 'kubelab-worker');
    c.reconcile();
    const node = c.get('nodes', '', 'kubelab-worker');
    expect(node.spec.unschedulable).toBe(true);
    expect(node.spec.taints).toEqual([
      {
        key: 'node.kubernetes.io/unschedulable',
        effect: 'NoSchedule',
        timeAdded: expect.any(String),
      },
    ]);
    c.apply(deployment('web', { replicas: 4 }));
    c.advance(60_000);
    expect(running(c, 'web-')).toHaveLength(4);
    expect(running(c, 'web-').every((p) => p.spec.nodeName === 'kubelab-worker2')).toBe(true);

    cordon(c, 'kubelab-worker2');
    c.apply(deployment('api', { replicas: 1 }));
    c.advance(10_000);
    const [pending] = c.pods().filter((p) => p.metadata.name.startsWith('api-'));
    expect(pending.status.phase).toBe('Pending');
    expect(pending.status.conditions).toContainEqual(
      expect.objectContaining({
        type: 'PodScheduled',
        status: 'False',
        reason: 'Unschedulable',
        message:
          '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) were unschedulable. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
      }),
    );

    cordon(c, 'kubelab-worker', false);
    c.advance(30_000);
    expect(c.get('nodes', '', 'kubelab-worker').spec.taints).toBeUndefined();
    expect(onNode(c, 'kubelab-worker', 'api-')).toHaveLength(1);
  });
});

describe('drain', () => {
  const pdb = `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web-pdb}
spec:
  minAvailable: 2
  selector: {matchLabels: {app: web}}`;

  it('evicts while the budget allows, refuses with 429 when it would not, and recreates elsewhere', () => {
    const c = new SimCluster();
    untaintControlPlane(c);
    c.apply(deployment('web', { replicas: 3 }));
    c.apply(pdb);
    c.runUntil(() => running(c, 'web-').filter(ready).length === 3);
    c.reconcile();
    expect(c.get('pdb', 'default', 'web-pdb').status).toMatchObject({
      currentHealthy: 3,
      desiredHealthy: 2,
      disruptionsAllowed: 1,
      expectedPods: 3,
    });
    const victims = running(c, 'web-').slice(0, 2);
    const first = evict(c, victims[0].metadata.name);
    expect(first).toBeUndefined();
    const evicted = c.get('pods', 'default', victims[0].metadata.name);
    expect(evicted.metadata.deletionTimestamp).toBeDefined();
    expect(evicted.status.conditions).toContainEqual(
      expect.objectContaining({
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'EvictionByEvictionAPI',
        message: 'Eviction API: evicting',
      }),
    );
    // The budget is spent: the second eviction is refused until a replacement is ready.
    c.reconcile();
    const refused = evict(c, victims[1].metadata.name);
    expect(refused).toBeInstanceOf(StatusError);
    expect(refused!.code).toBe(429);
    expect(refused!.reason).toBe('TooManyRequests');
    expect(refused!.message).toBe(
      "Cannot evict pod as it would violate the pod's disruption budget.",
    );
    expect(refused!.details?.causes).toEqual([
      {
        reason: 'DisruptionBudget',
        message: 'The disruption budget web-pdb needs 2 healthy pods and has 2 currently',
      },
    ]);
    expect(
      c.get('pods', 'default', victims[1].metadata.name).metadata.deletionTimestamp,
    ).toBeUndefined();
    c.runUntil(() => c.get('pdb', 'default', 'web-pdb').status.disruptionsAllowed === 1);
    expect(evict(c, victims[1].metadata.name)).toBeUndefined();
    c.runUntil(() => running(c, 'web-').filter(ready).length === 3 && c.pods().length === 3);
    const names = c.pods().map((p) => p.metadata.name);
    expect(names).not.toContain(victims[0].metadata.name);
    expect(names).not.toContain(victims[1].metadata.name);
  });

  it('refuses while the controller has not seen a changed budget, and evicts unready pods freely', () => {
    const c = new SimCluster();
    c.apply(deployment('web', { replicas: 2 }));
    c.runUntil(() => running(c, 'web-').filter(ready).length === 2);
    c.apply(pdb);
    const [pod] = running(c, 'web-');
    const early = evict(c, pod.metadata.name);
    expect(early?.code).toBe(429);
    expect(early?.details?.causes?.[0]?.message).toBe(
      'The disruption budget web-pdb is still being processed by the server.',
    );
    c.reconcile();
    // 2 healthy, 2 needed: nothing may go...
    expect(evict(c, pod.metadata.name)?.code).toBe(429);
    // ...but a pending pod never counted: it goes without asking.
    c.apply(deployment('web', { replicas: 3, extra: '      nodeSelector: {disk: none}' }));
    c.advance(5_000);
    const pending = c.pods().find((p) => p.status.phase === 'Pending');
    expect(pending).toBeDefined();
    expect(evict(c, pending.metadata.name)).toBeUndefined();
  });

  it('answers 404 for a pod that is gone, as drain expects once a pod has left', () => {
    const c = new SimCluster();
    expect(evict(c, 'nope')?.code).toBe(404);
  });
});
