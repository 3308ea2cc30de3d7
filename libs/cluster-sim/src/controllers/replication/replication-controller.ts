// pkg/controller/replication: upstream runs the ReplicaSet controller's code over
// ReplicationControllers converted to ReplicaSets; so do we (only the event source differs).
import { controllerRef } from '@kubelab/apimachinery';
import { syncReplicaSet } from '../replicaset/replica-set-controller';
import { earliest, type Controller, type ControllerContext } from '../controller';

const SOURCE = { component: 'replication-controller' };

/** The RC as the ReplicaSet code sees it: its equality-based selector as matchLabels. */
function asReplicaSet(rc: any): any {
  return {
    ...rc,
    spec: { ...rc.spec, selector: { matchLabels: { ...(rc.spec?.selector ?? {}) } } },
  };
}

export const replicationController: Controller = {
  name: 'replicationcontroller',
  reconcile(ctx: ControllerContext) {
    const rcs = ctx.state.list('', 'ReplicationController') as any[];
    if (!rcs.length) return undefined;
    let wake: number | undefined;
    for (const rc of rcs) {
      const orphans = (ctx.state.list('', 'Pod', rc.metadata.namespace) as any[]).filter(
        (p) => !controllerRef(p) && !p.metadata.deletionTimestamp,
      );
      wake = earliest(wake, syncReplicaSet(ctx, asReplicaSet(rc), orphans, SOURCE));
    }
    return wake;
  },
};
