// pkg/controller/podgc/gc_controller.go, gcOrphaned: a pod bound to a node that no longer exists
// (`kubectl delete node`) is marked Failed with a DisruptionTarget condition and force-deleted,
// once the node has stayed missing for the quarantine time; its controller recreates it.
import { formatTime } from '@kubelab/apimachinery';
import { readMemory, writeMemory } from '../util/memory';
import { earliest, isStatusError, type Controller, type ControllerContext } from '../controller';

const NAME = 'podgc';
/** How long a node must stay missing before its pods are collected (quarantineTime). */
const QUARANTINE_MS = 40_000;

function collect(ctx: ControllerContext, pod: any): void {
  const finished = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
  const marked = ctx.api.mutate(
    pod,
    (c: any) => {
      if (!finished) c.status.phase = 'Failed';
      c.status.conditions = [
        ...(c.status.conditions ?? []).filter((x: any) => x.type !== 'DisruptionTarget'),
        {
          type: 'DisruptionTarget',
          status: 'True',
          lastProbeTime: null,
          lastTransitionTime: formatTime(ctx.now),
          reason: 'DeletionByPodGC',
          message: 'PodGC: node no longer exists',
        },
      ];
    },
    true,
  );
  ctx.api.delete(isStatusError(marked) ? pod : marked, { gracePeriodSeconds: 0 });
  ctx.api.forceRemove(pod);
}

export const podGcController: Controller = {
  name: NAME,
  reconcile(ctx: ControllerContext) {
    const nodes = new Set(ctx.state.list('', 'Node').map((n) => n.metadata.name));
    let wake: number | undefined;
    for (const pod of ctx.state.list('', 'Pod') as any[]) {
      const node = pod.spec?.nodeName;
      if (!node || nodes.has(node)) continue;
      const seen = readMemory<{ nodeMissingSince: number }>(ctx, NAME, pod);
      if (!seen) {
        writeMemory(ctx, NAME, pod, { nodeMissingSince: ctx.now });
        wake = earliest(wake, ctx.now + QUARANTINE_MS);
      } else if (ctx.now >= seen.nodeMissingSince + QUARANTINE_MS) collect(ctx, pod);
      else wake = earliest(wake, seen.nodeMissingSince + QUARANTINE_MS);
    }
    return wake;
  },
};
