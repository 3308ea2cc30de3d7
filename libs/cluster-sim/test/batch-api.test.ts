import fs from 'node:fs';
import path from 'node:path';
import { StatusError } from '@kubelab/apimachinery';
import { SimCluster, parseManifests, printTable } from '../src';

// Jobs and CronJobs at the API: what `kubectl apply` stores (defaults, generated selector and
// labels), what it refuses and with which message, and the columns `kubectl get` prints.

const corpus = (f: string) =>
  fs.readFileSync(path.resolve(__dirname, 'fixtures/corpus/website', f), 'utf8');

function refusal(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error('expected the API to refuse');
}

const job = (spec: string, name = 'work') => `apiVersion: batch/v1
kind: Job
metadata: {name: ${name}}
spec:
${spec}`;

const template = (restartPolicy = 'Never', extra = '') => `  template:
    spec:
${restartPolicy ? `      restartPolicy: ${restartPolicy}\n` : ''}      containers: [{name: main, image: python, command: [python3, -c, "print('hi')"]}]
${extra}`;

describe('a Job as stored', () => {
  it('gets the batch/v1 defaults and a selector on its own uid', () => {
    const c = new SimCluster();
    const [j] = c.apply(job(template())) as any[];
    const uid = j.metadata.uid;
    expect(j.spec).toMatchObject({
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      completions: 1,
      manualSelector: false,
      parallelism: 1,
      podReplacementPolicy: 'TerminatingOrFailed',
      suspend: false,
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
    });
    const labels = {
      'batch.kubernetes.io/controller-uid': uid,
      'batch.kubernetes.io/job-name': 'work',
      'controller-uid': uid,
      'job-name': 'work',
    };
    expect(j.spec.template.metadata).toEqual({ creationTimestamp: null, labels });
    // A Job without labels of its own takes its template's.
    expect(j.metadata.labels).toEqual(labels);
    expect(j.status).toEqual({});
  });

  it('keeps its own labels, and a per-index limit lifts the global backoffLimit', () => {
    const c = new SimCluster();
    const [j] = c.apply(
      job(
        `  completions: 3\n  completionMode: Indexed\n  backoffLimitPerIndex: 1\n${template()}`,
      ).replace('metadata: {name: work}', 'metadata: {name: work, labels: {team: a}}'),
    ) as any[];
    expect(j.metadata.labels).toEqual({ team: 'a' });
    expect(j.spec.backoffLimit).toBe(2147483647);
    expect(j.spec.parallelism).toBe(1);
  });

  it('with a pod failure policy replaces only failed pods and defaults condition status', () => {
    const c = new SimCluster();
    const [j] = c.apply(
      job(`${template()}  podFailurePolicy:
    rules:
    - action: Ignore
      onPodConditions: [{type: DisruptionTarget}]
`),
    ) as any[];
    expect(j.spec.podReplacementPolicy).toBe('Failed');
    expect(j.spec.podFailurePolicy.rules[0].onPodConditions[0].status).toBe('True');
  });
});

