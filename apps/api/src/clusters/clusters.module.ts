import { Module } from '@nestjs/common';
import { ClusterNodesController } from './cluster-nodes.controller';
import { ClusterNodesService } from './cluster-nodes.service';
import { ClustersController } from './clusters.controller';
import { LabFilesController } from './lab-files.controller';
import { ClustersService } from './clusters.service';

@Module({
  controllers: [ClustersController, LabFilesController, ClusterNodesController],
  providers: [ClustersService, ClusterNodesService],
  exports: [ClustersService],
})
export class ClustersModule {}
