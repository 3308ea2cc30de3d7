// Kubernetes' patch and list metadata of the built-in types, which @kubernetes/client-node's
// models do not carry: what strategic merge patch (patchStrategy, patchMergeKey), server-side
// apply (listType, listMapKeys, mapType) and our OpenAPI documents (x-kubernetes-* extensions)
// need. Facts recorded from the struct tags (`patchStrategy:"merge" patchMergeKey:"name"`) and
// the +listType / +listMapKey / +mapType / +structType markers of k8s.io/api v0.34.0 types.go
// (core, apps, batch, networking, storage, autoscaling, policy, discovery, rbac, authorization,
// authentication) and k8s.io/apimachinery pkg/apis/meta/v1/types.go, restricted to the types
// in ./generated. v0.34 matches the schemas (client-node 1.4.0 is generated from 1.34); for the
// fields 1.32 already had, the metadata is the same. The entries were listed by a one-off reader
// of those files and then reviewed; they are data, not code. Fields of inline-embedded structs are listed under the embedding type, as
// Kubernetes' OpenAPI flattens them (Volume has VolumeSource's fields, EphemeralContainer has
// EphemeralContainerCommon's).
//
// Keys: Go package ("core/v1", "meta/v1"), then "Type.jsonField". Lists without an entry are
// atomic to server-side apply and replaced whole by strategic merge patch.

export interface FieldPatchMetadata {
  /** x-kubernetes-patch-strategy: "merge", "replace", "retainKeys" or "merge,retainKeys". */
  readonly patchStrategy?: string;
  /** x-kubernetes-patch-merge-key. */
  readonly patchMergeKey?: string;
  /** x-kubernetes-list-type. */
  readonly listType?: 'atomic' | 'set' | 'map';
  /** x-kubernetes-list-map-keys. */
  readonly listMapKeys?: readonly string[];
  /** x-kubernetes-map-type (from +mapType on maps and +structType on struct fields). */
  readonly mapType?: 'granular' | 'atomic';
}

const ATOMIC: FieldPatchMetadata = { listType: 'atomic' };
const SET: FieldPatchMetadata = { listType: 'set' };
const ATOMIC_MAP: FieldPatchMetadata = { mapType: 'atomic' };
const GRANULAR_MAP: FieldPatchMetadata = { mapType: 'granular' };

/** A list merged by a key: patchStrategy merge, listType map, keyed by the merge key unless told. */
function mergeByKey(
  key: string,
  opts: { keys?: readonly string[]; strategy?: string } = {},
): FieldPatchMetadata {
  return {
    patchStrategy: opts.strategy ?? 'merge',
    patchMergeKey: key,
    listType: 'map',
    listMapKeys: opts.keys ?? [key],
  };
}

/** A listType=map list with no strategic-merge key. */
const mapList = (...keys: string[]): FieldPatchMetadata => ({ listType: 'map', listMapKeys: keys });

export const FIELD_PATCH_METADATA: Readonly<
  Record<string, Readonly<Record<string, FieldPatchMetadata>>>
