// What a simulated cluster is made of and how fast things happen in it — data, not code, so a
// lab can change it (kwok's "stages" idea, kept simple).

import type { StorageProfile } from './storage-profile';

export interface NodeProfile {
  name: string;
  role: 'control-plane' | 'worker';
  cpu: string;
  memory: string;
  pods: number;
  ephemeralStorage: string;
  internalIP: string;
  podCIDR: string;
  labels?: Record<string, string>;
  taints?: {
    key: string;
    value?: string;
    effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  }[];
}

export interface Timings {
  /** From scheduling to the kubelet noticing the pod and creating its sandbox. */
  sandboxMs: number;
  /** Pull time for an image not yet on the node, when the image catalog does not say. */
  defaultImagePullMs: number;
  containerCreateMs: number;
  containerStartMs: number;
  /** Delay before the scheduler binds a pending pod. */
  schedulingMs: number;
  /** How long a container takes to stop after SIGTERM when its image handles it. */
  sigtermExitMs: number;
  /** Kubelet retry period for a missing ConfigMap/Secret volume (FailedMount). */
  mountRetryMs: number;
  /** From a new node's registration (NotReady, CNI not up yet) to its kubelet posting Ready. */
  nodeReadyMs?: number;
  /** From a ConfigMap/Secret change to its mounted files changing (the kubelet's sync delay). */
  volumeSyncMs?: number;
  /** How long a pull of an image that does not exist takes to fail. */
  imagePullFailureMs?: number;
}

export interface ClusterProfile {
  name: string;
  kubernetesVersion: string;
  nodes: NodeProfile[];
  serviceCIDR: string;
  clusterDomain: string;
  /** Addresses a LoadBalancer Service may get; none means they stay <pending>. */
  loadBalancerIPs: string[];
  timings: Timings;
  /** Requests to hosts outside the cluster get a simulated answer. */
  egress: boolean;
  /** The cluster CA published in every namespace's kube-root-ca.crt ConfigMap (PEM). */
  caCertificate: string;
  /** The ingress controller installed, if any (a bare kind cluster has none). */
  ingressController?: IngressControllerProfile | null;
  /** Whether metrics-server runs (metrics.k8s.io: kubectl top, HPA resource metrics). */
  metricsServer?: boolean;
  /** Whether the CNI enforces NetworkPolicies (kindnetd does since kind v0.24). */
  networkPolicies?: boolean;
  /** Provisioners and StorageClasses (storage-profile.ts; unset: kind's `standard`). */
  storage?: Partial<StorageProfile>;
}

/** An ingress controller such as ingress-nginx, with the IngressClass it installs. */
export interface IngressControllerProfile {
  /** Event source component, e.g. "nginx-ingress-controller". */
  component: string;
  /** The IngressClass created with it, and its spec.controller. */
  className: string;
  controller: string;
  /** Whether that class is marked ingressclass.kubernetes.io/is-default-class. */
  defaultClass?: boolean;
  /** What it publishes in status.loadBalancer.ingress: an IP or a hostname. */
  address: string;
  /** Its periodic status sync (ingress-nginx: 60 s). */
  statusSyncMs?: number;
}

export const DEFAULT_TIMINGS: Timings = {
  sandboxMs: 600,
  defaultImagePullMs: 2200,
  containerCreateMs: 250,
  containerStartMs: 350,
  schedulingMs: 30,
  sigtermExitMs: 300,
  mountRetryMs: 2 * 60_000 + 2_000,
  nodeReadyMs: 12_000,
};

const node = (name: string, role: NodeProfile['role'], index: number): NodeProfile => ({
  name,
  role,
  cpu: '4',
  memory: '8Gi',
  pods: 110,
  ephemeralStorage: '100Gi',
  internalIP: `172.18.0.${index + 2}`,
  podCIDR: `10.244.${index}.0/24`,
  ...(role === 'control-plane'
    ? {
        labels: {
          'node-role.kubernetes.io/control-plane': '',
          'node.kubernetes.io/exclude-from-external-load-balancers': '',
        },
        taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' as const }],
      }
    : {}),
});

// Replaced by the platform's real cluster CA when the API serves the cluster.
const PLACEHOLDER_CA =
  '-----BEGIN CERTIFICATE-----\nMIIBdzCCAR2gAwIBAgIBADAKBggqhkjOPQQDAjAjMSEwHwYDVQQDDBhrdWJlbGFi\nLWNsdXN0ZXItY2EtcGxhY2Vob2xkZXIwHhcNMjYwMTAxMDAwMDAwWhcNMzYwMTAx\nMDAwMDAwWjAjMSEwHwYDVQQDDBhrdWJlbGFiLWNsdXN0ZXItY2EtcGxhY2Vob2xk\n-----END CERTIFICATE-----\n';

/** One tainted control plane and two workers, named like a kind cluster. */
export function defaultProfile(): ClusterProfile {
  return {
    name: 'kubelab',
    kubernetesVersion: 'v1.32.4',
    nodes: [
      node('kubelab-control-plane', 'control-plane', 0),
      node('kubelab-worker', 'worker', 1),
      node('kubelab-worker2', 'worker', 2),
    ],
    serviceCIDR: '10.96.0.0/12',
    clusterDomain: 'cluster.local',
    loadBalancerIPs: [],
    timings: { ...DEFAULT_TIMINGS },
    egress: true,
    caCertificate: PLACEHOLDER_CA,
    // No ingress controller (as the corpus assumes); metrics-server on, so HPAs and
    // `kubectl top` work for learners; kindnetd enforces NetworkPolicies.
    ingressController: null,
    metricsServer: true,
    networkPolicies: true,
  };
}

/** Merges a stored (partial) profile over the default. */
export function resolveProfile(stored: Partial<ClusterProfile> | null | undefined): ClusterProfile {
  const d = defaultProfile();
  if (!stored || typeof stored !== 'object') return d;
  return {
    ...d,
    ...stored,
    timings: { ...d.timings, ...(stored.timings ?? {}) },
    nodes: stored.nodes?.length ? stored.nodes : d.nodes,
  };
}
