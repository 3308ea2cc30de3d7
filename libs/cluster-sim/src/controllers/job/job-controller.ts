import { controllerRef, deepClone, formatTime, type KubeObject } from '@kubelab/apimachinery';
import { jsonEqual } from '../../util/equal';
import { earliest, isStatusError, type Controller, type ControllerContext } from '../controller';
import { isPodReady, ownerReferenceTo } from '../util/pods';
import { backoffRecord, finishedTime, remainingBackoff, remainingBackoffPerIndex } from './backoff';
import {
  COMPLETION_INDEX_ANNOTATION,
  COMPLETION_INDEX_ENV,
  INDEX_FAILURE_COUNT_ANNOTATION,
  INDEX_IGNORED_FAILURE_COUNT_ANNOTATION,
  completionIndex,
  firstPendingIndexes,
  generateNameWithIndex,
  has,
  hasBackoffLimitPerIndex,
  indexAbsoluteFailureCount,
  indexFailureCount,
  indexIgnoredFailureCount,
  intervalsString,
  isIndexedJob,
  parseIndexes,
  total,
  withIndexes,
  merge,
  type Intervals,
} from './indexed-job-utils';
import { matchPodFailurePolicy } from './pod-failure-policy';
import { matchSuccessPolicy } from './success-policy';

// pkg/controller/job/job_controller.go (syncJob, manageJob, trackJobStatusAndRemoveFinalizers):
// runs a Job's pods to its completions with its parallelism, replaces failed pods after a
// back-off, fails the Job past its backoffLimit, deadline or pod failure policy, and counts
// finished pods exactly once through the batch.kubernetes.io/job-tracking finalizer.

export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
const SOURCE = { component: 'job-controller' };
/** How soon pod creation is retried after the API refused one (the work queue's rate limit). */
const CREATE_RETRY_MS = 10_000;

interface Condition {
  type: string;
  status: string;
  lastProbeTime: string;
  lastTransitionTime: string;
  reason?: string;
  message?: string;
}

function newCondition(type: string, reason: string, message: string, now: number): Condition {
  const t = formatTime(now);
  const c: Condition = { type, status: 'True', lastProbeTime: t, lastTransitionTime: t };
  if (reason) c.reason = reason;
  if (message) c.message = message;
  return c;
}

const conditionTrue = (job: any, type: string): Condition | undefined =>
  (job.status?.conditions ?? []).find((c: any) => c.type === type && c.status === 'True');

export const isJobFinished = (job: any) =>
  !!conditionTrue(job, 'Complete') || !!conditionTrue(job, 'Failed');

const terminal = (p: any) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
const hasTrackingFinalizer = (p: any) =>
  (p.metadata.finalizers ?? []).includes(JOB_TRACKING_FINALIZER);
const isActive = (p: any) => !p.metadata.deletionTimestamp && !terminal(p);
const isTerminating = (p: any) => !!p.metadata.deletionTimestamp && !terminal(p);
const suspended = (job: any) => job.spec?.suspend === true;

/** PodReplacementPolicy Failed (or a pod failure policy): terminating pods are not replaced yet. */
const onlyReplaceFailedPods = (job: any) =>
  job.spec?.podReplacementPolicy === 'Failed' || !!job.spec?.podFailurePolicy;

/** isPodFailed: Failed, or (unless only failed pods are replaced) deleted before succeeding. */
function isPodFailed(p: any, job: any): boolean {
  if (p.status?.phase === 'Failed') return true;
  if (onlyReplaceFailedPods(job)) return false;
  return !!p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded';
}

/** The Job's pods: those it controls (adoption of orphans is left out). */
function podsOf(ctx: ControllerContext, job: any): any[] {
  return ctx.state
    .dependentsOf(job.metadata.uid)
    .filter(
      (o) =>
        o.kind === 'Pod' &&
        o.apiVersion === 'v1' &&
        o.metadata.namespace === job.metadata.namespace &&
        controllerRef(o)?.uid === job.metadata.uid,
    );
}

