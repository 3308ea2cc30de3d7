import { Queue } from 'bullmq';
import type { ClusterScope } from '../store/cluster-scope';

// Work for the workers, on BullMQ. A write pokes its cluster: pokes for one cluster coalesce
// into one waiting job, and a poke while that cluster's job is running leaves exactly one more to
// run after it (deduplication with keepLastIfActive), so no write is missed and no cluster is
// reconciled by two workers at once. Timers are delayed jobs, one per cluster, replaced by each
// reconcile's next wake-up: an idle cluster has no jobs at all.

export const RECONCILE_QUEUE = 'reconcile';

export interface ReconcileJob extends ClusterScope {
  reason: 'write' | 'timer' | 'clock';
}

export function redisConnection(url: string) {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username || undefined,
    password: u.password || undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : undefined,
    maxRetriesPerRequest: null,
  };
}

export class ReconcileQueue {
  readonly queue: Queue<ReconcileJob>;

  constructor(
    redisUrl: string,
    readonly prefix: string,
  ) {
    this.queue = new Queue<ReconcileJob>(RECONCILE_QUEUE, {
      connection: redisConnection(redisUrl),
      prefix: `${prefix}:bull`,
    });
  }

  /** Reconcile this cluster soon (coalesced). */
  async poke(scope: ClusterScope, reason: ReconcileJob['reason'] = 'write'): Promise<void> {
    await this.queue.add(
      'reconcile',
      { ...scope, reason },
      {
        deduplication: { id: `now:${scope.clusterId}`, keepLastIfActive: true },
        attempts: 8,
        backoff: { type: 'exponential', delay: 200 },
        removeOnComplete: true,
        removeOnFail: { count: 1000 },
      },
    );
  }

  /** Reconcile this cluster after `delayMs` (replaces any earlier timer of the cluster). */
  async wakeIn(scope: ClusterScope, delayMs: number): Promise<void> {
    const delay = Math.max(0, Math.ceil(delayMs));
    await this.queue.add(
      'wake',
      { ...scope, reason: 'timer' },
      {
        delay,
        deduplication: {
          id: `wake:${scope.clusterId}`,
          ttl: delay + 1,
          extend: true,
          replace: true,
        },
        attempts: 8,
        backoff: { type: 'exponential', delay: 200 },
        removeOnComplete: true,
        removeOnFail: { count: 1000 },
      },
    );
  }

  /** Drops a cluster's pending timer (when it is deleted, or has nothing to wait for). */
  async cancelWake(clusterId: string): Promise<void> {
    const id = await this.queue.getDeduplicationJobId(`wake:${clusterId}`);
    if (!id) return;
    const job = await this.queue.getJob(id);
    if (job && (await job.isDelayed())) await job.remove().catch(() => {});
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
