import { controllerRef, deepClone, formatTime, type KubeObject } from '@kubelab/apimachinery';
import { isKnownTimeZone, ScheduleError } from '../../apis/batch/cron-schedule';
import { jsonEqual } from '../../util/equal';
import { earliest, isStatusError, type Controller, type ControllerContext } from '../controller';
import { ownerReferenceTo } from '../util/pods';
import { compileSchedule, mostRecentScheduleTime, nextWakeTime, type Schedule } from './schedule';

// pkg/controller/cronjob/cronjob_controllerv2.go (syncCronJob, cleanupFinishedJobs): creates
// the Job of each scheduled time, named <cronjob>-<minutes since the epoch>, under its
// concurrency policy and starting deadline; tracks the active Jobs and trims the finished ones to
// the history limits. Its wake-up is the next scheduled time, so a fast-forward fires it.

const SOURCE = { component: 'cronjob-controller' };
const SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';
/** How soon a refused Job create is retried (the work queue's rate limit). */
const CREATE_RETRY_MS = 10_000;

function finishedType(job: any): 'Complete' | 'Failed' | undefined {
  for (const c of job.status?.conditions ?? [])
    if ((c.type === 'Complete' || c.type === 'Failed') && c.status === 'True') return c.type;
  return undefined;
}

/** Whether the controller already said this about `obj` (at or after `since`, if given). */
function reported(
  ctx: ControllerContext,
  obj: any,
  reason: string,
  opts: { message?: string; since?: number } = {},
): number | undefined {
  let last: number | undefined;
  for (const ev of ctx.state.eventsAbout(obj.metadata.uid ?? '') as any[]) {
    if (ev.involvedObject?.uid !== obj.metadata.uid || ev.reason !== reason) continue;
    if (opts.message !== undefined && ev.message !== opts.message) continue;
    const at = Date.parse(ev.lastTimestamp ?? ev.eventTime ?? '');
    if (opts.since !== undefined && !(at >= opts.since)) continue;
    if (last === undefined || at > last) last = at;
  }
  return last;
}

function event(
  ctx: ControllerContext,
  cj: any,
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
): void {
  ctx.api.event(cj, { type, reason, message, source: SOURCE });
}

/** Once per distinct message: the controller would repeat these on every sync. */
function eventOnce(
  ctx: ControllerContext,
  cj: any,
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
): void {
  if (reported(ctx, cj, reason, { message }) === undefined) event(ctx, cj, type, reason, message);
}

