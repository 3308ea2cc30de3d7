// What the lab knows of its cluster, kept up to date by the socket's messages: every object by
// kind/namespace/name, the recent events, the clock, and the resourceVersion to resume from.
// Framework-free so that it can be tested on its own; the React hook subscribes to it.

export interface KubeObj {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: { kind: string; name: string; uid: string; controller?: boolean }[];
    creationTimestamp?: string;
    deletionTimestamp?: string;
  };
  spec?: any;
  status?: any;
  [k: string]: any;
}

export interface Change {
  clusterId: string;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: KubeObj;
}

export interface Clock {
  now: string;
  speed: number;
  /** performance.now() when it was read, to run the clock forward locally. */
  at: number;
}

const MAX_EVENTS = 500;

export const objectKey = (o: KubeObj) =>
  `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

export class LiveStore {
  readonly objects = new Map<string, KubeObj>();
  events: KubeObj[] = [];
  resourceVersion?: string;
  synced = false;
  connected = false;
  deleted = false;
  clock?: Clock;
  /** Bumped on every change, for React's useSyncExternalStore. */
  version = 0;
  private listeners = new Set<() => void>();
  private scheduled = false;

  subscribe = (fn: () => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  getVersion = () => this.version;

  /** Tells listeners, at most once per animation frame (a rollout streams many changes). */
  private changed(): void {
    this.version++;
    if (this.scheduled) return;
    this.scheduled = true;
    const flush = () => {
      this.scheduled = false;
      for (const l of this.listeners) l();
    };
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(flush);
    else queueMicrotask(flush);
  }

  reset(): void {
    this.objects.clear();
    this.events = [];
    this.resourceVersion = undefined;
    this.synced = false;
    this.changed();
  }

  private track(rv: string | undefined): void {
    if (rv && (!this.resourceVersion || BigInt(rv) > BigInt(this.resourceVersion)))
      this.resourceVersion = rv;
  }

  resource(c: Change): void {
    const key = objectKey(c.object);
    if (c.type === 'DELETED') this.objects.delete(key);
    else this.objects.set(key, c.object);
    this.track(c.object.metadata.resourceVersion);
    this.changed();
  }

  event(c: Change): void {
    const uid = c.object.metadata.uid;
    this.events = this.events.filter((e) => e.metadata.uid !== uid);
    if (c.type !== 'DELETED') {
      this.events.push(c.object);
      if (this.events.length > MAX_EVENTS) this.events.splice(0, this.events.length - MAX_EVENTS);
    }
    this.track(c.object.metadata.resourceVersion);
    this.changed();
  }

  markSynced(rv: string): void {
    this.synced = true;
    this.track(rv);
    this.changed();
  }

  setClock(clock: { now: string; speed: number }, at: number): void {
    this.clock = { ...clock, at };
    this.changed();
  }

  setConnected(v: boolean): void {
    this.connected = v;
    this.changed();
  }

  markDeleted(): void {
    this.deleted = true;
    this.changed();
  }

  /** The cluster's virtual time now, run forward from the last reading at its speed. */
  virtualNow(nowPerf: number): number | undefined {
    if (!this.clock) return undefined;
    const base = Date.parse(this.clock.now);
    const speed = this.clock.speed === 0 ? 0 : this.clock.speed;
    return base + (nowPerf - this.clock.at) * speed;
  }

  list(kind: string, namespace?: string): KubeObj[] {
    const out: KubeObj[] = [];
    for (const o of this.objects.values())
      if (o.kind === kind && (namespace === undefined || o.metadata.namespace === namespace))
        out.push(o);
    return out.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  }
}
