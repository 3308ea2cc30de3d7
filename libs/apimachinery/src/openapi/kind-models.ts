// The built-in kinds whose schemas we carry, and where each comes from: the model name in
// @kubernetes/client-node (what infra/codegen/k8s-openapi-models.ts reads) and the definition name
// Kubernetes' own OpenAPI documents use for it (io.k8s.api.<group>.<version>.<Type>), which is
// how the generated JSON, the $refs of our /openapi documents and the registry name a type.

export interface KindModel {
  group: string;
  version: string;
  kind: string;
  /** The @kubernetes/client-node model, e.g. "V1Deployment". */
  model: string;
  /** Kubernetes' OpenAPI definition name, e.g. "io.k8s.api.apps.v1.Deployment". */
  definition: string;
  /** The list kind's client-node model and definition, for kinds served as collections. */
  listModel?: string;
  listDefinition?: string;
}

const api = (pkg: string, type: string) => `io.k8s.api.${pkg}.${type}`;

function k(
  group: string,
  version: string,
  kind: string,
  model: string,
  pkg: string,
  withList = true,
): KindModel {
  const m: KindModel = { group, version, kind, model, definition: api(pkg, kind) };
  if (withList) {
    m.listModel = `${model}List`;
    m.listDefinition = api(pkg, `${kind}List`);
  }
  return m;
}

export const KIND_MODELS: readonly KindModel[] = [
  k('', 'v1', 'Namespace', 'V1Namespace', 'core.v1'),
  k('', 'v1', 'Node', 'V1Node', 'core.v1'),
  k('', 'v1', 'Pod', 'V1Pod', 'core.v1'),
  k('', 'v1', 'Service', 'V1Service', 'core.v1'),
  k('', 'v1', 'Endpoints', 'V1Endpoints', 'core.v1'),
  k('', 'v1', 'ConfigMap', 'V1ConfigMap', 'core.v1'),
  k('', 'v1', 'Secret', 'V1Secret', 'core.v1'),
  k('', 'v1', 'Event', 'CoreV1Event', 'core.v1'),
  k('', 'v1', 'ServiceAccount', 'V1ServiceAccount', 'core.v1'),
  k('', 'v1', 'PersistentVolume', 'V1PersistentVolume', 'core.v1'),
  k('', 'v1', 'PersistentVolumeClaim', 'V1PersistentVolumeClaim', 'core.v1'),
  k('', 'v1', 'ResourceQuota', 'V1ResourceQuota', 'core.v1'),
  k('', 'v1', 'LimitRange', 'V1LimitRange', 'core.v1'),
  k('', 'v1', 'ReplicationController', 'V1ReplicationController', 'core.v1'),
  k('', 'v1', 'PodTemplate', 'V1PodTemplate', 'core.v1'),
  k('', 'v1', 'Binding', 'V1Binding', 'core.v1', false),
  k('apps', 'v1', 'Deployment', 'V1Deployment', 'apps.v1'),
  k('apps', 'v1', 'ReplicaSet', 'V1ReplicaSet', 'apps.v1'),
  k('apps', 'v1', 'StatefulSet', 'V1StatefulSet', 'apps.v1'),
  k('apps', 'v1', 'DaemonSet', 'V1DaemonSet', 'apps.v1'),
  k('apps', 'v1', 'ControllerRevision', 'V1ControllerRevision', 'apps.v1'),
  k('batch', 'v1', 'Job', 'V1Job', 'batch.v1'),
  k('batch', 'v1', 'CronJob', 'V1CronJob', 'batch.v1'),
  k('networking.k8s.io', 'v1', 'Ingress', 'V1Ingress', 'networking.v1'),
  k('networking.k8s.io', 'v1', 'IngressClass', 'V1IngressClass', 'networking.v1'),
  k('networking.k8s.io', 'v1', 'NetworkPolicy', 'V1NetworkPolicy', 'networking.v1'),
  k('storage.k8s.io', 'v1', 'StorageClass', 'V1StorageClass', 'storage.v1'),
  k('storage.k8s.io', 'v1', 'CSIDriver', 'V1CSIDriver', 'storage.v1'),
  k('autoscaling', 'v1', 'HorizontalPodAutoscaler', 'V1HorizontalPodAutoscaler', 'autoscaling.v1'),
  k('autoscaling', 'v1', 'Scale', 'V1Scale', 'autoscaling.v1', false),
  k('autoscaling', 'v2', 'HorizontalPodAutoscaler', 'V2HorizontalPodAutoscaler', 'autoscaling.v2'),
  k('policy', 'v1', 'PodDisruptionBudget', 'V1PodDisruptionBudget', 'policy.v1'),
  k('policy', 'v1', 'Eviction', 'V1Eviction', 'policy.v1', false),
  k('scheduling.k8s.io', 'v1', 'PriorityClass', 'V1PriorityClass', 'scheduling.v1'),
  k('discovery.k8s.io', 'v1', 'EndpointSlice', 'V1EndpointSlice', 'discovery.v1'),
  k('events.k8s.io', 'v1', 'Event', 'EventsV1Event', 'events.v1'),
  k('coordination.k8s.io', 'v1', 'Lease', 'V1Lease', 'coordination.v1'),
  k('rbac.authorization.k8s.io', 'v1', 'Role', 'V1Role', 'rbac.v1'),
  k('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'V1RoleBinding', 'rbac.v1'),
  k('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'V1ClusterRole', 'rbac.v1'),
  k('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'V1ClusterRoleBinding', 'rbac.v1'),
  k(
    'authorization.k8s.io',
    'v1',
    'SelfSubjectAccessReview',
    'V1SelfSubjectAccessReview',
    'authorization.v1',
    false,
  ),
  k(
    'authorization.k8s.io',
    'v1',
    'SelfSubjectRulesReview',
    'V1SelfSubjectRulesReview',
    'authorization.v1',
    false,
  ),
  k(
    'authentication.k8s.io',
    'v1',
    'SelfSubjectReview',
    'V1SelfSubjectReview',
    'authentication.v1',
    false,
  ),
  k(
    'authentication.k8s.io',
    'v1',
    'TokenRequest',
    'AuthenticationV1TokenRequest',
    'authentication.v1',
    false,
  ),
];

const meta = (type: string) => `io.k8s.apimachinery.pkg.apis.meta.v1.${type}`;

/** meta/v1 types every group-version uses (DELETE bodies, Status answers, watch events, discovery). */
export const META_MODELS: readonly { model: string; definition: string }[] = [
  { model: 'V1ObjectMeta', definition: meta('ObjectMeta') },
  { model: 'V1ListMeta', definition: meta('ListMeta') },
  { model: 'V1Status', definition: meta('Status') },
  { model: 'V1DeleteOptions', definition: meta('DeleteOptions') },
  { model: 'V1WatchEvent', definition: meta('WatchEvent') },
  { model: 'V1APIResourceList', definition: meta('APIResourceList') },
];
