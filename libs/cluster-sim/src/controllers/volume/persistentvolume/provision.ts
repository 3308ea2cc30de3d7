// provisionClaim / provisionClaimOperationExternal / findProvisionablePlugin of
// pkg/controller/volume/persistentvolume/pv_controller.go. In 1.32 kube-controller-manager
// provisions nothing itself: every class names an external provisioner (or a CSI-migrated
// in-tree one), which the controller hands the claim to through the storage-provisioner
// annotations, then says so in an ExternalProvisioning event on every resync until a volume
// appears.

import { isStatusError, type ControllerContext } from '../../controller';
import {
  ANN_BETA_STORAGE_PROVISIONER,
  ANN_STORAGE_PROVISIONER,
  claimClass,
} from '../../../storage/helpers';
import { periodicEvent } from '../util/periodic-event';
import { PV_CONTROLLER } from './binder';

/** In-tree provisioners whose CSI migration is complete: the CSI driver provisions instead. */
export const MIGRATED_PROVISIONERS: Record<string, string> = {
  'kubernetes.io/aws-ebs': 'ebs.csi.aws.com',
  'kubernetes.io/azure-disk': 'disk.csi.azure.com',
  'kubernetes.io/azure-file': 'file.csi.azure.com',
  'kubernetes.io/cinder': 'cinder.csi.openstack.org',
  'kubernetes.io/gce-pd': 'pd.csi.storage.gke.io',
  'kubernetes.io/vsphere-volume': 'csi.vsphere.vmware.com',
};

const failed = (ctx: ControllerContext, pvc: any, message: string, resyncMs: number) =>
  periodicEvent(
    ctx,
    pvc,
    {
      type: 'Warning',
      reason: 'ProvisioningFailed',
      message,
      source: { component: PV_CONTROLLER },
    },
    resyncMs,
  );

/** setClaimProvisioner: both annotations (the beta one is still written in 1.32). */
function setClaimProvisioner(ctx: ControllerContext, pvc: any, provisioner: string): any {
  if (pvc.metadata.annotations?.[ANN_STORAGE_PROVISIONER] === provisioner) return pvc;
  const res = ctx.api.mutate(pvc, (c: any) => {
    c.metadata.annotations = {
      ...(c.metadata.annotations ?? {}),
      [ANN_BETA_STORAGE_PROVISIONER]: provisioner,
      [ANN_STORAGE_PROVISIONER]: provisioner,
    };
  });
  return isStatusError(res) ? pvc : res;
}

/** Hands an unbound claim with a class to its provisioner; returns when to say so again. */
export function provisionClaim(ctx: ControllerContext, pvc: any, resyncMs: number): number {
  const name = claimClass(pvc);
  const sc: any = ctx.state.get('storage.k8s.io', 'StorageClass', '', name);
  if (!sc) return failed(ctx, pvc, `storageclass.storage.k8s.io "${name}" not found`, resyncMs);
  let provisioner: string = sc.provisioner;
  if (MIGRATED_PROVISIONERS[provisioner]) provisioner = MIGRATED_PROVISIONERS[provisioner]!;
  else if (provisioner === 'kubernetes.io/host-path') {
    // The in-tree hostPath plugin exists (for recycling) but provisioning is off in kind.
    const claim = setClaimProvisioner(ctx, pvc, provisioner);
    return failed(
      ctx,
      claim,
      `Failed to create provisioner: provisioning in volume plugin "${provisioner}" is disabled`,
      resyncMs,
    );
  } else if (provisioner.startsWith('kubernetes.io/'))
    return failed(ctx, pvc, `no volume plugin matched name: ${provisioner}`, resyncMs);
  const claim = setClaimProvisioner(ctx, pvc, provisioner);
  return periodicEvent(
    ctx,
    claim,
    {
      type: 'Normal',
      reason: 'ExternalProvisioning',
      message: `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
      source: { component: PV_CONTROLLER },
    },
    resyncMs,
  );
}
