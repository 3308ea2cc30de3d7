import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@kubelab/platform';
import { Caller } from '../common/decorators';
import { IdPipe } from '../common/id.pipe';
import { ClusterNodesService } from './cluster-nodes.service';
import { AddNodeDto } from './dto';

@ApiTags('clusters')
@ApiBearerAuth()
@Controller('api/v1/clusters/:id/nodes')
export class ClusterNodesController {
  constructor(private readonly nodes: ClusterNodesService) {}

  @Post()
  @ApiOperation({
    summary: 'A node joins the cluster: NotReady while its network starts, then Ready',
  })
  add(@Caller() p: Principal, @Param('id', IdPipe) id: string, @Body() dto: AddNodeDto) {
    return this.nodes.add(p, id, dto);
  }

  @Post(':name/fail')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "The node's kubelet stops: NotReady after 40–50 s, its pods evicted after their tolerationSeconds (300 s)",
  })
  fail(@Caller() p: Principal, @Param('id', IdPipe) id: string, @Param('name') name: string) {
    return this.nodes.fail(p, id, name);
  }

  @Post(':name/recover')
  @HttpCode(200)
  @ApiOperation({ summary: "The node's kubelet runs again: Ready, its taints removed" })
  recover(@Caller() p: Principal, @Param('id', IdPipe) id: string, @Param('name') name: string) {
    return this.nodes.recover(p, id, name);
  }
}
