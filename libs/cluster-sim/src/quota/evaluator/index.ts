import type { Registry } from '../../registry/registry';
import type { ResourceType } from '../../registry/resource-type';
import type { Evaluator } from './evaluator';
import { objectCountEvaluator } from './object-count';
import { persistentVolumeClaimEvaluator } from './persistent-volume-claims';
import { podEvaluator } from './pods';
import { serviceEvaluator } from './services';

// pkg/quota/v1/install/registry.go: the evaluators of the core kinds that charge more than a
// count, and an object-count evaluator for every other served kind.

const SPECIAL: Evaluator[] = [podEvaluator, serviceEvaluator, persistentVolumeClaimEvaluator];

export function evaluatorFor(t: ResourceType): Evaluator {
  return SPECIAL.find((e) => e.group === t.group && e.kind === t.kind) ?? objectCountEvaluator(t);
}

/** Every kind a quota can track: the served kinds a user can create and list. */
export function quotableTypes(registry: Registry): ResourceType[] {
  const seen = new Set<string>();
  return registry.served().filter((t) => {
    const key = `${t.group}/${t.kind}`;
    if (!t.namespaced || t.storedAs || !t.verbs.includes('create') || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export type { Evaluator, ScopeRequirement } from './evaluator';
export { scopesOfQuota } from './evaluator';
