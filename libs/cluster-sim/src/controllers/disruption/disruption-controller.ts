// pkg/controller/disruption/disruption.go: each PodDisruptionBudget's status — how many of its
// pods are expected and healthy, how many must stay healthy, and so how many may be disrupted.
import {
  controllerRef,
  formatTime,
  labelSelectorAsSelector,
  type KubeObject,
} from '@kubelab/apimachinery';
import { jsonEqual } from '../../util/equal';
import { scaledValue } from '../../apis/apps/intstr';
import { earliest, type Controller, type ControllerContext } from '../controller';
import { isPodReady } from '../util/pods';

const SOURCE = { component: 'controllermanager' };
/** How long an eviction's disruptedPods entry holds a pod out of the count (DeletionTimeout). */
export const DELETION_TIMEOUT_MS = 2 * 60_000;

/** The pods a budget covers: in its namespace, matching its selector (empty: all; null: none). */
function podsFor(ctx: ControllerContext, pdb: any): any[] {
  if (!pdb.spec?.selector) return [];
  let sel;
  try {
    sel = labelSelectorAsSelector(pdb.spec.selector);
  } catch {
    return [];
  }
  return (ctx.state.list('', 'Pod', pdb.metadata.namespace) as any[]).filter((p) =>
    sel.matches(p.metadata.labels ?? {}),
  );
}

/** The replicas a pod's controller asks for, keyed by that controller's uid (the finders). */
function controllerScale(ctx: ControllerContext, pod: any): { uid: string; scale: number } | null {
  const ref = controllerRef(pod);
  if (!ref) return null;
  const ns = pod.metadata.namespace;
  const get = (group: string, kind: string, name: string) =>
    ctx.state.get(group, kind, ns, name) as any;
  const matches = (o: any) => o && o.metadata.uid === ref.uid;
  const group = ref.apiVersion.includes('/') ? ref.apiVersion.split('/')[0]! : '';
  if (group === '' && ref.kind === 'ReplicationController') {
    const rc = get('', 'ReplicationController', ref.name);
    if (matches(rc)) return { uid: rc.metadata.uid, scale: rc.spec?.replicas ?? 1 };
  }
  if (group === 'apps' && ref.kind === 'ReplicaSet') {
    const rs = get('apps', 'ReplicaSet', ref.name);
    if (!matches(rs)) return null;
    // A Deployment's ReplicaSet counts as the Deployment (getPodDeployment).
    const dref = controllerRef(rs);
    if (dref?.kind === 'Deployment') {
      const d = get('apps', 'Deployment', dref.name);
      if (d && d.metadata.uid === dref.uid)
        return { uid: d.metadata.uid, scale: d.spec?.replicas ?? 1 };
      return null;
    }
    return { uid: rs.metadata.uid, scale: rs.spec?.replicas ?? 1 };
  }
  // StatefulSets, and any other kind with a scale subresource (getScaleController).
  const type = ctx.registry.forKind(group, ref.kind);
  if (type?.subresources?.some((s) => s.name === 'scale')) {
    const owner = get(group, ref.kind, ref.name);
    if (matches(owner)) return { uid: owner.metadata.uid, scale: owner.spec?.replicas ?? 1 };
  }
  return null;
}

interface Counts {
  expectedCount: number;
  desiredHealthy: number;
  unmanaged: string[];
}

/** getExpectedPodCount; throws Error("found no controllers for pod ...") as upstream errs. */
function expectedPodCount(ctx: ControllerContext, pdb: any, pods: any[]): Counts {
  const spec = pdb.spec ?? {};
  const expectedScale = () => {
    const scales = new Map<string, number>();
    const unmanaged: string[] = [];
    for (const p of pods) {
      if (!controllerRef(p)) {
        unmanaged.push(p.metadata.name);
        continue;
      }
      const found = controllerScale(ctx, p);
      if (!found) throw new Error(`found no controllers for pod "${p.metadata.name}"`);
      scales.set(found.uid, found.scale);
    }
    let total = 0;
    for (const n of scales.values()) total += n;
    return { total, unmanaged };
  };
  if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
    const { total, unmanaged } = expectedScale();
    const maxUnavailable = scaledValue(spec.maxUnavailable, total, true);
    return { expectedCount: total, desiredHealthy: Math.max(0, total - maxUnavailable), unmanaged };
  }
  if (typeof spec.minAvailable === 'number')
    return { expectedCount: pods.length, desiredHealthy: spec.minAvailable, unmanaged: [] };
  if (typeof spec.minAvailable === 'string') {
    const { total, unmanaged } = expectedScale();
    return {
      expectedCount: total,
      desiredHealthy: scaledValue(spec.minAvailable, total, true),
      unmanaged,
    };
  }
  return { expectedCount: 0, desiredHealthy: 0, unmanaged: [] };
}

