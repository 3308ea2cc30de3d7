import { Body, Controller, Delete, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@kubelab/platform';
import { Caller } from '../common/decorators';
import { IdPipe } from '../common/id.pipe';
import { ClustersService } from './clusters.service';
import { ClockDto, CreateClusterDto } from './dto';

@ApiTags('clusters')
@ApiBearerAuth()
@Controller('api/v1/clusters')
export class ClustersController {
  constructor(private readonly clusters: ClustersService) {}

  @Post()
  @ApiOperation({
    summary: 'Create a sandbox cluster owned by the caller (3 nodes, system namespaces, CoreDNS)',
  })
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

  @Get(':id/kubeconfig')
  @Header('Content-Type', 'application/yaml; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="kubeconfig.yaml"')
  @ApiProduces('application/yaml')
  @ApiOperation({
    summary:
      'A kubeconfig (YAML) whose token opens this cluster, and only this cluster, to the real kubectl',
  })
  kubeconfig(@Caller() p: Principal, @Param('id', IdPipe) id: string) {
    return this.clusters.kubeconfig(p, id);
  }

  @Post(':id/kubeconfig/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke every kubeconfig token of this cluster' })
  revoke(@Caller() p: Principal, @Param('id', IdPipe) id: string) {
    return this.clusters.revokeTokens(p, id);
  }

  @Get(':id/clock')
  @ApiOperation({ summary: "The cluster's virtual time and clock speed" })
  clock(@Caller() p: Principal, @Param('id', IdPipe) id: string) {
    return this.clusters.clock(p, id);
  }

  @Post(':id/clock')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Fast-forward the virtual clock and/or set its speed (1 real time, 0 instant)',
  })
  setClock(@Caller() p: Principal, @Param('id', IdPipe) id: string, @Body() dto: ClockDto) {
    return this.clusters.setClock(p, id, dto);
  }
}
