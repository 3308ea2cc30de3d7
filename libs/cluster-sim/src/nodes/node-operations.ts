// What happens to a cluster's machines, as the platform (an exercise, an instructor, the lab's
// "fail node" button) makes it happen: a node's kubelet stops (the machine died or lost its
// network), comes back, or a new node joins (kubeadm join / kind's extra node). Each is a pure
// operation on a cluster state at a virtual time; the controllers do the rest — the node
// lifecycle controller marks a silent node Unknown after 50 s and taints it, the taint eviction
// controller deletes its pods 300 s later, their controllers recreate them elsewhere.
import { formatMicroTime, formatTime, notFoundError, type KubeObject } from '@kubelab/apimachinery';
import { NODE_LEASE_NAMESPACE } from '../apis/coordination/lease';
import { nodeRuntime, type NodeRuntimeObject } from '../apis/internal/node-runtime';
import type { ApiServerCore } from '../apiserver/api-server';
import { nodeObject } from '../bootstrap/cluster-bootstrap';
import { ControllerApi, isStatusError } from '../controllers/controller';
import { DEFAULT_TIMINGS, type ClusterProfile, type NodeProfile } from '../profile/cluster-profile';
import type { ClusterState } from '../state/cluster-state';
import { seededRandom } from '../util/random';

const KUBELET = 'kubelet';

function apiFor(core: ApiServerCore, state: ClusterState, now: number, what: string) {
  const random = seededRandom(`node-op/${what}/${state.resourceVersion}/${now}`);
  return new ControllerApi(core, state, () => now, random, KUBELET);
}

function nodeOrThrow(state: ClusterState, name: string): KubeObject {
  const node = state.get('', 'Node', '', name);
  if (!node) throw notFoundError({ group: '', resource: 'nodes' }, name);
  return node;
}

function writeRuntime(
  api: ControllerApi,
  state: ClusterState,
  node: KubeObject,
  kubelet: NodeRuntimeObject['kubelet'],
): void {
  const current = nodeRuntime(state, node.metadata.name);
  const record: NodeRuntimeObject = {
    apiVersion: 'sim.kubelab.io/v1',
    kind: 'NodeRuntime',
    metadata: {
      name: node.metadata.name,
      // Owned by its Node: deleting the node forgets what its machine was doing.
      ownerReferences: [
        { apiVersion: 'v1', kind: 'Node', name: node.metadata.name, uid: node.metadata.uid },
      ],
    },
    kubelet,
  };
  const res = current
    ? api.update({ ...record, metadata: { ...current.metadata, ...record.metadata } } as any)
    : api.create(record as unknown as KubeObject);
  if (isStatusError(res)) throw res;
}

/**
 * The node's kubelet stops: it no longer posts status, renews its lease or runs its pods. The
 * node stays Ready until the node lifecycle controller notices (50 s), then turns Unknown.
 */
export function failNode(
  core: ApiServerCore,
  state: ClusterState,
  name: string,
  now: number,
): void {
  const node = nodeOrThrow(state, name);
  const api = apiFor(core, state, now, `fail/${name}`);
  writeRuntime(api, state, node, { state: 'Stopped', since: now });
  // Its last renewal: the kubelet was renewing until it stopped.
  const lease = state.get('coordination.k8s.io', 'Lease', NODE_LEASE_NAMESPACE, name) as any;
  if (lease) api.mutate(lease, (c: any) => (c.spec.renewTime = formatMicroTime(now)));
}

/** The kubelet runs again: it posts Ready at the next reconcile and the taints come off. */
export function recoverNode(
  core: ApiServerCore,
  state: ClusterState,
  name: string,
  now: number,
): void {
  const node = nodeOrThrow(state, name);
  writeRuntime(apiFor(core, state, now, `recover/${name}`), state, node, {
    state: 'Running',
    since: now,
  });
}

