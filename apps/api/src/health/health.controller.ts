import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { checkReadiness, type Database, type Redis } from '@kubelab/server';
import { Public } from '../common/decorators';
import { DATABASE, REDIS } from '../common/tokens';

@ApiTags('health')
@Public()
@Controller()
export class HealthController {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /** Liveness: the process serves requests. */
  @Get('healthz')
  healthz() {
    return { status: 'ok' };
  }

  /** Readiness: Postgres and Redis both answer. */
  @Get('readyz')
  async readyz(@Res({ passthrough: true }) res: Response) {
    const r = await checkReadiness(this.db.pool, this.redis);
    res.status(r.ready ? 200 : 503);
    return { status: r.ready ? 'ready' : 'not ready', checks: r.checks };
  }
}
