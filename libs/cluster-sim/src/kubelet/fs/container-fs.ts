import {
  baseName,
  normPath,
  parentOf,
  pushVersion,
  versionAt,
  type FileStore,
  type FileVersion,
} from './versioned-files';

// What one container sees as its file system at a virtual time: the image's files and a
// writable layer at the root, and its volume mounts on top (the kubelet's mount table, as
// `mount` inside a real container shows it). ConfigMap, Secret, downward-API and projected
// volumes are read-only files; emptyDir, hostPath and PVC volumes are stores shared with the
// pod's other containers (or the node, or the claim), written with virtual timestamps.

export type FsError = 'ENOENT' | 'EROFS' | 'EISDIR' | 'ENOTDIR' | 'EEXIST' | 'ENOTEMPTY';

export interface Mount {
  /** Where it is mounted in the container. */
  path: string;
  readOnly: boolean;
  /** The pod volume's name ("" for the root file system). */
  volume: string;
  /** Read-only files keyed by path relative to the mount ("" for a subPath file mount). */
  files?: Record<string, string>;
  /** For writable sources: the store's key ("vol:<name>", "host:<node path>", "pv:<name>"). */
  store?: string;
  /** Path inside the store this mount starts at (subPath, or a hostPath's path). */
  storeRoot?: string;
}

export interface ContainerFsInit {
  /** The image's own files, absolute path -> content, and its directories. */
  base: Record<string, string>;
  baseDirs: string[];
  mounts: Mount[];
  /** Persisted stores by store key, paths relative to the store's root. */
  stores: Record<string, FileStore>;
  /** Writes of other containers' processes computed live (siblings' scripts), keyed
   * `${store}|${path}`: they share volumes, not the writable layer. */
  live?: FileStore[];
  /** Writes of other processes in this same container (its main process, for an exec). */
  processes?: FileStore[];
  /** Writers whose persisted versions are superseded by live ones (this process, siblings). */
  liveWriters?: string[];
  /** Writer id of this process's writes. */
  self: string;
}

export interface StatResult {
  type: 'file' | 'dir';
  size: number;
  mtime: number;
}

const ROOT_STORE = 'root';

interface Where {
  mount?: Mount;
  /** Key in a store (for writable places), or relative file name (static mounts). */
  store?: string;
  rel: string;
}

export class ContainerFs {
  /** This process's own writes, keyed `${store}|${path}`. */
  readonly own: FileStore = {};
  private readonly mounts: Mount[];
  private readonly baseDirs = new Set<string>();

  constructor(readonly init: ContainerFsInit) {
    this.mounts = [...init.mounts]
      .map((m) => ({ ...m, path: normPath(m.path) }))
      .sort((a, b) => b.path.length - a.path.length);
    for (const d of init.baseDirs)
      for (let p = normPath(d); ; p = parentOf(p)) {
        this.baseDirs.add(p);
        if (p === '/') break;
      }
    for (const f of Object.keys(init.base))
      for (let p = parentOf(f); ; p = parentOf(p)) {
        this.baseDirs.add(p);
        if (p === '/') break;
      }
    for (const m of this.mounts)
      for (let p = parentOf(m.path); ; p = parentOf(p)) {
        this.baseDirs.add(p);
        if (p === '/') break;
      }
  }