/** pastBackoffLimitOnFailure: with OnFailure, the kubelet's restarts count as the failures. */
function pastBackoffLimitOnFailure(job: any, pods: any[]): boolean {
  if (job.spec.template?.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const p of pods) {
    if (p.status?.phase !== 'Running' && p.status?.phase !== 'Pending') continue;
    for (const cs of [
      ...(p.status?.initContainerStatuses ?? []),
      ...(p.status?.containerStatuses ?? []),
    ])
      restarts += cs.restartCount ?? 0;
  }
  const limit = job.spec.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

function pastActiveDeadline(job: any, now: number): boolean {
  const ads = job.spec.activeDeadlineSeconds;
  if (ads == null || !job.status?.startTime || suspended(job)) return false;
  return now - Date.parse(job.status.startTime) >= ads * 1000;
}

/** isIndexFailed: the index ran out of retries, or a FailIndex rule matched. */
function isIndexFailed(job: any, p: any): boolean {
  if (!isPodFailed(p, job)) return false;
  let counted = true;
  if (job.spec.podFailurePolicy) {
    const m = matchPodFailurePolicy(job.spec.podFailurePolicy, p);
    if (m.action === 'FailIndex') return true;
    counted = m.countFailed;
  }
  return counted && indexFailureCount(p) >= job.spec.backoffLimitPerIndex;
}

/** The pod template of a new pod, with the completion index and tracking finalizer added. */
function podFor(job: any, index: number, replaced: any | undefined): KubeObject {
  const tpl = deepClone(job.spec.template ?? {});
  const meta = tpl.metadata ?? {};
  const spec = tpl.spec ?? {};
  const annotations: Record<string, string> = { ...(meta.annotations ?? {}) };
  const labels: Record<string, string> = { ...(meta.labels ?? {}) };
  let generateName = `${job.metadata.name}-`;
  if (isIndexedJob(job)) {
    // The index reaches the containers through the downward API (addCompletionIndexEnvVariables).
    for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
      if ((c.env ?? []).some((e: any) => e.name === COMPLETION_INDEX_ENV)) continue;
      c.env = [
        ...(c.env ?? []),
        {
          name: COMPLETION_INDEX_ENV,
          valueFrom: {
            fieldRef: { fieldPath: `metadata.labels['${COMPLETION_INDEX_ANNOTATION}']` },
          },
        },
      ];
    }
  }
  if (index >= 0) {
    annotations[COMPLETION_INDEX_ANNOTATION] = String(index);
    labels[COMPLETION_INDEX_ANNOTATION] = String(index);
    spec.hostname = `${job.metadata.name}-${index}`;
    generateName = generateNameWithIndex(job.metadata.name, index);
    if (hasBackoffLimitPerIndex(job)) {
      let failures = 0;
      let ignored = 0;
      if (replaced) {
        failures = indexFailureCount(replaced);
        ignored = indexIgnoredFailureCount(replaced);
        const counted = job.spec.podFailurePolicy
          ? matchPodFailurePolicy(job.spec.podFailurePolicy, replaced).countFailed
          : true;
        if (counted) failures++;
        else ignored++;
      }
      annotations[INDEX_FAILURE_COUNT_ANNOTATION] = String(failures);
      if (ignored > 0) annotations[INDEX_IGNORED_FAILURE_COUNT_ANNOTATION] = String(ignored);
    }
  }
  const pod: any = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName,
      namespace: job.metadata.namespace,
      labels,
      finalizers: [
        ...(meta.finalizers ?? []).filter((f: string) => f !== JOB_TRACKING_FINALIZER),
        JOB_TRACKING_FINALIZER,
      ],
      ownerReferences: [ownerReferenceTo(job)],
    },
    spec,
  };
  if (Object.keys(annotations).length) pod.metadata.annotations = annotations;
  return pod;
}

