import { deepClone, keyOf, splitApiVersion, type KubeObject } from '@kubelab/apimachinery';
import type { AdmissionView } from '../registry/resource-type';

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface Change {
  type: ChangeType;
  /** The object as stored; for DELETED, its last state with the deletion's resourceVersion. */
  object: KubeObject;
}

const kindKey = (group: string, kind: string) => `${group}/${kind}`;
const nsName = (namespace: string, name: string) => `${namespace}/${name}`;

/**
 * A cluster's objects in memory, the unit every pure operation works on: the API server core
 * admits writes into it, controllers read it and write through the core, and the shell persists
 * its `changes` (each with the next resourceVersion) in one transaction.
 *
 * Stored objects are never mutated in place: writers store a new object. Callers must treat
 * what get/list return as read-only.
 */
export class ClusterState implements AdmissionView {
  private readonly kinds = new Map<string, Map<string, KubeObject>>();
  private readonly owners = new Map<string, Set<string>>(); // owner uid -> "group/kind/ns/name"
  private readonly uids = new Map<string, KubeObject>();
  /** Core Events by the uid of the object they are about (the recorder looks for repeats). */
  private readonly about = new Map<string, Set<string>>();
  /** Sorted lists per kind (and per kind+namespace), dropped when the kind changes. */
  private readonly listCache = new Map<string, KubeObject[]>();
  private rv: bigint;
  changes: Change[] = [];

  constructor(objects: Iterable<KubeObject> = [], resourceVersion: bigint | number | string = 0) {
    this.rv = BigInt(resourceVersion);
    for (const o of objects) this.index(o);
  }

  get resourceVersion(): string {
    return this.rv.toString();
  }

  /** A copy whose writes do not touch this state (dry runs, speculative reconciles). */
  fork(): ClusterState {
    const f = new ClusterState([], this.rv);
    for (const [k, m] of this.kinds) f.kinds.set(k, new Map(m));
    for (const [k, s] of this.owners) f.owners.set(k, new Set(s));
    for (const [k, o] of this.uids) f.uids.set(k, o);
    for (const [k, s] of this.about) f.about.set(k, new Set(s));
    return f;
  }

  /** The object with this uid, if it exists. */
  byUid(uid: string): KubeObject | undefined {
    return this.uids.get(uid);
  }

  get(group: string, kind: string, namespace: string, name: string): KubeObject | undefined {
    return this.kinds.get(kindKey(group, kind))?.get(nsName(namespace, name));
  }

  /** Objects of a kind (in one namespace), sorted by namespace and name. Do not mutate the array. */
  list(group: string, kind: string, namespace?: string): KubeObject[] {
    const kk = kindKey(group, kind);
    const cacheKey = namespace === undefined ? kk : `${kk}\u0000${namespace}`;
    const cached = this.listCache.get(cacheKey);
    if (cached) return cached;
    const m = this.kinds.get(kk);
    const out: KubeObject[] = [];
    if (m)
      for (const o of m.values())
        if (namespace === undefined || (o.metadata.namespace ?? '') === namespace) out.push(o);
    out.sort((a, b) => {
      const an = a.metadata.namespace ?? '';
      const bn = b.metadata.namespace ?? '';
      if (an !== bn) return an < bn ? -1 : 1;
      return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
    });
    this.listCache.set(cacheKey, out);
    return out;
  }

  private invalidate(kk: string): void {
    for (const key of this.listCache.keys())
      if (key === kk || key.startsWith(`${kk}\u0000`)) this.listCache.delete(key);
  }

  /** Objects of a kind in no particular order (cheaper than list when order does not matter). */
  unsorted(group: string, kind: string): KubeObject[] {
    return [...(this.kinds.get(kindKey(group, kind))?.values() ?? [])];
  }

  /** Every object, any kind. */
  *all(): Iterable<KubeObject> {
    for (const m of this.kinds.values()) yield* m.values();
  }

  count(): number {
    let n = 0;
    for (const m of this.kinds.values()) n += m.size;
    return n;
  }

  /** The core Events whose involvedObject is the object with this uid. */
  eventsAbout(uid: string): KubeObject[] {
    const keys = this.about.get(uid);
    if (!keys) return [];
    const m = this.kinds.get(kindKey('', 'Event'));
    const out: KubeObject[] = [];
    for (const k of keys) {
      const e = m?.get(k);
      if (e) out.push(e);
    }
    return out;
  }

