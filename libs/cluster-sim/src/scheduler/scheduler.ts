import { formatTime } from '@kubelab/apimachinery';
import {
  earliest,
  isStatusError,
  type Controller,
  type ControllerContext,
} from '../controllers/controller';
import {
  buildNodeInfos,
  podRequests,
  type FilterPlugin,
  type FilterResult,
  type NodeInfo,
  type ScorePlugin,
  type SchedulingContext,
} from './framework';
import { DEFAULT_FILTERS } from './plugins/filters';
import { DEFAULT_SCORES } from './plugins/scores';

// kube-scheduler: for each pending pod, filter the nodes, score the feasible ones, bind to the
// best; or mark the pod Unschedulable with the scheduler's own FitError text
// (pkg/scheduler/schedule_one.go, framework/types.go FitError.Error).

export const SCHEDULER = 'default-scheduler';
/** How often an unschedulable pod's FailedScheduling event repeats while nothing changes. */
const RETRY_EVENT_MS = 5 * 60_000;

export interface ScheduleResult {
  node?: string;
  message?: string;
  perNode: Map<string, FilterResult | null>;
}

export function schedulePod(
  pod: any,
  nodes: NodeInfo[],
  allPods: any[],
  state: SchedulingContext['state'],
  random: () => number,
  filters: FilterPlugin[] = DEFAULT_FILTERS,
  scores: ScorePlugin[] = DEFAULT_SCORES,
): ScheduleResult {
  const sctx: SchedulingContext = { pod, podRequests: podRequests(pod), nodes, allPods, state };
  const perNode = new Map<string, FilterResult | null>();
  const feasible: NodeInfo[] = [];
  for (const n of nodes) {
    let result: FilterResult | null = null;
    for (const f of filters) {
      result = f.filter(sctx, n);
      if (result) break;
    }
    perNode.set(n.name, result);
    if (!result) feasible.push(n);
  }
  if (!nodes.length) return { perNode, message: 'no nodes available to schedule pods' };
  if (!feasible.length) return { perNode, message: fitErrorMessage(pod, nodes, perNode) };
  let best: NodeInfo[] = [];
  let bestScore = -Infinity;
  for (const n of feasible) {
    const total = scores.reduce((s, p) => s + p.weight * p.score(sctx, n, feasible), 0);
    if (total > bestScore + 1e-9) {
      bestScore = total;
      best = [n];
    } else if (Math.abs(total - bestScore) <= 1e-9) best.push(n);
  }
  return { perNode, node: best[Math.floor(random() * best.length)]!.name };
}

function histogram(entries: string[]): string {
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e, (counts.get(e) ?? 0) + 1);
  return [...counts]
    .map(([r, c]) => `${c} ${r}`)
    .sort()
    .join(', ');
}

/** "0/3 nodes are available: <reasons>. preemption: 0/3 nodes are available: <why not>." */
export function fitErrorMessage(
  pod: any,
  nodes: NodeInfo[],
  perNode: Map<string, FilterResult | null>,
): string {
  const reasons: string[] = [];
  for (const r of perNode.values()) if (r) reasons.push(...r.reasons);
  let msg = `0/${nodes.length} nodes are available: ${histogram(reasons)}.`;
  if (pod.spec?.preemptionPolicy === 'Never')
    return `${msg} preemption: not eligible due to preemptionPolicy=Never.`;
  const why: string[] = [];
  for (const n of nodes) {
    const r = perNode.get(n.name);
    if (!r) continue;
    if (r.code === 'UnschedulableAndUnresolvable')
      why.push('Preemption is not helpful for scheduling');
    else
      why.push(
        preemptionHelps(pod, n)
          ? 'Preemption is not helpful for scheduling'
          : 'No preemption victims found for incoming pod',
      );
  }
  msg += ` preemption: 0/${nodes.length} nodes are available: ${histogram(why)}.`;
  return msg;
}

/**
 * Whether evicting lower-priority pods would make room on a node that failed a resolvable
 * filter. Preemption arrives with PriorityClass support; until then no pod is a victim.
 */
function preemptionHelps(_pod: any, _n: NodeInfo): boolean {
  return false;
}

export const scheduler: Controller = {
  name: 'scheduler',
  reconcile(ctx: ControllerContext) {
    const nodes = ctx.state.list('', 'Node');
    const pods = ctx.state.list('', 'Pod') as any[];
    const pending = pods
      .filter(
        (p) =>
          !p.spec?.nodeName &&
          !p.metadata.deletionTimestamp &&
          (p.spec?.schedulerName ?? SCHEDULER) === SCHEDULER &&
          p.status?.phase === 'Pending',
      )
      .sort(
        (a, b) =>
          (b.spec?.priority ?? 0) - (a.spec?.priority ?? 0) ||
          Date.parse(a.metadata.creationTimestamp) - Date.parse(b.metadata.creationTimestamp),
      );
    if (!pending.length) return undefined;
    const infos = buildNodeInfos(nodes, pods);
    const allPods = [...pods];
    let wake: number | undefined;
    for (const pod of pending) {
      const res = schedulePod(pod, infos, allPods, ctx.state, ctx.random);
      if (res.node) {
        const bound = ctx.api.bind(pod, res.node);
        if (isStatusError(bound)) continue;
        const info = infos.find((i) => i.name === res.node)!;
        info.pods.push(bound);
        const r = podRequests(bound);
        info.requested.cpu += r.cpu;
        info.requested.memory += r.memory;
        const nz = podRequests(bound, true);
        info.nonZeroRequested.cpu += nz.cpu;
        info.nonZeroRequested.memory += nz.memory;
        ctx.api.event(bound, {
          type: 'Normal',
          reason: 'Scheduled',
          message: `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${res.node}`,
          source: { component: SCHEDULER },
          action: 'Binding',
          reportingInstance: `${SCHEDULER}-${ctx.profile.nodes.find((n) => n.role === 'control-plane')?.name ?? 'kubelab'}`,
        });
      } else {
        wake = earliest(wake, markUnschedulable(ctx, pod, res.message!));
      }
    }
    return wake;
  },
};

function markUnschedulable(ctx: ControllerContext, pod: any, message: string): number | undefined {
  const cond = (pod.status?.conditions ?? []).find((c: any) => c.type === 'PodScheduled');
  if (!cond || cond.status !== 'False' || cond.message !== message) {
    ctx.api.mutate(
      pod,
      (c: any) => {
        const rest = (c.status.conditions ?? []).filter((x: any) => x.type !== 'PodScheduled');
        c.status.conditions = [
          ...rest,
          {
            type: 'PodScheduled',
            status: 'False',
            lastProbeTime: null,
            lastTransitionTime:
              cond?.status === 'False' ? cond.lastTransitionTime : formatTime(ctx.now),
            reason: 'Unschedulable',
            message,
          },
        ];
      },
      true,
    );
  }
  const prev: any = (ctx.state.list('', 'Event', pod.metadata.namespace) as any[]).find(
    (e) =>
      e.involvedObject?.uid === pod.metadata.uid &&
      e.reason === 'FailedScheduling' &&
      e.message === message,
  );
  const last = prev ? Date.parse(prev.series?.lastObservedTime ?? prev.eventTime) : undefined;
  if (last === undefined || ctx.now - last >= RETRY_EVENT_MS) {
    ctx.api.event(pod, {
      type: 'Warning',
      reason: 'FailedScheduling',
      message,
      source: { component: SCHEDULER },
      action: 'Scheduling',
      reportingInstance: `${SCHEDULER}-kubelab`,
    });
    return ctx.now + RETRY_EVENT_MS;
  }
  return last + RETRY_EVENT_MS;
}