/** metav1 SetStatusCondition: the transition time moves only when the status changes. */
function setCondition(conditions: any[], cond: any, now: number): any[] {
  const prev = conditions.find((c) => c.type === cond.type);
  const next = {
    type: cond.type,
    status: cond.status,
    observedGeneration: cond.observedGeneration,
    lastTransitionTime:
      prev && prev.status === cond.status ? prev.lastTransitionTime : formatTime(now),
    reason: cond.reason,
    message: cond.message ?? '',
  };
  return [...conditions.filter((c) => c.type !== cond.type), next];
}

function syncBudget(ctx: ControllerContext, pdb: any): number | undefined {
  const { api, now } = ctx;
  const pods = podsFor(ctx, pdb);
  const generation = pdb.metadata.generation ?? 1;
  let counts: Counts;
  try {
    counts = expectedPodCount(ctx, pdb, pods);
  } catch (e) {
    // failSafe: no disruption allowed while the budget cannot be computed.
    const message = (e as Error).message;
    const status = {
      ...pdb.status,
      disruptionsAllowed: 0,
      conditions: setCondition(
        pdb.status?.conditions ?? [],
        {
          type: 'DisruptionAllowed',
          status: 'False',
          reason: 'SyncFailed',
          message,
          observedGeneration: pdb.status?.observedGeneration,
        },
        now,
      ),
    };
    if (!jsonEqual(status, pdb.status)) {
      api.event(pdb, {
        type: 'Warning',
        reason: 'CalculateExpectedPodCountFailed',
        message: `Failed to calculate the number of expected pods: ${message}`,
        source: SOURCE,
      });
      api.mutate(pdb, (c: any) => (c.status = status), true);
    }
    return undefined;
  }
  // buildDisruptedPodMap: evicted pods count as gone until they go, for at most DeletionTimeout.
  const disrupted: Record<string, string> = {};
  let wake: number | undefined;
  for (const [name, at] of Object.entries<string>(pdb.status?.disruptedPods ?? {})) {
    const pod = pods.find((p) => p.metadata.name === name);
    if (!pod || pod.metadata.deletionTimestamp) continue;
    const expires = Date.parse(at) + DELETION_TIMEOUT_MS;
    if (expires <= now) continue;
    disrupted[name] = at;
    wake = earliest(wake, expires);
  }
  const currentHealthy = pods.filter(
    (p) => !p.metadata.deletionTimestamp && !disrupted[p.metadata.name] && isPodReady(p),
  ).length;
  let disruptionsAllowed = currentHealthy - counts.desiredHealthy;
  // A budget that expects no pods allows nothing, so that its first pods start out safe.
  if (counts.expectedCount <= 0 || disruptionsAllowed <= 0) disruptionsAllowed = 0;
  const status: any = {
    currentHealthy,
    desiredHealthy: counts.desiredHealthy,
    ...(Object.keys(disrupted).length ? { disruptedPods: disrupted } : {}),
    disruptionsAllowed,
    expectedPods: counts.expectedCount,
    observedGeneration: generation,
  };
  status.conditions = setCondition(
    pdb.status?.conditions ?? [],
    disruptionsAllowed > 0
      ? {
          type: 'DisruptionAllowed',
          status: 'True',
          reason: 'SufficientPods',
          observedGeneration: generation,
        }
      : {
          type: 'DisruptionAllowed',
          status: 'False',
          reason: 'InsufficientPods',
          observedGeneration: generation,
        },
    now,
  );
  if (!jsonEqual(status, pdb.status)) {
    if (!pods.length)
      api.event(pdb, {
        type: 'Normal',
        reason: 'NoPods',
        message: 'No matching pods found',
        source: SOURCE,
      });
    if (counts.unmanaged.length)
      api.event(pdb, {
        type: 'Warning',
        reason: 'UnmanagedPods',
        message: `Pods selected by this PodDisruptionBudget (selector: ${selectorText(pdb.spec?.selector)}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`,
        source: SOURCE,
      });
    api.mutate(pdb, (c: any) => (c.status = status), true);
  }
  return wake;
}

/** How Go's %v prints a *metav1.LabelSelector in that event. */
function selectorText(s: any): string {
  const ml = Object.keys(s?.matchLabels ?? {})
    .sort()
    .map((k) => `${k}:${s.matchLabels[k]}`)
    .join(' ');
  const me = (s?.matchExpressions ?? [])
    .map(
      (e: any) =>
        `&LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[${(e.values ?? []).join(' ')}],}`,
    )
    .join(' ');
  return `&LabelSelector{MatchLabels:map[string]string{${ml}},MatchExpressions:[]LabelSelectorRequirement{${me}},}`;
}

export const disruptionController: Controller = {
  name: 'disruption',
  reconcile(ctx: ControllerContext) {
    let wake: number | undefined;
    for (const pdb of ctx.state.list('policy', 'PodDisruptionBudget') as KubeObject[])
      if (!pdb.metadata.deletionTimestamp) wake = earliest(wake, syncBudget(ctx, pdb));
    return wake;
  },
};