/** The next node's name and addresses, following the cluster's (kind's) pattern. */
function nextNodeProfile(
  state: ClusterState,
  profile: ClusterProfile,
  spec: Partial<NodeProfile>,
): NodeProfile {
  const nodes = state.list('', 'Node') as any[];
  const names = new Set(nodes.map((n) => n.metadata.name));
  let name = spec.name;
  for (let i = 1; !name; i++) {
    const candidate = `${profile.name}-worker${i === 1 ? '' : i}`;
    if (!names.has(candidate)) name = candidate;
  }
  const ips = new Set(nodes.flatMap((n) => (n.status?.addresses ?? []).map((a: any) => a.address)));
  const cidrs = new Set(nodes.map((n) => n.spec?.podCIDR));
  let ip = spec.internalIP;
  for (let i = 2; !ip; i++) if (!ips.has(`172.18.0.${i}`)) ip = `172.18.0.${i}`;
  let cidr = spec.podCIDR;
  for (let i = 0; !cidr; i++) if (!cidrs.has(`10.244.${i}.0/24`)) cidr = `10.244.${i}.0/24`;
  const like = profile.nodes.find((n) => n.role === (spec.role ?? 'worker')) ?? profile.nodes[0];
  return {
    cpu: like?.cpu ?? '4',
    memory: like?.memory ?? '8Gi',
    pods: like?.pods ?? 110,
    ephemeralStorage: like?.ephemeralStorage ?? '100Gi',
    role: 'worker',
    ...spec,
    name,
    internalIP: ip,
    podCIDR: cidr,
  };
}

/**
 * A node joins: its kubelet registers it NotReady (the network plugin is not up yet, tainted
 * not-ready:NoSchedule) and posts Ready `timings.nodeReadyMs` later; then pods may land on it and
 * DaemonSets follow. Returns the Node and its profile entry (for the platform to keep).
 */
export function addNode(
  core: ApiServerCore,
  state: ClusterState,
  profile: ClusterProfile,
  spec: Partial<NodeProfile>,
  now: number,
): { node: KubeObject; profile: NodeProfile } {
  const np = nextNodeProfile(state, profile, spec);
  if (state.get('', 'Node', '', np.name)) throw new Error(`node "${np.name}" already exists`);
  const api = apiFor(core, state, now, `add/${np.name}`);
  const random = seededRandom(`node-op/add/${np.name}/${now}`);
  const node: any = nodeObject(np, profile, '', random);
  const created = formatTime(now);
  node.status.conditions = node.status.conditions.map((c: any) => ({
    ...c,
    lastHeartbeatTime: created,
    lastTransitionTime: created,
    ...(c.type === 'Ready'
      ? {
          status: 'False',
          reason: 'KubeletNotReady',
          message:
            'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized',
        }
      : {}),
  }));
  node.spec.taints = [
    ...(node.spec.taints ?? []),
    { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
  ];
  const stored = api.create(node as KubeObject);
  if (isStatusError(stored)) throw stored;
  const readyMs = profile.timings.nodeReadyMs ?? DEFAULT_TIMINGS.nodeReadyMs ?? 12_000;
  writeRuntime(api, state, stored, { state: 'Running', since: now, readyAt: now + readyMs });
  const kubelet = { component: KUBELET, host: np.name };
  api.event(stored, {
    type: 'Normal',
    reason: 'Starting',
    message: 'Starting kubelet.',
    source: kubelet,
  });
  for (const reason of ['NodeHasSufficientMemory', 'NodeHasNoDiskPressure', 'NodeHasSufficientPID'])
    api.event(stored, {
      type: 'Normal',
      reason,
      message: `Node ${np.name} status is now: ${reason}`,
      source: kubelet,
    });
  api.event(stored, {
    type: 'Normal',
    reason: 'NodeAllocatableEnforced',
    message: 'Updated Node Allocatable limit across pods',
    source: kubelet,
  });
  api.event(stored, {
    type: 'Normal',
    reason: 'RegisteredNode',
    message: `Node ${np.name} event: Registered Node ${np.name} in Controller`,
    source: { component: 'node-controller' },
  });
  return { node: stored, profile: np };
}
