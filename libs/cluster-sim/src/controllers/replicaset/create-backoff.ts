import type { ControllerContext } from '../controller';

// The ReplicaSet controller's work queue retries a sync that failed (a pod refused by a
// ResourceQuota, a LimitRange, ...) with client-go's per-item exponential back-off: 5 ms,
// doubling, at most 1000 s (workqueue.DefaultControllerRateLimiter). Each attempt leaves a
// FailedCreate event, so the attempts so far are counted from them; a pure function of state.
// Events carry whole seconds, so the first, sub-second retries are spread one second apart.

const BASE_MS = 5;
const MAX_MS = 1000 * 1000;

/** When the next create may be attempted, or undefined when nothing has failed. */
export function createRetryAt(ctx: ControllerContext, rs: any): number | undefined {
  const failed = (rs.status?.conditions ?? []).find(
    (c: any) => c.type === 'ReplicaFailure' && c.reason === 'FailedCreate',
  );
  if (!failed) return undefined;
  const since = Date.parse(failed.lastTransitionTime);
  let attempts = 0;
  let last = since;
  for (const e of ctx.state.eventsAbout(rs.metadata.uid ?? '') as any[]) {
    if (e.involvedObject?.uid !== rs.metadata.uid || e.reason !== 'FailedCreate') continue;
    const at = Date.parse(e.lastTimestamp ?? e.eventTime);
    if (at < since) continue;
    attempts += e.count ?? 1;
    last = Math.max(last, at);
  }
  if (!attempts) return undefined;
  return last + Math.max(1000, Math.min(BASE_MS * 2 ** (attempts - 1), MAX_MS));
}
