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
import { defaultPreemption } from './plugins/default-preemption';
import { DEFAULT_FILTERS } from './plugins/filters';
import { DEFAULT_SCORES } from './plugins/scores';
import { volumeBindingPreBind } from './plugins/volume-binding';

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
  // PreFilter: a pod-wide rejection (e.g. unbound claims) fails every node with the same reason,
  // and FitError names it once: "0/3 nodes are available: <reason>."
  for (const f of nodes.length ? filters : []) {
    const why = f.preFilter?.(sctx);
    if (!why) continue;
    for (const n of nodes)
      perNode.set(n.name, { code: 'UnschedulableAndUnresolvable', reasons: [why] });
    return { perNode, message: `0/${nodes.length} nodes are available: ${why}.` };
  }
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
  // The node an earlier preemption nominated goes first when it fits (evaluateNominatedNode).
  const nominated = feasible.find((n) => n.name === pod.status?.nominatedNodeName);
  if (nominated) return { perNode, node: nominated.name };
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

/** FitError.Error(): "0/3 nodes are available: <reasons>." (PostFilter adds "preemption: ..."). */
export function fitErrorMessage(
  _pod: any,
  nodes: NodeInfo[],
  perNode: Map<string, FilterResult | null>,
): string {
  const reasons: string[] = [];
  for (const r of perNode.values()) if (r) reasons.push(...r.reasons);
  return `0/${nodes.length} nodes are available: ${histogram(reasons)}.`;
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
          p.status?.phase === 'Pending' &&
          // PreEnqueue (SchedulingGates plugin): a gated pod never enters the queue.
          !p.spec?.schedulingGates?.length,
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
        // PreBind (plugins/volume-binding.ts): the pod waits, unbound, while its volumes bind.
        if (!volumeBindingPreBind(ctx, pod, res.node)) continue;
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
        // PostFilter (plugins/default-preemption.ts): may evict lower-priority pods and nominate
        // a node; its "preemption: ..." sentence ends the FailedScheduling message.
        const post = infos.length
          ? defaultPreemption.postFilter(ctx, pod, infos, res.perNode, DEFAULT_FILTERS, SCHEDULER)
          : undefined;
        const message = post?.message ? `${res.message} ${post.message}` : res.message!;
        wake = earliest(wake, markUnschedulable(ctx, pod, message, post?.nominatedNodeName));
      }
    }
    return wake;
  },
};

function markUnschedulable(
  ctx: ControllerContext,
  pod: any,
  message: string,
  nominatedNodeName?: string,
): number | undefined {
  const cond = (pod.status?.conditions ?? []).find((c: any) => c.type === 'PodScheduled');
  const nominate = !!nominatedNodeName && pod.status?.nominatedNodeName !== nominatedNodeName;
  if (!cond || cond.status !== 'False' || cond.message !== message || nominate) {
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
        if (nominatedNodeName) c.status.nominatedNodeName = nominatedNodeName;
      },
      true,
    );
  }
  const prev: any = (ctx.state.eventsAbout(pod.metadata.uid ?? '') as any[]).find(
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