/** The time of the job controller's last event of this reason about `obj`, if any. */
function lastEventAt(ctx: ControllerContext, obj: any, reason: string): number | undefined {
  let t: number | undefined;
  for (const ev of ctx.state.eventsAbout(obj.metadata.uid) as any[]) {
    if (ev.reason !== reason || ev.involvedObject?.uid !== obj.metadata.uid) continue;
    const at = Date.parse(ev.lastTimestamp ?? ev.eventTime ?? '');
    if (!Number.isNaN(at) && (t === undefined || at > t)) t = at;
  }
  return t;
}

interface SyncCtx {
  ctx: ControllerContext;
  job: any;
  pods: any[];
  activePods: any[];
  active: number;
  ready: number;
  terminating: number;
  succeeded: number;
  failed: number;
  succeededIndexes: Intervals;
  prevSucceededIndexes: Intervals;
  failedIndexes?: Intervals;
  delayedPerIndex: Map<number, any>;
  finished?: Condition;
  wake?: number;
}

export const jobController: Controller = {
  name: 'job',
  reconcile(ctx) {
    let wake: number | undefined;
    for (const job of ctx.state.list('batch', 'Job') as any[])
      wake = earliest(wake, syncJob(ctx, job));
    releaseOrphanPods(ctx);
    return wake;
  },
};

/** syncOrphanPod: pods of Jobs that are gone or finished lose the tracking finalizer. */
function releaseOrphanPods(ctx: ControllerContext): void {
  for (const p of ctx.state.list('', 'Pod') as any[]) {
    if (!hasTrackingFinalizer(p)) continue;
    const ref = controllerRef(p);
    if (ref && (ref.kind !== 'Job' || ref.apiVersion !== 'batch/v1')) continue;
    const job: any = ref ? ctx.state.byUid(ref.uid) : undefined;
    if (job && job.kind === 'Job' && !isJobFinished(job) && !job.metadata.deletionTimestamp)
      continue;
    removeTrackingFinalizer(ctx, p);
  }
}

function removeTrackingFinalizer(ctx: ControllerContext, pod: any): boolean {
  const fresh: any = ctx.state.get('', 'Pod', pod.metadata.namespace, pod.metadata.name);
  if (!fresh || fresh.metadata.uid !== pod.metadata.uid) return true;
  const res = ctx.api.mutate(fresh, (c: any) => {
    c.metadata.finalizers = (c.metadata.finalizers ?? []).filter(
      (f: string) => f !== JOB_TRACKING_FINALIZER,
    );
    if (!c.metadata.finalizers.length) delete c.metadata.finalizers;
  });
  return !isStatusError(res);
}

function deletePod(s: SyncCtx, pod: any, removeFinalizer: boolean): boolean {
  const { ctx, job } = s;
  if (removeFinalizer && !removeTrackingFinalizer(ctx, pod)) return false;
  const fresh = ctx.state.get('', 'Pod', pod.metadata.namespace, pod.metadata.name);
  if (!fresh) return true;
  const err = ctx.api.delete(fresh);
  if (err && err.code !== 404) {
    ctx.api.event(job, {
      type: 'Warning',
      reason: 'FailedDelete',
      message: `Error deleting: ${err.message}`,
      source: SOURCE,
    });
    return false;
  }
  ctx.api.event(job, {
    type: 'Normal',
    reason: 'SuccessfulDelete',
    message: `Deleted pod: ${pod.metadata.name}`,
    source: SOURCE,
  });
  return true;
}

