import { controllerRef, deepClone, labelSelectorAsSelector } from '@kubelab/apimachinery';
import { templateGenerationOf } from '../../apis/apps/daemonset';
import { jsonEqual } from '../../util/equal';
import { earliest, isStatusError, type Controller, type ControllerContext } from '../controller';
import { CONTROLLER_REVISION_HASH_LABEL } from '../history/controller-history';
import { retryAfterFailures } from '../util/failure-backoff';
import { availableAt, isPodAvailable, isPodReady, ownerReferenceTo } from '../util/pods';
import { cleanupHistory, constructHistory, rollingUpdate, surgeAndUnavailable } from './update';
import {
  createPodTemplate,
  isPodUpdated,
  nodeShouldRunDaemonPod,
  pinToNode,
  targetNodeName,
} from './util/daemonset-util';

// pkg/controller/daemon/daemon_controller.go (syncDaemonSet, manage, syncNodes,
// updateDaemonSetStatus): one pod per node that should run the daemon — judged by nodeSelector,
// node affinity and taints as the scheduler would, with the daemon tolerations — pinned to its
// node by node affinity and bound there by the default scheduler.

export const DAEMONSET_SOURCE = { component: 'daemonset-controller' };

export const daemonSetController: Controller = {
  name: 'daemonset',
  reconcile(ctx) {
    let wake: number | undefined;
    const nodes = ctx.state.list('', 'Node') as any[];
    for (const ds of ctx.state.list('apps', 'DaemonSet') as any[])
      wake = earliest(wake, syncDaemonSet(ctx, ds, nodes));
    return wake;
  },
};

/** Pods the DaemonSet controls (adopting matching orphans, releasing strays). */
function claimPods(ctx: ControllerContext, ds: any): any[] {
  let selector;
  try {
    selector = labelSelectorAsSelector(ds.spec.selector);
  } catch {
    return [];
  }
  const uid = ds.metadata.uid;
  const out: any[] = [];
  for (const pod of ctx.state.list('', 'Pod', ds.metadata.namespace) as any[]) {
    const ref = controllerRef(pod);
    const matches = selector.matches(pod.metadata.labels ?? {});
    if (ref?.uid === uid) {
      if (matches || pod.metadata.deletionTimestamp) out.push(pod);
      else
        ctx.api.mutate(pod, (c: any) => {
          c.metadata.ownerReferences = c.metadata.ownerReferences.filter((r: any) => r.uid !== uid);
          if (!c.metadata.ownerReferences.length) delete c.metadata.ownerReferences;
        });
    } else if (
      !ref &&
      matches &&
      !pod.metadata.deletionTimestamp &&
      !ds.metadata.deletionTimestamp
    ) {
      const adopted = ctx.api.mutate(pod, (c: any) => {
        c.metadata.ownerReferences = [...(c.metadata.ownerReferences ?? []), ownerReferenceTo(ds)];
      });
      if (!isStatusError(adopted)) out.push(adopted);
    }
  }
  return out;
}

/** getNodesToDaemonPods: the claimed pods by target node (deleted finished pods left out). */
function nodesToDaemonPods(pods: any[]): Map<string, any[]> {
  const out = new Map<string, any[]>();
  for (const p of pods) {
    const finished = p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
    if (finished && p.metadata.deletionTimestamp) continue;
    const node = targetNodeName(p);
    if (!node) continue;
    out.set(node, [...(out.get(node) ?? []), p]);
  }
  return out;
}

/** podByCreationTimestampAndPhase: bound pods first, then the oldest. */
function byCreation(a: any, b: any): number {
  if (!!a.spec?.nodeName !== !!b.spec?.nodeName) return a.spec?.nodeName ? -1 : 1;
  const d = Date.parse(a.metadata.creationTimestamp) - Date.parse(b.metadata.creationTimestamp);
  if (d) return d;
  return a.metadata.name < b.metadata.name ? -1 : 1;
}

