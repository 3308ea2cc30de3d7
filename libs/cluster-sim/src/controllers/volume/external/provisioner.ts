// The external provisioners running in the cluster, after sigs.k8s.io/sig-storage-lib-external-
// provisioner (used by rancher.io/local-path) and kubernetes-csi/external-provisioner (CSI
// drivers such as efs.csi.aws.com): each takes the claims the PV controller annotated with its
// name, makes a volume in the profile's time (`Provisioning`, then `ProvisioningSucceeded` or
// `ProvisioningFailed` with back-off) as a PV pre-bound to the claim, and deletes the volumes
// it made once they are Released under the Delete policy. Which ones run, and how fast, is the
// cluster profile's (storage-profile.ts): a class naming any other provisioner waits for ever.

import { earliest, isStatusError, type Controller, type ControllerContext } from '../../controller';
import { storageOf, type ProvisionerProfile } from '../../../profile/storage-profile';
import {
  ANN_BETA_STORAGE_PROVISIONER,
  ANN_DYNAMICALLY_PROVISIONED,
  ANN_SELECTED_NODE,
  ANN_STORAGE_PROVISIONER,
  claimClass,
  quantity,
} from '../../../storage/helpers';
import { hashString, seededRandom, uuidFrom } from '../../../util/random';
import { claimRefOf } from '../persistentvolume/binder';
import { MIGRATED_PROVISIONERS } from '../persistentvolume/provision';
import { lastEventTime } from '../util/periodic-event';

/** external-provisioner's finalizer on the CSI volumes it will delete (HonorPVReclaimPolicy). */
export const EXTERNAL_PROVISIONER_FINALIZER = 'external-provisioner.volume.kubernetes.io/finalizer';
const LOCAL_PATH_ROOT = '/var/local-path-provisioner';
const BACKOFF_BASE_MS = 15_000;
const BACKOFF_MAX_MS = 1_000_000;

/** `<provisioner>_<pod>_<uuid>`: how the library names itself in events' source. */
export function provisionerIdentity(ctx: Pick<ControllerContext, 'state'>, p: ProvisionerProfile) {
  const seed =
    (ctx.state.get('', 'Namespace', '', 'kube-system') as any)?.metadata?.uid ?? 'kubelab';
  return `${p.name}_${p.podName}_${uuidFrom(seededRandom(`${seed}/${p.name}`))}`;
}

const hex = (seed: string, n: number) => {
  const r = seededRandom(hashString(seed));
  return Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(r() * 16)]).join('');
};

/** Why this provisioner cannot make a volume for the claim (its own words), if it cannot. */
function provisionError(p: ProvisionerProfile, pvc: any, sc: any): string | undefined {
  const modes: string[] = pvc.spec?.accessModes ?? [];
  if (p.nodeLocal && pvc.spec?.selector) return 'claim.Spec.Selector is not supported';
  if (modes.some((m) => !p.accessModes.includes(m)))
    return (
      p.unsupportedAccessModeMessage ??
      'rpc error: code = InvalidArgument desc = Volume capabilities not supported'
    );
  if (p.nodeLocal && !pvc.metadata.annotations?.[ANN_SELECTED_NODE])
    return 'configuration error, no node was specified';
  for (const param of p.requiredParameters ?? [])
    if (!sc.parameters?.[param])
      return `rpc error: code = InvalidArgument desc = Missing "${param}" parameter`;
  return undefined;
}

function volumeFor(ctx: ControllerContext, p: ProvisionerProfile, pvc: any, sc: any): any {
  const name = `pvc-${pvc.metadata.uid}`;
  const node = pvc.metadata.annotations?.[ANN_SELECTED_NODE];
  const spec: any = {
    accessModes: pvc.spec.accessModes,
    capacity: { storage: quantity(pvc.spec.resources?.requests?.storage).toString() },
    claimRef: claimRefOf(pvc),
    persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
    storageClassName: claimClass(pvc),
    volumeMode: pvc.spec.volumeMode ?? 'Filesystem',
    ...(sc.mountOptions?.length ? { mountOptions: sc.mountOptions } : {}),
  };
  const annotations: Record<string, string> = {};
  const finalizers: string[] = [];
  if (p.csi) {
    const identity = `${Date.parse((ctx.state.get('', 'Namespace', '', 'kube-system') as any)?.metadata?.creationTimestamp ?? '') || 0}-${hashString(p.name) % 10000}-${p.name}`;
    const handle =
      p.name === 'efs.csi.aws.com'
        ? `${sc.parameters?.fileSystemId ?? 'fs-0'}::fsap-${hex(name, 17)}`
        : `vol-${hex(name, 17)}`;
    spec.csi = {
      driver: p.name,
      volumeHandle: handle,
      ...(p.name === 'efs.csi.aws.com'
        ? {}
        : { fsType: sc.parameters?.['csi.storage.k8s.io/fstype'] ?? 'ext4' }),
      volumeAttributes: { 'storage.kubernetes.io/csiProvisionerIdentity': identity },
    };
    annotations[ANN_DYNAMICALLY_PROVISIONED] = p.name;
    annotations['volume.kubernetes.io/provisioner-deletion-secret-name'] = '';
    annotations['volume.kubernetes.io/provisioner-deletion-secret-namespace'] = '';
    if (spec.persistentVolumeReclaimPolicy === 'Delete')
      finalizers.push(EXTERNAL_PROVISIONER_FINALIZER);
  } else {
    if (node) annotations['local.path.provisioner/selected-node'] = node;
    annotations[ANN_DYNAMICALLY_PROVISIONED] = p.name;
    spec.hostPath = {
      path: `${LOCAL_PATH_ROOT}/${name}_${pvc.metadata.namespace}_${pvc.metadata.name}`,
      type: 'DirectoryOrCreate',
    };
  }
  if (p.nodeLocal && node)
    spec.nodeAffinity = {
      required: {
        nodeSelectorTerms: [
          { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] },
        ],
      },
    };
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, annotations, ...(finalizers.length ? { finalizers } : {}) },
    spec,
  };
}