function syncJob(ctx: ControllerContext, job: any): number | undefined {
  const managedBy = job.spec?.managedBy;
  if (managedBy && managedBy !== 'kubernetes.io/job-controller') return undefined;
  if (isJobFinished(job)) return undefined;
  const { now } = ctx;
  const indexed = isIndexedJob(job);
  const perIndex = hasBackoffLimitPerIndex(job);
  const completions: number = job.spec.completions ?? 0;
  const pods = podsOf(ctx, job);
  const status: any = deepClone(job.status ?? {});
  status.uncountedTerminatedPods ??= {};
  const uncounted = {
    succeeded: new Set<string>(status.uncountedTerminatedPods.succeeded ?? []),
    failed: new Set<string>(status.uncountedTerminatedPods.failed ?? []),
  };
  const validIndex = (p: any) => {
    if (!indexed) return true;
    const ix = completionIndex(p);
    return ix >= 0 && ix < completions;
  };
  const activePods = pods.filter(isActive);
  const s: SyncCtx = {
    ctx,
    job,
    pods,
    activePods,
    active: activePods.length,
    ready: activePods.filter(isPodReady).length,
    terminating: pods.filter(isTerminating).length,
    succeeded: 0,
    failed: 0,
    succeededIndexes: [],
    prevSucceededIndexes: [],
    delayedPerIndex: new Map(),
  };
  const newlyFinished = (set: Set<string>, filter: (p: any) => boolean) =>
    pods.filter(
      (p) => hasTrackingFinalizer(p) && !set.has(p.metadata.uid) && validIndex(p) && filter(p),
    );
  const newSucceeded = newlyFinished(uncounted.succeeded, (p) => p.status?.phase === 'Succeeded');
  const newFailed = newlyFinished(uncounted.failed, (p) => isPodFailed(p, job));
  const counted = (p: any) =>
    !job.spec.podFailurePolicy || matchPodFailurePolicy(job.spec.podFailurePolicy, p).countFailed;
  s.succeeded = (status.succeeded ?? 0) + newSucceeded.length + uncounted.succeeded.size;
  s.failed = (status.failed ?? 0) + newFailed.filter(counted).length + uncounted.failed.size;

  // The Job's first start; a suspended Job has not started.
  if (!status.startTime && !suspended(job)) status.startTime = formatTime(now);
  const view = { ...job, status };

  // A condition reached in an earlier sync stands; otherwise the failure rules, in order.
  s.finished = conditionTrue(job, 'SuccessCriteriaMet');
  if (!s.finished) {
    const target = conditionTrue(job, 'FailureTarget');
    if (target) s.finished = newCondition('Failed', target.reason ?? '', target.message ?? '', now);
    else if (job.spec.podFailurePolicy) {
      for (const p of pods) {
        if (!isPodFailed(p, job)) continue;
        const msg = matchPodFailurePolicy(job.spec.podFailurePolicy, p).failJobMessage;
        if (msg) {
          s.finished = newCondition('FailureTarget', 'PodFailurePolicy', msg, now);
          break;
        }
      }
    }
  }
  if (!s.finished) {
    if (s.failed > job.spec.backoffLimit || pastBackoffLimitOnFailure(job, pods))
      s.finished = newCondition(
        'FailureTarget',
        'BackoffLimitExceeded',
        'Job has reached the specified backoff limit',
        now,
      );
    else if (pastActiveDeadline(view, now))
      s.finished = newCondition(
        'FailureTarget',
        'DeadlineExceeded',
        'Job was active longer than specified deadline',
        now,
      );
    else if (job.spec.activeDeadlineSeconds != null && !suspended(job))
      s.wake = Date.parse(status.startTime) + job.spec.activeDeadlineSeconds * 1000;
  }

  if (indexed) {
    s.prevSucceededIndexes = parseIndexes(status.completedIndexes, completions);
    s.succeededIndexes = withIndexes(
      s.prevSucceededIndexes,
      pods
        .filter((p) => p.status?.phase === 'Succeeded' && validIndex(p) && hasTrackingFinalizer(p))
        .map(completionIndex),
    );
    s.succeeded = total(s.succeededIndexes);
    if (perIndex) {
      s.failedIndexes = withIndexes(
        parseIndexes(status.failedIndexes, completions),
        pods
          .filter((p) => validIndex(p) && hasTrackingFinalizer(p) && isIndexFailed(job, p))
          .map(completionIndex),
      );
      if (!s.finished) {
        const failedCount = total(s.failedIndexes);
        if (job.spec.maxFailedIndexes != null && failedCount > job.spec.maxFailedIndexes)
          s.finished = newCondition(
            'FailureTarget',
            'MaxFailedIndexesExceeded',
            'Job has exceeded the specified maximal number of failed indexes',
            now,
          );
        else if (failedCount > 0 && failedCount + total(s.succeededIndexes) >= completions)
          s.finished = newCondition(
            'FailureTarget',
            'FailedIndexes',
            'Job has failed indexes',
            now,
          );
      }
      s.delayedPerIndex = podsWithDelayedDeletion(s);
    }
    if (!s.finished) {
      const msg = matchSuccessPolicy(job.spec.successPolicy, completions, s.succeededIndexes);
      if (msg) s.finished = newCondition('SuccessCriteriaMet', 'SuccessPolicy', msg, now);
    }
  }

  if (s.finished) {
    // A finished Job stops what still runs; the pods count once they are gone.
    for (const p of activePods) {
      if (!deletePod(s, p, false)) continue;
      s.active--;
      s.terminating++;
      if (isPodReady(p)) s.ready--;
    }
  } else {
    let managed = false;
    if (!job.metadata.deletionTimestamp) {
      manageJob(s, status);
      managed = true;
    }
    const complete =
      job.spec.completions == null
        ? s.succeeded > 0 && s.active === 0
        : s.succeeded >= job.spec.completions && s.active === 0;
    if (complete)
      s.finished = newCondition(
        'SuccessCriteriaMet',
        'CompletionsReached',
        'Reached expected number of succeeded pods',
        now,
      );
    else if (managed) {
      if (suspended(job)) {
        if (ensureCondition(status, 'Suspended', 'True', 'JobSuspended', 'Job suspended', now)) {
          ctx.api.event(job, {
            type: 'Normal',
            reason: 'Suspended',
            message: 'Job suspended',
            source: SOURCE,
          });
        }
      } else if (ensureCondition(status, 'Suspended', 'False', 'JobResumed', 'Job resumed', now)) {
        ctx.api.event(job, {
          type: 'Normal',
          reason: 'Resumed',
          message: 'Job resumed',
          source: SOURCE,
        });
        // The active deadline counts from the resumption.
        status.startTime = formatTime(now);
      }
    }
  }
  status.active = s.active;
  status.ready = s.ready;
  status.terminating = s.terminating;
  trackStatusAndRemoveFinalizers(s, status, uncounted);
  return s.wake;
}