> = {
  'meta/v1': {
    'APIResource.categories': ATOMIC,
    'APIResource.shortNames': ATOMIC,
    'APIResourceList.resources': ATOMIC,
    'DeleteOptions.dryRun': ATOMIC,
    'FieldSelectorRequirement.values': ATOMIC,
    'LabelSelector.matchExpressions': ATOMIC,
    'LabelSelectorRequirement.values': ATOMIC,
    'ObjectMeta.finalizers': { patchStrategy: 'merge', listType: 'set' },
    'ObjectMeta.managedFields': ATOMIC,
    'ObjectMeta.ownerReferences': mergeByKey('uid'),
    'Status.details': ATOMIC,
    'StatusDetails.causes': ATOMIC,
  },
  'core/v1': {
    'Capabilities.add': ATOMIC,
    'Capabilities.drop': ATOMIC,
    'CephFSPersistentVolumeSource.monitors': ATOMIC,
    'CephFSVolumeSource.monitors': ATOMIC,
    'ConfigMapProjection.items': ATOMIC,
    'ConfigMapVolumeSource.items': ATOMIC,
    'Container.args': ATOMIC,
    'Container.command': ATOMIC,
    'Container.env': mergeByKey('name'),
    'Container.envFrom': ATOMIC,
    'Container.ports': mergeByKey('containerPort', { keys: ['containerPort', 'protocol'] }),
    'Container.resizePolicy': ATOMIC,
    'Container.restartPolicyRules': ATOMIC,
    'Container.volumeDevices': mergeByKey('devicePath'),
    'Container.volumeMounts': mergeByKey('mountPath'),
    'ContainerImage.names': ATOMIC,
    'ContainerRestartRuleOnExitCodes.values': SET,
    'ContainerStatus.allocatedResourcesStatus': mergeByKey('name'),
    'ContainerStatus.volumeMounts': mergeByKey('mountPath'),
    'DownwardAPIProjection.items': ATOMIC,
    'DownwardAPIVolumeSource.items': ATOMIC,
    'EndpointSubset.addresses': ATOMIC,
    'EndpointSubset.notReadyAddresses': ATOMIC,
    'EndpointSubset.ports': ATOMIC,
    'Endpoints.subsets': ATOMIC,
    'EphemeralContainer.args': ATOMIC,
    'EphemeralContainer.command': ATOMIC,
    'EphemeralContainer.env': mergeByKey('name'),
    'EphemeralContainer.envFrom': ATOMIC,
    'EphemeralContainer.ports': mergeByKey('containerPort', {
      keys: ['containerPort', 'protocol'],
    }),
    'EphemeralContainer.resizePolicy': ATOMIC,
    'EphemeralContainer.restartPolicyRules': ATOMIC,
    'EphemeralContainer.volumeDevices': mergeByKey('devicePath'),
    'EphemeralContainer.volumeMounts': mergeByKey('mountPath'),
    'ExecAction.command': ATOMIC,
    'FCVolumeSource.targetWWNs': ATOMIC,
    'FCVolumeSource.wwids': ATOMIC,
    'HTTPGetAction.httpHeaders': ATOMIC,
    'HostAlias.hostnames': ATOMIC,
    'ISCSIPersistentVolumeSource.portals': ATOMIC,
    'ISCSIVolumeSource.portals': ATOMIC,
    'LimitRangeSpec.limits': ATOMIC,
    'LinuxContainerUser.supplementalGroups': ATOMIC,
    'LoadBalancerIngress.ports': ATOMIC,
    'LoadBalancerStatus.ingress': ATOMIC,
    'NamespaceSpec.finalizers': ATOMIC,
    'NamespaceStatus.conditions': mergeByKey('type'),
    'NodeAffinity.preferredDuringSchedulingIgnoredDuringExecution': ATOMIC,
    'NodeSelector.nodeSelectorTerms': ATOMIC,
    'NodeSelectorRequirement.values': ATOMIC,
    'NodeSelectorTerm.matchExpressions': ATOMIC,
    'NodeSelectorTerm.matchFields': ATOMIC,
    'NodeSpec.podCIDRs': { patchStrategy: 'merge', listType: 'set' },
    'NodeSpec.taints': ATOMIC,
    'NodeStatus.addresses': mergeByKey('type'),
    'NodeStatus.conditions': mergeByKey('type'),
    'NodeStatus.images': ATOMIC,
    'NodeStatus.runtimeHandlers': ATOMIC,
    'NodeStatus.volumesAttached': ATOMIC,
    'NodeStatus.volumesInUse': ATOMIC,
    'PersistentVolumeClaimSpec.accessModes': ATOMIC,
    'PersistentVolumeClaimStatus.accessModes': ATOMIC,
    'PersistentVolumeClaimStatus.allocatedResourceStatuses': GRANULAR_MAP,
    'PersistentVolumeClaimStatus.conditions': mergeByKey('type'),
    'PersistentVolumeSpec.accessModes': ATOMIC,
    'PersistentVolumeSpec.claimRef': GRANULAR_MAP,
    'PersistentVolumeSpec.mountOptions': ATOMIC,
    'PodAffinity.preferredDuringSchedulingIgnoredDuringExecution': ATOMIC,
    'PodAffinity.requiredDuringSchedulingIgnoredDuringExecution': ATOMIC,
    'PodAffinityTerm.matchLabelKeys': ATOMIC,
    'PodAffinityTerm.mismatchLabelKeys': ATOMIC,
    'PodAffinityTerm.namespaces': ATOMIC,
    'PodAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution': ATOMIC,
    'PodAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution': ATOMIC,
    'PodDNSConfig.nameservers': ATOMIC,
    'PodDNSConfig.options': ATOMIC,
    'PodDNSConfig.searches': ATOMIC,
    'PodExtendedResourceClaimStatus.requestMappings': ATOMIC,
    'PodSecurityContext.supplementalGroups': ATOMIC,
    'PodSecurityContext.sysctls': ATOMIC,
    'PodSpec.containers': mergeByKey('name'),
    'PodSpec.ephemeralContainers': mergeByKey('name'),
    'PodSpec.hostAliases': mergeByKey('ip'),
    'PodSpec.imagePullSecrets': mergeByKey('name'),
    'PodSpec.initContainers': mergeByKey('name'),
    'PodSpec.nodeSelector': ATOMIC_MAP,
    'PodSpec.readinessGates': ATOMIC,
    'PodSpec.resourceClaims': mergeByKey('name', { strategy: 'merge,retainKeys' }),
    'PodSpec.schedulingGates': mergeByKey('name'),
    'PodSpec.tolerations': ATOMIC,
    'PodSpec.topologySpreadConstraints': mergeByKey('topologyKey', {
      keys: ['topologyKey', 'whenUnsatisfiable'],
    }),
    'PodSpec.volumes': mergeByKey('name', { strategy: 'merge,retainKeys' }),
    'PodStatus.conditions': mergeByKey('type'),
    'PodStatus.containerStatuses': ATOMIC,
    'PodStatus.ephemeralContainerStatuses': ATOMIC,
    'PodStatus.hostIPs': { patchStrategy: 'merge', patchMergeKey: 'ip', listType: 'atomic' },
    'PodStatus.initContainerStatuses': ATOMIC,
    'PodStatus.podIPs': mergeByKey('ip'),
    'PodStatus.resourceClaimStatuses': mergeByKey('name', { strategy: 'merge,retainKeys' }),
    'ProjectedVolumeSource.sources': ATOMIC,
    'RBDPersistentVolumeSource.monitors': ATOMIC,
    'RBDVolumeSource.monitors': ATOMIC,
    'ReplicationControllerSpec.selector': ATOMIC_MAP,
    'ReplicationControllerStatus.conditions': mergeByKey('type'),
    'ResourceQuotaSpec.scopes': ATOMIC,
    'ResourceRequirements.claims': mapList('name'),
    'ResourceStatus.resources': mapList('resourceID'),
    'ScopeSelector.matchExpressions': ATOMIC,
    'ScopedResourceSelectorRequirement.values': ATOMIC,
    'SecretProjection.items': ATOMIC,
    'SecretVolumeSource.items': ATOMIC,
    'ServiceAccount.imagePullSecrets': ATOMIC,
    'ServiceAccount.secrets': mergeByKey('name'),
    'ServiceSpec.clusterIPs': ATOMIC,
    'ServiceSpec.externalIPs': ATOMIC,
    'ServiceSpec.ipFamilies': ATOMIC,
    'ServiceSpec.loadBalancerSourceRanges': ATOMIC,
    'ServiceSpec.ports': mergeByKey('port', { keys: ['port', 'protocol'] }),
    'ServiceSpec.selector': ATOMIC_MAP,
    'ServiceStatus.conditions': mergeByKey('type'),
    'TopologySelectorLabelRequirement.values': ATOMIC,
    'TopologySelectorTerm.matchLabelExpressions': ATOMIC,
    'TopologySpreadConstraint.matchLabelKeys': ATOMIC,
  },
  'apps/v1': {
    'DaemonSetStatus.conditions': mergeByKey('type'),
    'DeploymentSpec.strategy': { patchStrategy: 'retainKeys' },
    'DeploymentStatus.conditions': mergeByKey('type'),
    'ReplicaSetStatus.conditions': mergeByKey('type'),
    'StatefulSetSpec.volumeClaimTemplates': ATOMIC,
    'StatefulSetStatus.conditions': mergeByKey('type'),
  },
  'batch/v1': {
    'CronJobStatus.active': ATOMIC,
    'JobStatus.conditions': { patchStrategy: 'merge', patchMergeKey: 'type', listType: 'atomic' },
    'PodFailurePolicy.rules': ATOMIC,
    'PodFailurePolicyOnExitCodesRequirement.values': SET,
    'PodFailurePolicyRule.onPodConditions': ATOMIC,
    'SuccessPolicy.rules': ATOMIC,
    'UncountedTerminatedPods.failed': SET,
    'UncountedTerminatedPods.succeeded': SET,
  },
  'networking/v1': {
    'HTTPIngressRuleValue.paths': ATOMIC,
    'IPBlock.except': ATOMIC,
    'IngressLoadBalancerIngress.ports': ATOMIC,
    'IngressLoadBalancerStatus.ingress': ATOMIC,
    'IngressSpec.rules': ATOMIC,
    'IngressSpec.tls': ATOMIC,
    'IngressTLS.hosts': ATOMIC,
    'NetworkPolicyEgressRule.ports': ATOMIC,
    'NetworkPolicyEgressRule.to': ATOMIC,
    'NetworkPolicyIngressRule.from': ATOMIC,
    'NetworkPolicyIngressRule.ports': ATOMIC,
    'NetworkPolicySpec.egress': ATOMIC,
    'NetworkPolicySpec.ingress': ATOMIC,
    'NetworkPolicySpec.policyTypes': ATOMIC,
  },
  'storage/v1': {
    'CSIDriverSpec.tokenRequests': ATOMIC,
    'CSIDriverSpec.volumeLifecycleModes': SET,
    'StorageClass.allowedTopologies': ATOMIC,
    'StorageClass.mountOptions': ATOMIC,
  },
  'autoscaling/v2': {
    'HPAScalingRules.policies': ATOMIC,
    'HorizontalPodAutoscalerSpec.metrics': ATOMIC,
    'HorizontalPodAutoscalerStatus.conditions': mergeByKey('type'),
    'HorizontalPodAutoscalerStatus.currentMetrics': ATOMIC,
  },
  'policy/v1': {
    'PodDisruptionBudgetSpec.selector': { patchStrategy: 'replace' },
    'PodDisruptionBudgetStatus.conditions': mergeByKey('type'),
  },
  'discovery/v1': {
    'Endpoint.addresses': SET,
    'EndpointHints.forNodes': ATOMIC,
    'EndpointHints.forZones': ATOMIC,
    'EndpointSlice.endpoints': ATOMIC,
    'EndpointSlice.ports': ATOMIC,
  },
  'rbac/v1': {
    'AggregationRule.clusterRoleSelectors': ATOMIC,
    'ClusterRole.rules': ATOMIC,
    'ClusterRoleBinding.subjects': ATOMIC,
    'PolicyRule.apiGroups': ATOMIC,
    'PolicyRule.nonResourceURLs': ATOMIC,
    'PolicyRule.resourceNames': ATOMIC,
    'PolicyRule.resources': ATOMIC,
    'PolicyRule.verbs': ATOMIC,
    'Role.rules': ATOMIC,
    'RoleBinding.subjects': ATOMIC,
  },
  'authorization/v1': {
    'FieldSelectorAttributes.requirements': ATOMIC,
    'LabelSelectorAttributes.requirements': ATOMIC,
    'NonResourceRule.nonResourceURLs': ATOMIC,
    'NonResourceRule.verbs': ATOMIC,
    'ResourceRule.apiGroups': ATOMIC,
    'ResourceRule.resourceNames': ATOMIC,
    'ResourceRule.resources': ATOMIC,
    'ResourceRule.verbs': ATOMIC,
    'SubjectRulesReviewStatus.nonResourceRules': ATOMIC,
    'SubjectRulesReviewStatus.resourceRules': ATOMIC,
  },
  'authentication/v1': {
    'TokenRequestSpec.audiences': ATOMIC,
    'UserInfo.groups': ATOMIC,
  },
};

