import { Worker, type Job } from 'bullmq';
import { createSimulation } from '@kubelab/cluster-sim';
import {
  ChangeFeed,
  ClusterNotFoundError,
  ClusterReconciler,
  ClusterStore,
  RECONCILE_QUEUE,
  ReconcileQueue,
  redisConnection,
  secretCodec,
  type Database,
  type Logger,
  type ReconcileJob,
  type Redis,
} from '@kubelab/server';
import type { AppConfig } from '@kubelab/platform';

// The worker's job loop: reconcile jobs (pokes after writes, and timers) for any cluster, many
// clusters in parallel; a cluster's row lock keeps two reconciles of one cluster from overlapping.

export interface JobRuntime {
  worker: Worker<ReconcileJob>;
  queue: ReconcileQueue;
  feed: ChangeFeed;
  reconciler: ClusterReconciler;
  store: ClusterStore;
  close(): Promise<void>;
}

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
  const worker = new Worker<ReconcileJob>(
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
    {
      connection: redisConnection(config.REDIS_URL),
      prefix: `${config.REDIS_PREFIX}:bull`,
      concurrency,
    },
  );
  worker.on('failed', (job, err) =>
    log.warn({ err, cluster: job?.data.clusterId, attempt: job?.attemptsMade }, 'reconcile failed'),
  );
  worker.on('error', (err) => log.error({ err }, 'worker error'));
  return {
    worker,
    queue,
    feed,
    reconciler,
    store,
    async close() {
      // Finishes the jobs in flight; unfinished ones return to the queue for another worker.
      await worker.close();
      await queue.close();
      await feed.close();
    },
  };
}