/** ensureJobConditionStatus: sets a condition (never adds one that is False); true if changed. */
function ensureCondition(
  status: any,
  type: string,
  value: string,
  reason: string,
  message: string,
  now: number,
): boolean {
  const fresh = { ...newCondition(type, reason, message, now), status: value };
  const existing = (status.conditions ?? []).find((x: any) => x.type === type);
  if (existing) {
    if (existing.status === value && existing.reason === reason && existing.message === message)
      return false;
    Object.assign(existing, fresh);
    return true;
  }
  // Going from no condition to a False one says nothing.
  if (value === 'False') return false;
  (status.conditions ??= []).push(fresh);
  return true;
}

/** getPodsWithDelayedDeletionPerIndex: the last failed pod of each index awaiting a retry. */
function podsWithDelayedDeletion(s: SyncCtx): Map<number, any> {
  const activeIndexes = new Set(s.activePods.map(completionIndex));
  const out = new Map<number, any>();
  const completions = s.job.spec.completions ?? 0;
  for (const p of s.pods) {
    if (!hasTrackingFinalizer(p) || !isPodFailed(p, s.job)) continue;
    const ix = completionIndex(p);
    if (ix < 0 || ix >= completions) continue;
    if (has(s.succeededIndexes, ix) || has(s.failedIndexes, ix) || activeIndexes.has(ix)) continue;
    const prev = out.get(ix);
    if (
      !prev ||
      (indexAbsoluteFailureCount(prev) <= indexAbsoluteFailureCount(p) &&
        finishedTime(p) >= finishedTime(prev))
    )
      out.set(ix, p);
  }
  return out;
}

