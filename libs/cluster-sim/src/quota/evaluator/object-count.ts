import type { ResourceType } from '../../registry/resource-type';
import { one, type ResourceList } from '../resources';
import { matchesNoScope, type Evaluator } from './evaluator';

// staging/src/k8s.io/apiserver/pkg/quota/v1/generic/evaluator.go (objectCountEvaluator): any
// kind can be counted as count/<resource>.<group> (count/<resource> in the core group); a few
// core kinds keep their older bare names (configmaps, secrets, ...).

const LEGACY_ALIASES: Record<string, string> = {
  ConfigMap: 'configmaps',
  ResourceQuota: 'resourcequotas',
  ReplicationController: 'replicationcontrollers',
  Secret: 'secrets',
};

/** ObjectCountQuotaResourceNameFor: "count/deployments.apps", "count/configmaps". */
export const objectCountName = (t: ResourceType) =>
  t.group ? `count/${t.plural}.${t.group}` : `count/${t.plural}`;

export function objectCountEvaluator(t: ResourceType): Evaluator {
  const names = [objectCountName(t)];
  const alias = t.group === '' ? LEGACY_ALIASES[t.kind] : undefined;
  if (alias) names.push(alias);
  return {
    group: t.group,
    kind: t.kind,
    matchingResources: (hard) => hard.filter((r) => names.includes(r)),
    usage() {
      const out: ResourceList = {};
      for (const n of names) out[n] = one();
      return out;
    },
    matchesScope: matchesNoScope,
    handles: (op) => op === 'create',
  };
}
