import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal, Role } from '@kubelab/platform';
import type { AuthedRequest } from './request';

export const IS_PUBLIC = 'kubelab:public';
export const ROLES = 'kubelab:roles';
export const SKIP_RATE_LIMIT = 'kubelab:skip-rate-limit';

/** No sign-in needed (sign-in itself, health checks, docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** Only these organisation roles may call the route. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);
export const SkipRateLimit = () => SetMetadata(SKIP_RATE_LIMIT, true);

/** The authenticated caller. */
export const Caller = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const req = ctx.switchToHttp().getRequest<AuthedRequest>();
  if (!req.user) throw new Error('Caller used on a route without authentication');
  return req.user;
});
