import { StatusError, conflictError, deepClone, type KubeObject } from '@kubelab/apimachinery';
import type { ApiServerCore, DeleteOptions } from '../apiserver/api-server';
import { recordEvent, type RecordOptions } from '../events/recorder';
import type { ClusterProfile } from '../profile/cluster-profile';
import type { Registry } from '../registry/registry';
import type { ClusterState } from '../state/cluster-state';

// Controllers are level-triggered functions of the cluster's state and the virtual time. They
// write only through the API they are given — each write admitted by the same API server core a
// user's request goes through, and recorded as a change for the shell to commit — and return
// the earliest virtual time they need to run again. They never sleep and never poll.

export interface ControllerContext {
  now: number;
  state: ClusterState;
  api: ControllerApi;
  profile: ClusterProfile;
  random: () => number;
  registry: Registry;
  /** 1 for the first pass of a reconcile; controllers with nothing to react to may skip later ones. */
  pass: number;
}

export interface Controller {
  name: string;
  /** Reconciles everything it is responsible for; returns when it wants to run again, if at all. */
  reconcile(ctx: ControllerContext): number | undefined;
}

const group = (o: KubeObject) => (o.apiVersion.includes('/') ? o.apiVersion.split('/')[0]! : '');

/** The API as a controller uses it: trusted writes through the API server core, plus events. */
export class ControllerApi {
  constructor(
    private readonly core: ApiServerCore,
    private readonly state: ClusterState,
    private readonly now: () => number,
    private readonly random: () => number,
    readonly manager: string,
  ) {}

  private type(o: KubeObject) {
    const t =
      this.core.registry.forApiVersion(o.apiVersion, o.kind) ??
      this.core.registry.forKind(group(o), o.kind);
    if (!t) throw new Error(`unregistered kind ${o.apiVersion}/${o.kind}`);
    return t;
  }

  private opts() {
    return { now: this.now(), random: this.random, trusted: true, fieldManager: this.manager };
  }

  /** Creates; returns the stored object, or the StatusError that refused it. */
  create<T extends KubeObject>(obj: T): T | StatusError {
    try {
      return this.core.create(this.state, this.type(obj), obj.metadata.namespace, obj, this.opts())
        .object as T;
    } catch (e) {
      if (e instanceof StatusError) return e;
      throw e;
    }
  }

  /** Replaces an object (spec and metadata); status is kept as stored. 409 when `obj` is stale. */
  update<T extends KubeObject>(obj: T): T | StatusError {
    const t = this.type(obj);
    try {
      const old = this.core.getOrThrow(
        this.state,
        t,
        obj.metadata.namespace ?? '',
        obj.metadata.name,
      );
      if (
        obj.metadata.resourceVersion &&
        obj.metadata.resourceVersion !== old.metadata.resourceVersion
      ) {
        return conflictError({ group: t.group, resource: t.plural }, obj.metadata.name);
      }
      return this.core.commitUpdate(this.state, t, old, obj, this.opts()).object as T;
    } catch (e) {
      if (e instanceof StatusError) return e;
      throw e;
    }
  }

  /** Replaces an object's status only. 409 when `obj` is stale. */
  updateStatus<T extends KubeObject>(obj: T): T | StatusError {
    const t = this.type(obj);
    try {
      const old = this.core.getOrThrow(
        this.state,
        t,
        obj.metadata.namespace ?? '',
        obj.metadata.name,
      );
      if (
        obj.metadata.resourceVersion &&
        obj.metadata.resourceVersion !== old.metadata.resourceVersion
      ) {
        return conflictError({ group: t.group, resource: t.plural }, obj.metadata.name);
      }
      return this.core.commitUpdate(
        this.state,
        t,
        old,
        obj,
        this.opts(),
        t.hasStatus ? 'status' : undefined,
      ).object as T;
    } catch (e) {
      if (e instanceof StatusError) return e;
      throw e;
    }
  }

  /** Applies `mutate` to a copy of the stored object and stores it if anything changed. */
  mutate<T extends KubeObject>(obj: T, mutate: (copy: T) => void, status = false): T | StatusError {
    const copy = deepClone(obj);
    mutate(copy);
    return status ? this.updateStatus(copy) : this.update(copy);
  }

  delete(obj: KubeObject, options: DeleteOptions = {}): StatusError | undefined {
    try {
      this.core.delete(
        this.state,
        this.type(obj),
        obj.metadata.namespace ?? '',
        obj.metadata.name,
        options,
        this.opts(),
      );
      return undefined;
    } catch (e) {
      if (e instanceof StatusError) return e;
      throw e;
    }
  }

  /** Removes an object at once, bypassing graceful deletion (the kubelet's final delete). */
  forceRemove(obj: KubeObject): void {
    const current = this.state.get(
      group(obj),
      obj.kind,
      obj.metadata.namespace ?? '',
      obj.metadata.name,
    );
    if (current) this.state.remove(current);
  }

  bind(pod: KubeObject, nodeName: string): KubeObject | StatusError {
    try {
      return this.core.bind(
        this.state,
        pod.metadata.namespace ?? '',
        pod.metadata.name,
        nodeName,
        this.opts(),
      );
    } catch (e) {
      if (e instanceof StatusError) return e;
      throw e;
    }
  }

  /** Records an event (at `at`, default now). */
  event(about: KubeObject, o: RecordOptions, at?: number): void {
    recordEvent(
      {
        now: at ?? this.now(),
        random: this.random,
        find: (ns, uid) =>
          uid
            ? this.state.eventsAbout(uid).filter((e) => (e.metadata.namespace ?? '') === ns)
            : this.state.list('', 'Event', ns),
        create: (ev) => void this.create(ev),
        update: (ev) => void this.update(ev),
      },
      about,
      o,
    );
  }
}

/** Minimum of wake-up times, ignoring undefined. */
export function earliest(...times: (number | undefined)[]): number | undefined {
  let m: number | undefined;
  for (const t of times) if (t !== undefined && (m === undefined || t < m)) m = t;
  return m;
}

export const isStatusError = (v: unknown): v is StatusError => v instanceof StatusError;
