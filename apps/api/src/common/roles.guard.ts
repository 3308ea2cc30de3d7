import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PlatformError, forbidden, type Role } from '@kubelab/platform';
import { IS_PUBLIC, ROLES } from './decorators';
import type { AuthedRequest } from './request';

/** Global: enforces @Roles(...) on routes that declare it. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(ctx: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    if (!roles) return true;
    const { user } = ctx.switchToHttp().getRequest<AuthedRequest>();
    if (!user || !roles.includes(user.role)) throw forbidden();
    return true;
  }
}

/**
 * Global: every authenticated request carries exactly one organisation, and a route that names
 * an organisation in its path may only name the caller's (anything else answers 404).
 */
@Injectable()
export class TenantGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(ctx: ExecutionContext): boolean {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [ctx.getHandler(), ctx.getClass()]))
      return true;
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    if (!req.user?.orgId) throw forbidden('No organisation');
    const orgParam = req.params?.orgId;
    if (orgParam !== undefined && orgParam !== req.user.orgId) {
      throw new PlatformError('not_found', 'organisation not found');
    }
    return true;
  }
}
