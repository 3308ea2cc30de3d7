import { Module } from '@nestjs/common';
import { ClustersModule } from '../clusters/clusters.module';
import { KubeApiModule } from '../kube-api/kube-api.module';
import { LiveGateway } from './live.gateway';

@Module({
  imports: [ClustersModule, KubeApiModule],
  providers: [LiveGateway],
})
export class LiveModule {}
