import { formatTime, labelSelectorAsSelector } from '@kubelab/apimachinery';
import type { ControllerContext } from '../../controllers/controller';
import {
  buildNodeInfos,
  podRequests,
  type FilterPlugin,
  type FilterResult,
  type NodeInfo,
  type SchedulingContext,
} from '../framework';

// pkg/scheduler/framework/plugins/defaultpreemption and framework/preemption: the PostFilter
// that runs when a pod fits no node. On each node that failed a resolvable filter it removes
// every lower-priority pod, checks that the pod would then fit, and gives back ("reprieves") as
// many of them as it can, most important first. Of the nodes where that works it picks the one
// whose victims matter least (PDB violations, highest priority, priority sum, count, newest
// start), marks the victims DisruptionTarget, deletes them with a `Preempted` event, and
// nominates the node: the pod waits for them to terminate and is then scheduled there.
// Otherwise it explains why not, in FailedScheduling's "preemption: ..." sentence.

export interface PostFilterResult {
  /** Appended to the FitError text: "preemption: ..." (empty when preemption succeeded). */
  message: string;
  /** status.nominatedNodeName to record on the pod. */
  nominatedNodeName?: string;
}

const NOT_HELPFUL = 'Preemption is not helpful for scheduling';
const NO_VICTIMS = 'No preemption victims found for incoming pod';

const priorityOf = (p: any): number => p.spec?.priority ?? 0;
const startOf = (p: any, now: number): number =>
  Date.parse(p.status?.startTime ?? '') || Date.parse(p.metadata?.creationTimestamp ?? '') || now;

/** util.MoreImportantPod: higher priority first, then the one that started earlier. */
const moreImportantFirst = (now: number) => (a: any, b: any) =>
  priorityOf(b) - priorityOf(a) || startOf(a, now) - startOf(b, now);

function histogram(reasons: string[]): string {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts]
    .map(([r, c]) => `${c} ${r}`)
    .sort()
    .join(', ');
}

/** podTerminatingByPreemption: deleted by an earlier preemption and not gone yet. */
function terminatingByPreemption(p: any): boolean {
  if (!p.metadata.deletionTimestamp) return false;
  const c = (p.status?.conditions ?? []).find((x: any) => x.type === 'DisruptionTarget');
  return c?.status === 'True' && c.reason === 'PreemptionByScheduler';
}

/** PodEligibleToPreemptOthers: the reason it may not preempt, or undefined. */
function ineligible(pod: any, nodes: NodeInfo[], perNode: Map<string, FilterResult | null>) {
  if (pod.spec?.preemptionPolicy === 'Never') return 'not eligible due to preemptionPolicy=Never.';
  const nominated = pod.status?.nominatedNodeName;
  if (!nominated) return undefined;
  // A nominated node that can never fit the pod is preempted for again elsewhere.
  if (perNode.get(nominated)?.code === 'UnschedulableAndUnresolvable') return undefined;
  const info = nodes.find((n) => n.name === nominated);
  if (info?.pods.some((p) => priorityOf(p) < priorityOf(pod) && terminatingByPreemption(p)))
    return 'not eligible due to a terminating pod on the nominated node.';
  return undefined;
}

interface Pdb {
  namespace: string;
  selector: ReturnType<typeof labelSelectorAsSelector>;
  disrupted: Set<string>;
  allowed: number;
}

function budgets(ctx: ControllerContext): Pdb[] {
  const out: Pdb[] = [];
  for (const pdb of ctx.state.list('policy', 'PodDisruptionBudget') as any[]) {
    try {
      out.push({
        namespace: pdb.metadata.namespace,
        selector: labelSelectorAsSelector(pdb.spec?.selector),
        disrupted: new Set(Object.keys(pdb.status?.disruptedPods ?? {})),
        allowed: pdb.status?.disruptionsAllowed ?? 0,
      });
    } catch {
      /* an invalid selector protects nothing */
    }
  }
  return out;
}

/** filterPodsWithPDBViolation: which of the pods (in order) would break a budget. */
function splitByPdb(pods: any[], pdbs: Pdb[]): { violating: any[]; nonViolating: any[] } {
  const allowed = pdbs.map((p) => p.allowed);
  const violating: any[] = [];
  const nonViolating: any[] = [];
  for (const p of pods) {
    let breaks = false;
    pdbs.forEach((b, i) => {
      if (b.namespace !== p.metadata.namespace) return;
      if (!b.selector.matches(p.metadata.labels ?? {}) || b.disrupted.has(p.metadata.name)) return;
      allowed[i]!--;
      if (allowed[i]! < 0) breaks = true;
    });
    (breaks ? violating : nonViolating).push(p);
  }
  return { violating, nonViolating };
}

interface Candidate {
  node: string;
  victims: any[];
  pdbViolations: number;
}

/** The filters' verdict for `pod` on `node` holding exactly `pods`. */
function fits(
  ctx: ControllerContext,
  pod: any,
  node: NodeInfo,
  pods: any[],
  allNodes: NodeInfo[],
  allPods: any[],
  filters: FilterPlugin[],
): FilterResult | null {
  const [info] = buildNodeInfos([node.node], pods);
  const gone = new Set(node.pods.filter((p) => !pods.includes(p)).map((p) => p.metadata.uid));
  const sctx: SchedulingContext = {
    pod,
    podRequests: podRequests(pod),
    nodes: allNodes.map((n) => (n.name === node.name ? info! : n)),
    allPods: allPods.filter((p) => !gone.has(p.metadata.uid)),
    state: ctx.state,
  };
  for (const f of filters) {
    const r = f.filter(sctx, info!);
    if (r) return r;
  }
  return null;
}

