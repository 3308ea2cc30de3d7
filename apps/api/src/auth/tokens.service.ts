import crypto from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { PlatformError, type AppConfig, type Role } from '@kubelab/platform';
import type { Database } from '@kubelab/server';
import { APP_CONFIG, DATABASE } from '../common/tokens';

export interface AccessClaims {
  sub: string;
  org: string;
  role: Role;
  email: string;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresIn: number;
}

export const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

/**
 * Short-lived JWT access tokens and opaque, rotating refresh tokens. Each sign-in starts a
 * family; every refresh replaces the presented token with a new one of the same family. A token
 * presented again after it was rotated means it leaked: the whole family is revoked.
 */
@Injectable()
export class TokensService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE) private readonly db: Database,
  ) {}

  signAccess(claims: AccessClaims): string {
    return this.jwt.sign(claims, { expiresIn: this.config.ACCESS_TOKEN_TTL });
  }

  private async newRefresh(userId: string, orgId: string, familyId: string): Promise<string> {
    const token = crypto.randomBytes(32).toString('base64url');
    await this.db.prisma.refreshToken.create({
      data: {
        userId,
        orgId,
        familyId,
        tokenHash: sha256(token),
        expiresAt: new Date(Date.now() + this.config.REFRESH_TOKEN_TTL * 1000),
      },
    });
    return token;
  }

  async issue(claims: AccessClaims, familyId: string = crypto.randomUUID()): Promise<TokenPair> {
    return {
      accessToken: this.signAccess(claims),
      refreshToken: await this.newRefresh(claims.sub, claims.org, familyId),
      accessTokenExpiresIn: this.config.ACCESS_TOKEN_TTL,
    };
  }

  /** Rotates a refresh token. Returns the user it belongs to and the new pair. */
  async rotate(refreshToken: string): Promise<{ userId: string; orgId: string; familyId: string }> {
    const hash = sha256(refreshToken);
    const row = await this.db.prisma.refreshToken.findUnique({ where: { tokenHash: hash } });
    if (!row) throw new PlatformError('unauthorized', 'Unknown refresh token; sign in again');
    if (row.rotatedAt || row.revokedAt) {
      await this.revokeFamily(row.familyId);
      throw new PlatformError(
        'refresh_token_reused',
        'This refresh token was already used; every session of this sign-in is now closed. Sign in again.',
        {
          familyId: row.familyId,
          userId: row.userId,
          orgId: row.orgId,
        },
      );
    }
    if (row.expiresAt.getTime() < Date.now())
      throw new PlatformError('unauthorized', 'Refresh token expired; sign in again');
    // Mark rotated only if still unrotated: two concurrent refreshes with one token cannot both win.
    const { count } = await this.db.prisma.refreshToken.updateMany({
      where: { id: row.id, rotatedAt: null, revokedAt: null },
      data: { rotatedAt: new Date() },
    });
    if (count !== 1) {
      await this.revokeFamily(row.familyId);
      throw new PlatformError(
        'refresh_token_reused',
        'This refresh token was already used; sign in again.',
      );
    }
    return { userId: row.userId, orgId: row.orgId, familyId: row.familyId };
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.db.prisma.refreshToken.updateMany({
      where: { familyId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
  }

  async revokeByToken(refreshToken: string): Promise<void> {
    const row = await this.db.prisma.refreshToken.findUnique({
      where: { tokenHash: sha256(refreshToken) },
    });
    if (row) await this.revokeFamily(row.familyId);
  }

  async revokeAllForUser(userId: string): Promise<void> {
    await this.db.prisma.refreshToken.updateMany({
      where: { userId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
  }
}
