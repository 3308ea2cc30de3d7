import { Registry } from '../registry/registry';
import { deploymentType, replicaSetType } from './apps/deployment';
import { namespaceType } from './core/namespace';
import { podType } from './core/pod';
import { serviceType } from './core/service';
import {
  configMapType,
  endpointsType,
  eventType,
  nodeType,
  secretType,
  serviceAccountType,
} from './core/simple';
import { endpointSliceType } from './discovery/endpoint-slice';
import { eventsV1Type } from './events/event';
import { podRuntimeType } from './internal/pod-runtime';
import { PART2_KINDS } from './part2';

// Every kind the simulator knows. The core group comes first: kubectl resolves an ambiguous
// name ("events") to the earliest group, as the real RESTMapper's group priority does.
export const PART1_KINDS = [
  podType,
  namespaceType,
  nodeType,
  serviceType,
  endpointsType,
  configMapType,
  secretType,
  serviceAccountType,
  eventType,
  deploymentType,
  replicaSetType,
  endpointSliceType,
  eventsV1Type,
  podRuntimeType,
];

export function createRegistry(): Registry {
  // The internal runtime records stay last: they are never served.
  const served = PART1_KINDS.filter((k) => k !== podRuntimeType);
  return new Registry().register(...served, ...PART2_KINDS, podRuntimeType);
}
