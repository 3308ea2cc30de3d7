import { SimCluster } from '../src';

// A worker never reconciles exactly at the time a controller asked for: it wakes a little late,
// or a write wakes it between timers. Reconciled that way, a fresh cluster must still come to
// rest — no wake-up left but its Events' expiry an hour on — with its metrics samples written.

/** Reconciles at each wake-up, `lateMs` after it; returns the wake-ups (ms after each run). */
function runLate(c: SimCluster, lateMs: number, max = 50): (number | undefined)[] {
  const waits: (number | undefined)[] = [];
  for (let i = 0; i < max; i++) {
    const r = c.reconcile();
    waits.push(r.wakeAt === undefined ? undefined : r.wakeAt - c.now);
    if (r.wakeAt === undefined) break;
    c.now = r.wakeAt + lateMs;
  }
  return waits;
}

describe('an idle cluster reconciled late', () => {
  it.each([0, 137, 4_000])(
    'comes to rest (%i ms late) with metrics for its nodes and pods',
    (late) => {
      const c = new SimCluster();
      const waits = runLate(c, late);
      const busy = waits.findIndex((w) => w === undefined || w > 30 * 60_000);
      expect(busy).toBeGreaterThan(0);
      expect(busy).toBeLessThan(10);
      // The next wake-up is the bootstrap Events' expiry, an hour after they were made.
      expect(waits[busy]).toBeGreaterThan(55 * 60_000);
      expect(c.list('nodemetrics').map((m) => m.metadata.name)).toHaveLength(3);
      expect(c.list('podmetrics', 'kube-system').length).toBeGreaterThan(0);
      // After that expiry, nothing at all.
      expect(waits.slice(busy + 1).every((w) => w === undefined || w < 5_000)).toBe(true);
      expect(waits.at(-1)).toBeUndefined();
      expect(c.list('events')).toEqual([]);
    },
  );
});
