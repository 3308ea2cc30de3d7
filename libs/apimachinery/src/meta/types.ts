// The shapes every Kubernetes object shares. Concrete kinds are typed with `kubernetes-types`.
import type {
  ObjectMeta as K8sObjectMeta,
  OwnerReference as K8sOwnerReference,
} from 'kubernetes-types/meta/v1';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export type OwnerReference = Mutable<K8sOwnerReference>;

/** metav1.ObjectMeta, writable: the API server core fills in its system fields. */
export type ObjectMeta = Omit<
  Mutable<K8sObjectMeta>,
  'ownerReferences' | 'finalizers' | 'labels' | 'annotations' | 'managedFields'
> & {
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  managedFields?: any[];
};

/** Any Kubernetes object, as JSON. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta & { name: string };
  [field: string]: unknown;
}

/** How the store and the registry address an object. */
export interface ObjectKey {
  group: string;
  kind: string;
  namespace: string; // '' for cluster-scoped
  name: string;
}

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

export function apiVersionOf(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

export function keyOf(o: KubeObject): ObjectKey {
  return {
    group: splitApiVersion(o.apiVersion).group,
    kind: o.kind,
    namespace: o.metadata.namespace ?? '',
    name: o.metadata.name,
  };
}

export function keyString(k: ObjectKey): string {
  return `${k.group}/${k.kind}/${k.namespace}/${k.name}`;
}

/** The owner reference marked controller, if any. */
export function controllerRef(o: { metadata?: ObjectMeta }): OwnerReference | undefined {
  return o.metadata?.ownerReferences?.find((r) => r.controller);
}

export function isControlledBy(
  o: { metadata?: ObjectMeta },
  owner: { metadata: ObjectMeta },
): boolean {
  const ref = controllerRef(o);
  return !!ref && ref.uid === owner.metadata.uid;
}

/** RFC 3339 with seconds precision, as Kubernetes serialises metav1.Time. */
export function formatTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** RFC 3339 with microseconds, as Kubernetes serialises metav1.MicroTime. */
export function formatMicroTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/**
 * A copy of a JSON value, as JSON.parse(JSON.stringify(v)) would make it (undefined members
 * dropped, non-finite numbers as null), without the detour through a string: objects are copied
 * on every write of the simulation, so this is one of its hottest paths.
 */
export function deepClone<T>(v: T): T {
  return v === undefined ? v : (cloneJson(v) as T);
}

function cloneJson(v: unknown): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? v + 0 : null; // -0 becomes 0, as in JSON
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      out[i] = x === undefined || typeof x === 'function' ? null : cloneJson(x);
    }
    return out;
  }
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function')
    return JSON.parse(JSON.stringify(v));
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    const x = (v as Record<string, unknown>)[k];
    if (x === undefined || typeof x === 'function') continue;
    out[k] = cloneJson(x);
  }
  return out;
}
