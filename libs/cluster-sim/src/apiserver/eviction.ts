// pkg/registry/core/pod/storage/eviction.go: POST pods/{name}/eviction deletes a pod unless that
// would take its PodDisruptionBudget below what it must keep (429, kubectl drain retries).
import {
  StatusError,
  deepClone,
  formatTime,
  forbiddenError,
  labelSelectorAsSelector,
  type KubeObject,
} from '@kubelab/apimachinery';
import type { ResourceType } from '../registry/resource-type';
import type { ClusterState } from '../state/cluster-state';
import type { ApiServerCore, DeleteOptions, DeleteResult, RequestOptions } from './api-server';

/** The field manager the HTTP layer names an eviction's delete with (kube-api.service.ts). */
export const EVICTION_MANAGER = 'eviction';
/** Who writes the budget's status and the pod's DisruptionTarget condition. */
const APISERVER = 'kube-apiserver';

const isReady = (pod: any) =>
  (pod.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');

/** Terminal, pending or already terminating pods go without asking any budget (canIgnorePDB). */
function canIgnorePDB(pod: any): boolean {
  const phase = pod.status?.phase;
  return (
    phase === 'Succeeded' ||
    phase === 'Failed' ||
    phase === 'Pending' ||
    !!pod.metadata.deletionTimestamp
  );
}

/** The budgets whose (non-empty) selector matches the pod, in its namespace. */
export function budgetsFor(state: ClusterState, pod: KubeObject): any[] {
  return (state.list('policy', 'PodDisruptionBudget', pod.metadata.namespace) as any[]).filter(
    (pdb) => {
      try {
        const sel = labelSelectorAsSelector(pdb.spec?.selector);
        // A nil or empty selector that creeps in matches nothing here, not everything.
        return !sel.empty() && sel.matches(pod.metadata.labels ?? {});
      } catch {
        return false;
      }
    },
  );
}

function tooManyRequests(message: string, cause: string, retryAfterSeconds = 0): StatusError {
  return new StatusError(429, 'TooManyRequests', message, {
    causes: [{ reason: 'DisruptionBudget', message: cause }],
    ...(retryAfterSeconds ? { retryAfterSeconds } : {}),
  });
}

const VIOLATION = "Cannot evict pod as it would violate the pod's disruption budget.";

/** checkAndDecrement: one disruption used, and the pod remembered until the controller sees it go. */
function checkAndDecrement(
  core: ApiServerCore,
  state: ClusterState,
  pdb: any,
  pod: KubeObject,
  opts: RequestOptions,
): void {
  const status = pdb.status ?? {};
  if ((status.observedGeneration ?? 0) < (pdb.metadata.generation ?? 1))
    throw tooManyRequests(
      VIOLATION,
      `The disruption budget ${pdb.metadata.name} is still being processed by the server.`,
      10,
    );
  if ((status.disruptionsAllowed ?? 0) < 0)
    throw forbiddenError(
      { group: 'policy', resource: 'poddisruptionbudget' },
      pdb.metadata.name,
      'pdb disruptions allowed is negative',
    );
  if ((status.disruptionsAllowed ?? 0) === 0)
    throw tooManyRequests(
      VIOLATION,
      `The disruption budget ${pdb.metadata.name} needs ${status.desiredHealthy ?? 0} healthy pods and has ${status.currentHealthy ?? 0} currently`,
    );
  const updated = deepClone(pdb);
  updated.status.disruptionsAllowed = status.disruptionsAllowed - 1;
  if (updated.status.disruptionsAllowed === 0) {
    const conditions: any[] = updated.status.conditions ?? [];
    const prev = conditions.find((c) => c.type === 'DisruptionAllowed');
    const cond = {
      type: 'DisruptionAllowed',
      status: 'False',
      observedGeneration: updated.status.observedGeneration,
      lastTransitionTime:
        prev && prev.status === 'False' ? prev.lastTransitionTime : formatTime(opts.now),
      reason: 'InsufficientPods',
      message: '',
    };
    updated.status.conditions = [...conditions.filter((c) => c !== prev), cond];
  }
  updated.status.disruptedPods = {
    ...(updated.status.disruptedPods ?? {}),
    [pod.metadata.name]: formatTime(opts.now),
  };
  const pdbType = core.registry.forKind('policy', 'PodDisruptionBudget')!;
  core.commitUpdate(
    state,
    pdbType,
    pdb,
    updated,
    { ...opts, trusted: true, fieldManager: APISERVER },
    'status',
  );
}

/** addConditionAndDeletePod: DisruptionTarget (EvictionByEvictionAPI), then a normal delete. */
function addConditionAndDelete(
  core: ApiServerCore,
  state: ClusterState,
  podType: ResourceType,
  pod: any,
  options: DeleteOptions,
  opts: RequestOptions,
): DeleteResult {
  const conditions: any[] = pod.status?.conditions ?? [];
  const prev = conditions.find((c) => c.type === 'DisruptionTarget');
  if (!prev || prev.status !== 'True' || prev.reason !== 'EvictionByEvictionAPI') {
    const updated = deepClone(pod);
    updated.status.conditions = [
      ...conditions.filter((c) => c.type !== 'DisruptionTarget'),
      {
        type: 'DisruptionTarget',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: formatTime(opts.now),
        reason: 'EvictionByEvictionAPI',
        message: 'Eviction API: evicting',
      },
    ];
    core.commitUpdate(
      state,
      podType,
      pod,
      updated,
      { ...opts, trusted: true, fieldManager: APISERVER },
      'status',
    );
  }
  return core.delete(state, podType, pod.metadata.namespace, pod.metadata.name, options, {
    ...opts,
    fieldManager: APISERVER,
  });
}

/** POST pods/{name}/eviction. Throws 429 when a budget forbids it; 404 when the pod is gone. */
export function evictPod(
  core: ApiServerCore,
  state: ClusterState,
  podType: ResourceType,
  namespace: string,
  name: string,
  options: DeleteOptions,
  opts: RequestOptions,
): DeleteResult {
  // A dry run decides the same way and keeps nothing: work on a fork.
  const target = opts.dryRun ? state.fork() : state;
  const o = { ...opts, dryRun: false };
  const pod: any = core.getOrThrow(target, podType, namespace, name);
  if (canIgnorePDB(pod)) return addConditionAndDelete(core, target, podType, pod, options, o);
  const pdbs = budgetsFor(target, pod);
  if (pdbs.length > 1)
    throw new StatusError(
      500,
      '' as never,
      'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
    );
  if (pdbs.length === 1) {
    const pdb = pdbs[0];
    const s = pdb.status ?? {};
    const unhealthyMayGo =
      !isReady(pod) &&
      (pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow' ||
        ((s.currentHealthy ?? 0) >= (s.desiredHealthy ?? 0) && (s.desiredHealthy ?? 0) > 0));
    // A pod that is not ready does not count as healthy: evicting it spends no disruption.
    if (!unhealthyMayGo) checkAndDecrement(core, target, pdb, pod, o);
  }
  const fresh: any = core.getOrThrow(target, podType, namespace, name);
  return addConditionAndDelete(core, target, podType, fresh, options, o);
}
