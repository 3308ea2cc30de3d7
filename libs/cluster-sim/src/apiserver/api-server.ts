import {
  alreadyExistsError,
  badRequestError,
  conflictError,
  deepClone,
  formatTime,
  forbiddenError,
  invalidError,
  methodNotAllowedError,
  notFoundError,
  StatusError,
  splitApiVersion,
  type FieldError,
  type KubeObject,
} from '@kubelab/apimachinery';
import type { Registry } from '../registry/registry';
import type { ResourceType, StrategyContext } from '../registry/resource-type';
import type { ClusterState } from '../state/cluster-state';
import { jsonEqual } from '../util/equal';
import { generateName } from '../util/names';
import { uuidFrom } from '../util/random';
import { EVICTION_MANAGER, evictPod } from './eviction';
import type { FieldValidation, Machinery } from './machinery';
import {
  nameMismatch,
  namespaceMismatch,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from './object-meta';

// The write path of kube-apiserver as a pure function of a ClusterState: decoding, defaulting,
// admission, system metadata, validation, preconditions, generation, graceful deletion and
// finalizers (k8s.io/apiserver/pkg/registry/generic/registry/store.go and rest/*.go).

export interface RequestOptions {
  /** Virtual time of the request, in ms. */
  now: number;
  random: () => number;
  fieldManager?: string;
  fieldValidation?: FieldValidation;
  dryRun?: boolean;
  /** Controllers' own writes: already typed objects, no decoding or unknown-field checks. */
  trusted?: boolean;
  /** The body already carries its managedFields (server-side apply): record no Update. */
  keepManagedFields?: boolean;
}

export interface WriteResult {
  object: KubeObject;
  warnings: string[];
  /** Whether the write changed anything (a no-op update keeps the old resourceVersion). */
  changed: boolean;
  created?: boolean;
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
  /** kubectl --cascade=orphan on old clients. */
  orphanDependents?: boolean;
}

export interface DeleteResult {
  /** The object as it stays (terminating) or as it was when removed. */
  object: KubeObject;
  /** True when the object is gone from storage now; false while it terminates or waits for finalizers. */
  removed: boolean;
}

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

const groupResource = (t: ResourceType) => ({ group: t.group, resource: t.plural });

/** A hook admission plugins use: runs on create (and update) after defaults, before validation. */
export interface AdmissionPlugin {
  name: string;
  /** May mutate obj; may throw a StatusError to refuse. */
  admit?(
    op: 'create' | 'update',
    type: ResourceType,
    obj: any,
    old: any | undefined,
    ctx: AdmissionContext,
  ): void;
  /** Runs after validation (quota and other validating plugins). */
  validate?(
    op: 'create' | 'update' | 'delete',
    type: ResourceType,
    obj: any,
    old: any | undefined,
    ctx: AdmissionContext,
  ): void;
}

export interface AdmissionContext extends StrategyContext {
  state: ClusterState;
  registry: Registry;
  dryRun: boolean;
}

export class ApiServerCore {
  constructor(
    readonly registry: Registry,
    readonly machinery: Machinery,
    readonly admission: AdmissionPlugin[] = [],
  ) {}

  private ctx(state: ClusterState, opts: RequestOptions): AdmissionContext {
    return {
      now: opts.now,
      view: state,
      random: opts.random,
      state,
      registry: this.registry,
      dryRun: !!opts.dryRun,
    };
  }

  private decode(
    type: ResourceType,
    body: unknown,
    opts: RequestOptions,
  ): { object: KubeObject; warnings: string[] } {
    if (opts.trusted) return { object: deepClone(body as KubeObject), warnings: [] };
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw badRequestError('the body of the request was in an unknown format');
    const b = body as KubeObject;
    if (b.kind !== undefined && b.kind !== type.kind)
      throw badRequestError(
        `the API version in the data (${b.apiVersion}) does not match the expected API version (${type.group ? type.group + '/' : ''}${type.version})`,
      );
    const res = this.machinery.decode(type, body, opts.fieldValidation ?? 'Warn');
    res.object.apiVersion = type.group ? `${type.group}/${type.version}` : type.version;
    res.object.kind = type.kind;
    res.object.metadata ??= { name: '' };
    return res;
  }

  private refuseInternal(type: ResourceType, opts: RequestOptions): void {
    if (type.internal && !opts.trusted) throw methodNotAllowedError();
  }

  /** POST: create an object. */
  create(
    state: ClusterState,
    type: ResourceType,
    namespace: string | undefined,
    body: unknown,
    opts: RequestOptions,
  ): WriteResult {
    this.refuseInternal(type, opts);
    const target = opts.dryRun ? state.fork() : state;
    const { object: obj, warnings } = this.decode(type, body, opts);
    const ctx = this.ctx(target, opts);
    const m = obj.metadata;
    if (type.namespaced) {
      if (namespace !== undefined && m.namespace && m.namespace !== namespace)
        throw namespaceMismatch();
      m.namespace = m.namespace || namespace || 'default';
    } else {
      delete m.namespace;
    }
    // Defaults first (the scheme's defaulters run while decoding).
    type.strategy?.defaults?.(obj, ctx);
    // Admission (mutating): namespace lifecycle, service accounts, tolerations, ...
    for (const p of this.admission) p.admit?.('create', type, obj, undefined, ctx);
    // rest.BeforeCreate: system fields, generateName, strategy preparation, validation.
    if (!m.name && m.generateName) m.name = generateName(m.generateName, opts.random);
    m.uid = opts.trusted && m.uid ? m.uid : uuidFrom(opts.random);
    m.creationTimestamp = formatTime(opts.now);
    delete m.deletionTimestamp;
    delete m.deletionGracePeriodSeconds;
    delete m.resourceVersion;
    delete (m as unknown as Record<string, unknown>).selfLink;
    if (type.generation !== 'none') m.generation = 1;
    else delete m.generation;
    if (type.hasStatus && !opts.trusted) {
      // A create may not set status for most kinds; the strategy decides what survives.
    }
    type.strategy?.prepareForCreate?.(obj, ctx);
    const errs: FieldError[] = [
      ...validateObjectMeta(obj, type),
      ...(type.strategy?.validate?.(obj, ctx) ?? []),
    ];
    if (errs.length)
      throw invalidError(type.group, type.kind, m.name || m.generateName || '', errs);
    type.strategy?.afterValidate?.(obj, undefined, ctx);
    for (const p of this.admission) p.validate?.('create', type, obj, undefined, ctx);
    if (target.get(type.group, type.kind, m.namespace ?? '', m.name))
      throw alreadyExistsError(groupResource(type), m.name);
    if (!opts.keepManagedFields) {
      const managed = this.machinery.recordUpdate(
        type,
        undefined,
        obj,
        opts.fieldManager ?? 'unknown',
        formatTime(opts.now),
      );
      if (managed) m.managedFields = managed as any;
    }
    warnings.push(...(type.strategy?.warnings?.(obj, undefined) ?? []));
    const stored = target.put(obj);
    return { object: stored, warnings, changed: true, created: true };
  }

  /** The stored object, or 404. */
  getOrThrow(state: ClusterState, type: ResourceType, namespace: string, name: string): KubeObject {
    const o = state.get(type.group, type.kind, type.namespaced ? namespace : '', name);
    if (!o) throw notFoundError(groupResource(type), name);
    return o;
  }

  /** PUT: replace an object (subresource 'status' replaces only its status). */
  update(
    state: ClusterState,
    type: ResourceType,
    namespace: string,
    name: string,
    body: unknown,
    opts: RequestOptions & { subresource?: 'status' },
  ): WriteResult {
    this.refuseInternal(type, opts);
    const { object: obj, warnings } = this.decode(type, body, opts);
    const old = this.getOrThrow(state, type, namespace, name);
    if (obj.metadata.name && obj.metadata.name !== name)
      throw nameMismatch(obj.metadata.name, name);
    if (type.namespaced && obj.metadata.namespace && obj.metadata.namespace !== namespace)
      throw namespaceMismatch();
    const rv = obj.metadata.resourceVersion;
    if (rv && rv !== old.metadata.resourceVersion) throw conflictError(groupResource(type), name);
    if (obj.metadata.uid && obj.metadata.uid !== old.metadata.uid)
      throw conflictError(
        groupResource(type),
        name,
        `Precondition failed: UID in precondition: ${obj.metadata.uid}, UID in object meta: ${old.metadata.uid}`,
      );
    const result = this.commitUpdate(state, type, old, obj, opts, opts.subresource);
    result.warnings.unshift(...warnings);
    return result;
  }

  /** PATCH, including server-side apply (which creates when the object is missing). */
  patch(
    state: ClusterState,
    type: ResourceType,
    namespace: string,
    name: string,
    patchType: PatchType,
    patch: unknown,
    opts: RequestOptions & { subresource?: 'status'; force?: boolean },
  ): WriteResult {
    this.refuseInternal(type, opts);
    const old = state.get(type.group, type.kind, type.namespaced ? namespace : '', name);
    if (patchType === 'apply') {
      if (!opts.fieldManager)
        throw badRequestError(
          'PATCH requests with apply content type must specify a field manager',
        );
      const { object: config, warnings } = this.decode(type, patch, opts);
      if (config.metadata.name && config.metadata.name !== name)
        throw nameMismatch(config.metadata.name, name);
      if (!old) {
        const merged = this.machinery.apply(
          type,
          undefined,
          { ...config, metadata: { ...config.metadata, name } },
          opts.fieldManager,
          !!opts.force,
          formatTime(opts.now),
        );
        const res = this.create(state, type, namespace, merged, {
          ...opts,
          trusted: true,
          keepManagedFields: true,
        });
        // create() recorded nothing for the trusted body; keep apply's ownership record.
        res.warnings.unshift(...warnings);
        return res;
      }
      const merged = this.machinery.apply(
        type,
        old,
        config,
        opts.fieldManager,
        !!opts.force,
        formatTime(opts.now),
      );
      const res = this.commitUpdate(
        state,
        type,
        old,
        merged,
        { ...opts, keepManagedFields: true },
        opts.subresource,
      );
      res.warnings.unshift(...warnings);
      return res;
    }
    if (!old) throw notFoundError(groupResource(type), name);
    let patched: KubeObject;
    try {
      patched =
        patchType === 'json'
          ? this.machinery.jsonPatch(type, old, patch)
          : patchType === 'merge'
            ? this.machinery.mergePatch(type, old, patch)
            : this.machinery.strategicMergePatch(type, old, patch);
    } catch (e) {
      if (e instanceof StatusError) throw e;
      throw badRequestError((e as Error).message);
    }
    const rv = (patch as { metadata?: { resourceVersion?: string } })?.metadata?.resourceVersion;
    if (patchType !== 'json' && rv && rv !== old.metadata.resourceVersion)
      throw conflictError(groupResource(type), name);
    // The patched document is decoded like a PUT body (unknown fields per fieldValidation).
    const { object: obj, warnings } = this.decode(type, patched, opts);
    const res = this.commitUpdate(state, type, old, obj, opts, opts.subresource);
    res.warnings.unshift(...warnings);
    return res;
  }

  /**
   * The shared tail of PUT and PATCH: keeps what a client may not change, runs defaults,
   * admission and validation, bumps generation, and stores — unless nothing changed.
   */
  commitUpdate(
    state: ClusterState,
    type: ResourceType,
    old: KubeObject,
    input: KubeObject,
    opts: RequestOptions & { keepManagedFields?: boolean },
    subresource?: 'status',
  ): WriteResult {
    const target = opts.dryRun ? state.fork() : state;
    const ctx = this.ctx(target, opts);
    const obj = deepClone(input);
    const m = obj.metadata;
    const om = old.metadata;
    m.name = om.name;
    if (type.namespaced) m.namespace = om.namespace;
    m.uid = om.uid;
    m.creationTimestamp = om.creationTimestamp;
    m.resourceVersion = om.resourceVersion;
    if (om.deletionTimestamp) {
      m.deletionTimestamp = om.deletionTimestamp;
      m.deletionGracePeriodSeconds = om.deletionGracePeriodSeconds;
    } else {
      delete m.deletionTimestamp;
      delete m.deletionGracePeriodSeconds;
    }
    if (!opts.keepManagedFields) m.managedFields = om.managedFields;
    if (type.hasStatus) {
      if (subresource === 'status') {
        // Status writes change status only (metav1.ResetObjectMetaForStatus keeps the rest).
        for (const k of Object.keys(obj))
          if (k !== 'status' && k !== 'metadata' && k !== 'apiVersion' && k !== 'kind')
            delete (obj as any)[k];
        for (const k of Object.keys(old))
          if (k !== 'status' && k !== 'metadata') (obj as any)[k] = deepClone((old as any)[k]);
        m.labels = om.labels;
        m.annotations = om.annotations;
        m.finalizers = om.finalizers;
        m.ownerReferences = om.ownerReferences;
        m.generation = om.generation;
      } else {
        (obj as any).status = deepClone((old as any).status);
        if ((obj as any).status === undefined) delete (obj as any).status;
      }
    }
    type.strategy?.defaults?.(obj, ctx);
    for (const p of this.admission) p.admit?.('update', type, obj, old, ctx);
    type.strategy?.prepareForUpdate?.(obj, old, ctx);
    // metadata.generation: bumped when the spec (or, for spec-less kinds, the data) changes.
    if (type.generation === 'none') delete m.generation;
    else {
      m.generation = om.generation ?? 1;
      if (subresource !== 'status') {
        const specChanged =
          type.generation === 'spec'
            ? !jsonEqual((obj as any).spec, (old as any).spec)
            : !jsonEqual(stripMeta(obj), stripMeta(old));
        if (specChanged || (!!m.deletionTimestamp && !jsonEqual(m, om)))
          m.generation = (om.generation ?? 1) + 1;
      }
    }
    const errs: FieldError[] = [
      ...validateObjectMeta(obj, type),
      ...validateObjectMetaUpdate(obj, old),
      ...(type.strategy?.validateUpdate?.(obj, old, ctx) ?? []),
    ];
    if (errs.length) throw invalidError(type.group, type.kind, m.name, errs);
    type.strategy?.afterValidate?.(obj, old, ctx);
    for (const p of this.admission) p.validate?.('update', type, obj, old, ctx);
    if (!opts.keepManagedFields) {
      const managed = this.machinery.recordUpdate(
        type,
        old,
        obj,
        opts.fieldManager ?? 'unknown',
        formatTime(opts.now),
        subresource,
      );
      if (managed) m.managedFields = managed as any;
    }
    const warnings = type.strategy?.warnings?.(obj, old) ?? [];
    if (equalIgnoringVolatile(obj, old)) return { object: old, warnings, changed: false };
    // Removing the last finalizer of an object being deleted removes the object (store.go's
    // shouldDeleteDuringUpdate: only when its graceful period is already over).
    if (
      m.deletionTimestamp &&
      !(m.finalizers ?? []).length &&
      (om.deletionGracePeriodSeconds ?? 0) === 0 &&
      (type.strategy?.readyToRemove?.(obj) ?? true)
    ) {
      const gone = target.remove(old)!;
      return { object: gone, warnings, changed: true };
    }
    const stored = target.put(obj);
    return { object: stored, warnings, changed: true };
  }

  /** DELETE one object: immediate, graceful (pods) or held by finalizers. */
  delete(
    state: ClusterState,
    type: ResourceType,
    namespace: string,
    name: string,
    options: DeleteOptions,
    opts: RequestOptions,
  ): DeleteResult {
    this.refuseInternal(type, opts);
    // The HTTP layer sends POST pods/{name}/eviction here as the "eviction" manager's delete.
    if (opts.fieldManager === EVICTION_MANAGER && type.group === '' && type.kind === 'Pod')
      return this.evict(state, namespace, name, options, opts);
    const target = opts.dryRun ? state.fork() : state;
    const old = this.getOrThrow(target, type, namespace, name);
    const pre = options.preconditions;
    if (pre?.uid && pre.uid !== old.metadata.uid)
      throw conflictError(
        groupResource(type),
        name,
        `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata.uid}`,
      );
    if (pre?.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion)
      throw conflictError(
        groupResource(type),
        name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion}`,
      );
    const ctx = this.ctx(target, opts);
    if (type.group === '' && type.kind === 'Namespace' && PROTECTED_NAMESPACES.has(name))
      throw forbiddenError(groupResource(type), name, 'this namespace may not be deleted');
    for (const p of this.admission) p.validate?.('delete', type, old, undefined, ctx);

    const policy = options.propagationPolicy ?? (options.orphanDependents ? 'Orphan' : undefined);
    const obj = deepClone(old);
    const m = obj.metadata;
    const finalizers = new Set(m.finalizers ?? []);
    if (policy === 'Foreground') {
      finalizers.add('foregroundDeletion');
      finalizers.delete('orphan');
    } else if (policy === 'Orphan') {
      finalizers.add('orphan');
      finalizers.delete('foregroundDeletion');
    } else if (policy === 'Background' && m.deletionTimestamp) {
      finalizers.delete('foregroundDeletion');
      finalizers.delete('orphan');
    }
    const grace = this.gracePeriod(type, old, options);
    const hasDependents = target.dependentsOf(m.uid!).length > 0;
    // Finalizers for foreground/orphan only matter when there are dependents to deal with.
    if (!hasDependents) {
      finalizers.delete('foregroundDeletion');
      finalizers.delete('orphan');
    }
    const now = formatTime(opts.now);
    if (m.deletionTimestamp) {
      // Already terminating: a shorter grace period shortens it; otherwise nothing to do.
      const current = m.deletionGracePeriodSeconds ?? 0;
      if (grace !== undefined && grace < current) {
        m.deletionGracePeriodSeconds = grace;
        m.deletionTimestamp = formatTime(opts.now + grace * 1000);
      }
      m.finalizers = [...finalizers];
      if (!m.finalizers.length && (grace === 0 || grace === undefined))
        return { object: target.remove(old)!, removed: true };
      if (jsonEqual(obj, old)) return { object: old, removed: false };
      return { object: target.put(obj), removed: false };
    }
    const deferred = type.strategy?.beginDelete?.(obj, ctx) ?? false;
    if (finalizers.size || (grace !== undefined && grace > 0) || deferred) {
      m.deletionTimestamp = grace && grace > 0 ? formatTime(opts.now + grace * 1000) : now;
      m.deletionGracePeriodSeconds = grace ?? 0;
      m.finalizers = [...finalizers];
      if (!m.finalizers.length) delete m.finalizers;
      if (type.generation !== 'none') m.generation = (m.generation ?? 1) + 1;
      type.strategy?.prepareForUpdate?.(obj, old, ctx);
      return { object: target.put(obj), removed: false };
    }
    return { object: target.remove(old)!, removed: true };
  }

  /** POST pods/{name}/eviction: a delete that honours PodDisruptionBudgets (429 when not). */
  evict(
    state: ClusterState,
    namespace: string,
    name: string,
    options: DeleteOptions,
    opts: RequestOptions,
  ): DeleteResult {
    const podType = this.registry.get('', 'v1', 'Pod')!;
    return evictPod(this, state, podType, namespace, name, options, opts);
  }

  /** POST pods/{name}/binding: assigns a pod to a node, once. */
  bind(
    state: ClusterState,
    namespace: string,
    name: string,
    nodeName: string,
    opts: RequestOptions,
  ): KubeObject {
    const target = opts.dryRun ? state.fork() : state;
    const podType = this.registry.get('', 'v1', 'Pod')!;
    const pod: any = this.getOrThrow(target, podType, namespace, name);
    const gr = { group: '', resource: 'pods/binding' };
    if (pod.spec?.nodeName)
      throw conflictError(
        gr,
        name,
        `pod ${name} is already assigned to node "${pod.spec.nodeName}"`,
      );
    if (pod.metadata.deletionTimestamp)
      throw conflictError(gr, name, `pod ${name} is being deleted, cannot be assigned to a host`);
    const bound = deepClone(pod);
    bound.spec.nodeName = nodeName;
    const conditions = (bound.status.conditions ?? []).filter(
      (c: any) => c.type !== 'PodScheduled',
    );
    conditions.push({
      type: 'PodScheduled',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: formatTime(opts.now),
    });
    bound.status.conditions = conditions;
    return target.put(bound);
  }

  /** Seconds of graceful termination for this delete, or undefined for kinds without it. */
  private gracePeriod(
    type: ResourceType,
    obj: KubeObject,
    options: DeleteOptions,
  ): number | undefined {
    if (!(type.group === '' && type.kind === 'Pod')) return undefined;
    const pod = obj as any;
    // An unscheduled or finished pod has nothing running: it goes at once.
    if (!pod.spec?.nodeName) return 0;
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return 0;
    if (options.gracePeriodSeconds !== undefined) return Math.max(0, options.gracePeriodSeconds);
    return pod.spec?.terminationGracePeriodSeconds ?? 30;
  }
}

const PROTECTED_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

function stripMeta(o: KubeObject): unknown {
  const { metadata: _m, status: _s, ...rest } = o as any;
  return rest;
}

/** What a no-op comparison ignores: resourceVersion and managedFields timestamps. */
/** Equal but for what every write changes anyway: resourceVersion and managedFields' times. */
function equalIgnoringVolatile(a: KubeObject, b: KubeObject): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys)
    if (k !== 'metadata' && !jsonEqual((a as any)[k], (b as any)[k])) return false;
  const am = a.metadata as Record<string, unknown>;
  const bm = b.metadata as Record<string, unknown>;
  for (const k of new Set([...Object.keys(am), ...Object.keys(bm)])) {
    if (k === 'resourceVersion') continue;
    if (k !== 'managedFields') {
      if (!jsonEqual(am[k], bm[k])) return false;
      continue;
    }
    const af = (am[k] ?? []) as Record<string, unknown>[];
    const bf = (bm[k] ?? []) as Record<string, unknown>[];
    if (af.length !== bf.length) return false;
    for (let i = 0; i < af.length; i++) {
      const { time: _a, ...x } = af[i]!;
      const { time: _b, ...y } = bf[i]!;
      if (!jsonEqual(x, y)) return false;
    }
  }
  return true;
}

export function groupOfObject(o: KubeObject): string {
  return splitApiVersion(o.apiVersion).group;
}
