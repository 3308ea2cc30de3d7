import crypto from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { ExtractJwt, Strategy as JwtStrategyBase } from 'passport-jwt';
import { Strategy as LocalStrategyBase } from 'passport-local';
import { Strategy as CustomStrategy } from 'passport-custom';
import {
  PlatformError,
  looksLikeApiKey,
  parseApiKey,
  type AppConfig,
  type Principal,
} from '@kubelab/platform';
import { dummyPasswordHash, verifyPassword, type Database } from '@kubelab/server';
import { APP_CONFIG, DATABASE } from '../common/tokens';
import { sha256, type AccessClaims } from './tokens.service';

export const ACCESS_COOKIE = 'kl_at';
export const REFRESH_COOKIE = 'kl_rt';

function bearer(req: Request): string | null {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : null;
}

/** Email + password, checked against the argon2id hash. */
@Injectable()
export class LocalStrategy extends PassportStrategy(LocalStrategyBase, 'local') {
  constructor(@Inject(DATABASE) private readonly db: Database) {
    super({ usernameField: 'email', passwordField: 'password' });
  }

  async validate(email: string, password: string): Promise<Principal | false> {
    const user = await this.db.prisma.user.findUnique({
      where: { email: email.toLowerCase().trim() },
    });
    // Verify against a dummy hash for unknown emails so the answer takes as long either way.
    const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
    if (!user || !ok || user.disabled) return false;
    return { kind: 'user', orgId: user.orgId, userId: user.id, role: user.role, email: user.email };
  }
}

/** The access token, from `Authorization: Bearer` (API callers) or the httpOnly cookie (web). */
@Injectable()
export class JwtStrategy extends PassportStrategy(JwtStrategyBase, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(DATABASE) private readonly db: Database,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromExtractors([
        (req: Request) => {
          const b = bearer(req);
          return b && !looksLikeApiKey(b) ? b : null;
        },
        (req: Request) => (req.cookies?.[ACCESS_COOKIE] as string | undefined) ?? null,
      ]),
      secretOrKey: config.JWT_SECRET,
      algorithms: ['HS256'],
      issuer: 'kubelab',
      ignoreExpiration: false,
    });
  }

  async validate(claims: AccessClaims): Promise<Principal> {
    // The role and the account's state are read fresh: a demoted or disabled user loses access
    // at once, not when the token expires.
    const user = await this.db.prisma.user.findUnique({ where: { id: claims.sub } });
    if (!user || user.disabled || user.orgId !== claims.org) {
      throw Object.assign(
        new PlatformError('unauthorized', 'This account is disabled or no longer exists'),
        {},
      );
    }
    return { kind: 'user', orgId: user.orgId, userId: user.id, role: user.role, email: user.email };
  }
}

/** An organisation's API key: `Authorization: Bearer kl_<prefix>_<secret>`. */
@Injectable()
export class ApiKeyStrategy extends PassportStrategy(CustomStrategy, 'api-key') {
  constructor(@Inject(DATABASE) private readonly db: Database) {
    super();
  }

  async validate(req: Request): Promise<Principal | null> {
    const token = bearer(req);
    if (!token || !looksLikeApiKey(token)) return null; // not ours: the JWT strategy decides
    const parsed = parseApiKey(token);
    if (!parsed) throw new PlatformError('unauthorized', 'Malformed API key');
    const key = await this.db.prisma.apiKey.findUnique({ where: { prefix: parsed.prefix } });
    const given = Buffer.from(sha256(token));
    const ok = key && crypto.timingSafeEqual(given, Buffer.from(key.keyHash));
    if (!key || !ok) throw new PlatformError('unauthorized', 'Unknown API key');
    if (key.revokedAt) throw new PlatformError('unauthorized', 'This API key was revoked');
    // Last use, at most once a minute per key.
    if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > 60_000) {
      void this.db.prisma.apiKey
        .update({ where: { id: key.id }, data: { lastUsedAt: new Date() } })
        .catch(() => {});
    }
    return { kind: 'apiKey', orgId: key.orgId, apiKeyId: key.id, role: 'ORG_ADMIN' };
  }
}
