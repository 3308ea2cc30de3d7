import { ApiServerCore } from '../apiserver/api-server';
import { ControllerApi, earliest, type Controller } from '../controllers/controller';
import { deploymentController } from '../controllers/deployment/deployment-controller';
import { endpointsController } from '../controllers/endpoints/endpoints-controller';
import { endpointSliceController } from '../controllers/endpointslice/endpoint-slice-controller';
import { eventTtlController } from '../controllers/eventttl/event-ttl-controller';
import { garbageCollector } from '../controllers/garbagecollector/garbage-collector';
import { namespaceController } from '../controllers/namespace/namespace-controller';
import { replicaSetController } from '../controllers/replicaset/replica-set-controller';
import { loadBalancerController } from '../controllers/service/load-balancer-controller';
import { kubelet } from '../kubelet/kubelet';
import type { ClusterProfile } from '../profile/cluster-profile';
import { scheduler } from '../scheduler/scheduler';
import type { ClusterState } from '../state/cluster-state';
import { seededRandom } from '../util/random';
import { PART2_CONTROLLERS, PART2_LATE_CONTROLLERS } from './part2-controllers';

// One reconcile of a whole cluster at one virtual instant: every controller, the scheduler and
// the kubelets run in turn until none has anything left to write (a fixpoint), because each one's
// writes are another's input (Deployment → ReplicaSet → Pod → scheduled → started → endpoints).

/** Which field manager each component writes as (it shows in managedFields). */
const MANAGERS: Record<string, string> = {
  scheduler: 'kube-scheduler',
  kubelet: 'kubelet',
  'kubelet-node-status': 'kubelet',
};

export const PART1_CONTROLLERS: Controller[] = [
  namespaceController,
  deploymentController,
  replicaSetController,
  scheduler,
  kubelet,
  endpointsController,
  endpointSliceController,
  loadBalancerController,
  garbageCollector,
  eventTtlController,
];

/** Every controller, in the order a reconcile pass runs them. */
export function allControllers(): Controller[] {
  return [
    namespaceController,
    deploymentController,
    replicaSetController,
    ...PART2_CONTROLLERS,
    scheduler,
    kubelet,
    ...PART2_LATE_CONTROLLERS,
    endpointsController,
    endpointSliceController,
    loadBalancerController,
    garbageCollector,
    eventTtlController,
  ];
}

export interface ReconcileInput {
  state: ClusterState;
  core: ApiServerCore;
  profile: ClusterProfile;
  now: number;
  /** Seeds generated names: the same state, time and seed give the same writes. */
  seed: string;
  controllers?: Controller[];
  maxPasses?: number;
}

export interface ReconcileResult {
  /** The earliest virtual time a controller wants to run again. */
  wakeAt?: number;
  passes: number;
  changes: number;
  converged: boolean;
}

export function reconcileCluster(input: ReconcileInput): ReconcileResult {
  const { state, core, profile, now } = input;
  const controllers = input.controllers ?? allControllers();
  const random = seededRandom(`${input.seed}/${state.resourceVersion}/${now}`);
  const apis = new Map<string, ControllerApi>();
  const apiFor = (c: Controller) => {
    const manager = MANAGERS[c.name] ?? 'kube-controller-manager';
    let a = apis.get(manager);
    if (!a) apis.set(manager, (a = new ControllerApi(core, state, () => now, random, manager)));
    return a;
  };
  const start = state.changes.length;
  const maxPasses = input.maxPasses ?? 25;
  for (let pass = 1; pass <= maxPasses; pass++) {
    const before = state.changes.length;
    let wake: number | undefined;
    for (const c of controllers) {
      wake = earliest(
        wake,
        c.reconcile({ now, state, api: apiFor(c), profile, random, registry: core.registry, pass }),
      );
    }
    if (state.changes.length === before) {
      return {
        wakeAt: wake !== undefined && wake <= now ? now + 1 : wake,
        passes: pass,
        changes: state.changes.length - start,
        converged: true,
      };
    }
  }
  // Still writing after many passes (a loop between controllers): try again shortly.
  return {
    wakeAt: now + 1000,
    passes: maxPasses,
    changes: state.changes.length - start,
    converged: false,
  };
}
