import type { Controller } from '../controllers/controller';

// The controllers of the simulation's second part. They run in the same fixpoint as part 1's
// (see controller-manager.ts), after the Deployment and ReplicaSet controllers and before the
// scheduler and the kubelet; their order only changes how many passes a reconcile takes.
export const PART2_CONTROLLERS: Controller[] = [];

/** Part-2 controllers that must run after the kubelet (they react to what it reports). */
export const PART2_LATE_CONTROLLERS: Controller[] = [];
