import { labelSelectorAsSelector } from '@kubelab/apimachinery';
import { controllerOf, getObject, listAll, type DescribeContext, type Describer } from './context';
import { describeEvents, refOf, searchEvents } from './events';
import { printAnnotations, printLabels } from './format';
import { goSort, goStringLess } from './go-sort';
import { describePodTemplate } from './pod-template';
import { LEVEL_0, tabbedString } from './prefix-writer';
import { describeConditions } from './replicaset';
import { parseTime, rfc1123z } from './time';

// kubectl describe deployment: replicas, strategy, the pod template, conditions, and the
// ReplicaSets it controls (the new one and the old ones).

const HASH_LABEL = 'pod-template-hash';

export const describeDeploymentObject: Describer = async (ctx, r, namespace, name) => {
  const d = await getObject(ctx, r, namespace, name);
  const events = ctx.settings.showEvents
    ? await searchEvents(ctx, refOf(d, 'Deployment'))
    : undefined;
  const { oldRSs, newRS } = await replicaSetsOf(ctx, d).catch(() => ({
    oldRSs: [] as any[],
    newRS: undefined,
  }));
  return tabbedString((w) => {
    const spec = d.spec ?? {};
    const status = d.status ?? {};
    w.write(LEVEL_0, `Name:\t${d.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${d.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(d.metadata.creationTimestamp)}\n`);
    printLabels(w, 'Labels', d.metadata.labels);
    printAnnotations(w, 'Annotations', d.metadata.annotations);
    w.write(LEVEL_0, `Selector:\t${labelSelectorAsSelector(spec.selector).toString()}\n`);
    w.write(
      LEVEL_0,
      `Replicas:\t${spec.replicas ?? 0} desired | ${status.updatedReplicas ?? 0} updated | ` +
        `${status.replicas ?? 0} total | ${status.availableReplicas ?? 0} available | ` +
        `${status.unavailableReplicas ?? 0} unavailable\n`,
    );
    w.write(LEVEL_0, `StrategyType:\t${spec.strategy?.type ?? ''}\n`);
    w.write(LEVEL_0, `MinReadySeconds:\t${spec.minReadySeconds ?? 0}\n`);
    const ru = spec.strategy?.rollingUpdate;
    if (ru)
      w.write(
        LEVEL_0,
        `RollingUpdateStrategy:\t${intOrString(ru.maxUnavailable)} max unavailable, ${intOrString(ru.maxSurge)} max surge\n`,
      );
    describePodTemplate(spec.template, w);
    describeConditions(status.conditions, w);
    if (oldRSs.length || newRS) {
      w.write(LEVEL_0, `OldReplicaSets:\t${replicaSetList(oldRSs)}\n`);
      w.write(LEVEL_0, `NewReplicaSet:\t${replicaSetList(newRS ? [newRS] : [])}\n`);
    }
    if (events) describeEvents(events, w, ctx.now);
  });
};

/** IntOrString.String() of a pointer: `<nil>` when unset. */
const intOrString = (v: unknown) => (v === undefined || v === null ? '<nil>' : String(v));

/** `web-5d8 (3/3 replicas created), …`, or `<none>`. */
const replicaSetList = (rss: any[]) =>
  rss
    .map(
      (rs) =>
        `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`,
    )
    .join(', ') || '<none>';

/**
 * deploymentutil.GetAllReplicaSets: the ReplicaSets the Deployment controls, oldest first; the
 * new one is the oldest whose template is the Deployment's (but for the hash label).
 */
async function replicaSetsOf(
  ctx: DescribeContext,
  d: any,
): Promise<{ oldRSs: any[]; newRS?: any }> {
  const selector = labelSelectorAsSelector(d.spec?.selector).toString();
  const path = `/apis/apps/v1/namespaces/${encodeURIComponent(d.metadata.namespace)}/replicasets`;
  const owned = (await listAll(ctx, path, { labelSelector: selector })).filter(
    (rs) => controllerOf(rs)?.uid === d.metadata.uid,
  );
  const created = (rs: any) => parseTime(rs.metadata?.creationTimestamp) ?? -Infinity;
  goSort(owned, (a, b) =>
    created(a) === created(b)
      ? goStringLess(a.metadata.name, b.metadata.name)
      : created(a) < created(b),
  );
  const newRS = owned.find((rs) => sameTemplate(rs.spec?.template, d.spec?.template));
  return { oldRSs: owned.filter((rs) => rs !== newRS), newRS };
}

/** equalIgnoreHash: semantic equality of two pod templates, the hash label left out. */
function sameTemplate(a: any, b: any): boolean {
  const strip = (t: any) => {
    const labels = { ...(t?.metadata?.labels ?? {}) };
    delete labels[HASH_LABEL];
    return { ...t, metadata: { ...t?.metadata, labels } };
  };
  return canonical(strip(a)) === canonical(strip(b));
}

/** Go's semantic equality reads absent, null and empty values alike. */
function canonical(v: unknown): string {
  const prune = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.length ? x.map(prune) : undefined;
    if (x && typeof x === 'object') {
      const entries = Object.entries(x)
        .map(([k, val]) => [k, prune(val)] as const)
        .filter(([, val]) => val !== undefined)
        .sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0));
      return entries.length ? Object.fromEntries(entries) : undefined;
    }
    return x === null || x === '' || x === false || x === 0 ? undefined : x;
  };
  return JSON.stringify(prune(v) ?? null);
}
