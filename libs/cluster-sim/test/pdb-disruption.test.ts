import fs from 'node:fs';
import path from 'node:path';
import { StatusError } from '@kubelab/apimachinery';
import { SimCluster, printTable } from '../src';
import { deployment, ready, running } from './helpers';

// PodDisruptionBudgets: validation, the disruption controller's status, and the printer.

const corpus = (f: string) =>
  fs.readFileSync(path.join(__dirname, 'fixtures/corpus/website', f), 'utf8');

function refusal(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error('expected the API to refuse');
}

const zookeepers = (replicas: number) =>
  deployment('zk', { replicas }).replace(/app: zk/g, 'app.kubernetes.io/name: zookeeper');

const row = (c: SimCluster, pdb: any) => {
  const t = printTable([pdb], { group: 'policy', kind: 'PodDisruptionBudget', now: c.now });
  return {
    columns: t.columnDefinitions.filter((d) => d.priority === 0).map((d) => d.name),
    cells: t.rows[0]!.cells,
  };
};

describe('a PodDisruptionBudget', () => {
  it('zookeeper minAvailable 2 with no matching pods: 0 expected, 2 desired, nothing allowed', () => {
    const c = new SimCluster();
    c.apply(corpus('policy/zookeeper-pod-disruption-budget-minavailable.yaml'));
    c.reconcile();
    const pdb = c.get('pdb', 'default', 'zk-pdb');
    expect(pdb.spec).toEqual({
      minAvailable: 2,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'zookeeper' } },
    });
    expect(pdb.status).toEqual({
      conditions: [
        {
          type: 'DisruptionAllowed',
          status: 'False',
          observedGeneration: 1,
          lastTransitionTime: '2026-01-05T09:00:00Z',
          reason: 'InsufficientPods',
          message: '',
        },
      ],
      currentHealthy: 0,
      desiredHealthy: 2,
      disruptionsAllowed: 0,
      expectedPods: 0,
      observedGeneration: 1,
    });
    expect(row(c, pdb)).toEqual({
      columns: ['Name', 'Min Available', 'Max Unavailable', 'Allowed Disruptions', 'Age'],
      cells: ['zk-pdb', '2', 'N/A', 0, '0s'],
    });
    expect(
      c.events('default').map((e) => [e.type, e.reason, e.message, e.source.component]),
    ).toEqual([['Normal', 'NoPods', 'No matching pods found', 'controllermanager']]);
  });

  it('with three healthy zookeepers allows one disruption (SufficientPods)', () => {
    const c = new SimCluster();
    c.apply(corpus('policy/zookeeper-pod-disruption-budget-minavailable.yaml'));
    c.apply(zookeepers(3));
    c.runUntil(() => running(c, 'zk-').filter(ready).length === 3);
    const pdb = c.get('pdb', 'default', 'zk-pdb');
    expect(pdb.status).toMatchObject({
      currentHealthy: 3,
      desiredHealthy: 2,
      disruptionsAllowed: 1,
      expectedPods: 3,
    });
    expect(pdb.status.conditions).toEqual([
      expect.objectContaining({
        type: 'DisruptionAllowed',
        status: 'True',
        reason: 'SufficientPods',
      }),
    ]);
    expect(row(c, pdb).cells.slice(0, 4)).toEqual(['zk-pdb', '2', 'N/A', 1]);
  });

  it('maxUnavailable counts the Deployment replicas, not the pods that exist yet', () => {
    const c = new SimCluster();
    c.apply(corpus('policy/zookeeper-pod-disruption-budget-maxunavailable.yaml'));
    c.apply(zookeepers(3));
    c.reconcile();
    // The pods exist but none is ready: 3 expected (the Deployment's replicas), 2 must be healthy.
    expect(c.get('pdb', 'default', 'zk-pdb').status).toMatchObject({
      currentHealthy: 0,
      desiredHealthy: 2,
      disruptionsAllowed: 0,
      expectedPods: 3,
    });
    c.runUntil(() => c.get('pdb', 'default', 'zk-pdb').status.disruptionsAllowed === 1);
    expect(row(c, c.get('pdb', 'default', 'zk-pdb')).cells.slice(0, 4)).toEqual([
      'zk-pdb',
      'N/A',
      '1',
      1,
    ]);
    // Scaling the Deployment changes what is expected at once.
    c.patch('deployments', 'default', 'zk', { spec: { replicas: 5 } }, 'merge');
    c.reconcile();
    expect(c.get('pdb', 'default', 'zk-pdb').status).toMatchObject({
      desiredHealthy: 4,
      expectedPods: 5,
    });
  });

  it('with a percentage, bare pods are reported as unmanaged', () => {
    const c = new SimCluster();
    c.apply(`apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: half}
spec: {minAvailable: 50%, selector: {matchLabels: {tier: db}}}`);
    c.apply(`apiVersion: v1
kind: Pod
metadata: {name: db, labels: {tier: db}}
spec: {containers: [{name: c, image: nginx}]}`);
    c.advance(10_000);
    const events = c.events('default').filter((e) => e.reason === 'UnmanagedPods');
    expect(events).toHaveLength(1);
    expect(events[0].message).toBe(
      'Pods selected by this PodDisruptionBudget (selector: &LabelSelector{MatchLabels:map[string]string{tier:db},MatchExpressions:[]LabelSelectorRequirement{},}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.',
    );
    expect(c.get('pdb', 'default', 'half').status).toMatchObject({
      currentHealthy: 1,
      desiredHealthy: 0,
      disruptionsAllowed: 0,
      expectedPods: 0,
    });
  });

  it('refuses both minAvailable and maxUnavailable, bad percentages, and bad policies', () => {
    const c = new SimCluster();
    const pdb = (spec: string) => `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: bad}
spec: ${spec}`;
    expect(
      refusal(() =>
        c.apply(pdb('{minAvailable: 1, maxUnavailable: 1, selector: {matchLabels: {a: b}}}')),
      ).message,
    ).toBe(
      'PodDisruptionBudget.policy "bad" is invalid: spec: Invalid value: policy.PodDisruptionBudgetSpec{MinAvailable:(*intstr.IntOrString)(0xc000b2e0a0), Selector:(*v1.LabelSelector)(0xc000d41a40), MaxUnavailable:(*intstr.IntOrString)(0xc000b2e0c0), UnhealthyPodEvictionPolicy:(*policy.UnhealthyPodEvictionPolicyType)(nil)}: minAvailable and maxUnavailable cannot be both set',
    );
    expect(refusal(() => c.apply(pdb('{minAvailable: 120%}'))).message).toBe(
      'PodDisruptionBudget.policy "bad" is invalid: spec.minAvailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"120%"}: must not be greater than 100%',
    );
    expect(refusal(() => c.apply(pdb('{maxUnavailable: -1}'))).message).toBe(
      'PodDisruptionBudget.policy "bad" is invalid: spec.maxUnavailable: Invalid value: -1: must be greater than or equal to 0',
    );
    expect(
      refusal(() => c.apply(pdb('{maxUnavailable: 1, unhealthyPodEvictionPolicy: Never}'))).message,
    ).toBe(
      'PodDisruptionBudget.policy "bad" is invalid: spec.unhealthyPodEvictionPolicy: Unsupported value: "Never": supported values: "AlwaysAllow", "IfHealthyBudget"',
    );
    expect(c.list('pdb', 'default')).toEqual([]);
  });
});