function syncDaemonSet(ctx: ControllerContext, dsIn: any, nodes: any[]): number | undefined {
  let ds = dsIn;
  const sel = ds.spec?.selector;
  if (sel && !Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length) {
    ctx.api.event(ds, {
      type: 'Warning',
      reason: 'SelectingAll',
      message: 'This daemon set is selecting all pods. A non-empty selector is required.',
      source: DAEMONSET_SOURCE,
    });
    return undefined;
  }
  // A DaemonSet being deleted makes no new history (its revisions may be going too).
  if (ds.metadata.deletionTimestamp) return undefined;
  const history = constructHistory(ctx, ds);
  if (!history) return undefined;
  ds = history.ds;
  const hash: string = history.cur.metadata.labels[CONTROLLER_REVISION_HASH_LABEL];

  // Creations the API refused are retried with the workqueue's back-off.
  const retryAt = retryAfterFailures(ctx, ds, 'FailedCreate');
  const acted = manage(ctx, ds, nodes, hash, retryAt !== undefined);
  // The rolling update waits until what manage did is observed (the controller's expectations).
  if (!acted && ds.spec.updateStrategy?.type === 'RollingUpdate') {
    const byNode = nodesToDaemonPods(claimPods(ctx, ds));
    const { deletePods, createOn } = rollingUpdate(ds, nodes, byNode, hash, ctx.now);
    syncNodes(ctx, ds, deletePods, createOn, hash);
  }
  const pods = claimPods(ctx, ds);
  cleanupHistory(ctx, ds, history.old, pods);
  return earliest(retryAt, updateStatus(ctx, ds, nodes, nodesToDaemonPods(pods), hash));
}

/** manage: creates the missing daemon pods, deletes the ones that should not be; true if it did. */
function manage(
  ctx: ControllerContext,
  ds: any,
  nodes: any[],
  hash: string,
  backingOff: boolean,
): boolean {
  const byNode = nodesToDaemonPods(claimPods(ctx, ds));
  const surge =
    ds.spec.updateStrategy?.type === 'RollingUpdate' && surgeAndUnavailable(ds, 1).surge > 0;
  const createOn: string[] = [];
  const deletePods: any[] = [];
  for (const node of nodes) {
    const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(node, ds);
    const pods = byNode.get(node.metadata.name);
    if (shouldRun && !pods?.length) createOn.push(node.metadata.name);
    else if (shouldContinueRunning && pods) {
      const running: any[] = [];
      for (const p of pods) {
        if (p.metadata.deletionTimestamp) continue;
        if (p.status?.phase === 'Failed') {
          ctx.api.event(ds, {
            type: 'Warning',
            reason: 'FailedDaemonPod',
            message: `Found failed daemon pod ${p.metadata.namespace}/${p.metadata.name} on node ${node.metadata.name}, will try to kill it`,
            source: DAEMONSET_SOURCE,
          });
          deletePods.push(p);
        } else if (p.status?.phase === 'Succeeded') deletePods.push(p);
        else running.push(p);
      }
      running.sort(byCreation);
      if (!surge) deletePods.push(...running.slice(1));
      else {
        // With surge, an old and a new pod may share the node while the new one comes up.
        let oldestNew: any;
        let oldestOld: any;
        for (const p of running) {
          const isNew = p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] === hash;
          if (isNew && !oldestNew) oldestNew = p;
          else if (!isNew && !oldestOld) oldestOld = p;
          else deletePods.push(p);
        }
        if (
          oldestNew &&
          oldestOld &&
          (!isPodReady(oldestOld) ||
            isPodAvailable(oldestNew, ds.spec.minReadySeconds ?? 0, ctx.now))
        )
          deletePods.push(oldestOld);
      }
    } else if (!shouldContinueRunning && pods) {
      for (const p of pods) if (!p.metadata.deletionTimestamp) deletePods.push(p);
    }
  }
  // Unscheduled pods aimed at nodes that no longer exist would never be bound: remove them.
  const names = new Set(nodes.map((n) => n.metadata.name));
  for (const [node, pods] of byNode)
    if (!names.has(node))
      for (const p of pods)
        if (!p.spec?.nodeName && !p.metadata.deletionTimestamp) deletePods.push(p);
  return syncNodes(ctx, ds, deletePods, backingOff ? [] : createOn, hash);
}

