// reclaimVolume / deleteVolumeOperation / recycleVolumeOperation of
// pkg/controller/volume/persistentvolume/pv_controller.go: what happens to a volume whose claim
// is gone. Retain keeps it (Released, data intact); Delete removes it — by its external
// provisioner for provisioned and CSI volumes, by the in-tree hostPath deleter (which only
// removes /tmp/...) otherwise; the deprecated Recycle scrubs it and makes it Available again.

import { isStatusError, type ControllerContext } from '../../controller';
import { ANN_DYNAMICALLY_PROVISIONED, isPodTerminated } from '../../../storage/helpers';
import { clearVolume } from '../../../storage/volume-data';
import { periodicEvent } from '../util/periodic-event';
import { PV_CONTROLLER, unbindVolume, updateVolumePhaseWithEvent } from './binder';

/** How long the recycler pod takes to scrub a volume. */
const RECYCLE_MS = 8_000;

const releasedAt = (pv: any, now: number) =>
  Date.parse(pv.status?.lastPhaseTransitionTime ?? '') || now;

/** Runs the volume's reclaim policy; returns when it wants to look again. */
export function reclaimVolume(
  ctx: ControllerContext,
  pv: any,
  resyncMs: number,
): number | undefined {
  switch (pv.spec?.persistentVolumeReclaimPolicy) {
    case 'Retain':
      return undefined;
    case 'Recycle':
      return recycle(ctx, pv, resyncMs);
    case 'Delete':
      return deleteVolume(ctx, pv);
    default:
      updateVolumePhaseWithEvent(
        ctx,
        pv,
        'Failed',
        'Warning',
        'VolumeUnknownReclaimPolicy',
        'Volume has unrecognized PersistentVolumeReclaimPolicy',
      );
      return undefined;
  }
}

function deleteVolume(ctx: ControllerContext, pv: any): number | undefined {
  const provisionedBy: string | undefined = pv.metadata.annotations?.[ANN_DYNAMICALLY_PROVISIONED];
  // External deleters (the provisioner that made it, or any CSI volume's driver) do it.
  if (provisionedBy && !provisionedBy.startsWith('kubernetes.io/')) return undefined;
  if (pv.spec?.csi) return undefined;
  if (pv.metadata.deletionTimestamp) return undefined;
  const fail = (message: string) =>
    updateVolumePhaseWithEvent(ctx, pv, 'Failed', 'Warning', 'VolumeFailedDelete', message);
  if (pv.spec?.hostPath) {
    const path: string = pv.spec.hostPath.path ?? '';
    if (!/^\/tmp\/.+/.test(path)) {
      fail(`host_path deleter only supports /tmp/.+ but received provided ${path}`);
      return undefined;
    }
    ctx.api.delete(pv);
    return undefined;
  }
  fail(
    `error getting deleter volume plugin for volume "${pv.metadata.name}": no deletable volume plugin matched`,
  );
  return undefined;
}

function recycle(ctx: ControllerContext, pv: any, resyncMs: number): number | undefined {
  const ref = pv.spec?.claimRef;
  const users = ref
    ? (ctx.state.list('', 'Pod', ref.namespace) as any[]).filter(
        (p) =>
          !isPodTerminated(p) &&
          (p.spec?.volumes ?? []).some((v: any) => v.persistentVolumeClaim?.claimName === ref.name),
      )
    : [];
  const reclaimed = ctx.state.get(
    '',
    'PersistentVolumeClaim',
    ref?.namespace ?? '',
    ref?.name ?? '',
  );
  if (users.length && !reclaimed)
    return periodicEvent(
      ctx,
      pv,
      {
        type: 'Normal',
        reason: 'VolumeFailedRecycle',
        message: `Volume is used by pods: ${users.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).join(',')}`,
        source: { component: PV_CONTROLLER },
      },
      resyncMs,
    );
  if (!pv.spec?.hostPath && !pv.spec?.nfs) {
    updateVolumePhaseWithEvent(
      ctx,
      pv,
      'Failed',
      'Warning',
      'VolumeFailedRecycle',
      'No recycler plugin found for the volume!',
    );
    return undefined;
  }
  // The recycler pod (`rm -rf /scrub/*`) takes a little while.
  const due = releasedAt(pv, ctx.now) + RECYCLE_MS;
  if (ctx.now < due) return due;
  clearVolume(ctx.api, ctx.state, pv.metadata.name);
  const current: any = ctx.state.get('', 'PersistentVolume', '', pv.metadata.name);
  if (!current || isStatusError(current)) return undefined;
  ctx.api.event(current, {
    type: 'Normal',
    reason: 'VolumeRecycled',
    message: 'Volume recycled',
    source: { component: PV_CONTROLLER },
  });
  unbindVolume(ctx, current);
  return undefined;
}