describe('a Job refused', () => {
  it('without restartPolicy: Required value, valid values OnFailure and Never', () => {
    const c = new SimCluster();
    const err = refusal(() => c.apply(job(template(''))));
    expect(err.code).toBe(422);
    expect(err.message).toBe(
      'Job.batch "work" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    );
  });

  it('with restartPolicy Always, the same', () => {
    const c = new SimCluster();
    expect(refusal(() => c.apply(job(template('Always')))).message).toBe(
      'Job.batch "work" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    );
  });

  it('the success-policy example of the docs: no name and no restartPolicy', () => {
    const c = new SimCluster();
    const [doc] = parseManifests(corpus('controllers/job-success-policy-example.yaml'));
    const err = refusal(() => c.create(doc!));
    expect(err.message).toContain(
      'metadata.name: Required value: name or generateName is required',
    );
    expect(err.message).toContain(
      'spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    );
  });

  it('with a pod failure policy and OnFailure', () => {
    const c = new SimCluster();
    const err = refusal(() =>
      c.apply(
        job(`${template('OnFailure')}  podFailurePolicy:
    rules: [{action: FailJob, onExitCodes: {operator: In, values: [42]}}]
`),
      ),
    );
    expect(err.message).toBe(
      'Job.batch "work" is invalid: spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified',
    );
  });

  it('with backoffLimitPerIndex on a NonIndexed Job', () => {
    const c = new SimCluster();
    expect(refusal(() => c.apply(job(`  backoffLimitPerIndex: 1\n${template()}`))).message).toBe(
      'Job.batch "work" is invalid: spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode',
    );
  });

  it('when its template changes: field is immutable', () => {
    const c = new SimCluster();
    c.apply(job(template()));
    const err = refusal(() =>
      c.patch('jobs', 'default', 'work', {
        spec: { template: { spec: { containers: [{ name: 'main', image: 'alpine' }] } } },
      }),
    );
    expect(err.message).toMatch(
      /^Job\.batch "work" is invalid: spec\.template: Invalid value: core\.PodTemplateSpec\{ObjectMeta:v1\.ObjectMeta\{Name:"", .*Image:"alpine".*\}: field is immutable$/,
    );
  });

  it('when completions change on a NonIndexed Job', () => {
    const c = new SimCluster();
    c.apply(job(template()));
    expect(
      refusal(() => c.patch('jobs', 'default', 'work', { spec: { completions: 3 } })).message,
    ).toBe('Job.batch "work" is invalid: spec.completions: Invalid value: 3: field is immutable');
  });

  it('named with a dot: accepted, with the warning kubectl prints', () => {
    const c = new SimCluster();
    const [obj] = parseManifests(job(template(), 'nightly.report'));
    const res = c.sim.core.create(c.state, c.type('jobs'), 'default', obj, c.requestOptions());
    expect(res.warnings).toEqual([
      'metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [must not contain dots]',
    ]);
  });

  it('but suspend and parallelism may change', () => {
    const c = new SimCluster();
    c.apply(job(template()));
    c.patch('jobs', 'default', 'work', { spec: { suspend: true, parallelism: 2 } });
    expect(c.get('jobs', 'default', 'work').spec).toMatchObject({ suspend: true, parallelism: 2 });
  });
});

const cronJob = (spec: string, name = 'hello') => `apiVersion: batch/v1
kind: CronJob
metadata: {name: ${name}}
spec:
${spec}
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: hello, image: python, command: [python3, -c, "print('hello')"]}]`;

describe('a CronJob', () => {
  it('gets its defaults; its job template gets only the pod template defaults', () => {
    const c = new SimCluster();
    const [cj] = c.apply(cronJob('  schedule: "*/5 * * * *"')) as any[];
    expect(cj.spec).toMatchObject({
      concurrencyPolicy: 'Allow',
      failedJobsHistoryLimit: 1,
      successfulJobsHistoryLimit: 3,
      suspend: false,
    });
    expect(cj.spec.jobTemplate.metadata).toEqual({ creationTimestamp: null });
    expect(cj.spec.jobTemplate.spec.backoffLimit).toBeUndefined();
    expect(cj.spec.jobTemplate.spec.template.spec).toMatchObject({
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
      terminationGracePeriodSeconds: 30,
    });
    expect(cj.status).toEqual({});
  });

  it.each([
    ['foo', 'expected exactly 5 fields, found 1: [foo]'],
    ['* * * *', 'expected exactly 5 fields, found 4: [* * * *]'],
    ['61 * * * *', 'end of range (61) above maximum (59): 61'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['x * * * *', 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
    ['@fortnightly', 'unrecognized descriptor: @fortnightly'],
    ['* * * * 7', 'end of range (7) above maximum (6): 7'],
  ])('refuses the schedule %j: %s', (schedule, detail) => {
    const c = new SimCluster();
    const err = refusal(() => c.apply(cronJob(`  schedule: "${schedule}"`)));
    expect(err.message).toBe(
      `CronJob.batch "hello" is invalid: spec.schedule: Invalid value: "${schedule}": ${detail}`,
    );
  });

  it.each(['@hourly', '0 9 * * MON-FRI', '*/15 * * * *', '@every 90m', '0 0 1 jan ?'])(
    'accepts the schedule %j',
    (schedule) => {
      const c = new SimCluster();
      expect(() => c.apply(cronJob(`  schedule: "${schedule}"`))).not.toThrow();
    },
  );

  it('refuses CRON_TZ= in the schedule and points to timeZone', () => {
    const c = new SimCluster();
    expect(
      refusal(() => c.apply(cronJob('  schedule: "CRON_TZ=Europe/Paris 0 9 * * *"'))).message,
    ).toBe(
      'CronJob.batch "hello" is invalid: spec.schedule: Invalid value: "CRON_TZ=Europe/Paris 0 9 * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    );
  });

  it('refuses an unknown time zone and Local', () => {
    const c = new SimCluster();
    expect(
      refusal(() => c.apply(cronJob('  schedule: "0 9 * * *"\n  timeZone: Mars/Olympus'))).message,
    ).toBe(
      'CronJob.batch "hello" is invalid: spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus',
    );
    expect(
      refusal(() => c.apply(cronJob('  schedule: "0 9 * * *"\n  timeZone: Local'))).message,
    ).toBe(
      'CronJob.batch "hello" is invalid: spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
    );
    expect(() => c.apply(cronJob('  schedule: "0 9 * * *"\n  timeZone: Asia/Seoul'))).not.toThrow();
  });

  it('refuses a name longer than 52 characters', () => {
    const c = new SimCluster();
    const name = 'a'.repeat(53);
    expect(refusal(() => c.apply(cronJob('  schedule: "@daily"', name))).message).toBe(
      `CronJob.batch "${name}" is invalid: metadata.name: Invalid value: "${name}": must be no more than 52 characters`,
    );
  });

  it('refuses a job template without restartPolicy, at the template path', () => {
    const c = new SimCluster();
    const err = refusal(() =>
      c.apply(cronJob('  schedule: "@daily"').replace('          restartPolicy: OnFailure\n', '')),
    );
    expect(err.message).toBe(
      'CronJob.batch "hello" is invalid: spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    );
  });

  it('batch/v1beta1 is not served: the docs example of 1.20 is refused', () => {
    const c = new SimCluster();
    const err = refusal(() => c.apply(corpus('application/job/cronjob.yaml')));
    expect(err.message).toBe('no matches for kind "CronJob" in version "batch/v1beta1"');
  });

  it('is cj for short, and both kinds are in "all"', () => {
    const c = new SimCluster();
    expect(c.type('cj').kind).toBe('CronJob');
    expect(c.type('cronjobs').categories).toEqual(['all']);
    expect(c.type('jobs').categories).toEqual(['all']);
    expect(c.type('jobs').subresources?.map((s) => s.name)).toEqual(['status']);
  });
});

describe('kubectl get', () => {
  it('prints a Job as NAME STATUS COMPLETIONS DURATION AGE', () => {
    const c = new SimCluster();
    c.apply(job(`  completions: 2\n${template()}`));
    c.runUntil(() => c.get('jobs', 'default', 'work').status.completionTime !== undefined);
    c.advance(60_000);
    const t = printTable([c.get('jobs', 'default', 'work')], {
      group: 'batch',
      kind: 'Job',
      now: c.now,
    });
    expect(t.columnDefinitions.filter((d) => d.priority === 0).map((d) => d.name)).toEqual([
      'Name',
      'Status',
      'Completions',
      'Duration',
      'Age',
    ]);
    const [name, status, completions, duration, age] = t.rows[0]!.cells;
    expect([name, status, completions]).toEqual(['work', 'Complete', '2/2']);
    expect(duration).toMatch(/^\d+s$/);
    expect(age).toMatch(/^\d+s$/);
  });

  it('prints a CronJob with its schedule, time zone, suspend, active and last schedule', () => {
    const c = new SimCluster();
    c.apply(cronJob('  schedule: "*/5 * * * *"'));
    c.advance(5 * 60_000 + 30_000);
    const t = printTable([c.get('cronjobs', 'default', 'hello')], {
      group: 'batch',
      kind: 'CronJob',
      now: c.now,
    });
    expect(t.columnDefinitions.filter((d) => d.priority === 0).map((d) => d.name)).toEqual([
      'Name',
      'Schedule',
      'Timezone',
      'Suspend',
      'Active',
      'Last Schedule',
      'Age',
    ]);
    expect(t.rows[0]!.cells.slice(0, 7)).toEqual([
      'hello',
      '*/5 * * * *',
      '<none>',
      'False',
      0,
      '30s',
      '5m30s',
    ]);
  });
});
