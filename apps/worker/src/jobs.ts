import { Worker, type Job } from 'bullmq';
import { createSimulation } from '@kubelab/cluster-sim';
import {
  CLOCK_QUEUE,
  ChangeFeed,
  ClusterNotFoundError,
  ClusterReconciler,
  ClusterStore,
  RECONCILE_QUEUE,
  ReconcileQueue,
  bullPrefix,
  redisConnection,
  secretCodec,
  type Database,
  type Logger,
  type ReconcileJob,
  type Redis,
} from '@kubelab/server';
import type { AppConfig } from '@kubelab/platform';

// The worker's job loops. `reconcile`: one cluster's controllers, scheduler and kubelet run to a
// fixpoint and commit in one transaction; many clusters run in parallel, one cluster never twice
// at once (deduplication on the queue, and the cluster's row lock besides). `clock`: a cluster's
// timer came due, so it is poked like after a write.

export interface JobRuntime {
  reconcileWorker: Worker<ReconcileJob>;
  clockWorker: Worker<ReconcileJob>;
  queue: ReconcileQueue;
  feed: ChangeFeed;
  reconciler: ClusterReconciler;
  store: ClusterStore;
  close(): Promise<void>;
}

/**
 * A worker killed outright (SIGKILL, a lost machine) holds its jobs' locks until they lapse:
 * short locks, checked often, let another worker take the job over within seconds.
 */
const LOCKS = { lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 5 };

export function startJobs(
  config: AppConfig,
  db: Database,
  redis: Redis,
  log: Logger,
  concurrency = 8,
): JobRuntime {
  const sim = createSimulation();
  const store = new ClusterStore(db, secretCodec(config.SECRET_ENCRYPTION_KEYS));
  const feed = new ChangeFeed(config.REDIS_URL, config.REDIS_PREFIX, store, redis);
  const queue = new ReconcileQueue(config.REDIS_URL, config.REDIS_PREFIX);
  const reconciler = new ClusterReconciler(store, sim, feed, queue, log);
  const common = {
    connection: redisConnection(config.REDIS_URL),
    prefix: bullPrefix(config.REDIS_PREFIX),
    ...LOCKS,
  };
  const reconcileWorker = new Worker<ReconcileJob>(
    RECONCILE_QUEUE,
    async (job: Job<ReconcileJob>) => {
      try {
        return await reconciler.reconcile({ clusterId: job.data.clusterId, orgId: job.data.orgId });
      } catch (e) {
        // A cluster deleted meanwhile has nothing left to do.
        if (e instanceof ClusterNotFoundError) return { deleted: true };
        throw e;
      }
    },
    { ...common, concurrency },
  );
  const clockWorker = new Worker<ReconcileJob>(
    CLOCK_QUEUE,
    async (job: Job<ReconcileJob>) => {
      await queue.poke({ clusterId: job.data.clusterId, orgId: job.data.orgId }, 'timer');
    },
    { ...common, concurrency: 4 },
  );
  for (const [name, w] of [
    ['reconcile', reconcileWorker],
    ['clock', clockWorker],
  ] as const) {
    w.on('failed', (job, err) =>
      log.warn(
        { err, queue: name, cluster: job?.data.clusterId, attempt: job?.attemptsMade },
        'job failed',
      ),
    );
    w.on('error', (err) => log.error({ err, queue: name }, 'worker error'));
  }
  return {
    reconcileWorker,
    clockWorker,
    queue,
    feed,
    reconciler,
    store,
    async close() {
      // Finishes the jobs in flight; unfinished ones return to the queue for another worker.
      await Promise.all([reconcileWorker.close(), clockWorker.close()]);
      await queue.close();
      await feed.close();
    },
  };
}
