import { Injectable } from '@nestjs/common';
import {
  PlatformError,
  canDeleteCluster,
  canViewCluster,
  isAdmin,
  notFound,
  type Principal,
} from '@kubelab/platform';
import { ObjectStore, TenantClients } from '@kubelab/server';
import { SYSTEM_NAMESPACES, namespaceObject } from '@kubelab/cluster-sim';
import { AuditService } from '../audit/audit.service';
import type { CreateClusterDto } from './dto';

type ClusterRow = {
  id: string;
  orgId: string;
  ownerId: string;
  attemptId: string | null;
  name: string;
  createdAt: Date;
  resourceVersion: bigint;
  clockSpeed: number;
  clockVirtualMs: bigint;
  clockRealMs: bigint;
};

const ADJECTIVES = [
  'calm',
  'brave',
  'eager',
  'happy',
  'lucky',
  'quick',
  'steady',
  'sunny',
  'tidy',
  'witty',
];
const NOUNS = [
  'otter',
  'falcon',
  'maple',
  'harbor',
  'comet',
  'willow',
  'badger',
  'lynx',
  'cedar',
  'heron',
];
const generatedName = () =>
  `${ADJECTIVES[Math.floor(Math.random() * ADJECTIVES.length)]}-${NOUNS[Math.floor(Math.random() * NOUNS.length)]}-${Math.floor(Math.random() * 900 + 100)}`;

@Injectable()
export class ClustersService {
  constructor(
    private readonly tenants: TenantClients,
    private readonly store: ObjectStore,
    private readonly audit: AuditService,
  ) {}

  view(c: ClusterRow) {
    const speed = c.clockSpeed;
    const now = Number(c.clockVirtualMs) + (Date.now() - Number(c.clockRealMs)) * speed;
    return {
      id: c.id,
      name: c.name,
      ownerId: c.ownerId,
      attemptId: c.attemptId,
      createdAt: c.createdAt,
      resourceVersion: c.resourceVersion.toString(),
      clock: { now: new Date(now).toISOString(), speed },
    };
  }

  /** Does the caller teach the course of the attempt this cluster belongs to? */
  private async teaches(p: Principal, attemptId: string | null): Promise<boolean> {
    if (!attemptId || p.kind !== 'user' || p.role !== 'INSTRUCTOR') return false;
    const n = await this.tenants.for(p.orgId).attempt.count({
      where: {
        id: attemptId,
        exercise: { course: { enrolments: { some: { userId: p.userId, role: 'INSTRUCTOR' } } } },
      },
    });
    return n > 0;
  }

  /** A cluster the caller may see, else "not found" (never "forbidden": ids reveal nothing). */
  async visible(p: Principal, id: string): Promise<ClusterRow> {
    const c = await this.tenants.for(p.orgId).cluster.findFirst({ where: { id, deletedAt: null } });
    if (!c) throw notFound('cluster');
    if (
      !canViewCluster(p, {
        ownerId: c.ownerId,
        callerTeachesAttemptCourse: await this.teaches(p, c.attemptId),
      })
    )
      throw notFound('cluster');
    return c;
  }

  async list(p: Principal) {
    const db = this.tenants.for(p.orgId);
    const where = isAdmin(p)
      ? { deletedAt: null }
      : p.kind === 'user' && p.role === 'INSTRUCTOR'
        ? {
            deletedAt: null,
            OR: [
              { ownerId: p.userId },
              {
                attempt: {
                  exercise: {
                    course: {
                      enrolments: { some: { userId: p.userId, role: 'INSTRUCTOR' as const } },
                    },
                  },
                },
              },
            ],
          }
        : {
            deletedAt: null,
            ownerId: p.kind === 'user' ? p.userId : '00000000-0000-0000-0000-000000000000',
          };
    const rows = await db.cluster.findMany({ where, orderBy: { createdAt: 'desc' } });
    return rows.map((c) => this.view(c));
  }

  async create(p: Principal, dto: CreateClusterDto) {
    let ownerId: string;
    if (dto.ownerId && !(p.kind === 'user' && dto.ownerId === p.userId)) {
      if (!isAdmin(p))
        throw new PlatformError(
          'forbidden',
          'Only organisation admins can create clusters for someone else',
        );
      const owner = await this.tenants.for(p.orgId).user.findUnique({ where: { id: dto.ownerId } });
      if (!owner) throw notFound('user');
      ownerId = owner.id;
    } else if (p.kind === 'user') {
      ownerId = p.userId;
    } else {
      throw new PlatformError(
        'validation_failed',
        'An API key must say which user owns the cluster (ownerId)',
      );
    }
    const now = new Date();
    const ts = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
    const { id } = await this.store.createCluster(
      { orgId: p.orgId, ownerId, name: dto.name ?? generatedName() },
      SYSTEM_NAMESPACES.map((n) => namespaceObject(n, ts)),
      now.getTime(),
    );
    return this.describe(p, id);
  }

  async describe(p: Principal, id: string) {
    const c = await this.visible(p, id);
    const namespaces = await this.store.list({ orgId: p.orgId, clusterId: id }, '', 'Namespace');
    return { ...this.view(c), namespaces: namespaces.map((n) => n.metadata.name) };
  }

  async remove(p: Principal, id: string) {
    const c = await this.visible(p, id);
    if (!canDeleteCluster(p, { ownerId: c.ownerId, callerTeachesAttemptCourse: true }))
      throw notFound('cluster');
    // Objects, events, change feed and kubeconfig tokens go with it (foreign keys cascade).
    await this.tenants.for(p.orgId).cluster.deleteMany({ where: { id } });
    await this.audit.record({
      orgId: p.orgId,
      actor: p,
      action: 'cluster.deleted',
      targetType: 'cluster',
      targetId: id,
    });
  }
}
