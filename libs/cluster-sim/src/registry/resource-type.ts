import type { FieldError, KubeObject } from '@kubelab/apimachinery';

// One served resource: the facts discovery, the store, kubectl and the API server need about a
// kind. Behaviour specific to the kind (defaults, validation) hangs off `strategy`, as in the
// API server's per-resource REST strategies (pkg/registry/<group>/<resource>/strategy.go).

export type Verb =
  'create' | 'delete' | 'deletecollection' | 'get' | 'list' | 'patch' | 'update' | 'watch';
export const ALL_VERBS: Verb[] = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

export interface Subresource {
  name: string; // status, scale, log, exec, ...
  /** Kind answered, when it is not the parent's (scale: autoscaling/v1 Scale). */
  responseKind?: { group: string; version: string; kind: string };
  verbs: string[];
}

/** What admission and validation can consult about the rest of the cluster. */
export interface AdmissionView {
  get(group: string, kind: string, namespace: string, name: string): KubeObject | undefined;
  list(group: string, kind: string, namespace?: string): KubeObject[];
}

export interface StrategyContext {
  now: number;
  view: AdmissionView;
  random: () => number;
}

export interface Strategy {
  /** Defaulting (what the API server's defaulters do). */
  defaults?(obj: any, ctx: StrategyContext): void;
  /** Mutations on create beyond defaults (allocations, admission plugins). May throw StatusError. */
  prepareForCreate?(obj: any, ctx: StrategyContext): void;
  prepareForUpdate?(obj: any, old: any, ctx: StrategyContext): void;
  validate?(obj: any, ctx: StrategyContext): FieldError[];
  /** After validation, before storage: allocations (cluster IPs, node ports). May throw StatusError. */
  afterValidate?(obj: any, old: any | undefined, ctx: StrategyContext): void;
  validateUpdate?(obj: any, old: any, ctx: StrategyContext): FieldError[];
  /** On delete: true defers removal (the object terminates until readyToRemove); may set status. */
  beginDelete?(obj: any, ctx: StrategyContext): boolean;
  /** Whether a terminating object with no finalizers left may go now. */
  readyToRemove?(obj: any): boolean;
  /** Warnings returned to the client (the `Warning:` header kubectl prints). */
  warnings?(obj: any, old: any | undefined): string[];
}

export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular: string;
  shortNames?: string[];
  namespaced: boolean;
  verbs: Verb[];
  categories?: string[];
  subresources?: Subresource[];
  /** Has a status subresource: the main resource ignores status changes and vice versa. */
  hasStatus: boolean;
  /** metadata.generation: bumped when spec changes ('spec'), on any non-metadata change ('data'), or not kept. */
  generation: 'spec' | 'data' | 'none';
  /** Not served by the API (simulator-internal state such as the kubelet's runtime records). */
  internal?: boolean;
  /** The preferred version of its group, in discovery (first listed). */
  preferred?: boolean;
  strategy?: Strategy;
  /**
   * Served as a view of another kind's stored objects (events.k8s.io/v1 Event is stored as a
   * core Event): conversions between the two shapes.
   */
  storedAs?: { group: string; kind: string; toStored(o: any): any; fromStored(o: any): any };
}

export const apiVersionOfType = (t: ResourceType) =>
  t.group ? `${t.group}/${t.version}` : t.version;
