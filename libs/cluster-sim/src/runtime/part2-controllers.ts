import type { Controller } from '../controllers/controller';
import { ingressNginxController } from '../addons/ingress-nginx/controller';
import { metricsServer } from '../addons/metrics-server/metrics-server';
import { horizontalPodAutoscalerController } from '../controllers/podautoscaler/horizontal';
// Plugs the cluster network (DNS, Services, Ingress, NetworkPolicies) into the kubelet.
import '../network/kubelet-port';
import { cronJobController } from '../controllers/cronjob/cronjob-controller';
import { jobController } from '../controllers/job/job-controller';
import { ttlAfterFinishedController } from '../controllers/ttlafterfinished/ttl-after-finished-controller';
import { daemonSetController } from '../controllers/daemon/daemon-controller';
import { resourceQuotaController } from '../controllers/resourcequota/resource-quota-controller';
import { statefulSetController } from '../controllers/statefulset/stateful-set-controller';
import { clusterRoleAggregationController } from '../controllers/clusterroleaggregation/cluster-role-aggregation-controller';
import { disruptionController } from '../controllers/disruption/disruption-controller';
import { nodeLifecycleController } from '../controllers/nodelifecycle/node-lifecycle-controller';
import { replicationController } from '../controllers/replication/replication-controller';
import { taintEvictionController } from '../controllers/tainteviction/taint-eviction-controller';
import { podGcController } from '../controllers/podgc/pod-gc-controller';
import { kubeletNodeStatus } from '../kubelet/node-status';
import { nodeVolumeExpansion } from '../kubelet/volume-expansion';
import { attachDetachController } from '../controllers/volume/attachdetach/attach-detach-controller';
import { expandController } from '../controllers/volume/expand/expand-controller';
import { externalAttacher } from '../controllers/volume/external/attacher';
import { externalProvisioner } from '../controllers/volume/external/provisioner';
import { externalResizer } from '../controllers/volume/external/resizer';
import { persistentVolumeController } from '../controllers/volume/persistentvolume/pv-controller';
import { pvcProtectionController } from '../controllers/volume/pvcprotection/pvc-protection-controller';
import { pvProtectionController } from '../controllers/volume/pvprotection/pv-protection-controller';

// The controllers of the simulation's second part. They run in the same fixpoint as part 1's
// (see controller-manager.ts), after the Deployment and ReplicaSet controllers and before the
// scheduler and the kubelet; their order only changes how many passes a reconcile takes.
export const PART2_CONTROLLERS: Controller[] = [
  statefulSetController,
  daemonSetController,
  replicationController,
  cronJobController,
  jobController,
  ttlAfterFinishedController,
  kubeletNodeStatus,
  nodeLifecycleController,
  taintEvictionController,
  podGcController,
  clusterRoleAggregationController,
  horizontalPodAutoscalerController,
  ingressNginxController,
];

/** Part-2 controllers that must run after the kubelet (they react to what it reports). */
export const PART2_LATE_CONTROLLERS: Controller[] = [
  // Storage runs after the scheduler: a claim that waits for its first consumer sees the node
  // the scheduler picked in the same pass.
  persistentVolumeController,
  externalProvisioner,
  attachDetachController,
  externalAttacher,
  pvcProtectionController,
  pvProtectionController,
  expandController,
  externalResizer,
  nodeVolumeExpansion,
  resourceQuotaController,
  disruptionController,
  metricsServer,
];
