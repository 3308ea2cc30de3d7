import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@kubelab/platform';
import { Caller } from '../common/decorators';
import { IdPipe } from '../common/id.pipe';
import { ClustersService } from './clusters.service';
import { CreateClusterDto } from './dto';

@ApiTags('clusters')
@ApiBearerAuth()
@Controller('api/v1/clusters')
export class ClustersController {
  constructor(private readonly clusters: ClustersService) {}

  @Post()
  @ApiOperation({ summary: 'Create a sandbox cluster owned by the caller' })
  create(@Caller() p: Principal, @Body() dto: CreateClusterDto) {
    return this.clusters.create(p, dto);
  }

  @Get()
  @ApiOperation({
    summary:
      "The caller's clusters (instructors: also their students' attempt clusters; admins: all)",
  })
  async list(@Caller() p: Principal) {
    return { items: await this.clusters.list(p) };
  }

  @Get(':id')
  get(@Caller() p: Principal, @Param('id', IdPipe) id: string) {
    return this.clusters.describe(p, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a cluster, its objects and its kubeconfig tokens' })
  remove(@Caller() p: Principal, @Param('id', IdPipe) id: string) {
    return this.clusters.remove(p, id);
  }
}
