// Hand-built SchemaNode trees for the patch tests: upstream's MergeItem test type and the
// Kubernetes 1.32 shapes (patch strategies, merge keys, list and map types as in its OpenAPI).
import type { SchemaNode, SchemaType } from '../../src/openapi/schema-node';

type Meta = Partial<
  Pick<
    SchemaNode,
    | 'patchStrategy'
    | 'patchMergeKey'
    | 'listType'
    | 'listMapKeys'
    | 'mapType'
    | 'format'
    | 'typeName'
  >
> & { default?: unknown };

class Node implements SchemaNode {
  readonly patchStrategy?: string;
  readonly patchMergeKey?: string;
  readonly listType?: 'atomic' | 'set' | 'map';
  readonly listMapKeys?: readonly string[];
  readonly mapType?: 'granular' | 'atomic';
  readonly format?: string;
  readonly typeName?: string;
  readonly default?: unknown;
  private resolved?: Record<string, SchemaNode>;

  constructor(
    readonly type: SchemaType,
    private readonly fields: () => Record<string, SchemaNode> = () => ({}),
    private readonly itemsOf?: () => SchemaNode,
    private readonly valuesOf?: () => SchemaNode,
    meta: Meta = {},
  ) {
    Object.assign(this, meta);
  }
  private all(): Record<string, SchemaNode> {
    return (this.resolved ??= this.fields());
  }
  field(name: string): SchemaNode | undefined {
    return Object.prototype.hasOwnProperty.call(this.all(), name) ? this.all()[name] : undefined;
  }
  fieldNames(): readonly string[] {
    return Object.keys(this.all());
  }
  get items(): SchemaNode | undefined {
    return this.itemsOf?.();
  }
  get values(): SchemaNode | undefined {
    return this.valuesOf?.();
  }
}

export const str = (meta: Meta = {}) => new Node('string', undefined, undefined, undefined, meta);
export const int = (meta: Meta = {}) => new Node('integer', undefined, undefined, undefined, meta);
export const num = (meta: Meta = {}) => new Node('number', undefined, undefined, undefined, meta);
export const bool = (meta: Meta = {}) => new Node('boolean', undefined, undefined, undefined, meta);
export const time = () => new Node('date-time');
export const intOrString = () => new Node('int-or-string');
export const quantity = () => new Node('quantity');
export const any = (meta: Meta = {}) => new Node('any', undefined, undefined, undefined, meta);
export const obj = (typeName: string, fields: () => Record<string, SchemaNode>, meta: Meta = {}) =>
  new Node('object', fields, undefined, undefined, { typeName, ...meta });
export const arr = (items: () => SchemaNode, meta: Meta = {}) =>
  new Node('array', undefined, items, undefined, meta);
export const mapOf = (values: () => SchemaNode, meta: Meta = {}) =>
  new Node('map', undefined, undefined, values, meta);
/** The same type under a field that carries its own patch metadata. */
export const ref = (target: () => SchemaNode, meta: Meta) => {
  const t = () => target();
  return new Node(
    'object',
    () =>
      Object.fromEntries(
        t()
          .fieldNames()
          .map((n) => [n, t().field(n)!]),
      ),
    undefined,
    undefined,
    { typeName: undefined, ...meta },
  );
};

// --- upstream strategicpatch test types (patch_test.go MergeItem, RetainKeysMergeItem) ---

export const mergeItem: SchemaNode = obj('mergeItem', () => ({
  name: str(),
  value: str(),
  other: str(),
  mergingList: arr(() => mergeItem, { patchStrategy: 'merge', patchMergeKey: 'name' }),
  nonMergingList: arr(() => mergeItem),
  mergingIntList: arr(() => int(), { patchStrategy: 'merge' }),
  nonMergingIntList: arr(() => int()),
  mergeItemPtr: ref(() => mergeItem, { patchStrategy: 'merge', patchMergeKey: 'name' }),
  simpleMap: mapOf(() => str()),
  replacingItem: any({ patchStrategy: 'replace' }),
  retainKeysMap: ref(() => retainKeysMergeItem, { patchStrategy: 'retainKeys' }),
  retainKeysMergingList: arr(() => mergeItem, {
    patchStrategy: 'merge,retainKeys',
    patchMergeKey: 'name',
  }),
}));

