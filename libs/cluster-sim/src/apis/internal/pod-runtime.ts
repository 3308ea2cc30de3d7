import type { ResourceType } from '../../registry/resource-type';

// The kubelet's own state for one pod — what a node's container runtime knows and the API does
// not show: when each step of starting a container is due, container logs, restart back-off.
// Stored like an object so it survives any process, owned by its pod, never served.

export const SIM_GROUP = 'sim.kubelab.io';

export const podRuntimeType: ResourceType = {
  group: SIM_GROUP,
  version: 'v1',
  kind: 'PodRuntime',
  plural: 'podruntimes',
  singular: 'podruntime',
  namespaced: true,
  verbs: ['create', 'delete', 'get', 'list', 'update', 'watch'],
  hasStatus: false,
  generation: 'none',
  internal: true,
};
