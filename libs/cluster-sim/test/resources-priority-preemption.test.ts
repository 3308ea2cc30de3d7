import { SimCluster, printTable } from '../src';
import { applyIn, corpus, namespace, refusal, untaintControlPlane } from './resources-helpers';

// PriorityClass and preemption: the built-in classes, priorityClassName resolved into
// spec.priority by the Priority admission plugin, the single global default, and the
// scheduler's DefaultPreemption evicting lower-priority pods for a pod that fits nowhere.

const pc = (name: string, value: number, extra = '') => `apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: { name: ${name} }
value: ${value}
${extra}`;

const pod = (name: string, spec: string) => `apiVersion: v1
kind: Pod
metadata: { name: ${name} }
spec:
${spec}`;

describe('PriorityClasses', () => {
  it('a new cluster has system-cluster-critical and system-node-critical (kubectl get pc)', () => {
    const c = new SimCluster();
    const classes = c.list('priorityclasses');
    const table = printTable(classes, {
      group: 'scheduling.k8s.io',
      kind: 'PriorityClass',
      now: c.now,
    });
    expect(table.rows.map((r: any) => [r.cells[0], r.cells[1], r.cells[2], r.cells[4]])).toEqual([
      ['system-cluster-critical', 2000000000, false, 'PreemptLowerPriority'],
      ['system-node-critical', 2000001000, false, 'PreemptLowerPriority'],
    ]);
    expect(c.get('pc', '', 'system-node-critical').description).toBe(
      'Used for system critical pods that must not be moved from their current node.',
    );
    // CoreDNS and the control plane run at their class's priority.
    const coredns = c.pods('kube-system').find((p) => p.metadata.name.startsWith('coredns-'));
    expect(coredns.spec.priority).toBe(2000000000);
    expect(coredns.spec.preemptionPolicy).toBe('PreemptLowerPriority');
  });

  it('the system classes cannot be deleted', () => {
    const c = new SimCluster();
    expect(refusal(() => c.delete('pc', '', 'system-node-critical')).message).toBe(
      'priorityclasses.scheduling.k8s.io "system-node-critical" is forbidden: this is a system priority class and cannot be deleted',
    );
  });

  it('low-priority-class.yaml: a negative value is accepted; preemptionPolicy defaults', () => {
    const c = new SimCluster();
    applyIn(c, corpus('priorityclass/low-priority-class.yaml'));
    expect(c.get('pc', '', 'placeholder')).toMatchObject({
      value: -1000,
      globalDefault: false,
      preemptionPolicy: 'PreemptLowerPriority',
    });
  });

  it('refuses user classes above one billion and names with the system- prefix', () => {
    const c = new SimCluster();
    expect(refusal(() => applyIn(c, pc('huge', 1_000_000_001))).message).toBe(
      'PriorityClass.scheduling.k8s.io "huge" is invalid: value: Forbidden: maximum allowed value of a user defined priority is 1000000000',
    );
    expect(refusal(() => applyIn(c, pc('system-mine', 10))).message).toBe(
      'PriorityClass.scheduling.k8s.io "system-mine" is invalid: metadata.name: Forbidden: priority class names with \'system-\' prefix are reserved for system use only. error: system-mine is not a known system priority class',
    );
  });

  it('a class keeps its value', () => {
    const c = new SimCluster();
    applyIn(c, pc('mid', 100));
    expect(refusal(() => c.patch('pc', '', 'mid', { value: 200 })).message).toBe(
      'PriorityClass.scheduling.k8s.io "mid" is invalid: value: Forbidden: may not be changed in an update.',
    );
  });

  it('only one class may be the global default', () => {
    const c = new SimCluster();
    applyIn(c, pc('standard', 1000, 'globalDefault: true'));
    expect(refusal(() => applyIn(c, pc('other', 10, 'globalDefault: true'))).message).toBe(
      'priorityclasses.scheduling.k8s.io "other" is forbidden: PriorityClass standard is already marked as default. Only one default can exist',
    );
  });
});