/** Pods beyond what the Job wants: for Indexed Jobs, duplicates and indexes out of range first. */
function podsForRemoval(job: any, active: any[], atLeast: number): any[] {
  const rm: any[] = [];
  let left = active;
  if (isIndexedJob(job)) {
    const completions = job.spec.completions ?? 0;
    const byIndex = new Map<number, any[]>();
    left = [];
    for (const p of active) {
      const ix = completionIndex(p);
      if (ix < 0 || ix >= completions) rm.push(p);
      else byIndex.set(ix, [...(byIndex.get(ix) ?? []), p]);
    }
    for (const group of byIndex.values()) {
      // Keep the pod furthest along; remove the rest.
      const sorted = [...group].sort(activePodsOrder);
      rm.push(...sorted.slice(0, -1));
      left.push(sorted[sorted.length - 1]);
    }
  }
  if (rm.length < atLeast)
    rm.push(...[...left].sort(activePodsOrder).slice(0, atLeast - rm.length));
  return rm;
}

/** controller.ActivePods: unscheduled < scheduled, pending < running, not ready < ready, newer first. */
function activePodsOrder(a: any, b: any): number {
  if (!a.spec?.nodeName !== !b.spec?.nodeName) return a.spec?.nodeName ? 1 : -1;
  const rank: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
  const ra = rank[a.status?.phase] ?? 1;
  const rb = rank[b.status?.phase] ?? 1;
  if (ra !== rb) return ra - rb;
  if (isPodReady(a) !== isPodReady(b)) return isPodReady(a) ? 1 : -1;
  return Date.parse(b.metadata.creationTimestamp) - Date.parse(a.metadata.creationTimestamp);
}

/** manageJob: deletes extra pods, or creates the missing ones once the back-off allows. */
function manageJob(s: SyncCtx, status: any): void {
  const { ctx, job } = s;
  const { now } = ctx;
  if (suspended(job)) {
    // A suspended Job keeps no pods; they are not counted as failures.
    for (const p of podsForRemoval(job, s.activePods, s.activePods.length)) {
      if (!deletePod(s, p, true)) continue;
      s.active--;
      s.terminating++;
      if (isPodReady(p)) s.ready--;
    }
    delete status.startTime;
    return;
  }
  const parallelism: number = job.spec.parallelism ?? 1;
  let want: number;
  if (job.spec.completions == null) want = s.succeeded > 0 ? s.active : parallelism;
  else want = Math.max(0, Math.min(job.spec.completions - s.succeeded, parallelism));
  const toDelete = podsForRemoval(job, s.activePods, Math.max(0, s.active - want));
  if (toDelete.length) {
    for (const p of toDelete) {
      if (!deletePod(s, p, true)) continue;
      s.active--;
      s.terminating++;
      if (isPodReady(p)) s.ready--;
    }
    return;
  }
  const terminatingHeld = onlyReplaceFailedPods(job) ? s.terminating : 0;
  let diff = want - terminatingHeld - s.active;
  if (diff <= 0) return;
  if (!hasBackoffLimitPerIndex(job)) {
    const record = backoffRecord(
      s.pods.filter((p) => p.status?.phase === 'Succeeded'),
      s.pods.filter((p) => isPodFailed(p, job)),
    );
    const remaining = remainingBackoff(
      now,
      record.failuresAfterLastSuccess,
      record.lastFailureTime,
    );
    if (remaining > 0) {
      s.wake = earliest(s.wake, now + remaining);
      return;
    }
  }
  // A refused create is retried later, as the work queue's rate limiter would.
  const lastRefusal = lastEventAt(ctx, job, 'FailedCreate');
  if (lastRefusal !== undefined && now < lastRefusal + CREATE_RETRY_MS) {
    s.wake = earliest(s.wake, lastRefusal + CREATE_RETRY_MS);
    return;
  }
  let indexes: number[] = [];
  if (isIndexedJob(job)) {
    const completions = job.spec.completions ?? 0;
    let nonPending = withIndexes(
      s.succeededIndexes,
      s.activePods.map(completionIndex).filter((i) => i >= 0),
    );
    if (onlyReplaceFailedPods(job))
      nonPending = withIndexes(
        nonPending,
        s.pods
          .filter(isTerminating)
          .map(completionIndex)
          .filter((i) => i >= 0),
      );
    if (s.failedIndexes) nonPending = merge(nonPending, s.failedIndexes);
    indexes = firstPendingIndexes(diff, completions, nonPending);
    if (hasBackoffLimitPerIndex(job)) {
      const ready: number[] = [];
      let minRemaining: number | undefined;
      for (const ix of indexes) {
        const r = remainingBackoffPerIndex(now, s.delayedPerIndex.get(ix));
        if (r === 0) ready.push(ix);
        else if (minRemaining === undefined || r < minRemaining) minRemaining = r;
      }
      if (!ready.length && minRemaining !== undefined) {
        s.wake = earliest(s.wake, now + minRemaining);
        return;
      }
      indexes = ready;
    }
    diff = indexes.length;
  }
  for (let i = 0; i < diff; i++) {
    const ix = indexes.length ? indexes[i]! : -1;
    const created = ctx.api.create(
      podFor(job, ix, ix >= 0 ? s.delayedPerIndex.get(ix) : undefined),
    );
    if (isStatusError(created)) {
      ctx.api.event(job, {
        type: 'Warning',
        reason: 'FailedCreate',
        message: `Error creating: ${created.message}`,
        source: SOURCE,
      });
      s.wake = earliest(s.wake, now + CREATE_RETRY_MS);
      break;
    }
    s.active++;
    ctx.api.event(job, {
      type: 'Normal',
      reason: 'SuccessfulCreate',
      message: `Created pod: ${created.metadata.name}`,
      source: SOURCE,
    });
  }
}

