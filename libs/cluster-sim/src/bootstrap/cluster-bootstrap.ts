import { formatTime, type KubeObject } from '@kubelab/apimachinery';
import type { ClusterProfile, NodeProfile } from '../profile/cluster-profile';
import { KUBE_DNS_IP, KUBERNETES_SERVICE_IP } from '../apis/core/service';
import { SYSTEM_PRIORITY_CLASSES } from '../apis/scheduling/priority-class';
import { hashString, seededRandom, uuidFrom } from '../util/random';
import { nodeLease } from '../kubelet/node-status';
import { defaultRbacObjects } from './rbac-defaults';
import { storageBootstrapObjects } from './storage';
import { SYSTEM_NAMESPACES, namespaceObject } from './system-namespaces';

// What a fresh cluster holds before a learner does anything, as kubeadm/kind leave it: the
// system namespaces, the nodes, the `kubernetes` Service and its endpoints, CoreDNS, and the
// control plane's static pods.

export const CONTROL_PLANE_IMAGES: Record<string, { image: string; cpu: string; memory?: string }> =
  {
    etcd: { image: 'registry.k8s.io/etcd:3.5.16-0', cpu: '100m', memory: '100Mi' },
    'kube-apiserver': { image: 'registry.k8s.io/kube-apiserver:v1.32.4', cpu: '250m' },
    'kube-controller-manager': {
      image: 'registry.k8s.io/kube-controller-manager:v1.32.4',
      cpu: '200m',
    },
    'kube-scheduler': { image: 'registry.k8s.io/kube-scheduler:v1.32.4', cpu: '100m' },
  };
export const COREDNS_IMAGE = 'registry.k8s.io/coredns/coredns:v1.11.3';

export function nodeObject(
  n: NodeProfile,
  profile: ClusterProfile,
  created: string,
  random: () => number,
): KubeObject {
  const capacity = {
    cpu: n.cpu,
    'ephemeral-storage': n.ephemeralStorage,
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: n.memory,
    pods: String(n.pods),
  };
  const cond = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    lastHeartbeatTime: created,
    lastTransitionTime: created,
    reason,
    message,
  });
  const hex = (len: number) =>
    Array.from({ length: len }, () => '0123456789abcdef'[Math.floor(random() * 16)]).join('');
  const preloaded =
    n.role === 'control-plane' ? Object.values(CONTROL_PLANE_IMAGES).map((i) => i.image) : [];
  preloaded.push(
    COREDNS_IMAGE,
    'registry.k8s.io/pause:3.10',
    'docker.io/kindest/kindnetd:v20241212-9f82dd49',
    'registry.k8s.io/kube-proxy:v1.32.4',
  );
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: n.name,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': n.name,
        'kubernetes.io/os': 'linux',
        ...(n.labels ?? {}),
      },
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: {
      podCIDR: n.podCIDR,
      podCIDRs: [n.podCIDR],
      providerID: `kind://docker/${profile.name}/${n.name}`,
      ...(n.taints?.length
        ? {
            taints: n.taints.map((t) => ({
              key: t.key,
              ...(t.value ? { value: t.value } : {}),
              effect: t.effect,
            })),
          }
        : {}),
    },
    status: {
      addresses: [
        { address: n.internalIP, type: 'InternalIP' },
        { address: n.name, type: 'Hostname' },
      ],
      allocatable: { ...capacity },
      capacity,
      conditions: [
        cond(
          'MemoryPressure',
          'False',
          'KubeletHasSufficientMemory',
          'kubelet has sufficient memory available',
        ),
        cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        cond(
          'PIDPressure',
          'False',
          'KubeletHasSufficientPID',
          'kubelet has sufficient PID available',
        ),
        cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      images: preloaded.map((img) => ({
        names: [img],
        sizeBytes: 20_000_000 + (hashString(img) % 80_000_000),
      })),
      nodeInfo: {
        architecture: 'amd64',
        bootID: uuidFrom(random),
        containerRuntimeVersion: 'containerd://1.7.24',
        kernelVersion: '6.8.0-1017-gcp',
        kubeProxyVersion: profile.kubernetesVersion,
        kubeletVersion: profile.kubernetesVersion,
        machineID: hex(32),
        operatingSystem: 'linux',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        systemUUID: uuidFrom(random),
      },
    },
  } as unknown as KubeObject;
}

function staticPod(
  name: string,
  node: NodeProfile,
  nodeUid: string,
  created: string,
  random: () => number,
): KubeObject {
  const spec = CONTROL_PLANE_IMAGES[name]!;
  const podName = `${name}-${node.name}`;
  const cid = () =>
    `containerd://${Array.from({ length: 64 }, () => '0123456789abcdef'[Math.floor(random() * 16)]).join('')}`;
  const requests: Record<string, string> = { cpu: spec.cpu };
  if (spec.memory) requests.memory = spec.memory;
  const cond = (type: string) => ({
    type,
    status: 'True',
    lastProbeTime: null,
    lastTransitionTime: created,
  });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: podName,
      namespace: 'kube-system',
      labels: { component: name, tier: 'control-plane' },
      annotations: {
        'kubernetes.io/config.hash': hashString(podName).toString(16),
        'kubernetes.io/config.mirror': hashString(podName).toString(16),
        'kubernetes.io/config.seen': created,
        'kubernetes.io/config.source': 'file',
      },
      ownerReferences: [
        { apiVersion: 'v1', kind: 'Node', name: node.name, uid: nodeUid, controller: true },
      ],
    },
    spec: {
      containers: [
        {
          name,
          image: spec.image,
          imagePullPolicy: 'IfNotPresent',
          resources: { requests },
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
      hostNetwork: true,
      nodeName: node.name,
      priority: 2000001000,
      priorityClassName: 'system-node-critical',
      restartPolicy: 'Always',
      tolerations: [{ effect: 'NoExecute', operator: 'Exists' }],
    },
    status: {
      phase: 'Running',
      conditions: [
        'PodReadyToStartContainers',
        'Initialized',
        'Ready',
        'ContainersReady',
        'PodScheduled',
      ].map(cond),
      hostIP: node.internalIP,
      hostIPs: [{ ip: node.internalIP }],
      podIP: node.internalIP,
      podIPs: [{ ip: node.internalIP }],
      qosClass: 'Burstable',
      startTime: created,
      containerStatuses: [
        {
          containerID: cid(),
          image: spec.image,
          imageID: `sha256:${hashString(spec.image).toString(16).padStart(8, '0').repeat(8)}`,
          lastState: {},
          name,
          ready: true,
          restartCount: 0,
          started: true,
          state: { running: { startedAt: created } },
        },
      ],
    },
  } as unknown as KubeObject;
}

