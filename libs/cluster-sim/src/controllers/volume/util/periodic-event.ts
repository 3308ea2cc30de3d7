import type { ControllerContext } from '../../controller';
import type { RecordOptions } from '../../../events/recorder';

// Events the volume controllers repeat on every sync of an object that stays stuck (the PV
// controller resyncs claims every 15 s): "(x5 over 60s)" in kubectl describe. The last
// occurrence, kept in the Event itself, says when the next one is due, so no timer is stored.

export function lastEventTime(
  ctx: Pick<ControllerContext, 'state'>,
  obj: any,
  reason: string,
  message?: string,
  component?: string,
): { at: number; count: number } | undefined {
  let best: { at: number; count: number } | undefined;
  for (const e of ctx.state.eventsAbout(obj.metadata.uid ?? '') as any[]) {
    if (e.involvedObject?.uid !== obj.metadata.uid || e.reason !== reason) continue;
    if (message !== undefined && e.message !== message) continue;
    if (component !== undefined && e.source?.component !== component) continue;
    const at = Date.parse(e.lastTimestamp ?? e.eventTime ?? '');
    if (!Number.isNaN(at) && (!best || at > best.at)) best = { at, count: e.count ?? 1 };
  }
  return best;
}

/** Records the event if it is new or its period has passed; returns when it is next due. */
export function periodicEvent(
  ctx: ControllerContext,
  obj: any,
  o: RecordOptions,
  periodMs: number,
): number {
  const last = lastEventTime(ctx, obj, o.reason, o.message, o.source.component);
  if (!last || ctx.now - last.at >= periodMs) {
    ctx.api.event(obj, o);
    return ctx.now + periodMs;
  }
  return last.at + periodMs;
}