/** canRemoveFinalizer: once the Job ends, the pod succeeded, or it failed (and is not awaited). */
function canRemoveFinalizer(s: SyncCtx, pod: any, failed: boolean): boolean {
  if (s.job.metadata.deletionTimestamp || s.finished || pod.status?.phase === 'Succeeded')
    return true;
  if (!failed) return false;
  if (hasBackoffLimitPerIndex(s.job)) {
    const ix = completionIndex(pod);
    if (ix >= 0 && s.delayedPerIndex.get(ix)?.metadata.uid === pod.metadata.uid) return false;
  }
  return true;
}

/** Moves uncounted pods whose finalizer is gone into the counters; true if any moved. */
function cleanUncounted(status: any, withFinalizer: Set<string>): boolean {
  const u = status.uncountedTerminatedPods;
  let changed = false;
  for (const [list, counter] of [
    ['succeeded', 'succeeded'],
    ['failed', 'failed'],
  ] as const) {
    const before: string[] = u[list] ?? [];
    const keep = before.filter((uid) => withFinalizer.has(uid));
    if (keep.length !== before.length) {
      changed = true;
      status[counter] = (status[counter] ?? 0) + before.length - keep.length;
    }
    if (keep.length) u[list] = keep;
    else delete u[list];
  }
  return changed;
}

/** Omits what Go's omitempty leaves out of a JobStatus. */
function normalize(status: any): any {
  for (const k of ['active', 'succeeded', 'failed'] as const) if (!status[k]) delete status[k];
  if (!status.completedIndexes) delete status.completedIndexes;
  if (status.conditions && !status.conditions.length) delete status.conditions;
  return status;
}

