import type { KubeObject } from '@kubelab/apimachinery';
import type { ClusterProfile } from '../profile/cluster-profile';
import { storageOf, type StorageClassProfile } from '../profile/storage-profile';

// The storage objects of a new cluster: kind's default StorageClass `standard` (applied by kind
// with kubectl, hence the last-applied annotation), any class the profile adds (the RWX `efs`),
// the CSIDriver of each CSI provisioner, and one CSINode per node, which each kubelet registers.

const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';

/** In-tree plugins whose CSI migration is complete in 1.32 (the kubelet lists them on its CSINode). */
const MIGRATED_PLUGINS = [
  'kubernetes.io/aws-ebs',
  'kubernetes.io/azure-disk',
  'kubernetes.io/azure-file',
  'kubernetes.io/cinder',
  'kubernetes.io/gce-pd',
  'kubernetes.io/vsphere-volume',
].join(',');

/** JSON with object keys sorted, as Go marshals the map kubectl stores. */
function sortedJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(sortedJson).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${sortedJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

function storageClassObject(c: StorageClassProfile): KubeObject {
  const manifest: any = {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: {
      ...(c.isDefault ? { annotations: { [DEFAULT_CLASS_ANNOTATION]: 'true' } } : {}),
      name: c.name,
    },
    ...(c.parameters ? { parameters: c.parameters } : {}),
    provisioner: c.provisioner,
    reclaimPolicy: c.reclaimPolicy ?? 'Delete',
    volumeBindingMode: c.volumeBindingMode ?? 'Immediate',
    ...(c.allowVolumeExpansion !== undefined
      ? { allowVolumeExpansion: c.allowVolumeExpansion }
      : {}),
  };
  const sc = structuredClone(manifest);
  sc.metadata.annotations = {
    'kubectl.kubernetes.io/last-applied-configuration': `${sortedJson(manifest)}\n`,
    ...(manifest.metadata.annotations ?? {}),
  };
  return sc as KubeObject;
}

export function storageBootstrapObjects(
  profile: ClusterProfile,
  nodes: KubeObject[],
): KubeObject[] {
  const storage = storageOf(profile);
  const out: KubeObject[] = storage.classes.map(storageClassObject);
  const csi = storage.provisioners.filter((p) => p.csi);
  for (const p of csi)
    out.push({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'CSIDriver',
      metadata: { name: p.name },
      spec: { attachRequired: !!p.attachRequired, podInfoOnMount: false },
    } as unknown as KubeObject);
  for (const n of nodes)
    out.push({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'CSINode',
      metadata: {
        name: n.metadata.name,
        annotations: { 'storage.alpha.kubernetes.io/migrated-plugins': MIGRATED_PLUGINS },
        ownerReferences: [
          { apiVersion: 'v1', kind: 'Node', name: n.metadata.name, uid: n.metadata.uid! },
        ],
      },
      spec: {
        drivers: csi.length
          ? csi.map((p) => ({ name: p.name, nodeID: n.metadata.name, topologyKeys: null }))
          : null,
      },
    } as unknown as KubeObject);
  return out;
}
