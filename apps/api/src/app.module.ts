import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AppConfig } from '@kubelab/platform';
import { prettyTransport } from '@kubelab/server';
import { AdminModule } from './admin/admin.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { ClustersModule } from './clusters/clusters.module';
import { AuthGuard } from './common/auth.guard';
import { RateLimitGuard } from './common/rate-limit.guard';
import { RolesGuard, TenantGuard } from './common/roles.guard';
import { CoursesModule } from './courses/courses.module';
import { HealthController } from './health/health.controller';
import { InfraModule } from './infra/infra.module';
import { KubeApiModule } from './kube-api/kube-api.module';
import { KubeCoreModule } from './kube-api/kube-core.module';
import { LiveModule } from './live/live.module';
import { MeController } from './me/me.controller';
import { UsersModule } from './users/users.module';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfraModule.forRoot(config),
        KubeCoreModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            name: 'api',
            level: config.LOG_LEVEL,
            ...(config.LOG_FORMAT === 'pretty' ? { transport: prettyTransport } : {}),
            // A caller's X-Request-Id is kept (when sane), else one is made; it is echoed back.
            genReqId: (req: IncomingMessage, res) => {
              const given = req.headers['x-request-id'];
              const id =
                typeof given === 'string' && REQUEST_ID.test(given) ? given : crypto.randomUUID();
              res.setHeader('X-Request-Id', id);
              return id;
            },
            redact: {
              paths: [
                'req.headers.authorization',
                'req.headers.cookie',
                'res.headers["set-cookie"]',
              ],
              censor: '[redacted]',
            },
            autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
          },
        }),
        AuditModule,
        AuthModule,
        UsersModule,
        CoursesModule,
        LiveModule,
        AdminModule,
        ApiKeysModule,
        ClustersModule,
        KubeApiModule,
      ],
      controllers: [HealthController, MeController],
      providers: [
        // Order matters: who is calling, then in which organisation, then with which role, then how often.
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: TenantGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
      ],
    };
  }
}
