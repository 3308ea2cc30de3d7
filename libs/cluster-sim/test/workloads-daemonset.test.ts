import { StatusError } from '@kubelab/apimachinery';
import { SimCluster, printTable } from '../src';
import { ready } from './helpers';

// DaemonSets as a learner meets them: one pod per eligible node (taints, tolerations, node
// selectors), pinned by node affinity and bound by the scheduler, following nodes as they come
// and go; rolling updates node by node; revisions, status, events and refusals.

const ds = (
  name: string,
  opts: { image?: string; tolerations?: string; nodeSelector?: string; strategy?: string } = {},
) => `
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: ${name}
spec:
  selector:
    matchLabels: { app: ${name} }
${opts.strategy ?? ''}
  template:
    metadata:
      labels: { app: ${name} }
    spec:
${opts.tolerations ?? ''}${opts.nodeSelector ?? ''}      containers:
      - name: agent
        image: ${opts.image ?? 'nginx:1.27'}
`;

const TOLERATE_ALL_NOSCHEDULE = '      tolerations: [{ effect: NoSchedule, operator: Exists }]\n';

const podsOf = (c: SimCluster, name: string, ns = 'default') =>
  c
    .pods(ns)
    .filter((p) => p.metadata.ownerReferences?.some((r: any) => r.name === name))
    .sort((a, b) => (a.spec.nodeName ?? '').localeCompare(b.spec.nodeName ?? ''));

const live = (c: SimCluster, name: string, ns = 'default') =>
  podsOf(c, name, ns).filter((p) => !p.metadata.deletionTimestamp);

const allReady = (c: SimCluster, name: string, n: number, ns = 'default') => {
  const pods = live(c, name, ns);
  return pods.length === n && pods.every(ready);
};

const NAME = /^agent-[bcdfghjklmnpqrstvwxz2456789]{5}$/;

function refusal(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error('expected the API to refuse');
}

const node = (name: string, labels = '') => `
apiVersion: v1
kind: Node
metadata:
  name: ${name}
  labels: { kubernetes.io/hostname: ${name}, kubernetes.io/os: linux${labels} }
status:
  allocatable: { cpu: "4", memory: 8Gi, pods: "110" }
  capacity: { cpu: "4", memory: 8Gi, pods: "110" }
  conditions:
  - { type: Ready, status: "True", reason: KubeletReady, message: kubelet is posting ready status }
`;

