import fs from 'node:fs';
import path from 'node:path';
import { StatusError } from '@kubelab/apimachinery';
import { SimCluster, parseManifests } from '../src';

// The Job examples of the Kubernetes documentation (fixtures/corpus): applied as a learner
// pastes them, with the outcome their documentation page shows (corpus/expected.json).

const corpus = (f: string) =>
  fs.readFileSync(path.resolve(__dirname, 'fixtures/corpus/website', f), 'utf8');

const SUFFIX = '[bcdfghjklmnpqrstvwxz2456789]{5}';

const condition = (j: any, type: string) =>
  (j?.status?.conditions ?? []).find((x: any) => x.type === type);
const finished = (c: SimCluster, name: string) => () => {
  const j = c.get('jobs', 'default', name);
  return condition(j, 'Complete')?.status === 'True' || condition(j, 'Failed')?.status === 'True';
};

function refusal(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error('expected the API to refuse');
}

describe('application/job/job-sidecar.yaml', () => {
  it('completes: the native sidecar does not hold the Job open', () => {
    const c = new SimCluster();
    c.apply(corpus('application/job/job-sidecar.yaml'));
    c.runUntil(finished(c, 'myjob'), 5 * 60_000);
    const j = c.get('jobs', 'default', 'myjob');
    expect(condition(j, 'Complete')?.status).toBe('True');
    expect(j.status.succeeded).toBe(1);
    const pods = c.pods();
    expect(pods).toHaveLength(1);
    expect(pods[0].metadata.name).toMatch(new RegExp(`^myjob-${SUFFIX}$`));
    expect(pods[0].status.phase).toBe('Succeeded');
    const main = pods[0].status.containerStatuses.find((s: any) => s.name === 'myjob');
    expect(main.state.terminated.exitCode).toBe(0);
  });
});

describe('controllers/job-backoff-limit-per-index-failindex.yaml', () => {
  it('index 0 fails twice, index 1 fails its index at once on exit code 42', () => {
    const c = new SimCluster();
    c.apply(corpus('controllers/job-backoff-limit-per-index-failindex.yaml'));
    const name = 'job-backoff-limit-per-index-failindex';
    c.runUntil(finished(c, name), 10 * 60_000);
    const j = c.get('jobs', 'default', name);
    expect(j.status).toMatchObject({
      failedIndexes: '0,1',
      completedIndexes: '2,3',
      failed: 3,
      succeeded: 2,
    });
    expect(condition(j, 'Failed')).toMatchObject({
      reason: 'FailedIndexes',
      message: 'Job has failed indexes',
    });
    expect(c.pods()).toHaveLength(5);
  });
});

describe('controllers/job-pod-failure-policy-example.yaml', () => {
  it('fails the Job on the first exit code 42 and deletes the pods still running', () => {
    const c = new SimCluster();
    c.apply(corpus('controllers/job-pod-failure-policy-example.yaml'));
    const name = 'job-pod-failure-policy-example';
    c.runUntil(finished(c, name), 10 * 60_000);
    const j = c.get('jobs', 'default', name);
    expect(condition(j, 'Failed')).toMatchObject({ status: 'True', reason: 'PodFailurePolicy' });
    expect(condition(j, 'Failed').message).toMatch(
      new RegExp(
        `^Container main for pod default/${name}-${SUFFIX} failed with exit code 42 matching FailJob rule at index 0$`,
      ),
    );
    // Not retried up to backoffLimit: only the first wave of pods ran.
    expect(c.pods().length).toBeLessThanOrEqual(3);
  });
});

describe('application/job/job-tmpl.yaml', () => {
  it('is refused until $ITEM is substituted', () => {
    const c = new SimCluster();
    const err = refusal(() => c.apply(corpus('application/job/job-tmpl.yaml')));
    expect(err.message).toMatch(
      /^Job\.batch "process-item-\$ITEM" is invalid: \[metadata\.name: Invalid value: "process-item-\$ITEM": a lowercase RFC 1123 subdomain must consist of .*, spec\.template\.labels: Invalid value: "process-item-\$ITEM": a valid label must be an empty string or consist of alphanumeric characters.*\]$/,
    );
    const ok = corpus('application/job/job-tmpl.yaml').replace(/\$ITEM/g, 'apple');
    expect(() => c.apply(ok)).not.toThrow();
    expect(c.get('jobs', 'default', 'process-item-apple').metadata.labels).toEqual({
      jobgroup: 'jobexample',
    });
  });
});

describe('controllers/job-pod-failure-policy-ignore.yaml', () => {
  it('is not YAML (a tab indents a line)', () => {
    expect(() =>
      parseManifests(corpus('controllers/job-pod-failure-policy-ignore.yaml')),
    ).toThrow();
  });
});

describe('controllers/job-pod-failure-policy-failjob.yaml (flow-style YAML)', () => {
  it('fails after the first pods exit 42, thirty seconds in', () => {
    const c = new SimCluster();
    c.apply(corpus('controllers/job-pod-failure-policy-failjob.yaml'));
    const name = 'job-pod-failure-policy-failjob';
    c.runUntil(finished(c, name), 5 * 60_000);
    const j = c.get('jobs', 'default', name);
    expect(condition(j, 'Failed')?.reason).toBe('PodFailurePolicy');
    const pods = c.pods();
    expect(pods).toHaveLength(2);
    expect(c.logs('default', pods[0].metadata.name)).toEqual([
      "Hello world! I'm going to exit with 42 to simulate a software bug.",
    ]);
    const started = Date.parse(j.status.startTime);
    expect(Date.parse(condition(j, 'Failed').lastTransitionTime) - started).toBeGreaterThan(30_000);
  });
});

describe('application/job/job-sidecar-legacy.yaml', () => {
  it('never completes: its tail -F container keeps the pod running', () => {
    const c = new SimCluster();
    c.apply(corpus('application/job/job-sidecar-legacy.yaml'));
    c.advance(10 * 60_000);
    const j = c.get('jobs', 'default', 'myjob');
    expect(j.status).toMatchObject({ active: 1 });
    expect(condition(j, 'Complete')).toBeUndefined();
    expect(c.pods()[0].status.phase).toBe('Running');
  });
});