const retainKeysMergeItem: SchemaNode = obj('retainKeysMergeItem', () => ({
  name: str(),
  value: str(),
  other: str(),
  simpleMap: mapOf(() => str()),
  mergingIntList: arr(() => int(), { patchStrategy: 'merge' }),
  mergingList: arr(() => mergeItem, { patchStrategy: 'merge', patchMergeKey: 'name' }),
  nonMergingList: arr(() => mergeItem),
}));

export const precisionItem: SchemaNode = obj('precisionItem', () => ({
  name: str(),
  int32: int({ format: 'int32' }),
  int64: int({ format: 'int64' }),
  float32: num({ format: 'float' }),
  float64: num({ format: 'double' }),
}));

// --- Kubernetes 1.32 ---

const stringMap = () => mapOf(() => str());

export const objectMeta: SchemaNode = obj('ObjectMeta', () => ({
  name: str(),
  generateName: str(),
  namespace: str(),
  uid: str(),
  resourceVersion: str(),
  generation: int(),
  creationTimestamp: time(),
  deletionTimestamp: time(),
  labels: stringMap(),
  annotations: stringMap(),
  finalizers: arr(() => str(), { listType: 'set', patchStrategy: 'merge' }),
  ownerReferences: arr(() => ownerReference, {
    listType: 'map',
    listMapKeys: ['uid'],
    patchStrategy: 'merge',
    patchMergeKey: 'uid',
  }),
  managedFields: arr(() => managedFieldsEntry),
}));

const ownerReference: SchemaNode = obj(
  'OwnerReference',
  () => ({
    apiVersion: str(),
    kind: str(),
    name: str(),
    uid: str(),
    controller: bool(),
    blockOwnerDeletion: bool(),
  }),
  { mapType: 'atomic' },
);

const managedFieldsEntry: SchemaNode = obj('ManagedFieldsEntry', () => ({
  manager: str(),
  operation: str(),
  apiVersion: str(),
  time: time(),
  fieldsType: str(),
  fieldsV1: obj('FieldsV1', () => ({})),
  subresource: str(),
}));

const labelSelector: SchemaNode = obj(
  'LabelSelector',
  () => ({
    matchLabels: stringMap(),
    matchExpressions: arr(() =>
      obj('LabelSelectorRequirement', () => ({
        key: str(),
        operator: str(),
        values: arr(() => str()),
      })),
    ),
  }),
  { mapType: 'atomic' },
);

const containerPort: SchemaNode = obj('ContainerPort', () => ({
  name: str(),
  hostPort: int(),
  containerPort: int(),
  protocol: str({ default: 'TCP' }),
  hostIP: str(),
}));

const envVar: SchemaNode = obj('EnvVar', () => ({
  name: str(),
  value: str(),
  valueFrom: obj('EnvVarSource', () => ({
    fieldRef: obj('ObjectFieldSelector', () => ({ apiVersion: str(), fieldPath: str() }), {
      mapType: 'atomic',
    }),
    configMapKeyRef: obj(
      'ConfigMapKeySelector',
      () => ({ name: str(), key: str(), optional: bool() }),
      {
        mapType: 'atomic',
      },
    ),
  })),
}));

const volumeMount: SchemaNode = obj('VolumeMount', () => ({
  name: str(),
  readOnly: bool(),
  mountPath: str(),
  subPath: str(),
}));

const resourceRequirements: SchemaNode = obj('ResourceRequirements', () => ({
  limits: mapOf(() => quantity()),
  requests: mapOf(() => quantity()),
}));

const probe: SchemaNode = obj('Probe', () => ({
  httpGet: obj('HTTPGetAction', () => ({ path: str(), port: intOrString(), scheme: str() })),
  exec: obj('ExecAction', () => ({ command: arr(() => str(), { listType: 'atomic' }) })),
  initialDelaySeconds: int(),
  periodSeconds: int(),
}));

