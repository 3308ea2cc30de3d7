import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@kubelab/platform';
import type { Database, Logger } from '@kubelab/server';
import { DATABASE, LOGGER } from '../common/tokens';

export type AuditAction =
  | 'auth.login'
  | 'auth.login_failed'
  | 'auth.logout'
  | 'auth.refresh_reuse'
  | 'api_key.created'
  | 'api_key.revoked'
  | 'user.created'
  | 'user.role_changed'
  | 'user.disabled'
  | 'user.deleted'
  | 'user.password_changed'
  | 'cluster.token_created'
  | 'cluster.deleted';

export interface AuditEntry {
  orgId: string | null;
  actor?: Principal | null;
  action: AuditAction;
  targetType?: string;
  targetId?: string;
  ip?: string;
  details?: Record<string, unknown>;
}

/** Security-relevant actions, kept in Postgres. A failure to audit is logged, never swallowed silently. */
@Injectable()
export class AuditService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async record(e: AuditEntry): Promise<void> {
    try {
      await this.db.prisma.auditLog.create({
        data: {
          orgId: e.orgId,
          actorUserId: e.actor?.kind === 'user' ? e.actor.userId : null,
          actorApiKeyId: e.actor?.kind === 'apiKey' ? e.actor.apiKeyId : null,
          action: e.action,
          targetType: e.targetType ?? null,
          targetId: e.targetId ?? null,
          ip: e.ip ?? null,
          details: (e.details ?? {}) as object,
        },
      });
    } catch (err) {
      this.log.error({ err, action: e.action }, 'audit write failed');
    }
  }
}
