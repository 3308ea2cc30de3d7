import fs from 'node:fs';
import path from 'node:path';
import { SimCluster, printTable } from '../src';

// The Job controller on the virtual clock, as a learner watches it with kubectl get/describe:
// pods made and replaced, conditions, counters and events. The pods run the python image (its
// scripts exit as written), the documentation's examples their own images.

const corpus = (f: string) =>
  fs.readFileSync(path.resolve(__dirname, 'fixtures/corpus/website', f), 'utf8');

const SUFFIX = '[bcdfghjklmnpqrstvwxz2456789]{5}';

const py = (script: string) => `[python3, -c, ${JSON.stringify(script)}]`;

function job(name: string, spec: string, script = "print('done')", restartPolicy = 'Never') {
  return `apiVersion: batch/v1
kind: Job
metadata: {name: ${name}}
spec:
${spec}
  template:
    spec:
      restartPolicy: ${restartPolicy}
      containers: [{name: main, image: python, command: ${py(script)}}]
`;
}

const getJob = (c: SimCluster, name: string) => c.get('jobs', 'default', name);
const condition = (j: any, type: string) =>
  (j?.status?.conditions ?? []).find((x: any) => x.type === type);
const finished = (c: SimCluster, name: string) => () => {
  const j = getJob(c, name);
  return condition(j, 'Complete')?.status === 'True' || condition(j, 'Failed')?.status === 'True';
};
const podsOf = (c: SimCluster, name: string) =>
  c
    .pods()
    .filter((p) => p.metadata.labels?.['batch.kubernetes.io/job-name'] === name)
    .sort(
      (a, b) => Date.parse(a.metadata.creationTimestamp) - Date.parse(b.metadata.creationTimestamp),
    );
const eventsOf = (c: SimCluster, kind: string, name: string) =>
  c
    .events('default')
    .filter((e) => e.involvedObject.kind === kind && e.involvedObject.name === name)
    .map((e) => `${e.type} ${e.reason} ${e.message}`);
const statusCell = (c: SimCluster, j: any) =>
  printTable([j], { group: 'batch', kind: 'Job', now: c.now }).rows[0]!.cells.slice(1, 3);
const podStatusCell = (c: SimCluster, p: any) =>
  printTable([p], { group: '', kind: 'Pod', now: c.now }).rows[0]!.cells[2];

