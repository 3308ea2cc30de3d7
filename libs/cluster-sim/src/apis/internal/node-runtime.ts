import type { ResourceType } from '../../registry/resource-type';
import type { ClusterState } from '../../state/cluster-state';
import { SIM_GROUP } from './pod-runtime';

// What a node's machine is doing that the API does not say: whether its kubelet runs (a node
// the platform "failed" stops posting status and renewing its lease), and when a node that just
// joined becomes Ready. One record per node, named after it, never served; no record means a
// healthy node whose kubelet runs.

export interface NodeRuntimeObject {
  apiVersion: 'sim.kubelab.io/v1';
  kind: 'NodeRuntime';
  metadata: { name: string; uid?: string; resourceVersion?: string; ownerReferences?: any[] };
  kubelet: {
    /** Running: posts status and renews its lease. Stopped: silent since `since`. */
    state: 'Running' | 'Stopped';
    /** Virtual ms of the last change of state. */
    since: number;
    /** A node that registered NotReady becomes Ready at this virtual time (ms). */
    readyAt?: number;
  };
}

export const nodeRuntimeType: ResourceType = {
  group: SIM_GROUP,
  version: 'v1',
  kind: 'NodeRuntime',
  plural: 'noderuntimes',
  singular: 'noderuntime',
  namespaced: false,
  verbs: ['create', 'delete', 'get', 'list', 'update', 'watch'],
  hasStatus: false,
  generation: 'none',
  internal: true,
};

export function nodeRuntime(state: ClusterState, node: string): NodeRuntimeObject | undefined {
  return state.get(SIM_GROUP, 'NodeRuntime', '', node) as NodeRuntimeObject | undefined;
}

/** Whether the node's kubelet has stopped (the node was failed and not recovered). */
export function kubeletStopped(state: ClusterState, node: string): boolean {
  return nodeRuntime(state, node)?.kubelet.state === 'Stopped';
}