/** time.Time.Format(time.RFC3339) in a zone: 2026-01-05T18:15:00+09:00, or ...Z in UTC. */
export function rfc3339InZone(ms: number, tz: string | undefined): string {
  if (!tz || tz === 'UTC') return formatTime(ms);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  const local = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  const offsetMin = Math.round((local - Math.floor(ms / 1000) * 1000) / 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const zone =
    offsetMin === 0
      ? 'Z'
      : `${offsetMin < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offsetMin) / 60))}:${pad(Math.abs(offsetMin) % 60)}`;
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${zone}`;
}

/** RFC1123Z, as the MissSchedule event prints the missed time. */
function rfc1123z(ms: number): string {
  const d = new Date(ms);
  const s = d.toUTCString(); // "Mon, 05 Jan 2026 09:15:00 GMT"
  return s.replace('GMT', '+0000');
}

/** getJobFromTemplate2: the Job of one scheduled time. */
export function jobFromTemplate(cj: any, scheduledTime: number): KubeObject {
  const tpl = cj.spec.jobTemplate ?? {};
  const annotations: Record<string, string> = { ...(tpl.metadata?.annotations ?? {}) };
  annotations[SCHEDULED_TIMESTAMP_ANNOTATION] = rfc3339InZone(scheduledTime, cj.spec.timeZone);
  const job: any = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: `${cj.metadata.name}-${Math.floor(scheduledTime / 60_000)}`,
      namespace: cj.metadata.namespace,
      annotations,
      ownerReferences: [ownerReferenceTo(cj)],
    },
    spec: deepClone(tpl.spec ?? {}),
  };
  if (tpl.metadata?.labels && Object.keys(tpl.metadata.labels).length)
    job.metadata.labels = { ...tpl.metadata.labels };
  return job;
}

function jobRef(job: any) {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    name: job.metadata.name,
    namespace: job.metadata.namespace,
    resourceVersion: job.metadata.resourceVersion,
    uid: job.metadata.uid,
  };
}

export const cronJobController: Controller = {
  name: 'cronjob',
  reconcile(ctx) {
    let wake: number | undefined;
    const jobsByOwner = new Map<string, any[]>();
    for (const j of ctx.state.list('batch', 'Job') as any[]) {
      const ref = controllerRef(j);
      if (ref?.kind !== 'CronJob') continue;
      jobsByOwner.set(ref.uid, [...(jobsByOwner.get(ref.uid) ?? []), j]);
    }
    for (const cj of ctx.state.list('batch', 'CronJob') as any[])
      wake = earliest(wake, sync(ctx, cj, jobsByOwner.get(cj.metadata.uid) ?? []));
    return wake;
  },
};

function sync(ctx: ControllerContext, cjIn: any, jobs: any[]): number | undefined {
  const cj = deepClone(cjIn);
  cj.status ??= {};
  const { wake, changed } = syncCronJob(ctx, cj, jobs);
  const cleaned = !cj.metadata.deletionTimestamp && cleanupFinishedJobs(ctx, cj, jobs);
  if ((changed || cleaned) && !jsonEqual(cj.status, cjIn.status)) {
    const fresh: any = ctx.state.get('batch', 'CronJob', cj.metadata.namespace, cj.metadata.name);
    if (fresh && fresh.metadata.uid === cj.metadata.uid) {
      const status = cj.status;
      if (status.active && !status.active.length) delete status.active;
      ctx.api.mutate(fresh, (c: any) => (c.status = status), true);
    }
  }
  return wake;
}

function syncCronJob(
  ctx: ControllerContext,
  cj: any,
  jobs: any[],
): { wake?: number; changed: boolean } {
  const { now } = ctx;
  let changed = false;
  const active = () => (cj.status.active ??= []) as any[];
  const inActive = (uid: string) => (cj.status.active ?? []).some((r: any) => r.uid === uid);
  const dropActive = (uid: string) => {
    cj.status.active = (cj.status.active ?? []).filter((r: any) => r.uid !== uid);
  };
  const children = new Set<string>();
  for (const j of jobs) {
    children.add(j.metadata.uid);
    const found = inActive(j.metadata.uid);
    const finished = finishedType(j);
    if (!found && !finished) {
      // Jobs made by hand from the CronJob (kubectl create job --from) land here too.
      eventOnce(
        ctx,
        cj,
        'Warning',
        'UnexpectedJob',
        `Saw a job that the controller did not create or forgot: ${j.metadata.name}`,
      );
    } else if (found && finished) {
      dropActive(j.metadata.uid);
      event(
        ctx,
        cj,
        'Normal',
        'SawCompletedJob',
        `Saw completed job: ${j.metadata.name}, status: ${finished}`,
      );
      changed = true;
    } else if (finished === 'Complete' && j.status?.completionTime) {
      const last = cj.status.lastSuccessfulTime;
      if (!last || Date.parse(j.status.completionTime) > Date.parse(last)) {
        cj.status.lastSuccessfulTime = j.status.completionTime;
        changed = true;
      }
    }
  }
  // An active Job that no longer exists is dropped from the list.
  for (const r of [...(cj.status.active ?? [])]) {
    if (children.has(r.uid)) continue;
    if (
      ctx.state.get('batch', 'Job', r.namespace ?? cj.metadata.namespace, r.name)?.metadata.uid ===
      r.uid
    )
      continue;
    event(ctx, cj, 'Normal', 'MissingJob', `Active job went missing: ${r.name}`);
    dropActive(r.uid);
    changed = true;
  }
  if (cj.metadata.deletionTimestamp) return { changed };

  const tz: string | undefined = cj.spec.timeZone ?? undefined;
  if (tz !== undefined && !isKnownTimeZone(tz)) {
    eventOnce(
      ctx,
      cj,
      'Warning',
      'UnknownTimeZone',
      `invalid timeZone: ${JSON.stringify(tz)}: unknown time zone ${tz}`,
    );
    return { changed };
  }
  if (cj.spec.suspend === true) return { changed };

  const schedule: string = cj.spec.schedule ?? '';
  if (schedule.includes('TZ'))
    eventOnce(
      ctx,
      cj,
      'Warning',
      'UnsupportedSchedule',
      `CRON_TZ or TZ used in schedule ${JSON.stringify(schedule)} is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details`,
    );
  let sched: Schedule;
  try {
    // A TZ= prefix in the schedule keeps its zone; otherwise spec.timeZone applies.
    sched = compileSchedule(schedule, schedule.includes('TZ') ? undefined : tz);
  } catch (e) {
    if (e instanceof ScheduleError) {
      eventOnce(
        ctx,
        cj,
        'Warning',
        'UnparseableSchedule',
        `unparseable schedule: ${JSON.stringify(schedule)} : ${e.message}`,
      );
    } else
      eventOnce(
        ctx,
        cj,
        'Warning',
        'InvalidSchedule',
        `invalid schedule: ${schedule} : time difference between two schedules is less than 1 second`,
      );
    return { changed };
  }

  const recent = mostRecentScheduleTime(cj, now, sched, true);
  if (recent.error) {
    eventOnce(
      ctx,
      cj,
      'Warning',
      'InvalidSchedule',
      `invalid schedule: ${schedule} : ${recent.error}`,
    );
    return { changed };
  }
  const wake = nextWakeTime(cj, now, sched);
  const scheduled = recent.mostRecent;
  if (scheduled === undefined || scheduled > now) return { wake, changed };
  if (
    recent.missed === 'many' &&
    reported(ctx, cj, 'TooManyMissedTimes', { since: scheduled }) === undefined
  )
    event(
      ctx,
      cj,
      'Warning',
      'TooManyMissedTimes',
      'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew',
    );

  const deadline = cj.spec.startingDeadlineSeconds;
  if (deadline !== undefined && deadline !== null && scheduled + deadline * 1000 < now) {
    eventOnce(
      ctx,
      cj,
      'Warning',
      'MissSchedule',
      `Missed scheduled time to start a job: ${rfc1123z(scheduled)}`,
    );
    return { wake, changed };
  }
  const name = `${cj.metadata.name}-${Math.floor(scheduled / 60_000)}`;
  const last = cj.status.lastScheduleTime ? Date.parse(cj.status.lastScheduleTime) : undefined;
  if ((cj.status.active ?? []).some((r: any) => r.name === name) || last === scheduled)
    return { wake, changed };
  if (cj.spec.concurrencyPolicy === 'Forbid' && (cj.status.active ?? []).length > 0) {
    if (reported(ctx, cj, 'JobAlreadyActive', { since: scheduled }) === undefined)
      event(
        ctx,
        cj,
        'Normal',
        'JobAlreadyActive',
        'Not starting job because prior execution is running and concurrency policy is Forbid',
      );
    return { wake, changed };
  }
  if (cj.spec.concurrencyPolicy === 'Replace') {
    for (const r of [...(cj.status.active ?? [])]) {
      const job = ctx.state.get('batch', 'Job', r.namespace ?? cj.metadata.namespace, r.name);
      if (!job) continue;
      if (!deleteJob(ctx, cj, job)) return { changed };
      changed = true;
    }
  }

  const refusedAt = reported(ctx, cj, 'FailedCreate');
  if (refusedAt !== undefined && now < refusedAt + CREATE_RETRY_MS)
    return { wake: earliest(wake, refusedAt + CREATE_RETRY_MS), changed };
  const req = jobFromTemplate(cj, scheduled);
  let created: any = ctx.api.create(req);
  if (isStatusError(created)) {
    if (created.code !== 409 || created.reason !== 'AlreadyExists') {
      event(ctx, cj, 'Warning', 'FailedCreate', `Error creating job: ${created.message}`);
      return { wake: earliest(wake, now + CREATE_RETRY_MS), changed };
    }
    // Made earlier by this controller, which then lost track of it: take it back.
    created = ctx.state.get('batch', 'Job', req.metadata.namespace ?? '', req.metadata.name);
    if (!created || controllerRef(created)?.uid !== cj.metadata.uid) return { wake, changed };
    if (inActive(created.metadata.uid)) return { wake, changed };
  } else event(ctx, cj, 'Normal', 'SuccessfulCreate', `Created job ${created.metadata.name}`);
  active().push(jobRef(created));
  cj.status.lastScheduleTime = formatTime(scheduled);
  return { wake: nextWakeTime(cj, now, sched), changed: true };
}

/** deleteJob: in the background (the garbage collector removes its pods). */
function deleteJob(ctx: ControllerContext, cj: any, job: any): boolean {
  const err = ctx.api.delete(job, { propagationPolicy: 'Background' });
  if (err && err.code !== 404) {
    event(ctx, cj, 'Warning', 'FailedDelete', `Deleted job: ${err.message}`);
    return false;
  }
  cj.status.active = (cj.status.active ?? []).filter((r: any) => r.uid !== job.metadata.uid);
  event(ctx, cj, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata.name}`);
  return true;
}

