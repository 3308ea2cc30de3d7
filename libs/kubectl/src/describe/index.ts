import type { ResourceInfo } from '../resources/discovery';
import { describeConfigMapObject } from './configmap';
import type { Describer } from './context';
import { describeDeploymentObject } from './deployment';
import { describeEndpointSliceObject } from './endpoint-slice';
import { describeEndpointsObject } from './endpoints';
import { describeGenericObject } from './generic';
import { describeNamespaceObject } from './namespace';
import { describeNodeObject } from './node';
import { describePodObject } from './pod';
import { describeSecretObject } from './secret';
import { describeServiceAccountObject } from './service-account';
import { describeReplicaSetObject } from './replicaset';
import { describeServiceObject } from './service';

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
  'apps/Deployment': describeDeploymentObject,
  'apps/ReplicaSet': describeReplicaSetObject,
  'discovery.k8s.io/EndpointSlice': describeEndpointSliceObject,
};

export function describerFor(r: ResourceInfo): Describer {
  return DESCRIBERS[`${r.group}/${r.kind}`] ?? describeGenericObject;
}
