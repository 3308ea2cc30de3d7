import {
  Global,
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { AppConfig } from '@kubelab/platform';
import {
  TenantClients,
  createDatabase,
  createLogger,
  createRedis,
  type Database,
  type Redis,
} from '@kubelab/server';
import { APP_CONFIG, DATABASE, LOGGER, REDIS } from '../common/tokens';

/** Process-wide connections: one pg pool (Prisma + raw SQL), one Redis client, one logger. */
@Global()
@Module({})
export class InfraModule implements OnApplicationShutdown {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  static forRoot(config: AppConfig): DynamicModule {
    const db = createDatabase(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
    const providers = [
      { provide: APP_CONFIG, useValue: config },
      { provide: DATABASE, useValue: db },
      { provide: REDIS, useFactory: () => createRedis(config.REDIS_URL) },
      { provide: LOGGER, useValue: createLogger('api', config.LOG_LEVEL, config.LOG_FORMAT) },
      { provide: TenantClients, useValue: new TenantClients(db.prisma) },
    ];
    return { module: InfraModule, providers, exports: providers.map((p) => p.provide) };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
    this.redis.disconnect();
  }
}
