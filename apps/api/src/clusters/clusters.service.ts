import { Inject, Injectable } from '@nestjs/common';
import {
  PlatformError,
  canDeleteCluster,
  canViewCluster,
  canWatchCluster,
  isAdmin,
  notFound,
  type Principal,
} from '@kubelab/platform';
import { fastForward, setSpeed, virtualNow, type Simulation } from '@kubelab/cluster-sim';
import {
  ClusterStore,
  ReconcileQueue,
  TenantClients,
  bootstrapCluster,
  type ClusterScope,
} from '@kubelab/server';
import { AuditService } from '../audit/audit.service';
import { ClusterTokensService } from '../kube-api/cluster-tokens.service';
import { SIMULATION } from '../kube-api/kube-tokens';
import { LiveBroadcaster } from '../live/live-broadcaster';
import type { ClockDto, CreateClusterDto } from './dto';

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

const clockOf = (c: ClusterRow) => ({
  speed: c.clockSpeed,
  virtualMs: Number(c.clockVirtualMs),
  realMs: Number(c.clockRealMs),
});
const iso = (ms: number) => new Date(ms).toISOString();

@Injectable()
export class ClustersService {
  constructor(
    private readonly tenants: TenantClients,
    private readonly store: ClusterStore,
    private readonly queue: ReconcileQueue,
    private readonly tokens: ClusterTokensService,
    private readonly audit: AuditService,
    private readonly live: LiveBroadcaster,
    @Inject(SIMULATION) private readonly sim: Simulation,
  ) {}

  view(c: ClusterRow) {
    return {
      id: c.id,
      name: c.name,
      ownerId: c.ownerId,
      attemptId: c.attemptId,
      createdAt: c.createdAt,
      resourceVersion: c.resourceVersion.toString(),
      clock: { now: iso(virtualNow(clockOf(c), Date.now())), speed: c.clockSpeed },
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
  async visible(p: Principal, id: string, may = canViewCluster): Promise<ClusterRow> {
    const c = await this.tenants.for(p.orgId).cluster.findFirst({ where: { id, deletedAt: null } });
    if (!c) throw notFound('cluster');
    if (
      !may(p, {
        ownerId: c.ownerId,
        callerTeachesAttemptCourse: await this.teaches(p, c.attemptId),
      })
    )
      throw notFound('cluster');
    return c;
  }

  /** A cluster whose live updates the caller may follow (owner, or the attempt's instructor). */
  watchable(p: Principal, id: string): Promise<ClusterRow> {
    return this.visible(p, id, canWatchCluster);
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
    const { cluster } = await this.store.create(
      { orgId: p.orgId, ownerId, name: dto.name ?? generatedName(), clockSpeed: dto.clockSpeed },
      (state, c) => bootstrapCluster(this.sim, state, c),
    );
    // The controllers take it from here: service accounts, CoreDNS pods, endpoints.
    await this.queue.poke({ orgId: p.orgId, clusterId: cluster.id });
    return this.describe(p, cluster.id);
  }

  async describe(p: Principal, id: string) {
    const c = await this.visible(p, id);
    const snap = await this.store.snapshot({ orgId: p.orgId, clusterId: id });
    const namespaces = snap.state.list('', 'Namespace').map((n) => n.metadata.name);
    const nodes = snap.state.list('', 'Node').map((n) => n.metadata.name);
    return { ...this.view(c), namespaces, nodes };
  }

  async remove(p: Principal, id: string) {
    const c = await this.visible(p, id);
    if (!canDeleteCluster(p, { ownerId: c.ownerId, callerTeachesAttemptCourse: true }))
      throw notFound('cluster');
    // Objects, events, change log and kubeconfig tokens go with it (foreign keys cascade).
    await this.tenants.for(p.orgId).cluster.deleteMany({ where: { id } });
    this.store.forget(id);
    await this.tokens.forgetCached(id);
    this.live.clusterDeleted(id);
    await this.queue.cancelWake(id).catch(() => {});
    await this.audit.record({
      orgId: p.orgId,
      actor: p,
      action: 'cluster.deleted',
      targetType: 'cluster',
      targetId: id,
    });
  }

  /** A kubeconfig with a new token for this cluster alone. */
  async kubeconfig(p: Principal, id: string): Promise<string> {
    const c = await this.visible(p, id);
    const token = await this.tokens.issue(p.orgId, id);
    await this.audit.record({
      orgId: p.orgId,
      actor: p,
      action: 'cluster.token_created',
      targetType: 'cluster',
      targetId: id,
    });
    return this.tokens.kubeconfig(c.name, token);
  }

  async revokeTokens(p: Principal, id: string): Promise<{ revoked: number }> {
    await this.visible(p, id);
    return { revoked: await this.tokens.revokeAll(p.orgId, id) };
  }

  async clock(p: Principal, id: string) {
    const c = await this.visible(p, id);
    return { now: iso(virtualNow(clockOf(c), Date.now())), speed: c.clockSpeed };
  }

  /** The virtual clock of a cluster already checked for access. */
  async clockOf(scope: ClusterScope): Promise<{ now: string; speed: number }> {
    const c = await this.store.cluster(scope);
    return { now: iso(virtualNow(c.clock, Date.now())), speed: c.clock.speed };
  }

  /** Fast-forwards and/or changes the speed of the cluster's virtual clock. */
  async setClock(p: Principal, id: string, dto: ClockDto) {
    await this.visible(p, id);
    const scope = { orgId: p.orgId, clusterId: id };
    const { cluster } = await this.store.write(scope, () => undefined, {
      clock: (c) => {
        let clock = c.clock;
        const real = Date.now();
        if (dto.speed !== undefined) clock = setSpeed(clock, real, dto.speed);
        if (dto.advanceSeconds) clock = fastForward(clock, real, dto.advanceSeconds * 1000);
        return clock;
      },
    });
    // Timers that are now due fire at once.
    await this.queue.poke(scope, 'clock');
    const clock = { now: iso(virtualNow(cluster.clock, Date.now())), speed: cluster.clock.speed };
    this.live.clock(id, clock);
    return clock;
  }
}
