import { indexAbsoluteFailureCount } from './indexed-job-utils';

// pkg/controller/job/backoff_utils.go: after pod failures the Job waits 10 s, doubling with each
// consecutive failure, before creating replacements. Upstream keeps the count in memory; here it
// is read back from the Job's pods (failed pods stay until the Job is cleaned up).

/** DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff of job_controller.go. */
export const POD_FAILURE_BACKOFF_MS = 10_000;
export const MAX_POD_FAILURE_BACKOFF_MS = 10 * 60_000;

/**
 * getFinishedTime: the last container's finish, else when Ready turned False, else the moment of
 * deletion, else creation.
 */
export function finishedTime(pod: any): number {
  const statuses: any[] = pod.status?.containerStatuses ?? [];
  let latest: number | undefined;
  let all = statuses.length > 0;
  for (const cs of statuses) {
    const t = cs.state?.terminated?.finishedAt;
    if (!t) {
      all = false;
      break;
    }
    const ms = Date.parse(t);
    if (latest === undefined || ms > latest) latest = ms;
  }
  if (all && latest !== undefined) return latest;
  const ready = (pod.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
  if (ready?.status === 'False' && ready.lastTransitionTime)
    return Date.parse(ready.lastTransitionTime);
  if (pod.metadata.deletionTimestamp)
    return (
      Date.parse(pod.metadata.deletionTimestamp) -
      (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000
    );
  return Date.parse(pod.metadata.creationTimestamp);
}

export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  lastFailureTime?: number;
}

/** The consecutive failures since the last success, from the Job's finished pods. */
export function backoffRecord(succeeded: any[], failed: any[]): BackoffRecord {
  const lastSuccess = Math.max(-Infinity, ...succeeded.map(finishedTime));
  const after = failed.map(finishedTime).filter((t) => t > lastSuccess);
  if (!after.length) return { failuresAfterLastSuccess: 0 };
  return { failuresAfterLastSuccess: after.length, lastFailureTime: Math.max(...after) };
}

/** getRemainingTimeForFailuresCount: how long pod creation must still wait (0: not at all). */
export function remainingBackoff(now: number, failures: number, lastFailureTime?: number): number {
  if (!failures || lastFailureTime === undefined) return 0;
  let delay = POD_FAILURE_BACKOFF_MS;
  for (let i = 1; i < failures; i++) {
    delay *= 2;
    if (delay >= MAX_POD_FAILURE_BACKOFF_MS) {
      delay = MAX_POD_FAILURE_BACKOFF_MS;
      break;
    }
  }
  const elapsed = now - lastFailureTime;
  return delay < elapsed ? 0 : delay - elapsed;
}

/** getRemainingTimePerIndex: the back-off of one index, from its last failed pod. */
export function remainingBackoffPerIndex(now: number, lastFailedPod: any | undefined): number {
  if (!lastFailedPod) return 0;
  return remainingBackoff(
    now,
    indexAbsoluteFailureCount(lastFailedPod) + 1,
    finishedTime(lastFailedPod),
  );
}
