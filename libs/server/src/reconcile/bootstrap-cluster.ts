import {
  bootstrapObjects,
  seededRandom,
  type ClusterState,
  type Simulation,
} from '@kubelab/cluster-sim';
import type { ClusterRow } from '../store/cluster-store';

/** Writes a new cluster's initial objects (nodes, system namespaces and services, CoreDNS). */
export function bootstrapCluster(sim: Simulation, state: ClusterState, cluster: ClusterRow): void {
  const now = cluster.clock.virtualMs;
  const random = seededRandom(`bootstrap-requests/${cluster.id}`);
  for (const o of bootstrapObjects(cluster.profile, now, cluster.id)) {
    const type = sim.registry.forApiVersion(o.apiVersion, o.kind)!;
    sim.core.create(state, type, o.metadata.namespace, o, {
      now,
      random,
      trusted: true,
      fieldManager: 'kube-apiserver',
    });
  }
}
