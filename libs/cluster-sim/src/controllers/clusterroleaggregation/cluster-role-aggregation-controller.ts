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

/**
 * ClusterRole lists already found aggregated. The state hands out the same list until a
 * ClusterRole changes, so the passes of a reconcile after the first skip the work (the cluster's
 * sixty-odd roles, admin's rules deduplicated, on every pass, were a tenth of a reconcile).
 */
const inSync = new WeakSet<object>();

export const clusterRoleAggregationController: Controller = {
  name: 'clusterrole-aggregation',
  reconcile(ctx: ControllerContext) {
    const all = ctx.state.list('rbac.authorization.k8s.io', 'ClusterRole') as any[];
    if (inSync.has(all)) return undefined;
    const before = ctx.state.changes.length;
    for (const role of all) if (role.aggregationRule) aggregate(ctx, role, all);
    if (ctx.state.changes.length === before) inSync.add(all);
    return undefined;
  },
};
