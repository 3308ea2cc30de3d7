import type { Redis } from 'ioredis';
import { createRedis } from '../redis';
import type { ClusterScope } from '../store/cluster-scope';
import type { ClusterStore, StoredChange } from '../store/cluster-store';

// The change feed: after each commit, a notice on Redis (`<prefix>:cluster:<id>`, with the new
// resourceVersion); followers then read the change log from Postgres from where they are. The
// notice carries no data, so a missed or reordered notice loses nothing: the log is the truth,
// in resourceVersion order, the same for every API and worker process.

export interface Follower {
  close(): void;
}

export class ChangeFeed {
  private sub?: Redis;
  private readonly listeners = new Map<string, Set<(rv: string) => void>>();
  private readonly revocationListeners = new Set<(clusterId: string) => void>();
  private readonly reading = new Map<string, Promise<StoredChange[] | null>>();

  constructor(
    private readonly redisUrl: string,
    private readonly prefix: string,
    private readonly store: ClusterStore,
    private readonly pub: Redis,
  ) {}

  channel(clusterId: string): string {
    return `${this.prefix}:cluster:${clusterId}`;
  }

  async publish(clusterId: string, rv: string): Promise<void> {
    await this.pub.publish(this.channel(clusterId), rv);
  }

  private subscriber(): Redis {
    if (!this.sub) {
      this.sub = createRedis(this.redisUrl);
      this.sub.on('message', (channel: string, message: string) => {
        if (channel === this.revocationChannel()) {
          for (const l of this.revocationListeners) l(message);
          return;
        }
        const id = channel.slice(channel.lastIndexOf(':') + 1);
        for (const l of this.listeners.get(id) ?? []) l(message);
      });
    }
    return this.sub;
  }

  private revocationChannel(): string {
    return `${this.prefix}:revoked`;
  }

  /**
   * Tells every process that a cluster's credentials were revoked (or the cluster deleted), so
   * that caches of tokens drop them at once rather than when they expire.
   */
  async announceRevocation(clusterId: string): Promise<void> {
    await this.pub.publish(this.revocationChannel(), clusterId);
  }

  async onRevocation(fn: (clusterId: string) => void): Promise<void> {
    if (!this.revocationListeners.size) await this.subscriber().subscribe(this.revocationChannel());
    this.revocationListeners.add(fn);
  }

  private listen(clusterId: string, fn: (rv: string) => void): () => void {
    let set = this.listeners.get(clusterId);
    if (!set) {
      this.listeners.set(clusterId, (set = new Set()));
      void this.subscriber().subscribe(this.channel(clusterId));
    }
    set.add(fn);
    return () => {
      set!.delete(fn);
      if (!set!.size) {
        this.listeners.delete(clusterId);
        void this.sub?.unsubscribe(this.channel(clusterId));
      }
    };
  }

  /**
   * Followers of one cluster that stand at the same resourceVersion (the lab's socket, a kubectl
   * watch, a second tab) wake on the same notice: they share one read of the log.
   */
  private read(scope: ClusterScope, afterRv: string): Promise<StoredChange[] | null> {
    const key = `${scope.orgId}/${scope.clusterId}@${afterRv}`;
    let p = this.reading.get(key);
    if (!p) {
      p = this.store.changesBetween(scope, afterRv).finally(() => this.reading.delete(key));
      this.reading.set(key, p);
    }
    return p;
  }

  /**
   * Delivers every change after `fromRv`, in order and exactly once, as they are committed.
   * `onGone` is called when the log no longer reaches back to `fromRv` (410 Gone for watches).
   */
  follow(
    scope: ClusterScope,
    fromRv: string,
    onChanges: (changes: StoredChange[]) => void,
    onGone: () => void,
  ): Follower {
    let last = fromRv;
    let closed = false;
    let running = false;
    let again = false;
    const pump = async () => {
      if (closed) return;
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        do {
          again = false;
          const changes = await this.read(scope, last);
          if (closed) return;
          if (changes === null) {
            closed = true;
            onGone();
            return;
          }
          if (changes.length) {
            last = changes[changes.length - 1]!.resourceVersion;
            onChanges(changes);
          }
        } while (again && !closed);
      } catch {
        // A database hiccup: the next notice (or the periodic nudge) tries again.
      } finally {
        running = false;
      }
    };
    const stop = this.listen(scope.clusterId, () => void pump());
    // Catch up at once, and now and then in case a notice was lost while (re)connecting.
    void pump();
    const nudge = setInterval(() => void pump(), 15_000);
    nudge.unref?.();
    return {
      close() {
        closed = true;
        clearInterval(nudge);
        stop();
      },
    };
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.revocationListeners.clear();
    this.sub?.disconnect();
    this.sub = undefined;
  }
}