  private where(path: string): Where {
    const p = normPath(path);
    for (const m of this.mounts) {
      if (p === m.path || p.startsWith(`${m.path}/`)) {
        const rel = p.slice(m.path.length);
        if (m.files) return { mount: m, rel: rel.replace(/^\//, '') };
        const root = (m.storeRoot ?? '').replace(/\/$/, '');
        return { mount: m, store: m.store!, rel: normPath(`${root}${rel || '/'}`) };
      }
    }
    return { store: ROOT_STORE, rel: p };
  }

  /** The version visible at t for a store path: the latest of own, live and persisted writes. */
  private version(store: string, rel: string, t: number): FileVersion | undefined {
    const key = `${store}|${rel}`;
    let best = versionAt(this.own[key], t);
    for (const l of this.init.processes ?? []) {
      const v = versionAt(l[key], t);
      if (v && (!best || v.at > best.at)) best = v;
    }
    // Siblings share volumes, never their writable layers.
    for (const l of store === ROOT_STORE ? [] : (this.init.live ?? [])) {
      const v = versionAt(l[key], t);
      if (v && (!best || v.at > best.at)) best = v;
    }
    const persisted = this.init.stores[store]?.[rel];
    if (persisted) {
      const skip = this.init.liveWriters ?? [];
      for (let i = persisted.length - 1; i >= 0; i--) {
        const v = persisted[i]!;
        if (v.at > t || (v.writer && skip.includes(v.writer))) continue;
        if (!best || v.at > best.at) best = v;
        break;
      }
    }
    return best;
  }

  /** Paths written under a store directory (any layer), for listings and directory checks. */
  private storeKeys(store: string): string[] {
    const out = new Set<string>();
    const prefix = `${store}|`;
    for (const k of Object.keys(this.own))
      if (k.startsWith(prefix)) out.add(k.slice(prefix.length));
    for (const l of [
      ...(this.init.processes ?? []),
      ...(store === ROOT_STORE ? [] : (this.init.live ?? [])),
    ])
      for (const k of Object.keys(l)) if (k.startsWith(prefix)) out.add(k.slice(prefix.length));
    for (const k of Object.keys(this.init.stores[store] ?? {})) out.add(k);
    return [...out];
  }

  stat(path: string, t: number): StatResult | undefined {
    const p = normPath(path);
    const w = this.where(p);
    if (w.mount && w.mount.files) {
      if (w.rel === '' && w.mount.files[''] !== undefined)
        return { type: 'file', size: w.mount.files['']!.length, mtime: 0 };
      if (w.mount.files[w.rel] !== undefined)
        return { type: 'file', size: w.mount.files[w.rel]!.length, mtime: 0 };
      if (w.rel === '' || Object.keys(w.mount.files).some((k) => k.startsWith(`${w.rel}/`)))
        return { type: 'dir', size: 4096, mtime: 0 };
      return undefined;
    }
    const v = this.version(w.store!, w.rel, t);
    if (v) {
      if (v.deleted) return undefined;
      return v.dir
        ? { type: 'dir', size: 4096, mtime: v.at }
        : { type: 'file', size: (v.content ?? '').length, mtime: v.at };
    }
    if (w.mount) {
      if (w.rel === normPath(w.mount.storeRoot ?? '/'))
        return { type: 'dir', size: 4096, mtime: 0 };
      if (this.hasChildren(w.store!, w.rel, t)) return { type: 'dir', size: 4096, mtime: 0 };
      return undefined;
    }
    if (this.init.base[p] !== undefined)
      return { type: 'file', size: this.init.base[p]!.length, mtime: 0 };
    if (this.baseDirs.has(p) || this.hasChildren(ROOT_STORE, p, t))
      return { type: 'dir', size: 4096, mtime: 0 };
    return undefined;
  }

  private hasChildren(store: string, dir: string, t: number): boolean {
    const prefix = dir === '/' ? '/' : `${dir}/`;
    return this.storeKeys(store).some((k) => {
      if (!k.startsWith(prefix)) return false;
      const v = this.version(store, k, t);
      return !!v && !v.deleted;
    });
  }

  read(path: string, t: number): string | undefined {
    const p = normPath(path);
    const w = this.where(p);
    if (w.mount?.files) return w.mount.files[w.rel];
    const v = this.version(w.store!, w.rel, t);
    if (v) return v.deleted || v.dir ? undefined : (v.content ?? '');
    if (w.mount) return undefined;
    return this.init.base[p];
  }

  /** Names in a directory at t, sorted; undefined when it is not a directory. */
  list(path: string, t: number): string[] | undefined {
    const p = normPath(path);
    const st = this.stat(p, t);
    if (!st || st.type !== 'dir') return undefined;
    const names = new Set<string>();
    const prefix = p === '/' ? '/' : `${p}/`;
    const child = (full: string) => full.slice(prefix.length).split('/')[0]!;
    for (const m of this.mounts) if (m.path.startsWith(prefix)) names.add(child(m.path));
    const w = this.where(p);
    if (w.mount?.files) {
      const relPrefix = w.rel ? `${w.rel}/` : '';
      for (const k of Object.keys(w.mount.files))
        if (k && k.startsWith(relPrefix)) names.add(k.slice(relPrefix.length).split('/')[0]!);
    } else {
      const storePrefix = w.rel === '/' ? '/' : `${w.rel}/`;
      for (const k of this.storeKeys(w.store!)) {
        if (!k.startsWith(storePrefix)) continue;
        const v = this.version(w.store!, k, t);
        if (!v || v.deleted) continue;
        names.add(k.slice(storePrefix.length).split('/')[0]!);
      }
      if (!w.mount) {
        for (const f of Object.keys(this.init.base))
          if (f.startsWith(prefix) && this.stat(f, t)) names.add(child(f));
        for (const d of this.baseDirs)
          if (d.startsWith(prefix) && d !== p && this.stat(d, t)) names.add(child(d));
      }
    }
    names.delete('');
    return [...names].filter((n) => this.stat(`${prefix}${n}`, t)).sort();
  }

  private writable(path: string, t: number): { w: Where; error?: FsError } {
    const w = this.where(path);
    if (w.mount?.files || w.mount?.readOnly) return { w, error: 'EROFS' };
    const parent = parentOf(normPath(path));
    const ps = this.stat(parent, t);
    if (!ps) return { w, error: 'ENOENT' };
    if (ps.type !== 'dir') return { w, error: 'ENOTDIR' };
    return { w };
  }

  write(path: string, content: string, t: number, append = false): FsError | undefined {
    const st = this.stat(path, t);
    if (st?.type === 'dir') return 'EISDIR';
    const { w, error } = this.writable(path, t);
    if (error) return error;
    const before = append ? (this.read(path, t) ?? '') : '';
    pushVersion(this.own, `${w.store}|${w.rel}`, {
      at: t,
      content: before + content,
      writer: this.init.self,
    });
    return undefined;
  }

  mkdir(path: string, t: number, parents = false): FsError | undefined {
    const p = normPath(path);
    const st = this.stat(p, t);
    if (st) return parents && st.type === 'dir' ? undefined : 'EEXIST';
    if (parents && !this.stat(parentOf(p), t)) {
      const e = this.mkdir(parentOf(p), t, true);
      if (e) return e;
    }
    const { w, error } = this.writable(p, t);
    if (error) return error;
    pushVersion(this.own, `${w.store}|${w.rel}`, { at: t, dir: true, writer: this.init.self });
    return undefined;
  }

  remove(path: string, t: number, recursive = false): FsError | undefined {
    const p = normPath(path);
    const st = this.stat(p, t);
    if (!st) return 'ENOENT';
    const w = this.where(p);
    if (w.mount?.files || w.mount?.readOnly) return 'EROFS';
    if (st.type === 'dir') {
      const kids = this.list(p, t) ?? [];
      if (kids.length && !recursive) return 'ENOTEMPTY';
      for (const k of kids) {
        const e = this.remove(`${p === '/' ? '' : p}/${k}`, t, true);
        if (e) return e;
      }
    }
    pushVersion(this.own, `${w.store}|${w.rel}`, { at: t, deleted: true, writer: this.init.self });
    return undefined;
  }

  /** This process's writes to one store after `after`, paths relative to the store. */
  ownWrites(store: string, after = -Infinity): { path: string; version: FileVersion }[] {
    const out: { path: string; version: FileVersion }[] = [];
    const prefix = `${store}|`;
    for (const [k, versions] of Object.entries(this.own)) {
      if (!k.startsWith(prefix)) continue;
      for (const v of versions)
        if (v.at > after) out.push({ path: k.slice(prefix.length), version: v });
    }
    return out.sort((a, b) => a.version.at - b.version.at);
  }

  /** Times after `after` at which any write (own or live) happened: when reads may change. */
  changeTimes(after: number, until: number): number[] {
    const times = new Set<number>();
    const add = (s: FileStore) => {
      for (const vs of Object.values(s))
        for (const v of vs) if (v.at > after && v.at <= until) times.add(v.at);
    };
    add(this.own);
    for (const l of this.init.processes ?? []) add(l);
    for (const l of this.init.live ?? []) add(l);
    for (const s of Object.values(this.init.stores)) add(s);
    return [...times].sort((a, b) => a - b);
  }

  /** The first write after `t` that this process did not make itself (siblings, exec). */
  externalChangeAfter(t: number): number | undefined {
    let best: number | undefined;
    const consider = (v: FileVersion) => {
      if (v.at > t && (best === undefined || v.at < best)) best = v.at;
    };
    for (const l of [...(this.init.live ?? []), ...(this.init.processes ?? [])])
      for (const vs of Object.values(l)) vs.forEach(consider);
    const skip = this.init.liveWriters ?? [];
    for (const s of Object.values(this.init.stores))
      for (const vs of Object.values(s))
        for (const v of vs) if (!(v.writer && skip.includes(v.writer))) consider(v);
    return best;
  }

  /** Stores this file system can write to (for flushing). */
  writableStores(): string[] {
    return [ROOT_STORE, ...this.mounts.filter((m) => m.store && !m.readOnly).map((m) => m.store!)];
  }

  /** A snapshot of the own-writes layer's shape (which paths exist), for loop detection. */
  shape(t: number): string {
    const keys = Object.keys(this.own).sort();
    return keys
      .map((k) => {
        const v = versionAt(this.own[k], t);
        return v && !v.deleted ? `${k}${v.dir ? '/' : ''}` : '';
      })
      .filter(Boolean)
      .join(',');
  }

  fileName(path: string): string {
    return baseName(normPath(path));
  }
}

export const ROOT = ROOT_STORE;