describe('the pi Job of the documentation', () => {
  it('runs one pod pi-xxxxx to Completed, whose log is pi; the Job is Complete 1/1', () => {
    const c = new SimCluster();
    c.apply(corpus('controllers/job.yaml'));
    c.reconcile();
    const [running] = podsOf(c, 'pi');
    // While it runs, the pod carries the Job's tracking finalizer.
    expect(running.metadata.finalizers).toEqual(['batch.kubernetes.io/job-tracking']);
    expect(running.metadata.ownerReferences).toEqual([
      expect.objectContaining({
        kind: 'Job',
        name: 'pi',
        controller: true,
        blockOwnerDeletion: true,
      }),
    ]);
    c.runUntil(finished(c, 'pi'), 5 * 60_000);

    const pods = podsOf(c, 'pi');
    expect(pods).toHaveLength(1);
    const pod = pods[0];
    expect(pod.metadata.name).toMatch(new RegExp(`^pi-${SUFFIX}$`));
    expect(pod.metadata.labels).toMatchObject({
      'batch.kubernetes.io/job-name': 'pi',
      'job-name': 'pi',
    });
    expect(pod.status.phase).toBe('Succeeded');
    expect(podStatusCell(c, pod)).toBe('Completed');
    expect(pod.metadata.finalizers).toBeUndefined();
    expect(c.logs('default', pod.metadata.name)[0]).toMatch(
      /^3\.14159265358979323846264338327950288419716939937510/,
    );
    expect(c.logs('default', pod.metadata.name)[0]).toHaveLength(1001);

    const j = getJob(c, 'pi');
    expect(j.status).toMatchObject({ succeeded: 1, ready: 0, terminating: 0 });
    expect(j.status.failed).toBeUndefined();
    expect(j.status.uncountedTerminatedPods).toEqual({});
    expect(j.status.completionTime).toBeDefined();
    expect(j.status.conditions.map((x: any) => [x.type, x.status, x.reason, x.message])).toEqual([
      [
        'SuccessCriteriaMet',
        'True',
        'CompletionsReached',
        'Reached expected number of succeeded pods',
      ],
      ['Complete', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
    ]);
    expect(statusCell(c, j)).toEqual(['Complete', '1/1']);
    expect(eventsOf(c, 'Job', 'pi')).toEqual([
      `Normal SuccessfulCreate Created pod: ${pod.metadata.name}`,
      'Normal Completed Job completed',
    ]);
  });
});

describe('completions and parallelism', () => {
  it('runs at most parallelism pods at once until completions have succeeded', () => {
    const c = new SimCluster();
    c.apply(job('batch', '  completions: 5\n  parallelism: 2', 'import time; time.sleep(20)'));
    let most = 0;
    c.runUntil(finished(c, 'batch'), 10 * 60_000, () => {
      const active = podsOf(c, 'batch').filter(
        (p) => !['Succeeded', 'Failed'].includes(p.status?.phase),
      );
      most = Math.max(most, active.length);
      const j = getJob(c, 'batch');
      if (j.status.active !== undefined) expect(j.status.active).toBeLessThanOrEqual(2);
    });
    expect(most).toBe(2);
    expect(podsOf(c, 'batch')).toHaveLength(5);
    expect(statusCell(c, getJob(c, 'batch'))).toEqual(['Complete', '5/5']);
  });

  it('a work queue Job (no completions) is done when one pod succeeds and none runs', () => {
    const c = new SimCluster();
    c.apply(job('queue', '  parallelism: 3'));
    expect(statusCell(c, getJob(c, 'queue'))).toEqual(['Running', '0/1 of 3']);
    c.runUntil(finished(c, 'queue'), 5 * 60_000);
    const j = getJob(c, 'queue');
    expect(condition(j, 'Complete')?.status).toBe('True');
    expect(j.status.succeeded).toBe(3);
  });
});

describe('failures', () => {
  it('with restartPolicy Never, a new pod per failure after 10 s, 20 s, 40 s; then BackoffLimitExceeded', () => {
    const c = new SimCluster();
    c.apply(job('fail', '  backoffLimit: 3', 'import sys; sys.exit(1)'));
    c.runUntil(finished(c, 'fail'), 10 * 60_000);
    const pods = podsOf(c, 'fail');
    // backoffLimit 3: the first try and three retries.
    expect(pods).toHaveLength(4);
    expect(pods.every((p) => p.status.phase === 'Failed')).toBe(true);
    expect(pods.every((p) => p.status.containerStatuses[0].restartCount === 0)).toBe(true);
    const finishedAt = (p: any) =>
      Date.parse(p.status.containerStatuses[0].state.terminated.finishedAt);
    const createdAt = (p: any) => Date.parse(p.metadata.creationTimestamp);
    const waits = pods.slice(1).map((p, i) => (createdAt(p) - finishedAt(pods[i])) / 1000);
    // Whole seconds on both sides: each wait is the back-off, give or take a second.
    expect(waits.map((w) => Math.round(w / 10) * 10)).toEqual([10, 20, 40]);

    const j = getJob(c, 'fail');
    expect(j.status.failed).toBe(4);
    expect(j.status.completionTime).toBeUndefined();
    for (const type of ['FailureTarget', 'Failed'])
      expect(condition(j, type)).toMatchObject({
        status: 'True',
        reason: 'BackoffLimitExceeded',
        message: 'Job has reached the specified backoff limit',
      });
    expect(statusCell(c, j)).toEqual(['Failed', '0/1']);
    expect(eventsOf(c, 'Job', 'fail').at(-1)).toBe(
      'Warning BackoffLimitExceeded Job has reached the specified backoff limit',
    );
  });

  it('with restartPolicy OnFailure, the kubelet restarts it in place; at the limit the pod is deleted', () => {
    const c = new SimCluster();
    c.apply(job('crash', '  backoffLimit: 2', 'import sys; sys.exit(3)', 'OnFailure'));
    let restarts = 0;
    const names = new Set<string>();
    c.runUntil(finished(c, 'crash'), 10 * 60_000, () => {
      for (const p of podsOf(c, 'crash')) {
        names.add(p.metadata.name);
        restarts = Math.max(restarts, p.status?.containerStatuses?.[0]?.restartCount ?? 0);
      }
    });
    // The same pod restarted (the second restart reaches the limit and ends it).
    expect(restarts).toBeGreaterThanOrEqual(1);
    expect(names.size).toBe(1);
    // One pod only, deleted when the Job gave up.
    expect(podsOf(c, 'crash')).toHaveLength(0);
    const events = eventsOf(c, 'Job', 'crash');
    expect(events.filter((e) => e.includes('SuccessfulCreate'))).toHaveLength(1);
    expect(events).toContain(
      'Warning BackoffLimitExceeded Job has reached the specified backoff limit',
    );
    expect(
      events.find((e) => e.startsWith('Normal SuccessfulDelete Deleted pod: crash-')),
    ).toBeDefined();
    expect(getJob(c, 'crash').status.failed).toBe(1);
  });

  it('a pod deleted by hand counts as failed and is replaced after the back-off', () => {
    const c = new SimCluster();
    c.apply(job('work', '', 'import time; time.sleep(600)'));
    c.advance(30_000);
    const [first] = podsOf(c, 'work');
    c.delete('pods', 'default', first.metadata.name);
    c.reconcile();
    expect(getJob(c, 'work').status).toMatchObject({ failed: 1, terminating: 1 });
    expect(getJob(c, 'work').status.active).toBeUndefined();
    c.advance(10_000);
    const pods = podsOf(c, 'work');
    expect(pods).toHaveLength(1);
    expect(pods[0].metadata.name).not.toBe(first.metadata.name);
    expect(getJob(c, 'work').status).toMatchObject({ failed: 1, active: 1, terminating: 0 });
  });

  it('activeDeadlineSeconds: DeadlineExceeded, its running pod deleted', () => {
    const c = new SimCluster();
    c.apply(job('slow', '  activeDeadlineSeconds: 30', 'import time; time.sleep(3600)'));
    c.advance(29_000);
    expect(condition(getJob(c, 'slow'), 'FailureTarget')).toBeUndefined();
    c.advance(1_000);
    const j = getJob(c, 'slow');
    expect(condition(j, 'FailureTarget')).toMatchObject({
      reason: 'DeadlineExceeded',
      message: 'Job was active longer than specified deadline',
    });
    c.runUntil(finished(c, 'slow'), 60_000);
    const done = getJob(c, 'slow');
    expect(condition(done, 'Failed')?.reason).toBe('DeadlineExceeded');
    expect(done.status).toMatchObject({ failed: 1, terminating: 0 });
    expect(podsOf(c, 'slow')).toHaveLength(0);
    expect(eventsOf(c, 'Job', 'slow')).toContain(
      'Warning DeadlineExceeded Job was active longer than specified deadline',
    );
  });
});

describe('pod failure policy', () => {
  it('FailJob on exit code 42 fails the Job at once with the container named', () => {
    const c = new SimCluster();
    c.apply(
      job(
        'policy',
        `  completions: 4
  parallelism: 2
  backoffLimit: 6
  podFailurePolicy:
    rules:
    - action: FailJob
      onExitCodes: {containerName: main, operator: In, values: [42]}`,
        'import sys, time; time.sleep(5); sys.exit(42)',
      ),
    );
    c.runUntil(finished(c, 'policy'), 5 * 60_000);
    const j = getJob(c, 'policy');
    const target = condition(j, 'FailureTarget');
    expect(target.reason).toBe('PodFailurePolicy');
    expect(target.message).toMatch(
      new RegExp(
        `^Container main for pod default/policy-${SUFFIX} failed with exit code 42 matching FailJob rule at index 0$`,
      ),
    );
    expect(condition(j, 'Failed')).toMatchObject({
      reason: 'PodFailurePolicy',
      message: target.message,
    });
    // No retry: only the first two pods ever ran.
    expect(podsOf(c, 'policy')).toHaveLength(2);
  });

  it('Ignore: a matching failure does not count towards backoffLimit', () => {
    const c = new SimCluster();
    c.apply(
      job(
        'ignore',
        `  backoffLimit: 0
  podFailurePolicy:
    rules:
    - action: Ignore
      onExitCodes: {operator: In, values: [3]}`,
        'import sys; sys.exit(3)',
      ),
    );
    c.advance(3 * 60_000);
    const j = getJob(c, 'ignore');
    expect(condition(j, 'Failed')).toBeUndefined();
    expect(j.status.failed).toBeUndefined();
    expect(podsOf(c, 'ignore').length).toBeGreaterThan(2);
  });
});

describe('Indexed Jobs', () => {
  it('name pods <job>-<index>-xxxxx and give each its index', () => {
    const c = new SimCluster();
    c.apply(
      job(
        'indexed',
        '  completions: 3\n  parallelism: 3\n  completionMode: Indexed',
        "import os; print('index', os.environ['JOB_COMPLETION_INDEX'])",
      ),
    );
    c.runUntil(finished(c, 'indexed'), 5 * 60_000);
    const pods = podsOf(c, 'indexed').sort((a, b) =>
      a.metadata.name.localeCompare(b.metadata.name),
    );
    pods.forEach((p, i) => {
      expect(p.metadata.name).toMatch(new RegExp(`^indexed-${i}-${SUFFIX}$`));
      expect(p.metadata.annotations['batch.kubernetes.io/job-completion-index']).toBe(String(i));
      expect(p.metadata.labels['batch.kubernetes.io/job-completion-index']).toBe(String(i));
      expect(p.spec.hostname).toBe(`indexed-${i}`);
      expect(p.spec.containers[0].env).toEqual([
        {
          name: 'JOB_COMPLETION_INDEX',
          valueFrom: {
            fieldRef: {
              apiVersion: 'v1',
              fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']",
            },
          },
        },
      ]);
      expect(c.logs('default', p.metadata.name)).toEqual([`index ${i}`]);
    });
    expect(getJob(c, 'indexed').status).toMatchObject({ completedIndexes: '0-2', succeeded: 3 });
  });

  it('the backoffLimitPerIndex example: odd indexes succeed, even ones fail twice', () => {
    const c = new SimCluster();
    c.apply(corpus('controllers/job-backoff-limit-per-index-example.yaml'));
    const name = 'job-backoff-limit-per-index-example';
    c.runUntil(finished(c, name), 30 * 60_000);
    const j = getJob(c, name);
    expect(j.status).toMatchObject({
      completedIndexes: '1,3,5,7,9',
      failedIndexes: '0,2,4,6,8',
      succeeded: 5,
      failed: 10,
    });
    expect(condition(j, 'FailureTarget')).toMatchObject({
      status: 'True',
      reason: 'FailedIndexes',
    });
    expect(condition(j, 'Failed')).toMatchObject({
      status: 'True',
      reason: 'FailedIndexes',
      message: 'Job has failed indexes',
    });
    const pods = podsOf(c, name);
    expect(pods).toHaveLength(15);
    for (const p of pods) expect(p.metadata.name).toMatch(new RegExp(`^${name}-[0-9]-${SUFFIX}$`));
    // Each retry of an index carries how often the index failed before.
    const zero = pods.filter(
      (p) => p.metadata.annotations['batch.kubernetes.io/job-completion-index'] === '0',
    );
    expect(
      zero.map((p) => p.metadata.annotations['batch.kubernetes.io/job-index-failure-count']),
    ).toEqual(['0', '1']);
    expect(c.logs('default', zero[0].metadata.name)).toEqual(['Hello world']);
  });

  it('a success policy ends the Job once its indexes succeeded, stopping the rest', () => {
    const c = new SimCluster();
    c.apply(
      job(
        'leader',
        `  completions: 3
  parallelism: 3
  completionMode: Indexed
  successPolicy:
    rules: [{succeededIndexes: "0"}]`,
        "import os, time\nif os.environ['JOB_COMPLETION_INDEX'] != '0':\n  time.sleep(600)",
      ),
    );
    c.runUntil(finished(c, 'leader'), 5 * 60_000);
    const j = getJob(c, 'leader');
    for (const type of ['SuccessCriteriaMet', 'Complete'])
      expect(condition(j, type)).toMatchObject({
        status: 'True',
        reason: 'SuccessPolicy',
        message: 'Matched rules at index 0',
      });
    expect(j.status).toMatchObject({ completedIndexes: '0', succeeded: 1 });
    expect(j.status.failed).toBeUndefined();
    expect(statusCell(c, j)).toEqual(['Complete', '1/3']);
  });
});

describe('suspend and resume', () => {
  it('a suspended Job has no pods; resuming starts it, suspending again stops its pods', () => {
    const c = new SimCluster();
    c.apply(job('later', '  suspend: true', 'import time; time.sleep(600)'));
    c.advance(10_000);
    let j = getJob(c, 'later');
    expect(podsOf(c, 'later')).toHaveLength(0);
    expect(j.status.startTime).toBeUndefined();
    expect(condition(j, 'Suspended')).toMatchObject({
      status: 'True',
      reason: 'JobSuspended',
      message: 'Job suspended',
    });
    expect(statusCell(c, j)).toEqual(['Suspended', '0/1']);

    c.patch('jobs', 'default', 'later', { spec: { suspend: false } });
    c.advance(30_000);
    j = getJob(c, 'later');
    expect(condition(j, 'Suspended')).toMatchObject({
      status: 'False',
      reason: 'JobResumed',
      message: 'Job resumed',
    });
    expect(j.status.startTime).toBe('2026-01-05T09:00:10Z');
    expect(podsOf(c, 'later')).toHaveLength(1);

    c.patch('jobs', 'default', 'later', { spec: { suspend: true } });
    c.advance(10_000);
    expect(podsOf(c, 'later')).toHaveLength(0);
    // Pods stopped by a suspension are not failures.
    expect(getJob(c, 'later').status.failed).toBeUndefined();
    const events = eventsOf(c, 'Job', 'later');
    expect(events).toHaveLength(4);
    expect(events).toEqual(
      expect.arrayContaining([
        'Normal Suspended Job suspended',
        'Normal Resumed Job resumed',
        expect.stringMatching(/^Normal SuccessfulCreate Created pod: later-/),
        expect.stringMatching(/^Normal SuccessfulDelete Deleted pod: later-/),
      ]),
    );
  });
});

describe('ttlSecondsAfterFinished', () => {
  it('deletes the finished Job, and its pods with it, that long after', () => {
    const c = new SimCluster();
    c.apply(job('short-lived', '  ttlSecondsAfterFinished: 100'));
    c.runUntil(finished(c, 'short-lived'), 5 * 60_000);
    const doneAt = Date.parse(condition(getJob(c, 'short-lived'), 'Complete').lastTransitionTime);
    expect(podsOf(c, 'short-lived')).toHaveLength(1);
    c.advance(doneAt + 99_000 - c.now);
    expect(getJob(c, 'short-lived')).toBeDefined();
    c.advance(2_000);
    expect(getJob(c, 'short-lived')).toBeUndefined();
    expect(podsOf(c, 'short-lived')).toHaveLength(0);
  });
});
