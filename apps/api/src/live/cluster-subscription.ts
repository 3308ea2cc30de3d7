import type { Socket } from 'socket.io';
import type { Registry } from '@kubelab/cluster-sim';
import type { ChangeFeed, ClusterScope, ClusterStore, Follower } from '@kubelab/server';
import { byResourceVersion, liveMessage, type ChangeKind } from './live-messages';

// One socket following one cluster. Without a resourceVersion it first receives every current
// object as ADDED (in resourceVersion order) and a `synced` mark; with one (a reconnect), only
// what changed after it. Then every change as it commits, in order, exactly once. When the log
// no longer reaches back to the given resourceVersion, `expired` says to start again without one.

export class ClusterSubscription {
  private follower?: Follower;
  private closed = false;

  constructor(
    private readonly socket: Socket,
    readonly scope: ClusterScope,
    private readonly store: ClusterStore,
    private readonly feed: ChangeFeed,
    private readonly registry: Registry,
  ) {}

  /** Starts delivering; resolves with the resourceVersion the subscription starts after. */
  async start(fromRv?: string): Promise<string> {
    let from = fromRv;
    if (from === undefined) {
      const snap = await this.store.snapshot(this.scope);
      if (this.closed) return snap.cluster.resourceVersion;
      for (const o of byResourceVersion(snap.state.all())) this.send('ADDED', o);
      from = snap.cluster.resourceVersion;
      this.socket.emit('synced', { clusterId: this.scope.clusterId, resourceVersion: from });
    } else {
      const cluster = await this.store.cluster(this.scope);
      // A resourceVersion from the future cannot be resumed from honestly.
      if (BigInt(from) > BigInt(cluster.resourceVersion)) {
        this.expire(from);
        return from;
      }
    }
    if (this.closed) return from;
    this.follower = this.feed.follow(
      this.scope,
      from,
      (changes) => {
        for (const c of changes) this.send(c.type as ChangeKind, c.object);
      },
      () => this.expire(from!),
    );
    return from;
  }

  private send(type: ChangeKind, object: Parameters<typeof liveMessage>[3]): void {
    if (this.closed) return;
    const m = liveMessage(this.registry, this.scope.clusterId, type, object);
    if (m) this.socket.emit(m.channel, m.payload);
  }

  private expire(resourceVersion: string): void {
    if (this.closed) return;
    this.socket.emit('expired', { clusterId: this.scope.clusterId, resourceVersion });
    this.close();
  }

  close(): void {
    this.closed = true;
    this.follower?.close();
  }
}
