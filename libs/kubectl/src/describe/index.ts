import type { ResourceInfo } from '../resources/discovery';
import { describeHorizontalPodAutoscalerObject } from './autoscaling';
import { describeConfigMapObject } from './configmap';
import type { Describer } from './context';
import { describeDeploymentObject } from './deployment';
import { describeEndpointSliceObject } from './endpoint-slice';
import { describeEndpointsObject } from './endpoints';
import { describeGenericObject } from './generic';
import { describeLimitRangeObject } from './limit-range';
import { describeNamespaceObject } from './namespace';
import { describeNodeObject } from './node';
import { describePodObject } from './pod';
import { describePriorityClassObject } from './priority-class';
import { describeResourceQuotaObject } from './resource-quota';
import { describeSecretObject } from './secret';
import { describeServiceAccountObject } from './service-account';
import { describeReplicaSetObject } from './replicaset';
import { describeServiceObject } from './service';
import {
  describeCSINodeObject,
  describePersistentVolumeClaimObject,
  describePersistentVolumeObject,
  describeStorageClassObject,
} from './storage';
import {
  describeIngressClassObject,
  describeIngressObject,
  describeNetworkPolicyObject,
} from './networking';

export type { DescribeContext, DescribeSettings, Describer } from './context';

// Which describer a kind gets, by group and kind as kubectl's describer map picks it; kinds
// without one get the generic describer.

const DESCRIBERS: Record<string, Describer> = {
  '/Pod': describePodObject,
  '/Service': describeServiceObject,
  '/Endpoints': describeEndpointsObject,
  '/Node': describeNodeObject,
  '/Namespace': describeNamespaceObject,
  '/ConfigMap': describeConfigMapObject,
  '/Secret': describeSecretObject,
  '/ServiceAccount': describeServiceAccountObject,
  '/ResourceQuota': describeResourceQuotaObject,
  '/LimitRange': describeLimitRangeObject,
  '/PersistentVolume': describePersistentVolumeObject,
  '/PersistentVolumeClaim': describePersistentVolumeClaimObject,
  'storage.k8s.io/StorageClass': describeStorageClassObject,
  'storage.k8s.io/CSINode': describeCSINodeObject,
  'apps/Deployment': describeDeploymentObject,
  'apps/ReplicaSet': describeReplicaSetObject,
  'discovery.k8s.io/EndpointSlice': describeEndpointSliceObject,
  'scheduling.k8s.io/PriorityClass': describePriorityClassObject,
  'autoscaling/HorizontalPodAutoscaler': describeHorizontalPodAutoscalerObject,
  'networking.k8s.io/Ingress': describeIngressObject,
  'networking.k8s.io/IngressClass': describeIngressClassObject,
  'networking.k8s.io/NetworkPolicy': describeNetworkPolicyObject,
};

export function describerFor(r: ResourceInfo): Describer {
  return DESCRIBERS[`${r.group}/${r.kind}`] ?? describeGenericObject;
}
