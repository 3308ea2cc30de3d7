import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@kubelab/platform';
import { Caller, Roles } from '../common/decorators';
import { QueuesService } from './queues.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin/queues')
@Roles('ORG_ADMIN')
export class QueuesController {
  constructor(private readonly queues: QueuesService) {}

  @Get()
  @ApiOperation({
    summary:
      "Background work of the organisation's clusters: jobs waiting, running, delayed (timers) and failed per queue, and the failed jobs with their errors",
  })
  overview(@Caller() p: Principal) {
    return this.queues.overview(p.orgId);
  }

  @Post(':queue/jobs/:id/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Run a failed job again' })
  retry(@Caller() p: Principal, @Param('queue') queue: string, @Param('id') id: string) {
    return this.queues.retry(p.orgId, queue, id);
  }
}