/** syncNodes: creates a pinned pod on each node, deletes the given pods; true if it did any. */
function syncNodes(
  ctx: ControllerContext,
  ds: any,
  deletePods: any[],
  createOn: string[],
  hash: string,
): boolean {
  const template = createPodTemplate(ds.spec.template, templateGenerationOf(ds), hash);
  for (const nodeName of createOn) {
    const spec = deepClone(template.spec);
    pinToNode(spec, nodeName);
    const pod: any = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        generateName: `${ds.metadata.name}-`,
        namespace: ds.metadata.namespace,
        labels: deepClone(template.metadata.labels ?? {}),
        ownerReferences: [ownerReferenceTo(ds)],
      },
      spec,
    };
    if (template.metadata.annotations)
      pod.metadata.annotations = deepClone(template.metadata.annotations);
    if (template.metadata.finalizers)
      pod.metadata.finalizers = deepClone(template.metadata.finalizers);
    const created = ctx.api.create(pod);
    ctx.api.event(
      ds,
      isStatusError(created)
        ? {
            type: 'Warning',
            reason: 'FailedCreate',
            message: `Error creating: ${created.message}`,
            source: DAEMONSET_SOURCE,
          }
        : {
            type: 'Normal',
            reason: 'SuccessfulCreate',
            message: `Created pod: ${created.metadata.name}`,
            source: DAEMONSET_SOURCE,
          },
    );
    if (isStatusError(created)) break;
  }
  for (const p of deletePods) {
    const err = ctx.api.delete(p);
    if (err && err.reason === 'NotFound') continue;
    ctx.api.event(
      ds,
      err
        ? {
            type: 'Warning',
            reason: 'FailedDelete',
            message: `Error deleting: ${err.message}`,
            source: DAEMONSET_SOURCE,
          }
        : {
            type: 'Normal',
            reason: 'SuccessfulDelete',
            message: `Deleted pod: ${p.metadata.name}`,
            source: DAEMONSET_SOURCE,
          },
    );
  }
  return createOn.length > 0 || deletePods.length > 0;
}

/** updateDaemonSetStatus: the counts `kubectl get ds` shows; wakes when pods turn available. */
function updateStatus(
  ctx: ControllerContext,
  ds: any,
  nodes: any[],
  byNode: Map<string, any[]>,
  hash: string,
): number | undefined {
  const minReady = ds.spec.minReadySeconds ?? 0;
  let desired = 0;
  let current = 0;
  let misscheduled = 0;
  let ready = 0;
  let updated = 0;
  let available = 0;
  let wake: number | undefined;
  for (const node of nodes) {
    const { shouldRun } = nodeShouldRunDaemonPod(node, ds);
    const pods = byNode.get(node.metadata.name) ?? [];
    if (shouldRun) {
      desired++;
      if (!pods.length) continue;
      current++;
      const pod = [...pods].sort(byCreation)[0];
      if (isPodReady(pod)) {
        ready++;
        if (isPodAvailable(pod, minReady, ctx.now)) available++;
        else wake = earliest(wake, availableAt(pod, minReady));
      }
      if (isPodUpdated(pod, hash, templateGenerationOf(ds))) updated++;
    } else if (pods.length) misscheduled++;
  }
  const fresh: any = ctx.state.get('apps', 'DaemonSet', ds.metadata.namespace, ds.metadata.name);
  if (!fresh) return wake;
  const status: any = {
    ...(fresh.status ?? {}),
    currentNumberScheduled: current,
    numberMisscheduled: misscheduled,
    desiredNumberScheduled: desired,
    numberReady: ready,
    observedGeneration: fresh.metadata.generation,
    updatedNumberScheduled: updated,
    numberAvailable: available,
    numberUnavailable: desired - available,
  };
  // omitempty fields of DaemonSetStatus.
  for (const k of ['updatedNumberScheduled', 'numberAvailable', 'numberUnavailable'])
    if (!status[k]) delete status[k];
  if (!jsonEqual(status, fresh.status))
    ctx.api.mutate(fresh, (c: any) => (c.status = status), true);
  return wake;
}