/** byJobStartTime: oldest start first, unstarted last, then by name. */
function byStartTime(a: any, b: any): number {
  const sa = a.status?.startTime;
  const sb = b.status?.startTime;
  if (!sb) return sa ? -1 : a.metadata.name < b.metadata.name ? -1 : 1;
  if (!sa) return 1;
  const d = Date.parse(sa) - Date.parse(sb);
  if (d !== 0) return d;
  return a.metadata.name < b.metadata.name ? -1 : 1;
}

/** cleanupFinishedJobs: keep the newest successfulJobsHistoryLimit / failedJobsHistoryLimit. */
function cleanupFinishedJobs(ctx: ControllerContext, cj: any, jobs: any[]): boolean {
  const { successfulJobsHistoryLimit: okLimit, failedJobsHistoryLimit: failLimit } = cj.spec;
  if (okLimit == null && failLimit == null) return false;
  let changed = false;
  const live = jobs.filter(
    (j) => !j.metadata.deletionTimestamp && ctx.state.byUid(j.metadata.uid) !== undefined,
  );
  for (const [kind, limit] of [
    ['Complete', okLimit],
    ['Failed', failLimit],
  ] as const) {
    if (limit == null) continue;
    const done = live.filter((j) => finishedType(j) === kind).sort(byStartTime);
    for (const j of done.slice(0, Math.max(0, done.length - limit)))
      if (deleteJob(ctx, cj, j)) changed = true;
  }
  return changed;
}
