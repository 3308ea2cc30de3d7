import { Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard as PassportGuard } from '@nestjs/passport';
import { PlatformError } from '@kubelab/platform';
import { IS_PUBLIC } from './decorators';

/**
 * Global: every route needs a signed-in user (JWT in the Authorization header or the web's
 * httpOnly cookie) or an organisation's API key, unless marked @Public().
 */
@Injectable()
export class AuthGuard extends PassportGuard(['api-key', 'jwt']) {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(ctx: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    if (isPublic) return true;
    return super.canActivate(ctx);
  }

  override handleRequest<T>(err: unknown, user: T, info: unknown): T {
    if (err) throw err;
    if (user) return user;
    const infos = (Array.isArray(info) ? info : [info]) as (
      { name?: string; message?: string } | undefined
    )[];
    if (infos.some((i) => i?.name === 'TokenExpiredError')) {
      throw new PlatformError(
        'token_expired',
        'Access token expired; refresh it with POST /api/v1/auth/refresh',
      );
    }
    const revoked = infos.find((i) => i?.name === 'RevokedKey' || i?.name === 'InactiveUser');
    if (revoked)
      throw new PlatformError('unauthorized', revoked.message ?? 'Credentials are no longer valid');
    throw new PlatformError('unauthorized', 'Sign in first: send a bearer access token or API key');
  }
}