describe('DaemonSet pods', () => {
  it('run one per schedulable worker, skipping the tainted control plane', () => {
    const c = new SimCluster();
    c.apply(ds('agent'));
    c.runUntil(() => allReady(c, 'agent', 2));
    const pods = live(c, 'agent');
    expect(pods.map((p) => p.spec.nodeName)).toEqual(['kubelab-worker', 'kubelab-worker2']);
    for (const p of pods) expect(p.metadata.name).toMatch(NAME);
    expect(c.get('ds', 'default', 'agent').status).toMatchObject({
      desiredNumberScheduled: 2,
      currentNumberScheduled: 2,
      numberReady: 2,
    });
  });

  it('land on the control plane too when they tolerate its taint', () => {
    const c = new SimCluster();
    c.apply(ds('agent', { tolerations: TOLERATE_ALL_NOSCHEDULE }));
    c.runUntil(() => allReady(c, 'agent', 3));
    expect(live(c, 'agent').map((p) => p.spec.nodeName)).toEqual([
      'kubelab-control-plane',
      'kubelab-worker',
      'kubelab-worker2',
    ]);
  });

  it('are pinned to their node by node affinity and carry the daemon tolerations', () => {
    const c = new SimCluster();
    c.apply(ds('agent', { tolerations: TOLERATE_ALL_NOSCHEDULE }));
    c.runUntil(() => allReady(c, 'agent', 3));
    const set = c.get('ds', 'default', 'agent');
    const pod = live(c, 'agent').find((p) => p.spec.nodeName === 'kubelab-worker')!;
    expect(pod.spec.affinity).toEqual({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['kubelab-worker'] }] },
          ],
        },
      },
    });
    expect(pod.spec.tolerations).toEqual([
      { effect: 'NoSchedule', operator: 'Exists' },
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    const [rev] = c.list('controllerrevisions', 'default');
    expect(pod.metadata.labels).toEqual({
      app: 'agent',
      'controller-revision-hash': rev.metadata.labels['controller-revision-hash'],
      'pod-template-generation': '1',
    });
    expect(rev.metadata.name).toBe(`agent-${rev.metadata.labels['controller-revision-hash']}`);
    expect(set.metadata.annotations['deprecated.daemonset.template.generation']).toBe('1');
    // Bound by the default scheduler, not by the controller.
    const scheduled = c
      .events()
      .find((e) => e.reason === 'Scheduled' && e.involvedObject.name === pod.metadata.name);
    expect(scheduled.message).toBe(
      `Successfully assigned default/${pod.metadata.name} to kubelab-worker`,
    );
    const created = c
      .events()
      .filter((e) => e.involvedObject.kind === 'DaemonSet' && e.reason === 'SuccessfulCreate');
    expect(created.map((e) => e.message).sort()).toEqual(
      live(c, 'agent')
        .map((p) => `Created pod: ${p.metadata.name}`)
        .sort(),
    );
    expect(created[0].source).toEqual({ component: 'daemonset-controller' });
  });

  it('follow nodes as they are added and removed', () => {
    const c = new SimCluster();
    c.apply(ds('agent'));
    c.runUntil(() => allReady(c, 'agent', 2));
    c.apply(node('kubelab-worker3'));
    c.runUntil(() => allReady(c, 'agent', 3));
    expect(live(c, 'agent').map((p) => p.spec.nodeName)).toContain('kubelab-worker3');
    expect(c.get('ds', 'default', 'agent').status.desiredNumberScheduled).toBe(3);
    c.delete('nodes', '', 'kubelab-worker3');
    c.advance(5_000);
    expect(c.get('ds', 'default', 'agent').status).toMatchObject({
      desiredNumberScheduled: 2,
      currentNumberScheduled: 2,
      numberReady: 2,
    });
  });

  it('follow node labels through a nodeSelector', () => {
    const c = new SimCluster();
    c.apply(ds('agent', { nodeSelector: '      nodeSelector: { ssd: "true" }\n' }));
    c.advance(5_000);
    expect(live(c, 'agent')).toHaveLength(0);
    expect(c.get('ds', 'default', 'agent').status).toMatchObject({
      desiredNumberScheduled: 0,
      currentNumberScheduled: 0,
    });
    c.patch('nodes', '', 'kubelab-worker2', { metadata: { labels: { ssd: 'true' } } });
    c.runUntil(() => allReady(c, 'agent', 1));
    expect(live(c, 'agent')[0].spec.nodeName).toBe('kubelab-worker2');
    // Removing the label removes the pod (it is misscheduled now).
    c.patch('nodes', '', 'kubelab-worker2', { metadata: { labels: { ssd: null } } });
    c.runUntil(() => live(c, 'agent').length === 0);
    expect(
      c
        .events()
        .some(
          (e) => e.reason === 'SuccessfulDelete' && e.message.startsWith('Deleted pod: agent-'),
        ),
    ).toBe(true);
  });

  it('are replaced node by node on a rolling update, at most maxUnavailable at a time', () => {
    const c = new SimCluster();
    c.apply(ds('agent', { tolerations: TOLERATE_ALL_NOSCHEDULE }));
    c.runUntil(() => allReady(c, 'agent', 3));
    c.patch(
      'ds',
      'default',
      'agent',
      { spec: { template: { spec: { containers: [{ name: 'agent', image: 'nginx:1.28' }] } } } },
      'strategic',
    );
    const set = c.get('ds', 'default', 'agent');
    expect(set.metadata.generation).toBe(2);
    expect(set.metadata.annotations['deprecated.daemonset.template.generation']).toBe('2');
    let worst = 0;
    c.runUntil(
      () => {
        const s = c.get('ds', 'default', 'agent').status;
        return s.updatedNumberScheduled === 3 && s.numberAvailable === 3;
      },
      10 * 60_000,
      () => {
        const readyPods = live(c, 'agent').filter(ready).length;
        worst = Math.max(worst, 3 - readyPods);
      },
    );
    expect(worst).toBe(1);
    expect(live(c, 'agent').map((p) => p.spec.containers[0].image)).toEqual([
      'nginx:1.28',
      'nginx:1.28',
      'nginx:1.28',
    ]);
    expect(
      live(c, 'agent').every((p) => p.metadata.labels['pod-template-generation'] === '2'),
    ).toBe(true);
    const revs = c
      .list('controllerrevisions', 'default')
      .map((r) => r.revision)
      .sort();
    expect(revs).toEqual([1, 2]);
    const deletes = c.events().filter((e) => e.reason === 'SuccessfulDelete');
    expect(deletes).toHaveLength(3);
  });

  it('with OnDelete, pick up a new template only when a pod is deleted', () => {
    const c = new SimCluster();
    c.apply(ds('agent', { strategy: '  updateStrategy: { type: OnDelete }' }));
    c.runUntil(() => allReady(c, 'agent', 2));
    c.patch(
      'ds',
      'default',
      'agent',
      { spec: { template: { spec: { containers: [{ name: 'agent', image: 'nginx:1.28' }] } } } },
      'strategic',
    );
    c.advance(60_000);
    expect(live(c, 'agent').map((p) => p.spec.containers[0].image)).toEqual([
      'nginx:1.27',
      'nginx:1.27',
    ]);
    expect(c.get('ds', 'default', 'agent').status.updatedNumberScheduled).toBeUndefined();
    c.delete('pods', 'default', live(c, 'agent')[0].metadata.name);
    c.runUntil(() => allReady(c, 'agent', 2));
    expect(live(c, 'agent').map((p) => p.spec.containers[0].image)).toEqual([
      'nginx:1.28',
      'nginx:1.27',
    ]);
    expect(c.get('ds', 'default', 'agent').status.updatedNumberScheduled).toBe(1);
  });
});

