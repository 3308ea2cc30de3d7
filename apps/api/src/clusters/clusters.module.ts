import { Module } from '@nestjs/common';
import { ClustersController } from './clusters.controller';
import { LabFilesController } from './lab-files.controller';
import { ClustersService } from './clusters.service';

@Module({
  controllers: [ClustersController, LabFilesController],
  providers: [ClustersService],
  exports: [ClustersService],
})
export class ClustersModule {}
