import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import type { AppConfig } from '@kubelab/platform';
import { APP_CONFIG } from '../common/tokens';
import { ClustersModule } from '../clusters/clusters.module';
import { KubeApiService } from './kube-api.service';
import { KubeAuthService } from './kube-auth.service';
import { KubeServer } from './kube-server';

@Module({
  imports: [
    ClustersModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => ({ secret: c.JWT_SECRET }),
    }),
  ],
  providers: [KubeApiService, KubeAuthService, KubeServer],
  exports: [KubeServer, KubeApiService, KubeAuthService],
})
export class KubeApiModule {}