/** SelectVictimsOnNode: the fewest, least important pods whose removal lets the pod fit. */
function selectVictims(
  ctx: ControllerContext,
  pod: any,
  node: NodeInfo,
  allNodes: NodeInfo[],
  allPods: any[],
  filters: FilterPlugin[],
  pdbs: Pdb[],
): Candidate | FilterResult {
  const lower = node.pods.filter((p) => priorityOf(p) < priorityOf(pod));
  if (!lower.length) return { code: 'UnschedulableAndUnresolvable', reasons: [NO_VICTIMS] };
  const remaining = node.pods.filter((p) => !lower.includes(p));
  const status = fits(ctx, pod, node, remaining, allNodes, allPods, filters);
  if (status) return status;
  const { violating, nonViolating } = splitByPdb(
    [...lower].sort(moreImportantFirst(ctx.now)),
    pdbs,
  );
  const victims: any[] = [];
  let pdbViolations = 0;
  const reprieve = (p: any, violates: boolean) => {
    remaining.push(p);
    if (fits(ctx, pod, node, remaining, allNodes, allPods, filters)) {
      remaining.pop();
      victims.push(p);
      if (violates) pdbViolations++;
    }
  };
  for (const p of violating) reprieve(p, true);
  for (const p of nonViolating) reprieve(p, false);
  return { node: node.name, victims, pdbViolations };
}

/** pickOneNodeForPreemption: the candidate whose victims cost least. */
function pickOne(candidates: Candidate[], now: number): Candidate {
  const highest = (c: Candidate) => Math.max(...c.victims.map(priorityOf));
  // Priorities are shifted to be positive so that more victims always cost more.
  const sum = (c: Candidate) => c.victims.reduce((s, p) => s + priorityOf(p) + 2 ** 31, 0);
  const earliestTopStart = (c: Candidate) =>
    Math.min(...c.victims.filter((p) => priorityOf(p) === highest(c)).map((p) => startOf(p, now)));
  const criteria: ((c: Candidate) => number)[] = [
    (c) => c.pdbViolations,
    highest,
    sum,
    (c) => c.victims.length,
    (c) => -earliestTopStart(c),
  ];
  let pool = candidates;
  for (const key of criteria) {
    const best = Math.min(...pool.map(key));
    pool = pool.filter((c) => key(c) === best);
    if (pool.length === 1) break;
  }
  return pool[0]!;
}

/** prepareCandidate: mark and delete the victims, free the node of lower nominations. */
function preempt(ctx: ControllerContext, pod: any, c: Candidate, schedulerName: string): void {
  for (const seen of c.victims) {
    const victim: any =
      ctx.state.get('', 'Pod', seen.metadata.namespace, seen.metadata.name) ?? seen;
    if (!victim.metadata.deletionTimestamp) {
      const marked = ctx.api.mutate(
        victim,
        (v: any) => {
          const rest = (v.status.conditions ?? []).filter(
            (x: any) => x.type !== 'DisruptionTarget',
          );
          v.status.conditions = [
            ...rest,
            {
              type: 'DisruptionTarget',
              status: 'True',
              lastProbeTime: null,
              lastTransitionTime: formatTime(ctx.now),
              reason: 'PreemptionByScheduler',
              message: `${schedulerName}: preempting to accommodate a higher priority pod`,
            },
          ];
        },
        true,
      );
      ctx.api.delete(marked instanceof Error ? victim : marked);
    }
    ctx.api.event(victim, {
      type: 'Normal',
      reason: 'Preempted',
      message: `Preempted by pod ${pod.metadata.uid} on node ${c.node}`,
      source: { component: schedulerName },
      action: 'Preempting',
      reportingInstance: `${schedulerName}-${ctx.profile.nodes.find((n) => n.role === 'control-plane')?.name ?? 'kubelab'}`,
    });
  }
  // Lower-priority pods nominated to this node lose their nomination.
  for (const p of ctx.state.list('', 'Pod') as any[]) {
    if (p.status?.nominatedNodeName !== c.node || priorityOf(p) >= priorityOf(pod)) continue;
    if (p.metadata.uid === pod.metadata.uid) continue;
    ctx.api.mutate(p, (x: any) => void delete x.status.nominatedNodeName, true);
  }
}

export const defaultPreemption = {
  name: 'DefaultPreemption',
  /**
   * Runs after every filter refused `pod` on every node (perNode holds their verdicts); may
   * preempt. Returns the FitError's "preemption: ..." tail and the node to nominate.
   */
  postFilter(
    ctx: ControllerContext,
    pod: any,
    nodes: NodeInfo[],
    perNode: Map<string, FilterResult | null>,
    filters: FilterPlugin[],
    schedulerName: string,
  ): PostFilterResult {
    const why = ineligible(pod, nodes, perNode);
    if (why) return { message: `preemption: ${why}` };
    const potential = nodes.filter((n) => perNode.get(n.name)?.code === 'Unschedulable');
    const allPods = ctx.state.list('', 'Pod') as any[];
    const pdbs = budgets(ctx);
    const statuses = new Map<string, FilterResult>();
    const candidates: Candidate[] = [];
    for (const n of potential) {
      const r = selectVictims(ctx, pod, n, nodes, allPods, filters, pdbs);
      if ('victims' in r && r.victims.length) candidates.push(r);
      else if (!('victims' in r)) statuses.set(n.name, r);
    }
    if (!candidates.length) {
      const reasons: string[] = [];
      for (const n of nodes) reasons.push(...(statuses.get(n.name)?.reasons ?? [NOT_HELPFUL]));
      return {
        message: `preemption: 0/${nodes.length} nodes are available: ${histogram(reasons)}.`,
      };
    }
    const best = pickOne(candidates, ctx.now);
    preempt(ctx, pod, best, schedulerName);
    return { message: '', nominatedNodeName: best.node };
  },
};
