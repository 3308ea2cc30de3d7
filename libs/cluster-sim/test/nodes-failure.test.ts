import { formatTime } from '@kubelab/apimachinery';
import { SimCluster, addNode, failNode, recoverNode } from '../src';
import { deployment, ready, running } from './helpers';

// A node whose kubelet stops (NotReady, then its pods evicted after 300 s and recreated
// elsewhere), a node that comes back, and a node that joins.

const condition = (o: any, type: string) =>
  (o.status?.conditions ?? []).find((c: any) => c.type === type);

const eventsAbout = (c: SimCluster, name: string, ns = 'default') =>
  c.events(ns).filter((e) => e.involvedObject.name === name);

describe('a node that stops reporting', () => {
  it('turns Unknown after 50 s, is tainted unreachable, and its pods go elsewhere after 300 s', () => {
    const c = new SimCluster();
    c.apply(deployment('web', { replicas: 4 }));
    c.runUntil(() => running(c, 'web-').filter(ready).length === 4);
    const lost = running(c, 'web-').filter((p) => p.spec.nodeName === 'kubelab-worker');
    expect(lost.length).toBeGreaterThan(0);
    const failedAt = c.now;
    failNode(c.sim.core, c.state, 'kubelab-worker', c.now);

    // The node lifecycle controller waits for node-monitor-grace-period (50 s).
    c.advance(49_000);
    expect(condition(c.get('nodes', '', 'kubelab-worker'), 'Ready').status).toBe('True');
    c.advance(1_000);
    const node = c.get('nodes', '', 'kubelab-worker');
    expect(node.status.conditions.map((x: any) => [x.type, x.status, x.reason, x.message])).toEqual(
      [
        ['MemoryPressure', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.'],
        ['DiskPressure', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.'],
        ['PIDPressure', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.'],
        ['Ready', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.'],
      ],
    );
    expect(condition(node, 'Ready').lastTransitionTime).toBe(formatTime(failedAt + 50_000));
    expect(node.spec.taints.map((t: any) => `${t.key}:${t.effect}`)).toEqual([
      'node.kubernetes.io/unreachable:NoSchedule',
      'node.kubernetes.io/unreachable:NoExecute',
    ]);
    expect(eventsAbout(c, 'kubelab-worker').map((e) => [e.reason, e.message])).toContainEqual([
      'NodeNotReady',
      'Node kubelab-worker status is now: NodeNotReady',
    ]);
    // Its pods are no longer Ready (and so leave the Service endpoints), but still there.
    for (const p of lost) {
      const now = c.get('pods', 'default', p.metadata.name);
      expect(condition(now, 'Ready').status).toBe('False');
      expect(now.metadata.deletionTimestamp).toBeUndefined();
      expect(
        eventsAbout(c, p.metadata.name).map((e) => [e.type, e.reason, e.message]),
      ).toContainEqual(['Warning', 'NodeNotReady', 'Node is not ready']);
    }

    // DefaultTolerationSeconds: 300 s tolerating node.kubernetes.io/unreachable:NoExecute.
    c.advance(299_000);
    expect(
      c.get('pods', 'default', lost[0].metadata.name).metadata.deletionTimestamp,
    ).toBeUndefined();
    c.advance(1_000);
    for (const p of lost) {
      const gone = c.get('pods', 'default', p.metadata.name);
      // The kubelet is not there to finish the deletion: the pod stays Terminating.
      expect(gone.metadata.deletionTimestamp).toBeDefined();
      expect(condition(gone, 'DisruptionTarget')).toMatchObject({
        status: 'True',
        reason: 'DeletionByTaintManager',
        message: 'Taint manager: deleting due to NoExecute taint',
      });
      expect(eventsAbout(c, p.metadata.name).map((e) => [e.reason, e.message])).toContainEqual([
        'TaintManagerEviction',
        `Marking for deletion Pod default/${p.metadata.name}`,
      ]);
    }
    // The ReplicaSet replaces them on the nodes that still answer.
    c.runUntil(() => running(c, 'web-').filter(ready).length === 4);
    expect(running(c, 'web-').every((p) => p.spec.nodeName !== 'kubelab-worker')).toBe(true);
    const terminating = c.pods().filter((p) => p.metadata.deletionTimestamp);
    expect(terminating.map((p) => p.metadata.name).sort()).toEqual(
      lost.map((p) => p.metadata.name).sort(),
    );

    // The node comes back: Ready again, untainted, and the evicted pods finish terminating.
    recoverNode(c.sim.core, c.state, 'kubelab-worker', c.now);
    c.advance(60_000);
    const back = c.get('nodes', '', 'kubelab-worker');
    expect(condition(back, 'Ready')).toMatchObject({
      status: 'True',
      reason: 'KubeletReady',
      message: 'kubelet is posting ready status',
    });
    expect(back.spec.taints).toBeUndefined();
    expect(eventsAbout(c, 'kubelab-worker').map((e) => e.reason)).toContain('NodeReady');
    for (const p of lost) expect(c.get('pods', 'default', p.metadata.name)).toBeUndefined();
    expect(c.pods().filter((p) => p.metadata.name.startsWith('web-'))).toHaveLength(4);
  });

  it('back within the 300 s, keeps its pods: they are Ready again and nothing is evicted', () => {
    const c = new SimCluster();
    c.apply(deployment('web', { replicas: 4 }));
    c.runUntil(() => running(c, 'web-').filter(ready).length === 4);
    const names = running(c, 'web-')
      .map((p) => p.metadata.name)
      .sort();
    failNode(c.sim.core, c.state, 'kubelab-worker2', c.now);
    c.advance(120_000);
    expect(running(c, 'web-').filter(ready).length).toBeLessThan(4);
    recoverNode(c.sim.core, c.state, 'kubelab-worker2', c.now);
    c.advance(10_000);
    expect(c.get('nodes', '', 'kubelab-worker2').spec.taints).toBeUndefined();
    c.advance(600_000);
    expect(
      running(c, 'web-')
        .filter(ready)
        .map((p) => p.metadata.name)
        .sort(),
    ).toEqual(names);
    expect(c.events('default').filter((e) => e.reason === 'TaintManagerEviction')).toEqual([]);
  });

  it('stops renewing its Lease, while the other nodes renew theirs as the cluster runs', () => {
    const c = new SimCluster();
    const leases = () =>
      Object.fromEntries(
        c.list('leases', 'kube-node-lease').map((l) => [l.metadata.name, l.spec.renewTime]),
      );
    const lease = c.get('leases', 'kube-node-lease', 'kubelab-worker');
    expect(lease.spec).toEqual({
      holderIdentity: 'kubelab-worker',
      leaseDurationSeconds: 40,
      renewTime: '2026-01-05T09:00:00.000000Z',
    });
    expect(lease.metadata.ownerReferences).toEqual([
      expect.objectContaining({ apiVersion: 'v1', kind: 'Node', name: 'kubelab-worker' }),
    ]);
    c.advance(30_000);
    failNode(c.sim.core, c.state, 'kubelab-worker2', c.now);
    c.advance(90_000);
    expect(leases()).toEqual({
      'kubelab-control-plane': '2026-01-05T09:02:00.000000Z',
      'kubelab-worker': '2026-01-05T09:02:00.000000Z',
      'kubelab-worker2': '2026-01-05T09:00:30.000000Z',
    });
  });
});

describe('a node that is deleted', () => {
  it('has its pods collected 40 s later, and they come back elsewhere', () => {
    const c = new SimCluster();
    c.apply(deployment('web', { replicas: 4 }));
    c.runUntil(() => running(c, 'web-').filter(ready).length === 4);
    const lost = running(c, 'web-').filter((p) => p.spec.nodeName === 'kubelab-worker');
    expect(lost.length).toBeGreaterThan(0);
    c.delete('nodes', '', 'kubelab-worker');
    c.advance(39_000);
    expect(c.get('pods', 'default', lost[0].metadata.name)).toBeDefined();
    c.advance(1_000);
    for (const p of lost) expect(c.get('pods', 'default', p.metadata.name)).toBeUndefined();
    // Its Lease went with it (owned by the Node).
    expect(c.get('leases', 'kube-node-lease', 'kubelab-worker')).toBeUndefined();
    c.runUntil(() => running(c, 'web-').filter(ready).length === 4);
    expect(running(c, 'web-').every((p) => p.spec.nodeName !== 'kubelab-worker')).toBe(true);
  });
});

describe('a node that joins', () => {
  it('registers NotReady, becomes Ready, and takes pods', () => {
    const c = new SimCluster();
    const { node, profile } = addNode(c.sim.core, c.state, c.profile, {}, c.now);
    expect(node.metadata.name).toBe('kubelab-worker3');
    expect(profile).toMatchObject({ internalIP: '172.18.0.5', podCIDR: '10.244.3.0/24' });
    c.reconcile();
    let n = c.get('nodes', '', 'kubelab-worker3');
    expect(condition(n, 'Ready')).toMatchObject({ status: 'False', reason: 'KubeletNotReady' });
    expect(n.status.capacity).toMatchObject({ cpu: '4', memory: '8Gi', pods: '110' });
    expect(n.spec.taints.map((t: any) => `${t.key}:${t.effect}`)).toEqual([
      'node.kubernetes.io/not-ready:NoSchedule',
      'node.kubernetes.io/not-ready:NoExecute',
    ]);
    expect(c.get('leases', 'kube-node-lease', 'kubelab-worker3')).toBeDefined();
    c.advance(12_000);
    n = c.get('nodes', '', 'kubelab-worker3');
    expect(condition(n, 'Ready')).toMatchObject({ status: 'True', reason: 'KubeletReady' });
    expect(n.spec.taints).toBeUndefined();
    expect(
      eventsAbout(c, 'kubelab-worker3')
        .map((e) => e.reason)
        .sort(),
    ).toEqual([
      'NodeAllocatableEnforced',
      'NodeHasNoDiskPressure',
      'NodeHasSufficientMemory',
      'NodeHasSufficientPID',
      'NodeReady',
      'RegisteredNode',
      'Starting',
    ]);
    c.apply(`apiVersion: v1
kind: Pod
metadata: {name: pinned}
spec:
  nodeSelector: {kubernetes.io/hostname: kubelab-worker3}
  containers: [{name: c, image: nginx}]`);
    c.runUntil(() => c.get('pods', 'default', 'pinned')?.status.phase === 'Running');
    expect(c.get('pods', 'default', 'pinned').spec.nodeName).toBe('kubelab-worker3');
  });
});
