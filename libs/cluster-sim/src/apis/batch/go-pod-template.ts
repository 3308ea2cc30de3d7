import { GoValue } from '@kubelab/apimachinery';
import { fnv32a } from '../../util/names';

// How Go's %#v prints an internal core.PodTemplateSpec (pkg/apis/core types, Kubernetes 1.32):
// the value in "spec.template: Invalid value: core.PodTemplateSpec{...}: field is immutable".
// Structs print every field in declaration order; pointers to structs print as an address (a
// stable fake one here), since fmt does not follow them.

type Field = [goName: string, jsonName: string, type: string];

const str = (v: unknown) => JSON.stringify(v === undefined || v === null ? '' : String(v));

function address(seed: string): string {
  return `0xc00${fnv32a(seed).toString(16).padStart(8, '0').slice(0, 7)}`;
}

function stringMap(v: any, type = 'map[string]string'): string {
  if (!v || typeof v !== 'object') return `${type}(nil)`;
  const body = Object.keys(v)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${JSON.stringify(String(v[k]))}`)
    .join(', ');
  return `${type}{${body}}`;
}

function stringList(v: any): string {
  if (!Array.isArray(v)) return '[]string(nil)';
  return `[]string{${v.map((s) => JSON.stringify(String(s))).join(', ')}}`;
}

function pointer(type: string, v: unknown, seed: string): string {
  if (v === undefined || v === null) return `(*${type})(nil)`;
  return `(*${type})(${address(seed)})`;
}

function struct(type: string, fields: Field[], v: any, seed: string): string {
  const o = v ?? {};
  return `${type}{${fields.map(([g, j, t]) => `${g}:${render(t, o[j], `${seed}.${j}`)}`).join(', ')}}`;
}

function list(elem: string, v: any, seed: string): string {
  if (!Array.isArray(v)) return `[]${elem}(nil)`;
  return `[]${elem}{${v.map((x, i) => render(elem, x, `${seed}[${i}]`)).join(', ')}}`;
}

const OBJECT_META: Field[] = [
  ['Name', 'name', 'string'],
  ['GenerateName', 'generateName', 'string'],
  ['Namespace', 'namespace', 'string'],
  ['SelfLink', 'selfLink', 'string'],
  ['UID', 'uid', 'string'],
  ['ResourceVersion', 'resourceVersion', 'string'],
  ['Generation', 'generation', 'int'],
  ['CreationTimestamp', 'creationTimestamp', 'time'],
  ['DeletionTimestamp', 'deletionTimestamp', 'time*'],
  ['DeletionGracePeriodSeconds', 'deletionGracePeriodSeconds', '*int64'],
  ['Labels', 'labels', 'map'],
  ['Annotations', 'annotations', 'map'],
  ['OwnerReferences', 'ownerReferences', '[]v1.OwnerReference'],
  ['Finalizers', 'finalizers', '[]string'],
  ['ManagedFields', 'managedFields', '[]v1.ManagedFieldsEntry'],
];

const CONTAINER: Field[] = [
  ['Name', 'name', 'string'],
  ['Image', 'image', 'string'],
  ['Command', 'command', '[]string'],
  ['Args', 'args', '[]string'],
  ['WorkingDir', 'workingDir', 'string'],
  ['Ports', 'ports', '[]core.ContainerPort'],
  ['EnvFrom', 'envFrom', '[]core.EnvFromSource'],
  ['Env', 'env', '[]core.EnvVar'],
  ['Resources', 'resources', 'core.ResourceRequirements'],
  ['ResizePolicy', 'resizePolicy', '[]core.ContainerResizePolicy'],
  ['RestartPolicy', 'restartPolicy', '*core.ContainerRestartPolicy'],
  ['VolumeMounts', 'volumeMounts', '[]core.VolumeMount'],
  ['VolumeDevices', 'volumeDevices', '[]core.VolumeDevice'],
  ['LivenessProbe', 'livenessProbe', '*core.Probe'],
  ['ReadinessProbe', 'readinessProbe', '*core.Probe'],
  ['StartupProbe', 'startupProbe', '*core.Probe'],
  ['Lifecycle', 'lifecycle', '*core.Lifecycle'],
  ['TerminationMessagePath', 'terminationMessagePath', 'string'],
  ['TerminationMessagePolicy', 'terminationMessagePolicy', 'string'],
  ['ImagePullPolicy', 'imagePullPolicy', 'string'],
  ['SecurityContext', 'securityContext', '*core.SecurityContext'],
  ['Stdin', 'stdin', 'bool'],
  ['StdinOnce', 'stdinOnce', 'bool'],
  ['TTY', 'tty', 'bool'],
];

const POD_SPEC: Field[] = [
  ['Volumes', 'volumes', '[]core.Volume'],
  ['InitContainers', 'initContainers', '[]core.Container'],
  ['Containers', 'containers', '[]core.Container'],
  ['EphemeralContainers', 'ephemeralContainers', '[]core.EphemeralContainer'],
  ['RestartPolicy', 'restartPolicy', 'string'],
  ['TerminationGracePeriodSeconds', 'terminationGracePeriodSeconds', '*int64'],
  ['ActiveDeadlineSeconds', 'activeDeadlineSeconds', '*int64'],
  ['DNSPolicy', 'dnsPolicy', 'string'],
  ['NodeSelector', 'nodeSelector', 'map'],
  ['ServiceAccountName', 'serviceAccountName', 'string'],
  ['AutomountServiceAccountToken', 'automountServiceAccountToken', '*bool'],
  ['NodeName', 'nodeName', 'string'],
  ['SecurityContext', 'securityContext', '*core.PodSecurityContext'],
  ['ImagePullSecrets', 'imagePullSecrets', '[]core.LocalObjectReference'],
  ['Hostname', 'hostname', 'string'],
  ['Subdomain', 'subdomain', 'string'],
  ['SetHostnameAsFQDN', 'setHostnameAsFQDN', '*bool'],
  ['Affinity', 'affinity', '*core.Affinity'],
  ['SchedulerName', 'schedulerName', 'string'],
  ['Tolerations', 'tolerations', '[]core.Toleration'],
  ['HostAliases', 'hostAliases', '[]core.HostAlias'],
  ['PriorityClassName', 'priorityClassName', 'string'],
  ['Priority', 'priority', '*int32'],
  ['PreemptionPolicy', 'preemptionPolicy', '*core.PreemptionPolicy'],
  ['DNSConfig', 'dnsConfig', '*core.PodDNSConfig'],
  ['ReadinessGates', 'readinessGates', '[]core.PodReadinessGate'],
  ['RuntimeClassName', 'runtimeClassName', '*string'],
  ['Overhead', 'overhead', 'core.ResourceList'],
  ['EnableServiceLinks', 'enableServiceLinks', '*bool'],
  ['TopologySpreadConstraints', 'topologySpreadConstraints', '[]core.TopologySpreadConstraint'],
  ['OS', 'os', '*core.PodOS'],
  ['SchedulingGates', 'schedulingGates', '[]core.PodSchedulingGate'],
  ['ResourceClaims', 'resourceClaims', '[]core.PodResourceClaim'],
  ['Resources', 'podResources', '*core.ResourceRequirements'],
];

const VOLUME_SOURCES: [string, string, string][] = [
  ['HostPath', 'hostPath', 'HostPathVolumeSource'],
  ['EmptyDir', 'emptyDir', 'EmptyDirVolumeSource'],
  ['GCEPersistentDisk', 'gcePersistentDisk', 'GCEPersistentDiskVolumeSource'],
  ['AWSElasticBlockStore', 'awsElasticBlockStore', 'AWSElasticBlockStoreVolumeSource'],
  ['GitRepo', 'gitRepo', 'GitRepoVolumeSource'],
  ['Secret', 'secret', 'SecretVolumeSource'],
  ['NFS', 'nfs', 'NFSVolumeSource'],
  ['ISCSI', 'iscsi', 'ISCSIVolumeSource'],
  ['Glusterfs', 'glusterfs', 'GlusterfsVolumeSource'],
  ['PersistentVolumeClaim', 'persistentVolumeClaim', 'PersistentVolumeClaimVolumeSource'],
  ['RBD', 'rbd', 'RBDVolumeSource'],
  ['Quobyte', 'quobyte', 'QuobyteVolumeSource'],
  ['FlexVolume', 'flexVolume', 'FlexVolumeSource'],
  ['Cinder', 'cinder', 'CinderVolumeSource'],
  ['CephFS', 'cephfs', 'CephFSVolumeSource'],
  ['Flocker', 'flocker', 'FlockerVolumeSource'],
  ['DownwardAPI', 'downwardAPI', 'DownwardAPIVolumeSource'],
  ['FC', 'fc', 'FCVolumeSource'],
  ['AzureFile', 'azureFile', 'AzureFileVolumeSource'],
  ['ConfigMap', 'configMap', 'ConfigMapVolumeSource'],
  ['VsphereVolume', 'vsphereVolume', 'VsphereVirtualDiskVolumeSource'],
  ['AzureDisk', 'azureDisk', 'AzureDiskVolumeSource'],
  ['PhotonPersistentDisk', 'photonPersistentDisk', 'PhotonPersistentDiskVolumeSource'],
  ['Projected', 'projected', 'ProjectedVolumeSource'],
  ['PortworxVolume', 'portworxVolume', 'PortworxVolumeSource'],
  ['ScaleIO', 'scaleIO', 'ScaleIOVolumeSource'],
  ['StorageOS', 'storageos', 'StorageOSVolumeSource'],
  ['CSI', 'csi', 'CSIVolumeSource'],
  ['Ephemeral', 'ephemeral', 'EphemeralVolumeSource'],
  ['Image', 'image', 'ImageVolumeSource'],
];

const STRUCTS: Record<string, Field[]> = {
  'core.Container': CONTAINER,
  'core.ContainerPort': [
    ['Name', 'name', 'string'],
    ['HostPort', 'hostPort', 'int'],
    ['ContainerPort', 'containerPort', 'int'],
    ['Protocol', 'protocol', 'string'],
    ['HostIP', 'hostIP', 'string'],
  ],
  'core.EnvVar': [
    ['Name', 'name', 'string'],
    ['Value', 'value', 'string'],
    ['ValueFrom', 'valueFrom', '*core.EnvVarSource'],
  ],
  'core.EnvFromSource': [
    ['Prefix', 'prefix', 'string'],
    ['ConfigMapRef', 'configMapRef', '*core.ConfigMapEnvSource'],
    ['SecretRef', 'secretRef', '*core.SecretEnvSource'],
  ],
  'core.VolumeMount': [
    ['Name', 'name', 'string'],
    ['ReadOnly', 'readOnly', 'bool'],
    ['RecursiveReadOnly', 'recursiveReadOnly', '*core.RecursiveReadOnlyMode'],
    ['MountPath', 'mountPath', 'string'],
    ['SubPath', 'subPath', 'string'],
    ['MountPropagation', 'mountPropagation', '*core.MountPropagationMode'],
    ['SubPathExpr', 'subPathExpr', 'string'],
  ],
  'core.Toleration': [
    ['Key', 'key', 'string'],
    ['Operator', 'operator', 'string'],
    ['Value', 'value', 'string'],
    ['Effect', 'effect', 'string'],
    ['TolerationSeconds', 'tolerationSeconds', '*int64'],
  ],
  'core.LocalObjectReference': [['Name', 'name', 'string']],
  'core.ResourceRequirements': [
    ['Limits', 'limits', 'core.ResourceList'],
    ['Requests', 'requests', 'core.ResourceList'],
    ['Claims', 'claims', '[]core.ResourceClaim'],
  ],
  'core.PodSchedulingGate': [['Name', 'name', 'string']],
  'core.PodReadinessGate': [['ConditionType', 'conditionType', 'string']],
};

/** resource.Quantity as %#v shows it (the cached string kept as written). */
function quantity(v: unknown): string {
  const s = String(v);
  const m = /^([0-9.]+)([a-zA-Z]*)$/.exec(s);
  const binary = /i$/.test(m?.[2] ?? '');
  const scales: Record<string, [number, number]> = {
    m: [1, -3],
    '': [1, 0],
    k: [1, 3],
    M: [1, 6],
    G: [1, 9],
    T: [1, 12],
    Ki: [1024, 0],
    Mi: [1024 ** 2, 0],
    Gi: [1024 ** 3, 0],
    Ti: [1024 ** 4, 0],
  };
  const [mult, scale] = scales[m?.[2] ?? ''] ?? [1, 0];
  const value = Math.round(Number(m?.[1] ?? 0) * mult);
  return `resource.Quantity{i:resource.int64Amount{value:${value}, scale:${scale}}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:${JSON.stringify(s)}, Format:${JSON.stringify(binary ? 'BinarySI' : 'DecimalSI')}}`;
}

function render(type: string, v: any, seed: string): string {
  switch (type) {
    case 'string':
      return str(v);
    case 'int':
      return String(v ?? 0);
    case 'bool':
      return String(!!v);
    case 'map':
      return stringMap(v);
    case '[]string':
      return stringList(v);
    case 'time':
      return 'time.Date(1, time.January, 1, 0, 0, 0, 0, time.UTC)';
    case 'time*':
      return '<nil>';
    case 'core.ResourceList': {
      if (!v || typeof v !== 'object') return 'core.ResourceList(nil)';
      const body = Object.keys(v)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${quantity(v[k])}`)
        .join(', ');
      return `core.ResourceList{${body}}`;
    }
    case 'core.Volume': {
      const src = VOLUME_SOURCES.map(
        ([g, j, t]) => `${g}:${pointer(`core.${t}`, v?.[j], `${seed}.${j}`)}`,
      ).join(', ');
      return `core.Volume{Name:${str(v?.name)}, VolumeSource:core.VolumeSource{${src}}}`;
    }
  }
  if (type.startsWith('[]')) return list(type.slice(2), v, seed);
  if (type.startsWith('*')) return pointer(type.slice(1), v, seed);
  const fields = STRUCTS[type];
  if (fields) return struct(type, fields, v, seed);
  // A struct this printer does not spell out: its Go type with the fields left out.
  return `${type}{}`;
}

/** core.PodTemplateSpec{ObjectMeta:v1.ObjectMeta{...}, Spec:core.PodSpec{...}} */
export function goPodTemplateSpec(template: any): GoValue {
  const t = template ?? {};
  const spec = { ...(t.spec ?? {}), podResources: t.spec?.resources };
  return new GoValue(
    `core.PodTemplateSpec{ObjectMeta:${struct('v1.ObjectMeta', OBJECT_META, t.metadata, 'meta')}, Spec:${struct('core.PodSpec', POD_SPEC, spec, 'spec')}}`,
  );
}
