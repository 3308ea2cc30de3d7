// pkg/controller/volume/expand (expand_controller.go): a bound claim asking for more than it
// has is handed to the volume's external resizer (the CSI driver named in the
// volume.kubernetes.io/storage-resizer annotation). Volumes no plugin can expand are ignored,
// with a word in the claim's events.

import { isStatusError, type Controller } from '../../controller';
import { ANN_STORAGE_RESIZER, quantity } from '../../../storage/helpers';
import { MIGRATED_PROVISIONERS } from '../persistentvolume/provision';
import { periodicEvent } from '../util/periodic-event';

export const EXPAND_CONTROLLER = 'volume_expand';
/** Informers resync at most twice a day: a stuck request is mentioned again that rarely. */
const REMIND_MS = 12 * 60 * 60_000;

/** The claim asks for more than its volume has and more than the resizer has taken on. */
export function resizeRequested(pvc: any): boolean {
  if (pvc.status?.phase !== 'Bound') return false;
  const request = quantity(pvc.spec?.resources?.requests?.storage);
  const capacity = quantity(pvc.status?.capacity?.storage);
  return request.cmp(capacity) > 0;
}

export const expandController: Controller = {
  name: 'expand-controller',
  reconcile(ctx) {
    let wake: number | undefined;
    for (const pvc of [...ctx.state.list('', 'PersistentVolumeClaim')] as any[]) {
      if (!resizeRequested(pvc)) continue;
      const request = quantity(pvc.spec.resources.requests.storage);
      // Already taken on by the resizer.
      if (quantity(pvc.status?.allocatedResources?.storage).cmp(request) >= 0) continue;
      const pv: any = ctx.state.get('', 'PersistentVolume', '', pvc.spec.volumeName);
      if (!pv) continue;
      const driver =
        pv.spec?.csi?.driver ??
        MIGRATED_PROVISIONERS[
          Object.keys(MIGRATED_PROVISIONERS).find((k) => pv.spec?.[inTreeField(k)]) ?? ''
        ];
      const source = { component: EXPAND_CONTROLLER };
      if (!driver) {
        wake = periodicEvent(
          ctx,
          pvc,
          {
            type: 'Normal',
            reason: 'ExternalExpanding',
            message:
              "Ignoring the PVC: didn't find a plugin capable of expanding the volume; waiting for an external controller to process this PVC.",
            source,
          },
          REMIND_MS,
        );
        continue;
      }
      const claim =
        pvc.metadata.annotations?.[ANN_STORAGE_RESIZER] === driver
          ? pvc
          : ctx.api.mutate(pvc, (c: any) => {
              c.metadata.annotations = {
                ...(c.metadata.annotations ?? {}),
                [ANN_STORAGE_RESIZER]: driver,
              };
            });
      periodicEvent(
        ctx,
        isStatusError(claim) ? pvc : claim,
        {
          type: 'Normal',
          reason: 'ExternalExpanding',
          message: 'waiting for an external controller to expand this PVC',
          source,
        },
        REMIND_MS,
      );
    }
    return wake;
  },
};

function inTreeField(provisioner: string): string {
  return (
    {
      'kubernetes.io/aws-ebs': 'awsElasticBlockStore',
      'kubernetes.io/azure-disk': 'azureDisk',
      'kubernetes.io/azure-file': 'azureFile',
      'kubernetes.io/cinder': 'cinder',
      'kubernetes.io/gce-pd': 'gcePersistentDisk',
      'kubernetes.io/vsphere-volume': 'vsphereVolume',
    } as Record<string, string>
  )[provisioner]!;
}
