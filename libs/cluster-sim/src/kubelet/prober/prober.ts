import type { Instance } from '../container-process';
import { ProbeEvaluator, type ProbeOutcome, type ProbeType } from './probe-outcome';

// The kubelet's probe workers (pkg/kubelet/prober/worker.go, prober_manager.go) on the virtual
// clock. A worker ticks every periodSeconds from when the kubelet first saw the pod, skips ticks
// before initialDelaySeconds, and turns results into state with successThreshold and
// failureThreshold: readiness (Ready), startup (started; liveness and readiness wait for it),
// liveness (restart). Nothing is probed tick by tick: results only change at the image's
// breakpoints (a health endpoint that turns 500, a file a script removes), so the walk jumps
// from one to the next and a probe that keeps succeeding costs nothing and wakes nobody.

export interface FailureRun {
  type: ProbeType;
  message: string;
  first: number;
  last: number;
  count: number;
}

export interface ProbeReport {
  /** When the startup probe succeeded (the container's start when it has none). */
  startedAt?: number;
  /** Readiness at the time asked, and since when. */
  ready: boolean;
  readySince?: number;
  /** The probe that kills the container, and when (may be after the time asked). */
  kill?: { at: number; type: 'liveness' | 'startup'; message: string };
  /** Failed probes up to the time asked (each one an Unhealthy event). */
  failures: FailureRun[];
  /** The next time after the time asked at which started/ready changes or a kill happens. */
  next?: number;
  /** The first failed probe after the time asked that starts a new run of failures. */
  nextFailure?: { t: number; type: ProbeType; message: string };
}

const DEFAULTS = { timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 };
/** Walk at most this many probe results per question (then ask again later). */
const MAX_STEPS = 2000;

interface Worker {
  type: ProbeType;
  probe: any;
  period: number;
  /** First tick at or after the container's start + initialDelaySeconds. */
  first: number;
  next: number;
  successes: number;
  failures: number;
  /** The result of the previous tick (a failure after a success starts a new run). */
  lastOk?: boolean;
  bps: number[];
}

const cap = (t: ProbeType) => t[0]!.toUpperCase() + t.slice(1);

/** Whether the container has any probe (otherwise it is started and ready as soon as it runs). */
export const hasProbes = (spec: any) =>
  !!(spec?.startupProbe || spec?.livenessProbe || spec?.readinessProbe);

/**
 * The probes of one running instance from its start up to `now`, and the next change after it.
 * `workerStart` is when the kubelet's probe workers began ticking (its first sync of the pod).
 */
