import type { KubeObject } from '@kubelab/apimachinery';
import type { ControllerContext } from '../controller';

// The workqueue's per-item exponential back-off (client-go's default controller rate limiter:
// 5 ms doubling up to 1000 s), kept without controller memory: the Warning event a failed
// write left on the object says how often it failed and when last. At least a second apart
// here, so a write the API keeps refusing does not spin a reconcile.

const BASE_MS = 5;
const MAX_MS = 1000 * 1000;

/** When the object may next retry after failures recorded as `reason`; undefined if now. */
export function retryAfterFailures(
  ctx: ControllerContext,
  obj: KubeObject,
  reason: string,
): number | undefined {
  let last: any;
  for (const e of ctx.state.eventsAbout(obj.metadata.uid ?? '') as any[]) {
    if (e.involvedObject?.uid !== obj.metadata.uid || e.reason !== reason) continue;
    if (!last || Date.parse(e.lastTimestamp) > Date.parse(last.lastTimestamp)) last = e;
  }
  if (!last) return undefined;
  // A success since then is the queue's Forget: no more back-off.
  const since = Date.parse(last.lastTimestamp);
  for (const e of ctx.state.eventsAbout(obj.metadata.uid ?? '') as any[])
    if (
      e.involvedObject?.uid === obj.metadata.uid &&
      e.type === 'Normal' &&
      Date.parse(e.lastTimestamp) > since
    )
      return undefined;
  const failures = Math.min(Number(last.count ?? 1), 30);
  const delay = Math.max(1000, Math.min(BASE_MS * 2 ** failures, MAX_MS));
  const at = since + delay;
  return at > ctx.now ? at : undefined;
}
