import { Quantity } from '@kubelab/apimachinery';
import type { Registry } from '../registry/registry';
import type { AdmissionView } from '../registry/resource-type';
import { evaluatorFor, quotableTypes, scopesOfQuota } from './evaluator';
import { add, mask, type ResourceList } from './resources';

// staging/src/k8s.io/apiserver/pkg/quota/v1/resources.go CalculateUsage and generic
// CalculateUsageStats: a quota's usage is the sum, over the objects of its namespace that fall
// in its scopes, of what they consume of the resources it limits. Every limited resource that
// something can measure is reported, at 0 when nothing uses it.

/** The quota resource names in spec.hard. */
export const hardNames = (rq: any): string[] => Object.keys(rq.spec?.hard ?? {});

export function calculateUsage(
  view: AdmissionView,
  registry: Registry,
  rq: any,
  now: number,
): ResourceList {
  const hard = hardNames(rq);
  const scopes = scopesOfQuota(rq);
  const ns = rq.metadata.namespace;
  const matched = new Set<string>();
  let used: ResourceList = {};
  for (const t of quotableTypes(registry)) {
    const ev = evaluatorFor(t);
    const tracked = ev.matchingResources(hard);
    if (!tracked.length) continue;
    for (const r of tracked) {
      matched.add(r);
      used[r] ??= Quantity.zero('DecimalSI');
    }
    for (const obj of view.list(t.group, t.kind, ns)) {
      if (!scopes.every((s) => ev.matchesScope(s, obj))) continue;
      used = add(used, mask(ev.usage(obj, now), tracked));
    }
  }
  return mask(used, matched);
}