/** Structs marked +structType=atomic: server-side apply replaces them whole. */
export const ATOMIC_STRUCTS: Readonly<Record<string, readonly string[]>> = {
  'meta/v1': ['LabelSelector', 'OwnerReference'],
  'core/v1': [
    'ConfigMapKeySelector',
    'EndpointAddress',
    'EndpointPort',
    'FileKeySelector',
    'LocalObjectReference',
    'NodeSelector',
    'NodeSelectorTerm',
    'ObjectFieldSelector',
    'ObjectReference',
    'ResourceFieldSelector',
    'ScopeSelector',
    'SecretKeySelector',
    'SecretReference',
    'TopologySelectorTerm',
    'TypedLocalObjectReference',
  ],
  'networking/v1': ['ServiceBackendPort'],
  'autoscaling/v1': ['CrossVersionObjectReference'],
  'discovery/v1': ['EndpointPort'],
  'rbac/v1': ['RoleRef', 'Subject'],
};

export function fieldPatchMetadata(
  pkg: string,
  typeName: string,
  field: string,
): FieldPatchMetadata | undefined {
  return FIELD_PATCH_METADATA[pkg]?.[`${typeName}.${field}`];
}

export function isAtomicStruct(pkg: string, typeName: string): boolean {
  return ATOMIC_STRUCTS[pkg]?.includes(typeName) ?? false;
}
