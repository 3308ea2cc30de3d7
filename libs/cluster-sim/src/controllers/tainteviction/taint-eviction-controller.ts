// pkg/controller/tainteviction/taint_eviction.go: pods on a node with NoExecute taints they do
// not tolerate are deleted — at once, or when the shortest tolerationSeconds of the tolerations
// they use runs out (300 s for not-ready/unreachable, from DefaultTolerationSeconds).
import { formatTime } from '@kubelab/apimachinery';
import { tolerates } from '../../scheduler/plugins/filters';
import { earliest, isStatusError, type Controller, type ControllerContext } from '../controller';

const SOURCE = { component: 'taint-eviction-controller' };

/**
 * GetMatchingTolerations then getMinTolerationTime: each taint is tolerated by the first
 * toleration that matches it; the pod may stay for the shortest tolerationSeconds among those
 * (ms), forever (undefined) when none has one, or not at all (null) when a taint is not tolerated.
 */
function minTolerationMs(tolerations: any[], taints: any[]): number | undefined | null {
  let min: number | undefined;
  for (const taint of taints) {
    const used = tolerations.find((t) => tolerates([t], taint));
    if (!used) return null;
    if (used.tolerationSeconds !== undefined && used.tolerationSeconds !== null) {
      const ms = Math.max(0, used.tolerationSeconds) * 1000;
      min = min === undefined ? ms : Math.min(min, ms);
    }
  }
  return min;
}

function evict(ctx: ControllerContext, pod: any): void {
  const { api } = ctx;
  api.event(pod, {
    type: 'Normal',
    reason: 'TaintManagerEviction',
    message: `Marking for deletion Pod ${pod.metadata.namespace}/${pod.metadata.name}`,
    source: SOURCE,
  });
  const marked = api.mutate(
    pod,
    (c: any) => {
      const conditions = (c.status.conditions ?? []).filter(
        (x: any) => x.type !== 'DisruptionTarget',
      );
      conditions.push({
        type: 'DisruptionTarget',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: formatTime(ctx.now),
        reason: 'DeletionByTaintManager',
        message: 'Taint manager: deleting due to NoExecute taint',
      });
      c.status.conditions = conditions;
    },
    true,
  );
  api.delete(isStatusError(marked) ? pod : marked);
}

export const taintEvictionController: Controller = {
  name: 'taint-eviction',
  reconcile(ctx: ControllerContext) {
    let wake: number | undefined;
    const tainted = new Map<string, any[]>();
    for (const node of ctx.state.list('', 'Node') as any[]) {
      const noExecute = (node.spec?.taints ?? []).filter((t: any) => t.effect === 'NoExecute');
      if (noExecute.length) tainted.set(node.metadata.name, noExecute);
    }
    if (!tainted.size) return undefined;
    for (const pod of ctx.state.list('', 'Pod') as any[]) {
      const taints = tainted.get(pod.spec?.nodeName);
      if (!taints || pod.metadata.deletionTimestamp) continue;
      const min = minTolerationMs(pod.spec?.tolerations ?? [], taints);
      if (min === undefined) continue; // tolerated forever
      if (min === null || min === 0) {
        evict(ctx, pod);
        continue;
      }
      // The eviction was scheduled when the taint appeared (or when the pod came, if later).
      const since = Math.max(
        ...taints.map((t: any) => Date.parse(t.timeAdded ?? '') || 0),
        Date.parse(
          (pod.status?.conditions ?? []).find((c: any) => c.type === 'PodScheduled')
            ?.lastTransitionTime ?? '',
        ) || 0,
      );
      const due = since + min;
      if (ctx.now >= due) evict(ctx, pod);
      else wake = earliest(wake, due);
    }
    return wake;
  },
};
