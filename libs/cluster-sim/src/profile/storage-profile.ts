// The storage a simulated cluster offers — which provisioners run, how fast they are, which
// StorageClasses exist at bootstrap — as data a lab may change (kind ships rancher.io/local-path
// behind a default class `standard`; an RWX class such as `efs` is something a lab turns on).

import type { ClusterProfile } from './cluster-profile';

export interface ProvisionerProfile {
  /** The name StorageClasses give in `provisioner` (e.g. rancher.io/local-path). */
  name: string;
  /** Access modes it can provision; a claim asking for another fails with `unsupportedAccessModeMessage`. */
  accessModes: string[];
  /** ProvisioningFailed text for an access mode it cannot serve (the provisioner's own words). */
  unsupportedAccessModeMessage?: string;
  /** Volumes live on one node: the PV gets node affinity to the node the scheduler picked. */
  nodeLocal?: boolean;
  /** A CSI driver (PVs with spec.csi, a CSIDriver object, CSINode entries) rather than a hostPath one. */
  csi?: boolean;
  /** CSI drivers only: volumes are attached to a node (VolumeAttachment) before they can be mounted. */
  attachRequired?: boolean;
  /** CSI drivers only: an external resizer runs, so classes with allowVolumeExpansion can grow claims. */
  resizer?: boolean;
  /** Whether the node must also grow the file system after the controller expanded the volume. */
  nodeExpansion?: boolean;
  /** From the claim being handed to the provisioner to its PersistentVolume existing. */
  provisionMs: number;
  /** From a released volume to its deletion (Delete reclaim policy). */
  deleteMs: number;
  /** CSI attach (VolumeAttachment attached) and controller-side resize durations. */
  attachMs?: number;
  resizeMs?: number;
  /** The pod that runs the provisioner, named in its events' source (`<name>_<pod>_<uuid>`). */
  podName: string;
  /** Parameters a class of this provisioner must carry (e.g. EFS `fileSystemId`); none: any. */
  requiredParameters?: string[];
}

/** A StorageClass created at bootstrap. */
export interface StorageClassProfile {
  name: string;
  provisioner: string;
  isDefault?: boolean;
  reclaimPolicy?: 'Delete' | 'Retain';
  volumeBindingMode?: 'Immediate' | 'WaitForFirstConsumer';
  allowVolumeExpansion?: boolean;
  parameters?: Record<string, string>;
}

export interface StorageProfile {
  /** Provisioners running in the cluster; claims of a class naming any other wait for ever. */
  provisioners: ProvisionerProfile[];
  /** Classes made at bootstrap. */
  classes: StorageClassProfile[];
  /** Offer the ReadWriteMany class `efs` (efs.csi.aws.com) as well: off by default. */
  efs: boolean;
  /** The PV controller's resync period (kube-controller-manager --pvclaimbinder-sync-period). */
  resyncMs: number;
}

export const LOCAL_PATH_PROVISIONER: ProvisionerProfile = {
  name: 'rancher.io/local-path',
  accessModes: ['ReadWriteOnce', 'ReadWriteOncePod'],
  unsupportedAccessModeMessage:
    'NodePath only supports ReadWriteOnce and ReadWriteOncePod (1.22+) access modes',
  nodeLocal: true,
  provisionMs: 2_500,
  deleteMs: 2_000,
  podName: 'local-path-provisioner-7dc846544d-8v8mr',
};

export const EFS_PROVISIONER: ProvisionerProfile = {
  name: 'efs.csi.aws.com',
  accessModes: ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'],
  csi: true,
  attachRequired: false,
  provisionMs: 1_500,
  deleteMs: 1_500,
  podName: 'efs-csi-controller-6f64dcc5dc-x9k2p',
};

/** kind's `standard` class, exactly as kind 1.32 installs it. */
export const STANDARD_CLASS: StorageClassProfile = {
  name: 'standard',
  provisioner: 'rancher.io/local-path',
  isDefault: true,
  reclaimPolicy: 'Delete',
  volumeBindingMode: 'WaitForFirstConsumer',
};

/** The RWX class a lab may enable: the aws-efs-csi-driver's access-point mode. */
export const EFS_CLASS: StorageClassProfile = {
  name: 'efs',
  provisioner: 'efs.csi.aws.com',
  reclaimPolicy: 'Delete',
  volumeBindingMode: 'Immediate',
  parameters: {
    provisioningMode: 'efs-ap',
    fileSystemId: 'fs-0a1b2c3d4e5f67890',
    directoryPerms: '700',
  },
};

export const DEFAULT_STORAGE: StorageProfile = {
  provisioners: [LOCAL_PATH_PROVISIONER],
  classes: [STANDARD_CLASS],
  efs: false,
  resyncMs: 15_000,
};

/** The cluster's storage, defaults filled in (a stored profile may give only some fields). */
export function storageOf(profile: Pick<ClusterProfile, 'storage'>): StorageProfile {
  const s = profile.storage ?? {};
  const efs = s.efs ?? DEFAULT_STORAGE.efs;
  const provisioners = [...(s.provisioners ?? DEFAULT_STORAGE.provisioners)];
  const classes = [...(s.classes ?? DEFAULT_STORAGE.classes)];
  if (efs) {
    if (!provisioners.some((p) => p.name === EFS_PROVISIONER.name))
      provisioners.push(EFS_PROVISIONER);
    if (!classes.some((c) => c.name === EFS_CLASS.name)) classes.push(EFS_CLASS);
  }
  return { provisioners, classes, efs, resyncMs: s.resyncMs ?? DEFAULT_STORAGE.resyncMs };
}

/** The running provisioner of that name, if any. */
export function provisionerOf(
  profile: Pick<ClusterProfile, 'storage'>,
  name: string | undefined,
): ProvisionerProfile | undefined {
  if (!name) return undefined;
  return storageOf(profile).provisioners.find((p) => p.name === name);
}
