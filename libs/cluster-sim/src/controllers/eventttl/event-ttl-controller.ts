import { earliest, type Controller } from '../controller';

// kube-apiserver keeps events for --event-ttl (1 h by default); older ones disappear.

export const EVENT_TTL_MS = 60 * 60 * 1000;

export const eventTtlController: Controller = {
  name: 'event-ttl',
  reconcile(ctx) {
    // Runs on every pass: a reconcile reports the wake-ups of its last pass only.
    let wake: number | undefined;
    for (const e of ctx.state.unsorted('', 'Event') as Iterable<any>) {
      const last = Date.parse(
        e.lastTimestamp ??
          e.series?.lastObservedTime ??
          e.eventTime ??
          e.metadata.creationTimestamp,
      );
      if (Number.isNaN(last)) continue;
      const expires = last + EVENT_TTL_MS;
      if (expires <= ctx.now) ctx.state.remove(e);
      else wake = earliest(wake, expires);
    }
    return wake;
  },
};
