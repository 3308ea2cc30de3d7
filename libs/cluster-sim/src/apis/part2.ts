import type { ResourceType } from '../registry/resource-type';
import { controllerRevisionType } from './apps/controller-revision';
import { daemonSetType } from './apps/daemonset';
import { statefulSetType } from './apps/statefulset';
import { cronJobType } from './batch/cronjob';
import { jobType } from './batch/job';
import { hpaType, hpaV1Type } from './autoscaling/horizontal-pod-autoscaler';
import { controllerMemoryType } from './internal/controller-memory';
import { nodeMetricsType, podMetricsType } from './metrics/metrics';
import { ingressClassType } from './networking/ingress-class';
import { ingressType } from './networking/ingress';
import { networkPolicyType } from './networking/network-policy';
import { limitRangeType } from './core/limit-range';
import { resourceQuotaType } from './core/resource-quota';
import { priorityClassType } from './scheduling/priority-class';
import { podTemplateType } from './core/pod-template';
import { replicationControllerType } from './core/replication-controller';
import { leaseType } from './coordination/lease';
import { nodeRuntimeType } from './internal/node-runtime';
import { runtimeClassType } from './node/runtime-class';
import { podDisruptionBudgetType } from './policy/pod-disruption-budget';
import { clusterRoleBindingType, roleBindingType } from './rbac/role-binding';
import { clusterRoleType, roleType } from './rbac/role';
import { persistentVolumeClaimType } from './core/persistent-volume-claim';
import { persistentVolumeType } from './core/persistent-volume';
import { volumeContentsType } from './internal/volume-contents';
import { hostPathContentsType } from './internal/host-path-contents';
import { csiDriverType } from './storage/csi-driver';
import { csiNodeType } from './storage/csi-node';
import { storageClassType } from './storage/storage-class';
import { volumeAttachmentType } from './storage/volume-attachment';

// The kinds of the simulation's second part (workloads, batch, storage, policy, networking,
// autoscaling, RBAC, ...). Each area adds its kinds here, in the order kubectl should prefer
// them when a short name is ambiguous (core group first, then apps, batch, ...).
export const PART2_KINDS: ResourceType[] = [
  resourceQuotaType,
  limitRangeType,
  replicationControllerType,
  podTemplateType,
  persistentVolumeType,
  persistentVolumeClaimType,
  statefulSetType,
  daemonSetType,
  controllerRevisionType,
  jobType,
  cronJobType,
  hpaType,
  hpaV1Type,
  ingressType,
  ingressClassType,
  networkPolicyType,
  priorityClassType,
  podMetricsType,
  nodeMetricsType,
  controllerMemoryType,
  podDisruptionBudgetType,
  leaseType,
  roleType,
  clusterRoleType,
  roleBindingType,
  clusterRoleBindingType,
  storageClassType,
  csiDriverType,
  csiNodeType,
  volumeAttachmentType,
  runtimeClassType,
  nodeRuntimeType,
  volumeContentsType,
  hostPathContentsType,
];
