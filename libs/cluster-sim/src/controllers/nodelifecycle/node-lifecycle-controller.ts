// pkg/controller/nodelifecycle/node_lifecycle_controller.go: notices a node whose kubelet went
// silent (Ready Unknown after the grace period), marks its pods not ready, and keeps the
// condition taints (TaintNodesByCondition and the NoExecute not-ready/unreachable taints) in step
// with the node's conditions and spec.unschedulable.
import { formatTime } from '@kubelab/apimachinery';
import { nodeRuntime } from '../../apis/internal/node-runtime';
import { jsonEqual } from '../../util/equal';
import { earliest, isStatusError, type Controller, type ControllerContext } from '../controller';

const SOURCE = { component: 'node-controller' };
/** --node-monitor-grace-period: 50 s since 1.32 (it was 40 s). */
export const NODE_MONITOR_GRACE_PERIOD_MS = 50_000;

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
const CONDITION_TAINT_KEYS = new Set([
  TAINT_NOT_READY,
  TAINT_UNREACHABLE,
  TAINT_UNSCHEDULABLE,
  'node.kubernetes.io/memory-pressure',
  'node.kubernetes.io/disk-pressure',
  'node.kubernetes.io/pid-pressure',
  'node.kubernetes.io/network-unavailable',
]);
/** The conditions the controller sets Unknown when the kubelet stops posting (not Network*). */
const KUBELET_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

const condition = (node: any, type: string) =>
  (node.status?.conditions ?? []).find((c: any) => c.type === type);

/** The taints the node's conditions call for, NoSchedule (by condition) and NoExecute. */
function conditionTaints(node: any, now: number): any[] {
  const out: any[] = [];
  // SwapNodeControllerTaint stamps every taint it adds with the time it was added.
  const timeAdded = formatTime(now);
  const ready = condition(node, 'Ready')?.status ?? 'Unknown';
  const key = ready === 'False' ? TAINT_NOT_READY : ready === 'Unknown' ? TAINT_UNREACHABLE : '';
  if (key) {
    out.push({ key, effect: 'NoSchedule', timeAdded });
    out.push({ key, effect: 'NoExecute', timeAdded });
  }
  const pressure: Record<string, string> = {
    MemoryPressure: 'node.kubernetes.io/memory-pressure',
    DiskPressure: 'node.kubernetes.io/disk-pressure',
    PIDPressure: 'node.kubernetes.io/pid-pressure',
    NetworkUnavailable: 'node.kubernetes.io/network-unavailable',
  };
  for (const [type, k] of Object.entries(pressure))
    if (condition(node, type)?.status === 'True')
      out.push({ key: k, effect: 'NoSchedule', timeAdded });
  if (node.spec?.unschedulable)
    out.push({ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule', timeAdded });
  return out;
}

const sameTaint = (a: any, b: any) => a.key === b.key && a.effect === b.effect;

/** The node's taints with the controller's own brought in line; others' taints stay as they are. */
function reconcileTaints(node: any, now: number): any[] {
  const current: any[] = node.spec?.taints ?? [];
  const wanted = conditionTaints(node, now);
  const kept = current.filter(
    (t) => !CONDITION_TAINT_KEYS.has(t.key) || wanted.some((w) => sameTaint(w, t)),
  );
  for (const w of wanted) if (!kept.some((t) => sameTaint(t, w))) kept.push(w);
  return kept;
}

/** MarkPodsNotReady: the pods of a node that stopped reporting are no longer Ready. */
function markPodsNotReady(ctx: ControllerContext, nodeName: string): void {
  for (const pod of ctx.state.list('', 'Pod') as any[]) {
    if (pod.spec?.nodeName !== nodeName) continue;
    const ready = (pod.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
    if (!ready || ready.status === 'False') continue;
    const updated = ctx.api.mutate(
      pod,
      (c: any) => {
        c.status.conditions = c.status.conditions.map((x: any) =>
          x.type === 'Ready'
            ? { ...x, status: 'False', lastTransitionTime: formatTime(ctx.now) }
            : x,
        );
      },
      true,
    );
    if (!isStatusError(updated))
      ctx.api.event(updated, {
        type: 'Warning',
        reason: 'NodeNotReady',
        message: 'Node is not ready',
        source: SOURCE,
      });
  }
}

function syncNode(ctx: ControllerContext, nodeIn: any): number | undefined {
  const { api, now } = ctx;
  let node = nodeIn;
  let wake: number | undefined;
  const rt = nodeRuntime(ctx.state, node.metadata.name);
  // monitorNodeHealth: a kubelet silent for the grace period leaves its conditions Unknown.
  if (rt?.kubelet.state === 'Stopped') {
    const due = rt.kubelet.since + NODE_MONITOR_GRACE_PERIOD_MS;
    const stale = KUBELET_CONDITIONS.some((t) => {
      const c = condition(node, t);
      return c && c.status !== 'Unknown';
    });
    if (now < due) wake = due;
    else if (stale) {
      const wasReady = condition(node, 'Ready')?.status === 'True';
      const updated = api.mutate(
        node,
        (c: any) => {
          c.status.conditions = (c.status.conditions ?? []).map((x: any) =>
            KUBELET_CONDITIONS.includes(x.type) && x.status !== 'Unknown'
              ? {
                  ...x,
                  status: 'Unknown',
                  reason: 'NodeStatusUnknown',
                  message: 'Kubelet stopped posting node status.',
                  lastTransitionTime: formatTime(now),
                }
              : x,
          );
        },
        true,
      );
      if (!isStatusError(updated)) {
        node = updated;
        if (wasReady)
          api.event(node, {
            type: 'Normal',
            reason: 'NodeNotReady',
            message: `Node ${node.metadata.name} status is now: NodeNotReady`,
            source: SOURCE,
          });
      }
    }
  }
  if (condition(node, 'Ready')?.status !== 'True') markPodsNotReady(ctx, node.metadata.name);
  const taints = reconcileTaints(node, now);
  if (!jsonEqual(taints, node.spec?.taints ?? [])) {
    api.mutate(node, (c: any) => {
      c.spec ??= {};
      if (taints.length) c.spec.taints = taints;
      else delete c.spec.taints;
    });
  }
  return wake;
}

export const nodeLifecycleController: Controller = {
  name: 'nodelifecycle',
  reconcile(ctx: ControllerContext) {
    let wake: number | undefined;
    for (const node of ctx.state.list('', 'Node'))
      if (!node.metadata.deletionTimestamp) wake = earliest(wake, syncNode(ctx, node));
    return wake;
  },
};