describe('Priority admission', () => {
  it('resolves priorityClassName into spec.priority and the preemption policy', () => {
    const c = new SimCluster();
    applyIn(c, pc('batch', 500, 'preemptionPolicy: Never'));
    applyIn(c, pod('job', '  priorityClassName: batch\n  containers: [{ name: c, image: nginx }]'));
    expect(c.get('pods', 'default', 'job').spec).toMatchObject({
      priority: 500,
      priorityClassName: 'batch',
      preemptionPolicy: 'Never',
    });
  });

  it('a pod without a class gets the global default, or priority 0', () => {
    const c = new SimCluster();
    applyIn(c, pod('before', '  containers: [{ name: c, image: nginx }]'));
    expect(c.get('pods', 'default', 'before').spec.priority).toBe(0);
    expect(c.get('pods', 'default', 'before').spec.priorityClassName).toBeUndefined();
    applyIn(c, pc('standard', 1000, 'globalDefault: true'));
    applyIn(c, pod('after', '  containers: [{ name: c, image: nginx }]'));
    expect(c.get('pods', 'default', 'after').spec).toMatchObject({
      priority: 1000,
      priorityClassName: 'standard',
    });
  });

  it('refuses an unknown class', () => {
    const c = new SimCluster();
    const err = refusal(() =>
      applyIn(c, pod('x', '  priorityClassName: nope\n  containers: [{ name: c, image: nginx }]')),
    );
    expect(err.code).toBe(403);
    expect(err.message).toBe('pods "x" is forbidden: no PriorityClass with name nope was found');
  });

  it('refuses a priority that does not match the class', () => {
    const c = new SimCluster();
    expect(
      refusal(() =>
        applyIn(c, pod('x', '  priority: 7\n  containers: [{ name: c, image: nginx }]')),
      ).message,
    ).toBe(
      'pods "x" is forbidden: the integer value of priority (7) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name',
    );
  });

  it('deployment-with-low-priorityclass.yaml without its class: FailedCreate on the ReplicaSet', () => {
    const c = new SimCluster();
    applyIn(c, corpus('deployments/deployment-with-low-priorityclass.yaml'));
    c.advance(5_000);
    expect(c.pods()).toEqual([]);
    const rs = c.list('replicasets')[0];
    const failure = rs.status.conditions.find((x: any) => x.type === 'ReplicaFailure');
    // A mutating plugin refuses before the name is generated: the message names the prefix.
    expect(failure.message).toBe(
      `pods "${rs.metadata.name}-" is forbidden: no PriorityClass with name low-priority was found`,
    );
    applyIn(c, pc('low-priority', -10));
    c.advance(30_000);
    expect(c.pods().map((p) => p.spec.priority)).toEqual([-10]);
  });
});

