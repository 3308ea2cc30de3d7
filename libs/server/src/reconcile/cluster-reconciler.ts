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
    let jumpedTo: number | undefined;
    const { result, changes, cluster } = await this.store.write(
      scope,
      (state, c) => {
        const start = virtualNow(c.clock, Date.now());
        let now = start;
        let passes = 0;
        let jumps = 0;
        let wakeAt: number | undefined;
        for (let step = 0; ; step++) {
          const r = reconcileCluster({
            state,
            core: this.sim.core,
            profile: c.profile,
            now,
            seed: c.id,
          });
          passes += r.passes;
          wakeAt = r.wakeAt;
          // Instant clock: jump over delays at once, up to a horizon, then rest. All of it is
          // one transaction: watchers see every step, in order, when it commits.
          const instant = c.clock.speed === 0 && wakeAt !== undefined;
          if (!instant || wakeAt! - start > INSTANT_HORIZON_MS) break;
          if (step === MAX_INSTANT_STEPS) return { passes, jumps, wakeAt, more: true };
          now = Math.max(wakeAt!, now);
          jumps++;
          jumpedTo = now;
        }
        return { passes, jumps, wakeAt, more: false };
      },
      {
        clock: (c) => (jumpedTo !== undefined ? jumpTo(c.clock, Date.now(), jumpedTo) : undefined),
      },
    );
    if (changes.length) await this.feed.publish(scope.clusterId, cluster.resourceVersion);
    const { passes, jumps, wakeAt } = result;
    if (result.more) await this.queue.poke(scope, 'timer');
    else if (wakeAt !== undefined) {
      const realAt = realTimeOf(cluster.clock, wakeAt);
      if (realAt !== null) await this.queue.wakeIn(scope, realAt - Date.now());
    }
    this.log?.debug(
      { cluster: scope.clusterId, changes: changes.length, passes, jumps, wakeAt },
      'reconciled',
    );
    return { changes: changes.length, passes, wakeAt, jumps };
  }
}