/** trackJobStatusAndRemoveFinalizers: count finished pods, release them, then finish the Job. */
function trackStatusAndRemoveFinalizers(
  s: SyncCtx,
  status: any,
  uncounted: { succeeded: Set<string>; failed: Set<string> },
): void {
  const { ctx, job, pods } = s;
  const { now } = ctx;
  const indexed = isIndexedJob(job);
  const completions = job.spec.completions ?? 0;
  const withFinalizer = new Set(pods.filter(hasTrackingFinalizer).map((p) => p.metadata.uid));
  cleanUncounted(status, withFinalizer);
  const u = status.uncountedTerminatedPods;
  const toRelease: any[] = [];
  const newSucceededIndexes: number[] = [];
  const ordered = indexed
    ? [...pods].sort((a, b) => completionIndex(a) - completionIndex(b))
    : pods;
  for (const p of ordered) {
    if (!hasTrackingFinalizer(p)) continue;
    const failed = isPodFailed(p, job);
    if (!canRemoveFinalizer(s, p, failed)) continue;
    toRelease.push(p);
    const uid = p.metadata.uid;
    if (p.status?.phase === 'Succeeded' && !uncounted.failed.has(uid)) {
      if (indexed) {
        const ix = completionIndex(p);
        if (ix >= 0 && ix < completions && !has(s.prevSucceededIndexes, ix))
          newSucceededIndexes.push(ix);
      } else if (!uncounted.succeeded.has(uid)) (u.succeeded ??= []).push(uid);
    } else if (failed || (s.finished && s.finished.type !== 'SuccessCriteriaMet')) {
      // Once the Job is finished, whatever did not succeed counts as failed.
      const ix = completionIndex(p);
      if (uncounted.failed.has(uid) || (indexed && (ix < 0 || ix >= completions))) continue;
      const counts =
        !job.spec.podFailurePolicy ||
        matchPodFailurePolicy(job.spec.podFailurePolicy, p).countFailed;
      if (counts) (u.failed ??= []).push(uid);
    }
  }
  if (indexed) {
    s.succeededIndexes = withIndexes(s.succeededIndexes, newSucceededIndexes);
    status.succeeded = total(s.succeededIndexes);
    status.completedIndexes = intervalsString(s.succeededIndexes);
    if (s.failedIndexes) status.failedIndexes = intervalsString(s.failedIndexes);
  }
  let finished = s.finished;
  if (finished?.type === 'FailureTarget') {
    // The interim condition records why, before the pods are released.
    (status.conditions ??= []).push(finished);
    finished = newCondition('Failed', finished.reason ?? '', finished.message ?? '', now);
  }
  if (finished?.type === 'SuccessCriteriaMet') {
    if (
      !(status.conditions ?? []).some(
        (c: any) => c.type === 'SuccessCriteriaMet' && c.status === 'True',
      )
    )
      (status.conditions ??= []).push(finished);
    finished = newCondition('Complete', finished.reason ?? '', finished.message ?? '', now);
  }
  // First flush: the uncounted pods (and the interim condition) are recorded...
  let current = writeStatus(ctx, job, normalize(status));
  // ... then the pods are released, and counted.
  for (const p of toRelease)
    if (removeTrackingFinalizer(ctx, p)) withFinalizer.delete(p.metadata.uid);
  cleanUncounted(status, withFinalizer);
  // enactJobFinished: only once every pod is counted and none is still terminating.
  let jobFinished = false;
  const pending = (u.succeeded?.length ?? 0) + (u.failed?.length ?? 0);
  if (finished && pending === 0 && s.terminating === 0) {
    ensureCondition(
      status,
      finished.type,
      'True',
      finished.reason ?? '',
      finished.message ?? '',
      now,
    );
    if (finished.type === 'Complete') status.completionTime = finished.lastTransitionTime;
    jobFinished = true;
  }
  current = writeStatus(ctx, current, normalize(status));
  if (!jobFinished || !finished) return;
  if (finished.type === 'Complete') {
    if (job.spec.completions != null && (status.succeeded ?? 0) > job.spec.completions)
      ctx.api.event(current, {
        type: 'Warning',
        reason: 'TooManySucceededPods',
        message: 'Too many succeeded pods running after completion count reached',
        source: SOURCE,
      });
    ctx.api.event(current, {
      type: 'Normal',
      reason: 'Completed',
      message: 'Job completed',
      source: SOURCE,
    });
  } else
    ctx.api.event(current, {
      type: 'Warning',
      reason: finished.reason ?? '',
      message: finished.message ?? '',
      source: SOURCE,
    });
}

function writeStatus(ctx: ControllerContext, job: any, status: any): any {
  if (jsonEqual(status, job.status)) return job;
  const res = ctx.api.mutate(job, (c: any) => (c.status = deepClone(status)), true);
  return isStatusError(res) ? job : res;
}