describe('preemption', () => {
  const filler = `apiVersion: apps/v1
kind: Deployment
metadata: { name: filler }
spec:
  replicas: 4
  selector: { matchLabels: { app: filler } }
  template:
    metadata: { labels: { app: filler } }
    spec:
      priorityClassName: low
      containers: [{ name: c, image: nginx, resources: { requests: { cpu: 1500m } } }]`;

  function busyCluster() {
    const c = new SimCluster();
    applyIn(c, pc('low', 100));
    applyIn(c, pc('high', 1_000_000));
    applyIn(c, filler);
    c.advance(30_000);
    return c;
  }

  it('evicts a lower-priority pod and schedules the preemptor on its node', () => {
    const c = busyCluster();
    applyIn(
      c,
      pod(
        'vip',
        '  priorityClassName: high\n  containers: [{ name: c, image: nginx, resources: { requests: { cpu: "2" } } }]',
      ),
    );
    c.reconcile();
    const vip = c.get('pods', 'default', 'vip');
    expect(vip.spec.nodeName).toBeUndefined();
    const node = vip.status.nominatedNodeName;
    expect(['kubelab-worker', 'kubelab-worker2']).toContain(node);

    const victims = c.pods().filter((p) => p.metadata.deletionTimestamp);
    expect(victims).toHaveLength(1);
    const victim = victims[0];
    expect(victim.spec.nodeName).toBe(node);
    expect(victim.status.conditions.find((x: any) => x.type === 'DisruptionTarget')).toMatchObject({
      status: 'True',
      reason: 'PreemptionByScheduler',
      message: 'default-scheduler: preempting to accommodate a higher priority pod',
    });
    const preempted = c.events().find((e) => e.reason === 'Preempted');
    expect(preempted).toMatchObject({
      type: 'Normal',
      involvedObject: { name: victim.metadata.name },
      message: `Preempted by pod ${vip.metadata.uid} on node ${node}`,
      reportingComponent: 'default-scheduler',
      action: 'Preempting',
    });
    // The first attempt's message has no preemption sentence: preemption succeeded.
    const failed = c
      .events()
      .filter((e) => e.involvedObject.name === 'vip' && e.reason === 'FailedScheduling');
    expect(failed[0].message).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu.',
    );

    c.advance(100);
    // While the victim terminates (nginx stops within a second of SIGTERM), the preemptor
    // waits instead of preempting again.
    expect(c.get('pods', 'default', 'vip').status.conditions[0].message).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: not eligible due to a terminating pod on the nominated node.',
    );
    expect(c.pods().filter((p) => p.metadata.deletionTimestamp)).toHaveLength(1);

    c.advance(60_000);
    const running = c.get('pods', 'default', 'vip');
    expect(running.spec.nodeName).toBe(node);
    expect(running.status.phase).toBe('Running');
    expect(c.get('pods', 'default', victim.metadata.name)).toBeUndefined();
    // The victim's replacement has nowhere to go and nobody to preempt.
    const pending = c.pods().filter((p) => p.status.phase === 'Pending');
    expect(pending).toHaveLength(1);
    expect(pending[0].status.conditions[0].message).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
    );
  });

  it('a pod with preemptionPolicy Never waits', () => {
    const c = busyCluster();
    applyIn(c, pc('high-no-preempt', 1_000_000, 'preemptionPolicy: Never'));
    applyIn(
      c,
      pod(
        'polite',
        '  priorityClassName: high-no-preempt\n  containers: [{ name: c, image: nginx, resources: { requests: { cpu: "2" } } }]',
      ),
    );
    c.advance(5_000);
    expect(c.pods().filter((p) => p.metadata.deletionTimestamp)).toEqual([]);
    expect(c.get('pods', 'default', 'polite').status.conditions[0].message).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.',
    );
  });

  it('does not preempt when evicting every lower-priority pod would still not be enough', () => {
    const c = busyCluster();
    applyIn(
      c,
      pod(
        'giant',
        '  priorityClassName: high\n  containers: [{ name: c, image: nginx, resources: { requests: { cpu: "8" } } }]',
      ),
    );
    c.advance(5_000);
    expect(c.pods().filter((p) => p.metadata.deletionTimestamp)).toEqual([]);
    expect(c.get('pods', 'default', 'giant').status.conditions[0].message).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 Insufficient cpu.',
    );
  });
});

describe('a pod larger than any node (pods/resource/memory-request-limit-3.yaml)', () => {
  it('stays Pending with the scheduler’s reason', () => {
    const c = new SimCluster();
    untaintControlPlane(c);
    namespace(c, 'mem-example');
    applyIn(c, corpus('pods/resource/memory-request-limit-3.yaml'), 'mem-example');
    c.advance(60_000);
    const p = c.get('pods', 'mem-example', 'memory-demo-3');
    expect(p.status.phase).toBe('Pending');
    // Memory alone is limited: without a cpu limit the pod is Burstable.
    expect(p.status.qosClass).toBe('Burstable');
    const message =
      '0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';
    expect(p.status.conditions).toEqual([
      expect.objectContaining({
        type: 'PodScheduled',
        status: 'False',
        reason: 'Unschedulable',
        message,
      }),
    ]);
    const ev = c.events('mem-example').find((e) => e.reason === 'FailedScheduling');
    expect(ev).toMatchObject({ type: 'Warning', message });
  });
});
