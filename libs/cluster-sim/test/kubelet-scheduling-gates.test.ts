import { StatusError } from '@kubelab/apimachinery';
import { SimCluster, printPod } from '../src';
import { readManifest } from './corpus-harness';

// Pod scheduling readiness (pods/pod-with-scheduling-gates.yaml): a gated pod waits, says why,
// and runs once its gates are removed; gates can only be removed.

describe('scheduling gates', () => {
  it('keeps the pod SchedulingGated until its gates are removed', () => {
    const c = new SimCluster();
    c.apply(readManifest('pods/pod-with-scheduling-gates.yaml'));
    c.advance(30_000);
    const p = c.get('pods', 'default', 'test-pod');
    expect(p.spec.nodeName).toBeUndefined();
    expect(printPod(p, c.now).cells[2]).toBe('SchedulingGated');
    expect(p.status.conditions).toEqual([
      expect.objectContaining({
        type: 'PodScheduled',
        status: 'False',
        reason: 'SchedulingGated',
        message: 'Scheduling is blocked due to non-empty scheduling gates',
      }),
    ]);
    expect(c.events('default').filter((e) => e.involvedObject.name === 'test-pod')).toEqual([]);
    c.patch(
      'pods',
      'default',
      'test-pod',
      [{ op: 'remove', path: '/spec/schedulingGates' }],
      'json',
    );
    c.runUntil(() => c.get('pods', 'default', 'test-pod').status.phase === 'Running', 60_000);
    expect(
      c
        .get('pods', 'default', 'test-pod')
        .status.conditions.find((x: any) => x.type === 'PodScheduled').status,
    ).toBe('True');
  });

  it('refuses a new gate on an existing pod', () => {
    const c = new SimCluster();
    c.apply(readManifest('pods/pod-with-scheduling-gates.yaml'));
    let err: StatusError | undefined;
    try {
      c.patch('pods', 'default', 'test-pod', {
        spec: { schedulingGates: [{ name: 'example.com/foo' }, { name: 'example.com/new' }] },
      });
    } catch (e) {
      err = e as StatusError;
    }
    expect(err?.message).toContain(
      "spec.schedulingGates[1].name: Forbidden: only deletion is allowed, but found new scheduling gate 'example.com/new'",
    );
  });
});