/** The objects of a new cluster, in creation order (namespaces first). */
export function bootstrapObjects(
  profile: ClusterProfile,
  nowMs: number,
  seed: string,
): KubeObject[] {
  const random = seededRandom(`bootstrap/${seed}`);
  const created = formatTime(nowMs);
  const out: KubeObject[] = SYSTEM_NAMESPACES.map(
    (n) => namespaceObject(n, created) as unknown as KubeObject,
  );
  const nodes = profile.nodes.map((n) => nodeObject(n, profile, created, random));
  for (const n of nodes) n.metadata.uid = uuidFrom(random);
  out.push(...nodes);
  // The API server's bootstrap-system-priority-classes hook, before any pod is admitted.
  for (const pc of SYSTEM_PRIORITY_CLASSES)
    out.push({
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: pc.name },
      value: pc.value,
      description: pc.description,
    } as unknown as KubeObject);
  const cp = profile.nodes.find((n) => n.role === 'control-plane') ?? profile.nodes[0]!;
  out.push({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { component: 'apiserver', provider: 'kubernetes' },
    },
    spec: {
      clusterIP: KUBERNETES_SERVICE_IP,
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
      type: 'ClusterIP',
      sessionAffinity: 'None',
    },
  } as unknown as KubeObject);
  out.push({
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' },
    },
    subsets: [
      {
        addresses: [{ ip: cp.internalIP }],
        ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
      },
    ],
  } as unknown as KubeObject);
  out.push({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { 'kubernetes.io/service-name': 'kubernetes' },
    },
    addressType: 'IPv4',
    endpoints: [{ addresses: [cp.internalIP], conditions: { ready: true } }],
    ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
  } as unknown as KubeObject);
  // CoreDNS, as kubeadm installs it.
  out.push({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'coredns', namespace: 'kube-system' },
  } as unknown as KubeObject);
  out.push({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'coredns', namespace: 'kube-system' },
    data: {
      Corefile: `.:53 {\n    errors\n    health {\n       lameduck 5s\n    }\n    ready\n    kubernetes ${profile.clusterDomain} in-addr.arpa ip6.arpa {\n       pods insecure\n       fallthrough in-addr.arpa ip6.arpa\n       ttl 30\n    }\n    prometheus :9153\n    forward . /etc/resolv.conf {\n       max_concurrent 1000\n    }\n    cache 30 {\n       disable success ${profile.clusterDomain}\n       disable denial ${profile.clusterDomain}\n    }\n    loop\n    reload\n    loadbalance\n}\n`,
    },
  } as unknown as KubeObject);
  out.push({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kube-dns',
      namespace: 'kube-system',
      labels: {
        'k8s-app': 'kube-dns',
        'kubernetes.io/cluster-service': 'true',
        'kubernetes.io/name': 'CoreDNS',
      },
      annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
    },
    spec: {
      clusterIP: KUBE_DNS_IP,
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
      ],
      selector: { 'k8s-app': 'kube-dns' },
    },
  } as unknown as KubeObject);
  out.push({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'coredns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { 'k8s-app': 'kube-dns' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: '25%' } },
      template: {
        metadata: { labels: { 'k8s-app': 'kube-dns' } },
        spec: {
          priorityClassName: 'system-cluster-critical',
          serviceAccountName: 'coredns',
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: [
            { key: 'CriticalAddonsOnly', operator: 'Exists' },
            { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
          ],
          containers: [
            {
              name: 'coredns',
              image: COREDNS_IMAGE,
              imagePullPolicy: 'IfNotPresent',
              args: ['-conf', '/etc/coredns/Corefile'],
              resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
              ports: [
                { containerPort: 53, name: 'dns', protocol: 'UDP' },
                { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' },
                { containerPort: 9153, name: 'metrics', protocol: 'TCP' },
              ],
              volumeMounts: [{ name: 'config-volume', mountPath: '/etc/coredns', readOnly: true }],
            },
          ],
          dnsPolicy: 'Default',
          volumes: [
            {
              name: 'config-volume',
              configMap: { name: 'coredns', items: [{ key: 'Corefile', path: 'Corefile' }] },
            },
          ],
        },
      },
    },
  } as unknown as KubeObject);
  for (const name of Object.keys(CONTROL_PLANE_IMAGES))
    out.push(staticPod(name, cp, nodes[profile.nodes.indexOf(cp)]!.metadata.uid!, created, random));
  // Each kubelet's heartbeat Lease, and the default RBAC roles and bindings.
  for (const n of nodes) out.push(nodeLease(n, nowMs));
  out.push(...defaultRbacObjects());
  // Storage: kind's default StorageClass, CSI drivers, each node's CSINode.
  out.push(...storageBootstrapObjects(profile, nodes));
  return out;
}
