import {
  jumpTo,
  realTimeOf,
  reconcileCluster,
  virtualNow,
  type Simulation,
} from '@kubelab/cluster-sim';
import type { ChangeFeed } from '../feed/change-feed';
import type { Logger } from '../logger';
import type { ReconcileQueue } from '../queue/reconcile-queue';
import type { ClusterScope } from '../store/cluster-scope';
import type { ClusterStore } from '../store/cluster-store';

// One reconcile of a stored cluster: lock it, run every controller at its virtual now, commit
// their writes in one transaction, publish them, and set the cluster's next timer. Idempotent:
// after a crash the retried job sees what was committed and carries on from there.

export interface ReconcileOutcome {
  changes: number;
  passes: number;
  wakeAt?: number;
  /** Virtual time jumps made in instant mode. */
  jumps: number;
}

/** In instant mode, how far ahead delays are jumped over in one go before the cluster rests. */
export const INSTANT_HORIZON_MS = 10 * 60_000;
const MAX_INSTANT_STEPS = 400;

export class ClusterReconciler {
  constructor(
    private readonly store: ClusterStore,
    private readonly sim: Simulation,
    private readonly feed: ChangeFeed,
    private readonly queue: ReconcileQueue,
    private readonly log?: Logger,
  ) {}

  async reconcile(scope: ClusterScope): Promise<ReconcileOutcome> {
    let total = 0;
    let passes = 0;
    let jumps = 0;
    let target: number | undefined; // instant mode: the virtual time to jump to
    let startVirtual: number | undefined;
    let wakeAt: number | undefined;
    let clock;
    for (let step = 0; step < MAX_INSTANT_STEPS; step++) {
      const jumpTarget = target;
      const { result, changes, cluster } = await this.store.write(
        scope,
        (state, c) => {
          const now = jumpTarget ?? virtualNow(c.clock, Date.now());
          startVirtual ??= now;
          return reconcileCluster({
            state,
            core: this.sim.core,
            profile: c.profile,
            now,
            seed: c.id,
          });
        },
        {
          clock: (c) =>
            jumpTarget !== undefined ? jumpTo(c.clock, Date.now(), jumpTarget) : undefined,
        },
      );
      if (jumpTarget !== undefined) jumps++;
      total += changes.length;
      passes += result.passes;
      wakeAt = result.wakeAt;
      clock = cluster.clock;
      if (changes.length) await this.feed.publish(scope.clusterId, cluster.resourceVersion);
      // Instant clock: jump over delays at once, up to a horizon, then rest.
      if (
        clock.speed === 0 &&
        wakeAt !== undefined &&
        wakeAt - (startVirtual ?? 0) <= INSTANT_HORIZON_MS
      ) {
        target = Math.max(wakeAt, virtualNow(clock, Date.now()));
        continue;
      }
      break;
    }
    if (wakeAt !== undefined && clock) {
      const realAt = realTimeOf(clock, wakeAt);
      if (realAt !== null) await this.queue.wakeIn(scope, realAt - Date.now());
    }
    this.log?.debug(
      { cluster: scope.clusterId, changes: total, passes, jumps, wakeAt },
      'reconciled',
    );
    return { changes: total, passes, wakeAt, jumps };
  }
}
