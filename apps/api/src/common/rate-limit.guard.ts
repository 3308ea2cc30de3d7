import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { PlatformError, principalId, type AppConfig } from '@kubelab/platform';
import type { Redis } from '@kubelab/server';
import { IS_PUBLIC, SKIP_RATE_LIMIT } from './decorators';
import type { AuthedRequest } from './request';
import { APP_CONFIG, REDIS } from './tokens';

export function rateLimited(res: RateLimiterRes, what: string): PlatformError {
  const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  return new PlatformError(
    'rate_limited',
    `Too many ${what}; retry in ${seconds} s`,
    undefined,
    seconds,
  );
}

/** Global: requests per minute per user and per API key, shared by every API process (Redis). */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly limiter: RateLimiterRedis;

  constructor(
    private readonly reflector: Reflector,
    @Inject(REDIS) redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${config.REDIS_PREFIX}:rl:api`,
      points: config.API_RATE_LIMIT_PER_MINUTE,
      duration: 60,
    });
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    if (this.reflector.getAllAndOverride<boolean>(SKIP_RATE_LIMIT, targets)) return true;
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    if (!req.user) return true;
    const res = ctx.switchToHttp().getResponse<Response>();
    try {
      const r = await this.limiter.consume(principalId(req.user));
      res.setHeader('RateLimit-Remaining', String(r.remainingPoints));
      return true;
    } catch (e) {
      if (e instanceof RateLimiterRes) throw rateLimited(e, 'requests');
      throw e;
    }
  }
}
