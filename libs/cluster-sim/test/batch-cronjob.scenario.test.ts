import fs from 'node:fs';
import path from 'node:path';
import { SimCluster, parseManifests } from '../src';

// The CronJob controller on the virtual clock: a fast-forward fires the schedule, as the lab's
// "+15 min" button does; Jobs are named after the scheduled minute; concurrency, suspension,
// history and time zones behave as in Kubernetes 1.32.

const seed = (f: string) =>
  fs.readFileSync(path.resolve(__dirname, 'fixtures/seed-examples', f), 'utf8');
const corpus = (f: string) =>
  fs.readFileSync(path.resolve(__dirname, 'fixtures/corpus/website', f), 'utf8');

const minutes = (iso: string) => Math.floor(Date.parse(iso) / 60_000);

function cronJob(name: string, spec: string, script = "print('hello')", restartPolicy = 'Never') {
  return `apiVersion: batch/v1
kind: CronJob
metadata: {name: ${name}}
spec:
${spec}
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: ${restartPolicy}
          containers: [{name: main, image: python, command: [python3, -c, ${JSON.stringify(script)}]}]
`;
}

const jobsOf = (c: SimCluster, cj: string) =>
  c
    .list('jobs', 'default')
    .filter((j) => j.metadata.ownerReferences?.[0]?.name === cj)
    .map((j) => j.metadata.name)
    .sort();
const cjEvents = (c: SimCluster, name: string) =>
  c
    .events('default')
    .filter((e) => e.involvedObject.kind === 'CronJob' && e.involvedObject.name === name)
    .map((e) => `${e.type} ${e.reason} ${e.message}`);
const complete = (j: any) =>
  (j?.status?.conditions ?? []).some((x: any) => x.type === 'Complete' && x.status === 'True');

