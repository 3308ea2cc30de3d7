// pkg/controller/clusterroleaggregation: a ClusterRole with an aggregationRule gets the rules of
// every ClusterRole its selectors match (admin, edit and view are built this way), in name
// order, without duplicates.
import { labelSelectorAsSelector } from '@kubelab/apimachinery';
import { jsonEqual } from '../../util/equal';
import type { Controller, ControllerContext } from '../controller';

function aggregate(ctx: ControllerContext, role: any, all: any[]): void {
  const selectors: any[] = role.aggregationRule?.clusterRoleSelectors ?? [];
  const rules: any[] = [];
  const sources = new Set<string>();
  for (const s of selectors) {
    let sel;
    try {
      sel = labelSelectorAsSelector(s);
    } catch {
      continue;
    }
    for (const other of all)
      if (other.metadata.name !== role.metadata.name && sel.matches(other.metadata.labels ?? {}))
        sources.add(other.metadata.name);
  }
  for (const name of [...sources].sort()) {
    const other = all.find((r) => r.metadata.name === name);
    for (const rule of other?.rules ?? [])
      if (!rules.some((r) => jsonEqual(r, rule))) rules.push(rule);
  }
  if (!jsonEqual(rules, role.rules ?? [])) ctx.api.mutate(role, (c: any) => (c.rules = rules));
}

export const clusterRoleAggregationController: Controller = {
  name: 'clusterrole-aggregation',
  reconcile(ctx: ControllerContext) {
    const all = ctx.state.list('rbac.authorization.k8s.io', 'ClusterRole') as any[];
    for (const role of all) if (role.aggregationRule) aggregate(ctx, role, all);
    return undefined;
  },
};
