import { controllerRef, labelSelectorAsSelector } from '@kubelab/apimachinery';
import { earliest, isStatusError, type Controller, type ControllerContext } from '../controller';
import { claimRevisions } from '../history/controller-history';
import { ownerReferenceTo } from '../util/pods';
import { updateStatefulSet } from './stateful-set-control';
import { isMemberOf } from './stateful-set-utils';

// pkg/controller/statefulset/stateful_set.go (sync): for each StatefulSet, adopt its orphaned
// revisions, claim its pods (by selector and by name: <set>-<ordinal>), then run the control
// loop. Wakes again when a pod becomes available after minReadySeconds.

export const statefulSetController: Controller = {
  name: 'statefulset',
  reconcile(ctx) {
    let wake: number | undefined;
    for (const set of ctx.state.list('apps', 'StatefulSet') as any[])
      wake = earliest(wake, syncStatefulSet(ctx, set));
    return wake;
  },
};

/** getPodsForStatefulSet: ClaimPods with the isMemberOf filter (adopts and releases). */
function claimPods(ctx: ControllerContext, set: any, selector: any): any[] {
  const uid = set.metadata.uid;
  const out: any[] = [];
  for (const pod of ctx.state.list('', 'Pod', set.metadata.namespace) as any[]) {
    const ref = controllerRef(pod);
    const matches = selector.matches(pod.metadata.labels ?? {}) && isMemberOf(set, pod);
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
      !set.metadata.deletionTimestamp
    ) {
      const adopted = ctx.api.mutate(pod, (c: any) => {
        c.metadata.ownerReferences = [...(c.metadata.ownerReferences ?? []), ownerReferenceTo(set)];
      });
      if (!isStatusError(adopted)) out.push(adopted);
    }
  }
  return out;
}

function syncStatefulSet(ctx: ControllerContext, set: any): number | undefined {
  let selector;
  try {
    selector = labelSelectorAsSelector(set.spec?.selector);
  } catch {
    return undefined; // a non-transient error: upstream logs it and does not retry
  }
  const revisions = claimRevisions(ctx, set, set.spec.selector);
  const pods = claimPods(ctx, set, selector);
  return updateStatefulSet(ctx, set, pods, revisions);
}