describe('DaemonSet API', () => {
  it('defaults the update strategy and history limit and starts with zero counts', () => {
    const c = new SimCluster();
    const [set] = c.apply(ds('agent')) as any[];
    expect(set.spec.updateStrategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 1, maxSurge: 0 },
    });
    expect(set.spec.revisionHistoryLimit).toBe(10);
    expect(set.status).toEqual({
      currentNumberScheduled: 0,
      numberMisscheduled: 0,
      desiredNumberScheduled: 0,
      numberReady: 0,
    });
    expect(c.type('ds')).toMatchObject({ kind: 'DaemonSet', categories: ['all'] });
  });

  it('refuses maxSurge together with a non-zero maxUnavailable', () => {
    const c = new SimCluster();
    const err = refusal(() =>
      c.apply(ds('agent', { strategy: '  updateStrategy:\n    rollingUpdate: { maxSurge: 1 }' })),
    );
    expect(err.message).toBe(
      'DaemonSet.apps "agent" is invalid: spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:0, IntVal:1, StrVal:""}: may not be set when maxUnavailable is non-zero',
    );
  });

  it('refuses a changed selector and a template that does not match it', () => {
    const c = new SimCluster();
    let err = refusal(() =>
      c.apply(ds('agent').replace('labels: { app: agent }', 'labels: { app: x }')),
    );
    expect(err.message).toBe(
      'DaemonSet.apps "agent" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: `selector` does not match template `labels`',
    );
    c.apply(ds('agent'));
    err = refusal(() =>
      c.patch(
        'ds',
        'default',
        'agent',
        {
          spec: {
            selector: { matchLabels: { app: 'agent', tier: 'a' } },
            template: { metadata: { labels: { app: 'agent', tier: 'a' } } },
          },
        },
        'strategic',
      ),
    );
    expect(err.message).toBe(
      'DaemonSet.apps "agent" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"agent", "tier":"a"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    );
  });

  it('reports pods the API refuses with FailedCreate, retrying with back-off', () => {
    const c = new SimCluster();
    c.apply(
      ds('agent').replace(
        '      containers:',
        '      serviceAccountName: missing\n      containers:',
      ),
    );
    expect(c.reconcile().converged).toBe(true);
    c.advance(60_000);
    expect(live(c, 'agent')).toHaveLength(0);
    const failed = c.events().filter((e) => e.reason === 'FailedCreate');
    expect(failed.map((e) => e.message)).toEqual([
      'Error creating: pods "agent-" is forbidden: error looking up service account default/missing: serviceaccount "missing" not found',
    ]);
    expect(failed[0].count).toBeLessThan(30);
  });

  it('shows the counts in kubectl get ds', () => {
    const c = new SimCluster();
    c.apply(ds('agent', { nodeSelector: '      nodeSelector: { kubernetes.io/os: linux }\n' }));
    c.runUntil(() => allReady(c, 'agent', 2));
    c.advance(1000);
    const t = printTable(c.list('ds', 'default'), {
      group: 'apps',
      kind: 'DaemonSet',
      now: c.now,
      resourceVersion: c.state.resourceVersion,
    });
    expect(t.columnDefinitions.slice(0, 8).map((d) => d.name)).toEqual([
      'Name',
      'Desired',
      'Current',
      'Ready',
      'Up-to-date',
      'Available',
      'Node Selector',
      'Age',
    ]);
    expect(t.rows[0]!.cells.slice(0, 7)).toEqual([
      'agent',
      2,
      2,
      2,
      2,
      2,
      'kubernetes.io/os=linux',
    ]);
  });
});
