import type { IncomingMessage } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { StatusError } from '@kubelab/apimachinery';
import type { AppConfig, Principal } from '@kubelab/platform';
import type { Database } from '@kubelab/server';
import { APP_CONFIG, DATABASE } from '../common/tokens';
import { ClustersService } from '../clusters/clusters.service';
import { ACCESS_COOKIE } from '../auth/strategies';
import { ClusterTokensService } from './cluster-tokens.service';
import type { KubeAccess } from './kube-api.service';

// Who may use a cluster's Kubernetes API: a kubeconfig's bearer token opens its own cluster
// only; in the web lab, a signed-in user opens the clusters they may see. Anything else answers
// 401, and a cluster the caller may not see answers as if it did not exist (404).

export function unauthorized(): StatusError {
  return new StatusError(401, 'Unauthorized', 'Unauthorized', {});
}

function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

@Injectable()
export class KubeAuthService {
  constructor(
    private readonly tokens: ClusterTokensService,
    private readonly clusters: ClustersService,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE) private readonly db: Database,
  ) {}

  /** For the HTTPS port: the kubeconfig token names the cluster. */
  async byToken(req: IncomingMessage, serverAddress: string): Promise<KubeAccess> {
    const t = bearer(req);
    if (!t) throw unauthorized();
    const id = await this.tokens.verify(t);
    if (!id) throw unauthorized();
    return {
      scope: { clusterId: id.clusterId, orgId: id.orgId },
      username: id.ownerEmail,
      groups: ['system:masters', 'system:authenticated'],
      serverAddress,
    };
  }

  /** For /k8s/clusters/<id>/… on the REST port: the signed-in user, and a cluster they may see. */
  async byUser(
    req: IncomingMessage,
    clusterId: string,
    serverAddress: string,
  ): Promise<KubeAccess> {
    const token = bearer(req) ?? cookie(req, ACCESS_COOKIE);
    if (token?.startsWith('klc_')) {
      const access = await this.byToken(req, serverAddress);
      if (access.scope.clusterId !== clusterId)
        throw new StatusError(
          404,
          'NotFound',
          'the server could not find the requested resource',
          {},
        );
      return access;
    }
    if (!token) throw unauthorized();
    const { principal: p } = await this.userFromAccessToken(token);
    try {
      await this.clusters.visible(p, clusterId);
    } catch {
      throw new StatusError(
        404,
        'NotFound',
        'the server could not find the requested resource',
        {},
      );
    }
    return {
      scope: { clusterId, orgId: p.orgId },
      username: p.email,
      groups: ['system:masters', 'system:authenticated'],
      serverAddress,
    };
  }

  /**
   * The signed-in user behind an access token (read fresh: a disabled account stops at once),
   * and when the token expires. Throws a 401 Status otherwise.
   */
  async userFromAccessToken(
    token: string,
  ): Promise<{ principal: Principal & { kind: 'user' }; expiresAt: number }> {
    let claims: { sub: string; org: string; exp: number };
    try {
      claims = this.jwt.verify(token, {
        secret: this.config.JWT_SECRET,
        issuer: 'kubelab',
        algorithms: ['HS256'],
      });
    } catch {
      throw unauthorized();
    }
    const user = await this.db.prisma.user.findUnique({ where: { id: claims.sub } });
    if (!user || user.disabled || user.orgId !== claims.org) throw unauthorized();
    return {
      principal: {
        kind: 'user',
        orgId: user.orgId,
        userId: user.id,
        role: user.role,
        email: user.email,
      },
      expiresAt: claims.exp * 1000,
    };
  }
}