export function probeReport(inst: Instance, now: number, workerStart: number): ProbeReport {
  const spec = inst.spec;
  const S = inst.startedAt;
  const end = inst.endedAt ?? Infinity;
  if (!hasProbes(spec)) return { startedAt: S, ready: true, readySince: S, failures: [] };
  const ev = new ProbeEvaluator(inst);
  const workers: Worker[] = [];
  for (const type of ['startup', 'liveness', 'readiness'] as ProbeType[]) {
    const probe = spec[`${type}Probe`];
    if (!probe) continue;
    const p = { ...DEFAULTS, ...probe };
    const period = Math.max(1, p.periodSeconds) * 1000;
    const earliest = S + (p.initialDelaySeconds ?? 0) * 1000;
    // Ticks are workerStart + k·period; the first counted one is the first at/after `earliest`.
    const k = Math.max(0, Math.ceil((earliest - workerStart) / period));
    const first = workerStart + k * period;
    workers.push({
      type,
      probe: p,
      period,
      first,
      next: first,
      successes: 0,
      failures: 0,
      bps: ev.breakpoints(p),
    });
  }
  const startup = workers.find((w) => w.type === 'startup');
  const report: ProbeReport = { ready: false, failures: [] };
  let startedAt: number | undefined = startup ? undefined : S;
  let ready = false;
  let readySince: number | undefined = S;
  const readinessW = workers.find((w) => w.type === 'readiness');
  if (!readinessW) ready = startedAt !== undefined;
  let readyNow = ready;
  let kill: ProbeReport['kill'];
  const changes: number[] = [];
  const memo = new Map<string, ProbeOutcome>();
  const outcomeAt = (w: Worker, t: number): ProbeOutcome => {
    // Results are constant between breakpoints: one evaluation per interval.
    const i = w.bps.findIndex((b) => b > t);
    const key = `${w.type}|${i}`;
    let o = memo.get(key);
    if (!o) {
      o = ev.outcome(w.probe, t);
      memo.set(key, o);
    }
    return o;
  };
  const recordFailure = (w: Worker, t: number, message: string, count = 1, last = t) => {
    if (t > now) return;
    const lastRun = report.failures[report.failures.length - 1];
    const lastAt = Math.min(last, now);
    const n = count === 1 ? 1 : Math.floor((lastAt - t) / w.period) + 1;
    if (n <= 0) return;
    if (lastRun && lastRun.type === w.type && lastRun.message === message) {
      lastRun.last = lastAt;
      lastRun.count += n;
    } else report.failures.push({ type: w.type, message, first: t, last: lastAt, count: n });
  };
  let steps = 0;
  let recheck: number | undefined;
  for (;;) {
    // The worker whose tick comes next (startup first at equal times).
    const active = workers.filter((w) =>
      w.type === 'startup' ? startedAt === undefined : startedAt !== undefined,
    );
    if (!active.length || kill) break;
    let w = active[0]!;
    for (const x of active) if (x.next < w.next) w = x;
    const t = w.next;
    if (t >= end) break;
    // Past `now`, only the first change matters.
    if (t > now && (changes.some((c) => c > now) || report.nextFailure)) break;
    if (++steps > MAX_STEPS) {
      recheck = t;
      break;
    }
    if (w.type !== 'startup' && startedAt !== undefined && t < startedAt) {
      w.next += w.period;
      continue;
    }
    const o = outcomeAt(w, t);
    const p = w.probe;
    if (o.ok) {
      w.successes++;
      w.failures = 0;
    } else {
      w.failures++;
      w.successes = 0;
      recordFailure(w, t, `${cap(w.type)} probe failed: ${o.message}`);
      if (t > now && w.lastOk !== false && !report.nextFailure)
        report.nextFailure = {
          t,
          type: w.type,
          message: `${cap(w.type)} probe failed: ${o.message}`,
        };
    }
    w.lastOk = o.ok;
    if (w.type === 'startup' && w.successes >= 1) {
      startedAt = t;
      changes.push(t);
      if (!readinessW) {
        ready = true;
        if (t <= now) {
          readySince = t;
          readyNow = true;
        }
      }
    }
    if (w.type !== 'readiness' && w.failures >= p.failureThreshold) {
      kill = { at: t, type: w.type === 'startup' ? 'startup' : 'liveness', message: o.message };
      changes.push(t);
      break;
    }
    if (w.type === 'readiness') {
      const before = ready;
      if (!ready && w.successes >= p.successThreshold) ready = true;
      if (ready && w.failures >= p.failureThreshold) ready = false;
      if (ready !== before) {
        if (t <= now) {
          readySince = t;
          readyNow = ready;
        }
        changes.push(t);
        if (t > now) break;
      }
    }
    // Jump over ticks whose result cannot change anything until the next breakpoint.
    const nextBp = w.bps.find((b) => b > t);
    const saturated =
      (o.ok && (w.type !== 'readiness' || ready)) || (!o.ok && w.type === 'readiness' && !ready);
    if (saturated) {
      const target = nextBp ?? Infinity;
      if (target === Infinity) {
        if (!o.ok)
          recordFailure(w, t + w.period, `${cap(w.type)} probe failed: ${o.message}`, 2, now);
        w.next = Infinity;
        continue;
      }
      const k = Math.max(1, Math.ceil((target - t) / w.period));
      if (!o.ok && k > 1)
        recordFailure(
          w,
          t + w.period,
          `${cap(w.type)} probe failed: ${o.message}`,
          2,
          t + (k - 1) * w.period,
        );
      w.next = t + k * w.period;
    } else w.next = t + w.period;
  }
  report.startedAt = startedAt;
  report.kill = kill;
  report.ready = readyNow && (kill === undefined || kill.at > now);
  report.readySince = readySince;
  const future = changes.filter((c) => c > now);
  report.next = future.length ? Math.min(...future) : recheck;
  return report;
}
