import { CronExpressionParser } from 'cron-parser';
import { parseStandard, type CronField } from '../../apis/batch/cron-schedule';

// pkg/controller/cronjob/utils.go (mostRecentScheduleTime, nextScheduleTime): which scheduled
// time is due, and when the controller must wake for the next one. The grammar is robfig/cron's
// (apis/batch/cron-schedule.ts); the calendar arithmetic, time zones included, is cron-parser's.

export interface Schedule {
  /** The first scheduled time strictly after `t`; undefined when there is none. */
  next(t: number): number | undefined;
}

const field = (f: CronField) => (f.star ? '*' : f.values.join(','));

/**
 * The schedule as the controller runs it: `timeZone` (spec.timeZone) wins over a TZ= prefix;
 * without either, the controller manager's zone, UTC.
 */
export function compileSchedule(schedule: string, timeZone?: string): Schedule {
  // Every pass of every reconcile asks again; parsing is the expensive part, so a schedule is
  // compiled once per process (a pure function of its text and zone).
  const key = `${schedule}\u0000${timeZone ?? ''}`;
  let s = compiled.get(key);
  if (!s) {
    if (compiled.size > 10_000) compiled.clear();
    compiled.set(key, (s = compile(schedule, timeZone)));
  }
  return s;
}

const compiled = new Map<string, Schedule>();

function compile(schedule: string, timeZone?: string): Schedule {
  const parsed = parseStandard(schedule);
  const tz = timeZone ?? parsed.timeZone ?? 'UTC';
  if (parsed.kind === 'every') {
    // cron.ConstantDelaySchedule: whole seconds after t.
    return { next: (t) => Math.floor(t / 1000) * 1000 + parsed.delayMs };
  }
  const expr = [parsed.minute, parsed.hour, parsed.dom, parsed.month, parsed.dow]
    .map(field)
    .join(' ');
  // Fails here for dates no month has (0 0 31 2 *), which robfig accepts and never fires.
  const cron = CronExpressionParser.parse(expr, { tz });
  const answers = new Map<number, number | undefined>();
  return {
    next(t) {
      if (answers.has(t)) return answers.get(t);
      let n: number | undefined;
      try {
        cron.reset(new Date(t));
        n = cron.next().getTime();
      } catch {
        n = undefined;
      }
      if (answers.size > 1000) answers.clear();
      answers.set(t, n);
      return n;
    },
  };
}

export type Missed = 'none' | 'few' | 'many';

export interface MostRecent {
  earliest: number;
  mostRecent?: number;
  missed: Missed;
  error?: string;
}

/**
 * mostRecentScheduleTime: from the last schedule (or creation, or the starting deadline), the
 * latest scheduled time not after now.
 */
export function mostRecentScheduleTime(
  cj: any,
  now: number,
  sched: Schedule,
  includeStartingDeadline: boolean,
): MostRecent {
  let earliest = Date.parse(cj.status?.lastScheduleTime ?? cj.metadata.creationTimestamp);
  const deadline = cj.spec?.startingDeadlineSeconds;
  if (includeStartingDeadline && deadline !== undefined && deadline !== null) {
    const schedulingDeadline = now - deadline * 1000;
    if (schedulingDeadline > earliest) earliest = schedulingDeadline;
  }
  const t1 = sched.next(earliest);
  if (t1 === undefined || now < t1) return { earliest, missed: 'none' };
  const t2 = sched.next(t1);
  if (t2 === undefined || now < t2) return { earliest, mostRecent: t1, missed: 'none' };
  const between = Math.round((t2 - t1) / 1000);
  if (between < 1)
    return {
      earliest,
      missed: 'none',
      error: 'time difference between two schedules is less than 1 second',
    };
  const missedCount = Math.floor(Math.floor((now - t1) / 1000) / between) + 1;
  // Back one interval from the estimate and let the schedule find the real times, for schedules
  // that are not evenly spaced.
  const from = Math.floor(t1 / 1000) * 1000 + (missedCount - 2) * between * 1000;
  let mostRecent: number | undefined;
  for (let n = sched.next(from); n !== undefined && n <= now; n = sched.next(n)) mostRecent = n;
  const missed: Missed = missedCount > 100 ? 'many' : missedCount > 0 ? 'few' : 'none';
  return { earliest, mostRecent, missed };
}

/** nextScheduleTimeDuration, as an instant: when the controller must look again. */
export function nextWakeTime(cj: any, now: number, sched: Schedule): number | undefined {
  const r = mostRecentScheduleTime(cj, now, sched, false);
  let from: number;
  if (r.error) from = now;
  else if (r.mostRecent === undefined) from = r.missed === 'none' ? r.earliest : now;
  else from = r.mostRecent;
  const next = sched.next(from);
  return next === undefined ? undefined : Math.max(next, now);
}
