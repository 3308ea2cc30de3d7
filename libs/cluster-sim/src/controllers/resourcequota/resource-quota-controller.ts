import { calculateUsage } from '../../quota/usage';
import { toList, toStored, type ResourceList } from '../../quota/resources';
import { jsonEqual } from '../../util/equal';
import { earliest, type Controller, type ControllerContext } from '../controller';

// pkg/controller/resourcequota/resource_quota_controller.go (syncResourceQuota): keeps each
// quota's status.hard equal to spec.hard and status.used equal to what the namespace's objects
// consume — the Used and Hard columns of `kubectl describe quota`. A usage no evaluator can
// measure keeps its last observed value.

/** quota.Equals: same keys, semantically equal quantities (600Mi equals 629145600). */
function equalLists(a: ResourceList, b: ResourceList): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => b[k] && a[k]!.cmp(b[k]!) === 0);
}

function syncResourceQuota(ctx: ControllerContext, rq: any): void {
  const hard = toList(rq.spec?.hard);
  const previous = toList(rq.status?.used);
  const used: ResourceList = {};
  const measured = calculateUsage(ctx.state, ctx.registry, rq, ctx.now);
  for (const k of Object.keys(hard)) {
    const v = measured[k] ?? previous[k];
    if (v) used[k] = v;
  }
  const dirty =
    !rq.status?.hard ||
    !rq.status?.used ||
    !jsonEqual(rq.spec?.hard ?? {}, rq.status.hard) ||
    !equalLists(used, previous);
  if (!dirty) return;
  ctx.api.mutate(
    rq,
    (c: any) => {
      c.status = { hard: toStored(hard), used: toStored(used) };
    },
    true,
  );
}

/** When a terminating pod stops counting (QuotaV1Pod: past its deletion grace period). */
function nextPodExpiry(ctx: ControllerContext, namespace: string): number | undefined {
  let wake: number | undefined;
  for (const p of ctx.state.list('', 'Pod', namespace) as any[]) {
    const m = p.metadata;
    if (!m.deletionTimestamp || m.deletionGracePeriodSeconds === undefined) continue;
    const end = Date.parse(m.deletionTimestamp) + m.deletionGracePeriodSeconds * 1000 + 1;
    if (end > ctx.now) wake = earliest(wake, end);
  }
  return wake;
}

export const resourceQuotaController: Controller = {
  name: 'resourcequota',
  reconcile(ctx) {
    let wake: number | undefined;
    const namespaces = new Set<string>();
    for (const rq of ctx.state.list('', 'ResourceQuota') as any[]) {
      syncResourceQuota(ctx, rq);
      namespaces.add(rq.metadata.namespace);
    }
    for (const ns of namespaces) wake = earliest(wake, nextPodExpiry(ctx, ns));
    return wake;
  },
};