  private indexAbout(o: KubeObject, add: boolean): void {
    if (o.kind !== 'Event' || o.apiVersion !== 'v1') return;
    const uid = (o as any).involvedObject?.uid;
    if (!uid) return;
    const key = nsName(o.metadata.namespace ?? '', o.metadata.name);
    let s = this.about.get(uid);
    if (add) {
      if (!s) this.about.set(uid, (s = new Set()));
      s.add(key);
    } else if (s) {
      s.delete(key);
      if (!s.size) this.about.delete(uid);
    }
  }

  /** Objects that name `uid` in their ownerReferences. */
  dependentsOf(uid: string): KubeObject[] {
    const keys = this.owners.get(uid);
    if (!keys) return [];
    const out: KubeObject[] = [];
    for (const k of keys) {
      const [group, kind, namespace, name] = k.split('\u0000') as [string, string, string, string];
      const o = this.get(group, kind, namespace, name);
      if (o) out.push(o);
    }
    return out;
  }

  private ownerKey(o: KubeObject): string {
    const k = keyOf(o);
    return [k.group, k.kind, k.namespace, k.name].join('\u0000');
  }

  private index(o: KubeObject): void {
    const { group } = splitApiVersion(o.apiVersion);
    const kk = kindKey(group, o.kind);
    let m = this.kinds.get(kk);
    if (!m) this.kinds.set(kk, (m = new Map()));
    const key = nsName(o.metadata.namespace ?? '', o.metadata.name);
    const prev = m.get(key);
    if (prev) {
      this.unindexOwners(prev);
      this.indexAbout(prev, false);
      if (prev.metadata.uid) this.uids.delete(prev.metadata.uid);
    }
    m.set(key, o);
    this.indexAbout(o, true);
    if (o.metadata.uid) this.uids.set(o.metadata.uid, o);
    this.invalidate(kk);
    for (const r of o.metadata.ownerReferences ?? []) {
      let s = this.owners.get(r.uid);
      if (!s) this.owners.set(r.uid, (s = new Set()));
      s.add(this.ownerKey(o));
    }
  }

  private unindexOwners(o: KubeObject): void {
    const k = this.ownerKey(o);
    for (const r of o.metadata.ownerReferences ?? []) {
      const s = this.owners.get(r.uid);
      s?.delete(k);
      if (s && !s.size) this.owners.delete(r.uid);
    }
  }

  private nextRv(): string {
    this.rv += 1n;
    return this.rv.toString();
  }

  /** Stores a new or changed object under the next resourceVersion. */
  put(obj: KubeObject): KubeObject {
    const { group } = splitApiVersion(obj.apiVersion);
    const exists = !!this.get(group, obj.kind, obj.metadata.namespace ?? '', obj.metadata.name);
    const stored = deepClone(obj);
    stored.metadata.resourceVersion = this.nextRv();
    this.index(stored);
    this.changes.push({ type: exists ? 'MODIFIED' : 'ADDED', object: stored });
    return stored;
  }

  /** Removes an object; watchers see it once more with the deletion's resourceVersion. */
  remove(obj: KubeObject): KubeObject | undefined {
    const { group } = splitApiVersion(obj.apiVersion);
    const m = this.kinds.get(kindKey(group, obj.kind));
    const key = nsName(obj.metadata.namespace ?? '', obj.metadata.name);
    const prev = m?.get(key);
    if (!prev || !m) return undefined;
    m.delete(key);
    this.unindexOwners(prev);
    this.indexAbout(prev, false);
    if (prev.metadata.uid) this.uids.delete(prev.metadata.uid);
    this.invalidate(kindKey(group, obj.kind));
    const gone = deepClone(prev);
    gone.metadata.resourceVersion = this.nextRv();
    this.changes.push({ type: 'DELETED', object: gone });
    return gone;
  }

  /** Takes the changes recorded so far (the shell persists them). */
  takeChanges(): Change[] {
    const c = this.changes;
    this.changes = [];
    return c;
  }

  /** Applies changes made elsewhere (another process), without recording them again. */
  applyExternal(changes: Iterable<Change>): void {
    for (const c of changes) {
      const rv = BigInt(c.object.metadata.resourceVersion ?? '0');
      if (c.type === 'DELETED') {
        const { group } = splitApiVersion(c.object.apiVersion);
        const m = this.kinds.get(kindKey(group, c.object.kind));
        const key = nsName(c.object.metadata.namespace ?? '', c.object.metadata.name);
        const prev = m?.get(key);
        if (prev) {
          m!.delete(key);
          this.unindexOwners(prev);
          this.indexAbout(prev, false);
          if (prev.metadata.uid) this.uids.delete(prev.metadata.uid);
          this.invalidate(kindKey(group, c.object.kind));
        }
      } else this.index(c.object);
      if (rv > this.rv) this.rv = rv;
    }
  }
}