export const container: SchemaNode = obj('Container', () => ({
  name: str(),
  image: str(),
  command: arr(() => str(), { listType: 'atomic' }),
  args: arr(() => str(), { listType: 'atomic' }),
  workingDir: str(),
  ports: arr(() => containerPort, {
    listType: 'map',
    listMapKeys: ['containerPort', 'protocol'],
    patchStrategy: 'merge',
    patchMergeKey: 'containerPort',
  }),
  env: arr(() => envVar, {
    listType: 'map',
    listMapKeys: ['name'],
    patchStrategy: 'merge',
    patchMergeKey: 'name',
  }),
  resources: resourceRequirements,
  volumeMounts: arr(() => volumeMount, {
    listType: 'map',
    listMapKeys: ['mountPath'],
    patchStrategy: 'merge',
    patchMergeKey: 'mountPath',
  }),
  livenessProbe: probe,
  readinessProbe: probe,
  imagePullPolicy: str(),
  terminationMessagePath: str(),
  terminationMessagePolicy: str(),
}));

const keyToPath = () =>
  arr(() => obj('KeyToPath', () => ({ key: str(), path: str(), mode: int() })), {
    listType: 'atomic',
  });

const volume: SchemaNode = obj('Volume', () => ({
  name: str(),
  hostPath: obj('HostPathVolumeSource', () => ({ path: str(), type: str() })),
  emptyDir: obj('EmptyDirVolumeSource', () => ({ medium: str(), sizeLimit: quantity() })),
  secret: obj('SecretVolumeSource', () => ({
    secretName: str(),
    items: keyToPath(),
    defaultMode: int(),
    optional: bool(),
  })),
  configMap: obj('ConfigMapVolumeSource', () => ({
    name: str(),
    items: keyToPath(),
    defaultMode: int(),
    optional: bool(),
  })),
  persistentVolumeClaim: obj('PersistentVolumeClaimVolumeSource', () => ({
    claimName: str(),
    readOnly: bool(),
  })),
}));

const toleration: SchemaNode = obj('Toleration', () => ({
  key: str(),
  operator: str(),
  value: str(),
  effect: str(),
  tolerationSeconds: int(),
}));

export const podSpec: SchemaNode = obj('PodSpec', () => ({
  volumes: arr(() => volume, {
    listType: 'map',
    listMapKeys: ['name'],
    patchStrategy: 'merge,retainKeys',
    patchMergeKey: 'name',
  }),
  initContainers: arr(() => container, {
    listType: 'map',
    listMapKeys: ['name'],
    patchStrategy: 'merge',
    patchMergeKey: 'name',
  }),
  containers: arr(() => container, {
    listType: 'map',
    listMapKeys: ['name'],
    patchStrategy: 'merge',
    patchMergeKey: 'name',
  }),
  restartPolicy: str(),
  terminationGracePeriodSeconds: int(),
  dnsPolicy: str(),
  nodeSelector: mapOf(() => str(), { mapType: 'atomic' }),
  serviceAccountName: str(),
  nodeName: str(),
  hostNetwork: bool(),
  schedulerName: str(),
  securityContext: obj('PodSecurityContext', () => ({ runAsUser: int(), fsGroup: int() })),
  tolerations: arr(() => toleration, { listType: 'atomic' }),
}));

const podTemplateSpec: SchemaNode = obj('PodTemplateSpec', () => ({
  metadata: objectMeta,
  spec: podSpec,
}));

const condition = (typeName: string) =>
  obj(typeName, () => ({
    type: str(),
    status: str(),
    reason: str(),
    message: str(),
    lastTransitionTime: time(),
    lastUpdateTime: time(),
  }));

