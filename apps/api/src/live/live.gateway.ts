import { Inject } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayDisconnect,
  type OnGatewayInit,
} from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { z } from 'zod';
import { PlatformError, type Principal } from '@kubelab/platform';
import type { Simulation } from '@kubelab/cluster-sim';
import { ChangeFeed, ClusterStore, type Logger } from '@kubelab/server';
import { ClustersService } from '../clusters/clusters.service';
import { LOGGER } from '../common/tokens';
import { ACCESS_COOKIE } from '../auth/strategies';
import { CLUSTER_TOKEN_PREFIX, ClusterTokensService } from '../kube-api/cluster-tokens.service';
import { KubeAuthService } from '../kube-api/kube-auth.service';
import { SIMULATION } from '../kube-api/kube-tokens';
import { ClusterSubscription } from './cluster-subscription';
import { LiveBroadcaster, clusterRoom } from './live-broadcaster';

// Live updates of clusters (namespace /clusters), as the contract says: the token in the
// handshake (`auth: {token}`: an access token, or a kubeconfig's token for its own cluster; the
// web's httpOnly cookie works too), then `subscribe {clusterId, resourceVersion?}`. Replies to
// subscribe/unsubscribe are acknowledgements: `{ok: true, ...}` or `{ok: false, error: {code,
// message}}`, the REST API's error shape.

/** Who is on the other end of a socket. */
type Identity =
  | { kind: 'user'; principal: Principal & { kind: 'user' }; expiresAt: number }
  | { kind: 'cluster'; clusterId: string; orgId: string };

interface SocketData {
  identity: Identity;
  subscriptions: Map<string, ClusterSubscription>;
  expiry?: NodeJS.Timeout;
}

const SubscribeBody = z.object({
  clusterId: z.string().uuid(),
  resourceVersion: z
    .string()
    .regex(/^[0-9]{1,19}$/, 'a resourceVersion is a decimal number')
    .optional(),
});
const UnsubscribeBody = z.object({ clusterId: z.string().uuid() });

const failure = (code: string, message: string, details?: unknown) => ({
  ok: false as const,
  error: { code, message, ...(details ? { details } : {}) },
});