describe('seed example 09: the helloworld CronJob', () => {
  const raw = seed('09-helloworld-cronjob.yaml');
  const fixed = raw
    .split('\n')
    .filter((l) => !l.includes('// act as a entry point'))
    .join('\n');

  it('is not YAML as written; without the comment line it is one CronJob', () => {
    expect(() => parseManifests(raw)).toThrow();
    const [obj] = parseManifests(fixed) as any[];
    expect(obj).toMatchObject({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'helloworld' },
      spec: { schedule: '*/15 * * * *' },
    });
  });

  it('after a 15-minute fast-forward: Job helloworld-<minutes>, a pod that prints the date then hello', () => {
    const c = new SimCluster();
    c.apply(fixed);
    c.advance(15 * 60_000);
    const scheduled = '2026-01-05T09:15:00Z';
    const jobName = `helloworld-${minutes(scheduled)}`;
    expect(jobName).toBe('helloworld-29460075');
    expect(jobsOf(c, 'helloworld')).toEqual([jobName]);
    const job = c.get('jobs', 'default', jobName);
    expect(job.metadata.annotations).toEqual({
      'batch.kubernetes.io/cronjob-scheduled-timestamp': scheduled,
    });
    expect(job.metadata.ownerReferences).toEqual([
      expect.objectContaining({
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        name: 'helloworld',
        controller: true,
        blockOwnerDeletion: true,
      }),
    ]);
    let cj = c.get('cronjobs', 'default', 'helloworld');
    expect(cj.status.lastScheduleTime).toBe(scheduled);
    expect(cj.status.active).toEqual([
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        name: jobName,
        namespace: 'default',
        resourceVersion: expect.any(String),
        uid: job.metadata.uid,
      },
    ]);
    expect(cjEvents(c, 'helloworld')).toEqual([`Normal SuccessfulCreate Created job ${jobName}`]);

    c.runUntil(() => complete(c.get('jobs', 'default', jobName)), 2 * 60_000);
    const [pod] = c.pods();
    expect(pod.metadata.name).toMatch(new RegExp(`^${jobName}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
    expect(pod.status.phase).toBe('Succeeded');
    const logs = c.logs('default', pod.metadata.name);
    expect(logs).toHaveLength(2);
    expect(logs[0]).toMatch(/^Mon Jan {1,2}5 09:15:\d\d UTC 2026$/);
    expect(logs[1]).toBe('Hello World from Cronitor.io');

    c.reconcile();
    cj = c.get('cronjobs', 'default', 'helloworld');
    expect(cj.status.active).toBeUndefined();
    expect(cj.status.lastSuccessfulTime).toBe(
      c.get('jobs', 'default', jobName).status.completionTime,
    );
    expect(cjEvents(c, 'helloworld')).toEqual([
      `Normal SuccessfulCreate Created job ${jobName}`,
      `Normal SawCompletedJob Saw completed job: ${jobName}, status: Complete`,
    ]);
  });
});

describe('the hello CronJob of the documentation, in batch/v1', () => {
  it('runs a Job every minute and keeps the last three that succeeded', () => {
    const c = new SimCluster();
    c.apply(corpus('application/job/cronjob.yaml').replace('batch/v1beta1', 'batch/v1'));
    c.advance(6 * 60_000 + 30_000);
    const jobs = jobsOf(c, 'hello');
    const start = minutes('2026-01-05T09:00:00Z');
    expect(jobs).toEqual([4, 5, 6].map((m) => `hello-${start + m}`));
    const events = cjEvents(c, 'hello');
    expect(events.filter((e) => e.includes('SuccessfulCreate'))).toHaveLength(6);
    expect(events).toContain(`Normal SuccessfulDelete Deleted job hello-${start + 1}`);
    // Their pods went with them.
    expect(
      c.pods().map((p) => p.metadata.name.replace(/-[bcdfghjklmnpqrstvwxz2456789]{5}$/, '')),
    ).toEqual(jobs);
    const last = c.pods().find((p) => p.metadata.name.startsWith(`hello-${start + 6}`));
    expect(c.logs('default', last.metadata.name)[1]).toBe('Hello from the Kubernetes cluster');
  });
});

describe('concurrencyPolicy', () => {
  const long = 'import time; time.sleep(150)';

  it('Allow (the default) runs the next Job alongside the previous one', () => {
    const c = new SimCluster();
    c.apply(cronJob('allow', '  schedule: "* * * * *"', long));
    c.advance(2 * 60_000 + 5_000);
    expect(jobsOf(c, 'allow')).toHaveLength(2);
    expect(c.get('cronjobs', 'default', 'allow').status.active).toHaveLength(2);
  });

  it('Forbid skips a run while the previous one is active', () => {
    const c = new SimCluster();
    c.apply(cronJob('forbid', '  schedule: "* * * * *"\n  concurrencyPolicy: Forbid', long));
    c.advance(2 * 60_000 + 5_000);
    expect(jobsOf(c, 'forbid')).toHaveLength(1);
    expect(cjEvents(c, 'forbid')).toContain(
      'Normal JobAlreadyActive Not starting job because prior execution is running and concurrency policy is Forbid',
    );
  });

  it('Replace deletes the running Job and starts the new one', () => {
    const c = new SimCluster();
    c.apply(cronJob('replace', '  schedule: "* * * * *"\n  concurrencyPolicy: Replace', long));
    c.advance(2 * 60_000 + 5_000);
    const start = minutes('2026-01-05T09:00:00Z');
    expect(jobsOf(c, 'replace')).toEqual([`replace-${start + 2}`]);
    // (Events of the same second have no order between them.)
    expect(cjEvents(c, 'replace').sort()).toEqual([
      `Normal SuccessfulCreate Created job replace-${start + 1}`,
      `Normal SuccessfulCreate Created job replace-${start + 2}`,
      `Normal SuccessfulDelete Deleted job replace-${start + 1}`,
    ]);
  });
});

describe('suspend and startingDeadlineSeconds', () => {
  it('a suspended CronJob starts nothing; resumed, it runs the missed time at once', () => {
    const c = new SimCluster();
    c.apply(cronJob('paused', '  schedule: "*/5 * * * *"\n  suspend: true'));
    c.advance(12 * 60_000);
    expect(jobsOf(c, 'paused')).toEqual([]);
    c.patch('cronjobs', 'default', 'paused', { spec: { suspend: false } });
    c.reconcile();
    // Only the most recent missed time, 09:10.
    expect(jobsOf(c, 'paused')).toEqual([`paused-${minutes('2026-01-05T09:10:00Z')}`]);
  });

  it('with a starting deadline, a time missed by more than the deadline is not run', () => {
    const c = new SimCluster();
    c.apply(
      cronJob(
        'strict',
        '  schedule: "*/5 * * * *"\n  suspend: true\n  startingDeadlineSeconds: 60',
      ),
    );
    c.advance(12 * 60_000);
    c.patch('cronjobs', 'default', 'strict', { spec: { suspend: false } });
    c.reconcile();
    expect(jobsOf(c, 'strict')).toEqual([]);
    c.advance(3 * 60_000);
    expect(jobsOf(c, 'strict')).toEqual([`strict-${minutes('2026-01-05T09:15:00Z')}`]);
  });
});

describe('history limits', () => {
  it('keeps failedJobsHistoryLimit failed Jobs (1 by default)', () => {
    const c = new SimCluster();
    c.apply(
      cronJob('flaky', '  schedule: "*/2 * * * *"', 'import sys; sys.exit(1)').replace(
        '    spec:\n      template:',
        '    spec:\n      backoffLimit: 0\n      template:',
      ),
    );
    c.advance(7 * 60_000);
    const start = minutes('2026-01-05T09:00:00Z');
    expect(jobsOf(c, 'flaky')).toEqual([`flaky-${start + 6}`]);
    expect(cjEvents(c, 'flaky')).toContain(
      `Normal SawCompletedJob Saw completed job: flaky-${start + 2}, status: Failed`,
    );
  });
});

describe('timeZone', () => {
  it('runs on the zone clock and records the scheduled time in that zone', () => {
    const c = new SimCluster();
    c.apply(cronJob('seoul', '  schedule: "0 9 * * *"\n  timeZone: Asia/Seoul'));
    // 09:00 in Seoul is 00:00 UTC: fifteen hours after the cluster's start.
    c.advance(15 * 60 * 60_000 - 1000);
    expect(jobsOf(c, 'seoul')).toEqual([]);
    c.advance(1000);
    const name = `seoul-${minutes('2026-01-06T00:00:00Z')}`;
    expect(jobsOf(c, 'seoul')).toEqual([name]);
    expect(
      c.get('jobs', 'default', name).metadata.annotations[
        'batch.kubernetes.io/cronjob-scheduled-timestamp'
      ],
    ).toBe('2026-01-06T09:00:00+09:00');
    expect(c.get('cronjobs', 'default', 'seoul').status.lastScheduleTime).toBe(
      '2026-01-06T00:00:00Z',
    );
  });
});
