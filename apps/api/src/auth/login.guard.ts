import { Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { PlatformError, type AppConfig } from '@kubelab/platform';
import type { Redis } from '@kubelab/server';
import type { AuthedRequest } from '../common/request';
import { rateLimited } from '../common/rate-limit.guard';
import { APP_CONFIG, REDIS } from '../common/tokens';
import { AuditService } from '../audit/audit.service';
import { LoginDto } from './dto';

/**
 * Sign-in: the body is validated, then failed attempts are limited per email and per client
 * address (Redis, so every API process counts the same attempts): after LOGIN_MAX_FAILURES
 * failures in a row the next attempt gets 429 with Retry-After, even with the right password.
 */
@Injectable()
export class LoginGuard extends AuthGuard('local') {
  private readonly byEmail: RateLimiterRedis;
  private readonly byIp: RateLimiterRedis;

  constructor(
    @Inject(REDIS) redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {
    super();
    const common = { storeClient: redis, duration: config.LOGIN_WINDOW_SECONDS };
    this.byEmail = new RateLimiterRedis({
      ...common,
      keyPrefix: `${config.REDIS_PREFIX}:rl:login:email`,
      points: config.LOGIN_MAX_FAILURES,
    });
    this.byIp = new RateLimiterRedis({
      ...common,
      keyPrefix: `${config.REDIS_PREFIX}:rl:login:ip`,
      points: config.LOGIN_MAX_FAILURES * 20,
    });
  }

  override async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const dto = plainToInstance(LoginDto, req.body ?? {});
    const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length) {
      const details = errors.map((e) => ({
        field: e.property,
        problems: Object.values(e.constraints ?? {}),
      }));
      throw new PlatformError(
        'validation_failed',
        `Invalid request: ${details.map((d) => `${d.field}: ${d.problems.join(', ')}`).join('; ')}`,
        details,
      );
    }
    const emailKey = dto.email.toLowerCase().trim();
    const ip = req.ip ?? 'unknown';
    for (const [limiter, key] of [
      [this.byEmail, emailKey],
      [this.byIp, ip],
    ] as const) {
      const state = await limiter.get(key);
      if (state && state.consumedPoints >= limiter.points)
        throw rateLimited(state, 'failed sign-ins');
    }
    let ok = false;
    try {
      ok = (await super.canActivate(ctx)) as boolean;
    } catch (e) {
      if (!(e instanceof PlatformError) || e.code !== 'unauthorized') throw e;
    }
    if (!ok) {
      await Promise.all([
        this.byEmail.penalty(emailKey, 1).catch(() => {}),
        this.byIp.penalty(ip, 1).catch(() => {}),
      ]);
      await this.audit.record({
        orgId: null,
        action: 'auth.login_failed',
        ip,
        details: { email: emailKey },
      });
      throw new PlatformError('unauthorized', 'Invalid email or password');
    }
    await this.byEmail.delete(emailKey).catch(() => {});
    return true;
  }

  override handleRequest<T>(err: unknown, user: T): T {
    if (err) throw err;
    if (!user) throw new PlatformError('unauthorized', 'Invalid email or password');
    return user;
  }
}
