import { Queue } from 'bullmq';
import type { ClusterScope } from '../store/cluster-scope';

// Work for the workers, on BullMQ. A write pokes its cluster: pokes for one cluster coalesce
// into one waiting job, and a poke while that cluster's job is running leaves exactly one more to
// run after it (deduplication with keepLastIfActive), so no write is missed and no cluster is
// reconciled by two workers at once. Timers live on their own queue, `clock`: one delayed job
// per cluster, replaced by each reconcile's next wake-up; when it fires it pokes the cluster
// like a write does. An idle cluster has no jobs at all.

export const RECONCILE_QUEUE = 'reconcile';
export const CLOCK_QUEUE = 'clock';

/** Retries with back-off; failed jobs stay visible (the admin view lists them). */
const RETRIES = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 200 },
  removeOnComplete: true,
  removeOnFail: { count: 1000 },
} as const;

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

export const bullPrefix = (redisPrefix: string) => `${redisPrefix}:bull`;

export class ReconcileQueue {
  readonly queue: Queue<ReconcileJob>;
  readonly clock: Queue<ReconcileJob>;

  constructor(
    redisUrl: string,
    readonly prefix: string,
  ) {
    const opts = { connection: redisConnection(redisUrl), prefix: bullPrefix(prefix) };
    this.queue = new Queue<ReconcileJob>(RECONCILE_QUEUE, opts);
    this.clock = new Queue<ReconcileJob>(CLOCK_QUEUE, opts);
  }

  /** Reconcile this cluster soon (coalesced). */
  async poke(scope: ClusterScope, reason: ReconcileJob['reason'] = 'write'): Promise<void> {
    await this.queue.add(
      'reconcile',
      { ...scope, reason },
      { deduplication: { id: `now:${scope.clusterId}`, keepLastIfActive: true }, ...RETRIES },
    );
  }

  /** Reconcile this cluster after `delayMs` (replaces any earlier timer of the cluster). */
  async wakeIn(scope: ClusterScope, delayMs: number): Promise<void> {
    const delay = Math.max(0, Math.ceil(delayMs));
    await this.clock.add(
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
        ...RETRIES,
      },
    );
  }

  /** Drops a cluster's pending timer (when it is deleted, or has nothing to wait for). */
  async cancelWake(clusterId: string): Promise<void> {
    const id = await this.clock.getDeduplicationJobId(`wake:${clusterId}`);
    if (!id) return;
    const job = await this.clock.getJob(id);
    if (job && (await job.isDelayed())) await job.remove().catch(() => {});
  }

  async close(): Promise<void> {
    await Promise.all([this.queue.close(), this.clock.close()]);
  }
}