/** shouldProvision: the claim is handed to us, its class is ours, and its node is known. */
function classToProvision(ctx: ControllerContext, p: ProvisionerProfile, pvc: any): any {
  if (pvc.spec?.volumeName || pvc.metadata.deletionTimestamp) return undefined;
  const ann = pvc.metadata.annotations ?? {};
  if ((ann[ANN_STORAGE_PROVISIONER] ?? ann[ANN_BETA_STORAGE_PROVISIONER]) !== p.name)
    return undefined;
  const sc: any = ctx.state.get('storage.k8s.io', 'StorageClass', '', claimClass(pvc));
  if (!sc) return undefined;
  if (sc.provisioner !== p.name && MIGRATED_PROVISIONERS[sc.provisioner] !== p.name)
    return undefined;
  if (sc.volumeBindingMode === 'WaitForFirstConsumer' && !ann[ANN_SELECTED_NODE]) return undefined;
  if (ctx.state.get('', 'PersistentVolume', '', `pvc-${pvc.metadata.uid}`)) return undefined;
  return sc;
}

const backoff = (failures: number) =>
  Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));

function provision(ctx: ControllerContext, p: ProvisionerProfile, pvc: any): number | undefined {
  const sc = classToProvision(ctx, p, pvc);
  if (!sc) return undefined;
  const identity = provisionerIdentity(ctx, p);
  const source = { component: identity };
  const started = lastEventTime(ctx, pvc, 'Provisioning', undefined, identity);
  const failed = lastEventTime(ctx, pvc, 'ProvisioningFailed', undefined, identity);
  const retrying = failed && started && failed.at >= started.at;
  if (!started || retrying) {
    if (retrying && ctx.now < failed!.at + backoff(failed!.count))
      return failed!.at + backoff(failed!.count);
    ctx.api.event(pvc, {
      type: 'Normal',
      reason: 'Provisioning',
      message: `External provisioner is provisioning volume for claim "${pvc.metadata.namespace}/${pvc.metadata.name}"`,
      source,
    });
    return ctx.now + p.provisionMs;
  }
  const due = started.at + p.provisionMs;
  if (ctx.now < due) return due;
  // The library refuses block volumes from file-system provisioners before asking them.
  const blockRefused =
    pvc.spec?.volumeMode === 'Block' && !p.csi
      ? `${p.name} does not support block volume provisioning`
      : undefined;
  const err = blockRefused ? undefined : provisionError(p, pvc, sc);
  if (blockRefused || err) {
    ctx.api.event(pvc, {
      type: 'Warning',
      reason: 'ProvisioningFailed',
      message:
        blockRefused ??
        `failed to provision volume with StorageClass "${sc.metadata.name}": ${err}`,
      source,
    });
    return ctx.now + backoff((failed?.count ?? 0) + 1);
  }
  const pv = volumeFor(ctx, p, pvc, sc);
  const created = ctx.api.create(pv);
  if (isStatusError(created)) return undefined;
  ctx.api.event(pvc, {
    type: 'Normal',
    reason: 'ProvisioningSucceeded',
    message: `Successfully provisioned volume ${pv.metadata.name}`,
    source,
  });
  return undefined;
}

/** The provisioner deletes the Released volumes it made under the Delete policy. */
function reclaim(ctx: ControllerContext, p: ProvisionerProfile, pv: any): number | undefined {
  if (pv.metadata.annotations?.[ANN_DYNAMICALLY_PROVISIONED] !== p.name) return undefined;
  if (pv.spec?.persistentVolumeReclaimPolicy !== 'Delete' || pv.status?.phase !== 'Released')
    return undefined;
  const due = (Date.parse(pv.status?.lastPhaseTransitionTime ?? '') || ctx.now) + p.deleteMs;
  if (ctx.now < due) return due;
  if (pv.metadata.finalizers?.includes(EXTERNAL_PROVISIONER_FINALIZER))
    ctx.api.mutate(pv, (c: any) => {
      c.metadata.finalizers = c.metadata.finalizers.filter(
        (f: string) => f !== EXTERNAL_PROVISIONER_FINALIZER,
      );
    });
  const current: any = ctx.state.get('', 'PersistentVolume', '', pv.metadata.name);
  if (current && !current.metadata.deletionTimestamp) ctx.api.delete(current);
  return undefined;
}

export const externalProvisioner: Controller = {
  name: 'external-provisioner',
  reconcile(ctx) {
    const { provisioners } = storageOf(ctx.profile);
    if (!provisioners.length) return undefined;
    let wake: number | undefined;
    for (const p of provisioners) {
      for (const pvc of [...ctx.state.list('', 'PersistentVolumeClaim')])
        wake = earliest(wake, provision(ctx, p, pvc));
      for (const pv of [...ctx.state.list('', 'PersistentVolume')])
        wake = earliest(wake, reclaim(ctx, p, pv));
    }
    return wake;
  },
};
