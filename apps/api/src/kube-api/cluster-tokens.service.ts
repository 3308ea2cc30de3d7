import crypto from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { stringify } from 'yaml';
import type { AppConfig } from '@kubelab/platform';
import { ChangeFeed, type Database, type TlsMaterial } from '@kubelab/server';
import { APP_CONFIG, DATABASE } from '../common/tokens';
import { KUBE_ENDPOINT, TLS, type KubeEndpoint } from './kube-tokens';
import { sha256 } from '../auth/tokens.service';

// Bearer tokens of kubeconfigs. Each opens exactly one cluster; only hashes are stored; a token
// can be revoked, and deleting the cluster deletes its tokens (foreign key cascade).

export const CLUSTER_TOKEN_PREFIX = 'klc_';

export interface ClusterIdentity {
  clusterId: string;
  orgId: string;
  ownerEmail: string;
  clusterName: string;
}

@Injectable()
export class ClusterTokensService implements OnModuleInit {
  private readonly cache = new Map<string, { identity: ClusterIdentity | null; until: number }>();

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(TLS) private readonly tls: TlsMaterial,
    @Inject(KUBE_ENDPOINT) private readonly endpoint: KubeEndpoint,
    private readonly feed: ChangeFeed,
  ) {}

  async onModuleInit(): Promise<void> {
    // Another API process revoked a token or deleted a cluster: forget what we cached.
    await this.feed.onRevocation(() => this.cache.clear());
  }

  /** Every process drops its cached tokens now (revocation, deleted cluster). */
  async forgetCached(clusterId: string): Promise<void> {
    this.cache.clear();
    await this.feed.announceRevocation(clusterId);
  }

  async issue(orgId: string, clusterId: string): Promise<string> {
    const token = CLUSTER_TOKEN_PREFIX + crypto.randomBytes(30).toString('base64url');
    await this.db.prisma.clusterToken.create({
      data: { orgId, clusterId, tokenHash: sha256(token) },
    });
    return token;
  }

  async revokeAll(orgId: string, clusterId: string): Promise<number> {
    const { count } = await this.db.prisma.clusterToken.updateMany({
      where: { orgId, clusterId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    await this.forgetCached(clusterId);
    return count;
  }

  /**
   * The cluster a token opens, or null. Cached for 5 s; revocations clear every process's cache
   * at once through the change feed, so the 5 s only bounds a lost Redis message.
   */
  async verify(token: string): Promise<ClusterIdentity | null> {
    if (!token.startsWith(CLUSTER_TOKEN_PREFIX)) return null;
    const hash = sha256(token);
    const hit = this.cache.get(hash);
    if (hit && hit.until > Date.now()) return hit.identity;
    const row = await this.db.prisma.clusterToken.findUnique({
      where: { tokenHash: hash },
      include: {
        cluster: {
          select: {
            id: true,
            orgId: true,
            name: true,
            deletedAt: true,
            owner: { select: { email: true } },
          },
        },
      },
    });
    const identity =
      row && !row.revokedAt && !row.cluster.deletedAt
        ? {
            clusterId: row.cluster.id,
            orgId: row.cluster.orgId,
            ownerEmail: row.cluster.owner.email,
            clusterName: row.cluster.name,
          }
        : null;
    if (this.cache.size > 5000) this.cache.clear();
    this.cache.set(hash, { identity, until: Date.now() + 5000 });
    return identity;
  }

  /** A kubeconfig that opens this cluster with the real kubectl. */
  kubeconfig(clusterName: string, token: string): string {
    const name = `kubelab-${clusterName}`;
    return stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name,
          cluster: {
            server: this.endpoint.url,
            'certificate-authority-data': Buffer.from(this.tls.caCert).toString('base64'),
          },
        },
      ],
      users: [{ name, user: { token } }],
      contexts: [{ name, context: { cluster: name, user: name, namespace: 'default' } }],
      'current-context': name,
      preferences: {},
    });
  }
}
