import type http from 'node:http';
import type { AppConfig } from '@kubelab/platform';
import {
  checkReadiness,
  createDatabase,
  createLogger,
  createRedis,
  type Database,
  type Logger,
  type Redis,
} from '@kubelab/server';
import { startHealthServer } from './health-server';
import { startJobs, type JobRuntime } from './jobs';

/**
 * The worker process: the shell around the simulation's controllers. It owns its connections
 * and, on SIGTERM/SIGINT, stops taking work, lets jobs in flight finish, then closes them.
 */
export class WorkerProcess {
  private server?: http.Server;
  readonly db: Database;
  readonly redis: Redis;
  readonly log: Logger;
  private stopping?: Promise<void>;
  jobs?: JobRuntime;

  constructor(readonly config: AppConfig) {
    this.log = createLogger('worker', config.LOG_LEVEL, config.LOG_FORMAT);
    this.db = createDatabase(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
    this.redis = createRedis(config.REDIS_URL);
  }

  async start(port = this.config.WORKER_PORT): Promise<void> {
    this.server = await startHealthServer(port, this.config.HOST, () =>
      checkReadiness(this.db.pool, this.redis),
    );
    this.jobs = startJobs(this.config, this.db, this.redis, this.log);
    this.log.info({ port }, 'worker ready');
  }

  get httpServer(): http.Server | undefined {
    return this.server;
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.log.info('worker stopping');
      await this.jobs?.close();
      await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
      await this.db.close();
      this.redis.disconnect();
      this.log.info('worker stopped');
    })();
    return this.stopping;
  }
}