export const deployment: SchemaNode = obj('Deployment', () => ({
  apiVersion: str(),
  kind: str(),
  metadata: objectMeta,
  spec: obj('DeploymentSpec', () => ({
    replicas: int({ format: 'int32' }),
    selector: labelSelector,
    template: podTemplateSpec,
    strategy: obj('DeploymentStrategy', () => ({
      type: str(),
      rollingUpdate: obj('RollingUpdateDeployment', () => ({
        maxUnavailable: intOrString(),
        maxSurge: intOrString(),
      })),
    })),
    minReadySeconds: int(),
    revisionHistoryLimit: int(),
    paused: bool(),
    progressDeadlineSeconds: int(),
  })),
  status: obj('DeploymentStatus', () => ({
    observedGeneration: int(),
    replicas: int(),
    updatedReplicas: int(),
    readyReplicas: int(),
    availableReplicas: int(),
    conditions: arr(() => condition('DeploymentCondition'), {
      listType: 'map',
      listMapKeys: ['type'],
      patchStrategy: 'merge',
      patchMergeKey: 'type',
    }),
  })),
}));

export const pod: SchemaNode = obj('Pod', () => ({
  apiVersion: str(),
  kind: str(),
  metadata: objectMeta,
  spec: podSpec,
  status: obj('PodStatus', () => ({
    phase: str(),
    podIP: str(),
    conditions: arr(() => condition('PodCondition'), {
      listType: 'map',
      listMapKeys: ['type'],
      patchStrategy: 'merge',
      patchMergeKey: 'type',
    }),
  })),
}));

const servicePort: SchemaNode = obj('ServicePort', () => ({
  name: str(),
  protocol: str({ default: 'TCP' }),
  port: int(),
  targetPort: intOrString(),
  nodePort: int(),
}));

export const service: SchemaNode = obj('Service', () => ({
  apiVersion: str(),
  kind: str(),
  metadata: objectMeta,
  spec: obj('ServiceSpec', () => ({
    ports: arr(() => servicePort, {
      listType: 'map',
      listMapKeys: ['port', 'protocol'],
      patchStrategy: 'merge',
      patchMergeKey: 'port',
    }),
    selector: mapOf(() => str(), { mapType: 'atomic' }),
    clusterIP: str(),
    clusterIPs: arr(() => str(), { listType: 'atomic' }),
    type: str(),
    sessionAffinity: str(),
    externalTrafficPolicy: str(),
  })),
  status: obj('ServiceStatus', () => ({
    loadBalancer: obj('LoadBalancerStatus', () => ({
      ingress: arr(() => obj('LoadBalancerIngress', () => ({ ip: str(), hostname: str() })), {
        listType: 'atomic',
      }),
    })),
  })),
}));

export const configMap: SchemaNode = obj('ConfigMap', () => ({
  apiVersion: str(),
  kind: str(),
  metadata: objectMeta,
  data: stringMap(),
  binaryData: mapOf(() => str({ format: 'byte' })),
  immutable: bool(),
}));

export const replicationController: SchemaNode = obj('ReplicationController', () => ({
  apiVersion: str(),
  kind: str(),
  metadata: objectMeta,
  spec: obj('ReplicationControllerSpec', () => ({
    replicas: int(),
    minReadySeconds: int(),
    selector: mapOf(() => str(), { mapType: 'atomic' }),
    template: podTemplateSpec,
  })),
  status: obj('ReplicationControllerStatus', () => ({ replicas: int() })),
}));

// --- structured-merge-diff test types (typed/merge_test.go, merge/set_test.go) ---

/** "struct grab bag" and "associative list" of typed/merge_test.go, with apiVersion/kind/metadata. */
export const smdGrabBag: SchemaNode = obj('myStruct', () => ({
  apiVersion: str(),
  kind: str(),
  metadata: objectMeta,
  numeric: num(),
  string: str(),
  bool: bool(),
  setStr: arr(() => str(), { listType: 'set' }),
  setBool: arr(() => bool(), { listType: 'set' }),
  setNumeric: arr(() => num(), { listType: 'set' }),
  list: arr(
    () =>
      obj('myElement', () => ({
        key: str(),
        id: num(),
        value: mapOf(() => str()),
        bv: bool(),
        nv: num(),
      })),
    { listType: 'map', listMapKeys: ['key', 'id'] },
  ),
  atomicList: arr(() => str(), { listType: 'atomic' }),
}));