function cookie(header: string | undefined, name: string): string | undefined {
  for (const part of String(header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/** A subscription may hold one socket open per learner tab; bound what one socket may follow. */
const MAX_SUBSCRIPTIONS_PER_SOCKET = 20;

@WebSocketGateway({ namespace: '/clusters' })
export class LiveGateway implements OnGatewayInit, OnGatewayDisconnect {
  private ns?: Namespace;

  constructor(
    private readonly auth: KubeAuthService,
    private readonly tokens: ClusterTokensService,
    private readonly clusters: ClustersService,
    private readonly store: ClusterStore,
    private readonly feed: ChangeFeed,
    private readonly broadcaster: LiveBroadcaster,
    @Inject(SIMULATION) private readonly sim: Simulation,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  afterInit(ns: Namespace): void {
    this.ns = ns;
    this.broadcaster.attach(ns);
    ns.use((socket, next) => {
      this.identify(socket).then(
        (identity) => {
          const data = socket.data as SocketData;
          data.identity = identity;
          data.subscriptions = new Map();
          if (identity.kind === 'user') {
            // An access token lives minutes: the socket ends with it, and the client comes back
            // with a fresh one, resuming from its last resourceVersion.
            data.expiry = setTimeout(
              () => {
                socket.emit('unauthorized', { message: 'The access token expired' });
                socket.disconnect(true);
              },
              Math.max(0, identity.expiresAt - Date.now()),
            );
            data.expiry.unref?.();
          }
          next();
        },
        () => next(new Error('unauthorized')),
      );
    });
    // A kubeconfig token revoked, or its cluster deleted: its sockets end, and subscriptions
    // to a cluster that no longer exists stop following it.
    void this.feed.onRevocation((clusterId) => void this.onRevocation(clusterId));
  }

  private async identify(socket: Socket): Promise<Identity> {
    const auth = socket.handshake.auth as { token?: unknown } | undefined;
    const given = typeof auth?.token === 'string' ? auth.token : undefined;
    const token = given ?? cookie(socket.handshake.headers.cookie, ACCESS_COOKIE);
    if (!token) throw new Error('no token');
    if (token.startsWith(CLUSTER_TOKEN_PREFIX)) {
      const id = await this.tokens.verify(token);
      if (!id) throw new Error('bad token');
      return { kind: 'cluster', clusterId: id.clusterId, orgId: id.orgId };
    }
    const { principal, expiresAt } = await this.auth.userFromAccessToken(token);
    return { kind: 'user', principal, expiresAt };
  }

  /** The tenant scope of a cluster this socket may follow, or an error for the ack. */
  private async scopeFor(identity: Identity, clusterId: string) {
    if (identity.kind === 'cluster') {
      if (identity.clusterId !== clusterId) throw new PlatformError('not_found', 'No such cluster');
      return { orgId: identity.orgId, clusterId };
    }
    await this.clusters.watchable(identity.principal, clusterId);
    return { orgId: identity.principal.orgId, clusterId };
  }

  @SubscribeMessage('subscribe')
  async subscribe(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown) {
    const parsed = SubscribeBody.safeParse(body);
    if (!parsed.success)
      return failure(
        'validation_failed',
        'subscribe takes {clusterId, resourceVersion?}',
        parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
      );
    const { clusterId, resourceVersion } = parsed.data;
    const data = socket.data as SocketData;
    if (
      !data.subscriptions.has(clusterId) &&
      data.subscriptions.size >= MAX_SUBSCRIPTIONS_PER_SOCKET
    )
      return failure(
        'too_many_requests',
        `A socket follows at most ${MAX_SUBSCRIPTIONS_PER_SOCKET} clusters`,
      );
    let scope;
    try {
      scope = await this.scopeFor(data.identity, clusterId);
    } catch (e) {
      if (e instanceof PlatformError) return failure(e.code, e.message);
      throw e;
    }
    data.subscriptions.get(clusterId)?.close();
    const sub = new ClusterSubscription(socket, scope, this.store, this.feed, this.sim.registry);
    data.subscriptions.set(clusterId, sub);
    await socket.join(clusterRoom(clusterId));
    try {
      const from = await sub.start(resourceVersion);
      const clock = await this.clusters.clockOf(scope);
      return { ok: true, clusterId, resourceVersion: from, clock };
    } catch (e) {
      sub.close();
      data.subscriptions.delete(clusterId);
      this.log.warn({ err: e, cluster: clusterId }, 'subscribe failed');
      return failure('unavailable', 'The cluster could not be read; try again');
    }
  }

  @SubscribeMessage('unsubscribe')
  async unsubscribe(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown) {
    const parsed = UnsubscribeBody.safeParse(body);
    if (!parsed.success) return failure('validation_failed', 'unsubscribe takes {clusterId}');
    const data = socket.data as SocketData;
    data.subscriptions.get(parsed.data.clusterId)?.close();
    data.subscriptions.delete(parsed.data.clusterId);
    await socket.leave(clusterRoom(parsed.data.clusterId));
    return { ok: true, clusterId: parsed.data.clusterId };
  }

  handleDisconnect(socket: Socket): void {
    const data = socket.data as Partial<SocketData>;
    clearTimeout(data.expiry);
    for (const s of data.subscriptions?.values() ?? []) s.close();
    data.subscriptions?.clear();
  }

  private async onRevocation(clusterId: string): Promise<void> {
    if (!this.ns) return;
    const local = [...this.ns.sockets.values()].filter((s) =>
      (s.data as SocketData).subscriptions?.has(clusterId),
    );
    for (const s of this.ns.sockets.values()) {
      const id = (s.data as SocketData).identity;
      if (
        id?.kind === 'cluster' &&
        id.clusterId === clusterId &&
        !(await this.tokens.verify(s.handshake.auth.token))
      )
        s.disconnect(true);
    }
    if (!local.length) return;
    const scope = (local[0]!.data as SocketData).subscriptions.get(clusterId)!.scope;
    const exists = await this.store.cluster(scope).then(
      () => true,
      () => false,
    );
    if (exists) return;
    for (const s of local) {
      const data = s.data as SocketData;
      data.subscriptions.get(clusterId)?.close();
      data.subscriptions.delete(clusterId);
    }
  }
}
