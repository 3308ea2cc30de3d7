import type { ResourceList } from '../resources';

// staging/src/k8s.io/apiserver/pkg/quota/v1/interfaces.go: what quota knows about one kind —
// which quota resources it can measure, an object's usage, and whether an object falls in a
// quota's scopes. The admission plugin and the quota controller share these evaluators, so a
// refusal and the Used column always agree.

/** A quota's scope as a selector requirement (spec.scopes become `Exists` requirements). */
export interface ScopeRequirement {
  scopeName: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

export interface Evaluator {
  group: string;
  kind: string;
  /** The quota resource names of `hard` this evaluator can measure. */
  matchingResources(hard: string[]): string[];
  /** What one object consumes (`now` decides whether a terminating pod still counts). */
  usage(obj: any, now: number): ResourceList;
  /** Whether the object falls in one scope of a quota. */
  matchesScope(scope: ScopeRequirement, obj: any): boolean;
  /** Whether admission charges this operation (pods are charged on create only). */
  handles(op: 'create' | 'update'): boolean;
  /** Requirements the object must meet when a quota tracks `required` (the error text). */
  constraints?(required: string[], obj: any): string | undefined;
}

/** generic.MatchesNoScopeFunc: scoped quotas apply to pods only. */
export const matchesNoScope = () => false;

/** The scopes of a quota: spec.scopes as Exists requirements, then spec.scopeSelector's. */
export function scopesOfQuota(rq: any): ScopeRequirement[] {
  const out: ScopeRequirement[] = (rq.spec?.scopes ?? []).map((s: string) => ({
    scopeName: s,
    operator: 'Exists' as const,
  }));
  for (const e of rq.spec?.scopeSelector?.matchExpressions ?? []) out.push(e);
  return out;
}
