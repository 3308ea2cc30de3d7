// pkg/controller/volume/persistentvolume/pv_controller.go (syncClaim, syncUnboundClaim,
// syncBoundClaim, syncVolume): binds claims to the smallest matching volume of their class,
// hands the others to their provisioner (or waits for their first consumer), keeps both sides'
// phases right, and releases a volume whose claim is gone. It runs after the scheduler in each
// pass, so a claim whose class waits for a consumer sees the node the scheduler picked at once.

import { earliest, type Controller, type ControllerContext } from '../../controller';
import { storageOf } from '../../../profile/storage-profile';
import {
  ANN_BIND_COMPLETED,
  ANN_DYNAMICALLY_PROVISIONED,
  checkAccessModes,
  claimClass,
  claimHasClass,
  defaultStorageClass,
  findBestMatchForClaim,
  isDelayBindingMode,
  isDelayBindingProvisioning,
  isPodTerminated,
  isVolumeBoundToClaim,
  podsUsingClaim,
  quantity,
  volumeClass,
  volumeModeMismatch,
} from '../../../storage/helpers';
import { periodicEvent } from '../util/periodic-event';
import {
  bind,
  PV_CONTROLLER,
  unbindVolume,
  updateClaimStatus,
  updateClaimStatusWithEvent,
  updateVolumePhase,
} from './binder';
import { provisionClaim } from './provision';
import { reclaimVolume } from './reclaim';

const source = { component: PV_CONTROLLER };

const claimNow = (ctx: ControllerContext, pvc: any) =>
  ctx.state.get('', 'PersistentVolumeClaim', pvc.metadata.namespace, pvc.metadata.name) as any;
const volumeNow = (ctx: ControllerContext, name: string) =>
  ctx.state.get('', 'PersistentVolume', '', name) as any;

/** checkVolumeSatisfyClaim: why a volume the claim names cannot be its volume. */
function volumeUnsatisfying(pv: any, pvc: any): string | undefined {
  if (pv.metadata.deletionTimestamp)
    return `the volume is marked for deletion "${pv.metadata.name}"`;
  if (
    quantity(pv.spec?.capacity?.storage).cmp(quantity(pvc.spec?.resources?.requests?.storage)) < 0
  )
    return 'requested PV is too small';
  if (volumeClass(pv) !== claimClass(pvc)) return 'storageClassName does not match';
  if (volumeModeMismatch(pvc, pv)) return 'incompatible volumeMode';
  if (!checkAccessModes(pvc, pv)) return 'incompatible accessMode';
  return undefined;
}

/** emitEventForUnboundDelayBindingClaim. */
function waitForConsumer(ctx: ControllerContext, pvc: any, resyncMs: number): number {
  const waiting = podsUsingClaim(ctx.state, pvc)
    .filter((p) => !isPodTerminated(p) && !p.spec?.nodeName)
    .map((p) => p.metadata.name);
  const [reason, message] = !waiting.length
    ? ['WaitForFirstConsumer', 'waiting for first consumer to be created before binding']
    : waiting.length === 1
      ? ['WaitForPodScheduled', `waiting for pod ${waiting[0]} to be scheduled`]
      : ['WaitForPodScheduled', `waiting for pods ${waiting.join(',')} to be scheduled`];
  return periodicEvent(ctx, pvc, { type: 'Normal', reason, message, source }, resyncMs);
}

function syncUnboundClaim(ctx: ControllerContext, pvc: any, resyncMs: number): number | undefined {
  if (!pvc.spec?.volumeName) {
    const delay = isDelayBindingMode(pvc, ctx.state);
    const pv = findBestMatchForClaim(pvc, ctx.state.list('', 'PersistentVolume'), delay);
    if (pv) {
      bind(ctx, pv, pvc);
      return undefined;
    }
    // RetroactiveDefaultStorageClass: a claim made before any default class gets it now.
    if (!claimHasClass(pvc)) {
      const sc = defaultStorageClass(ctx.state);
      if (sc) {
        ctx.api.mutate(pvc, (c: any) => (c.spec.storageClassName = sc.metadata.name));
        return undefined;
      }
    }
    let wake: number | undefined;
    if (delay && !isDelayBindingProvisioning(pvc)) wake = waitForConsumer(ctx, pvc, resyncMs);
    else if (claimClass(pvc)) {
      // A claim being deleted is not worth a volume.
      if (!pvc.metadata.deletionTimestamp) return provisionClaim(ctx, pvc, resyncMs);
    } else
      wake = periodicEvent(
        ctx,
        pvc,
        {
          type: 'Normal',
          reason: 'FailedBinding',
          message: 'no persistent volumes available for this claim and no storage class is set',
          source,
        },
        resyncMs,
      );
    updateClaimStatus(ctx, claimNow(ctx, pvc) ?? pvc, 'Pending');
    return wake;
  }
  // The claim names its volume.
  const pv = volumeNow(ctx, pvc.spec.volumeName);
  if (!pv) {
    updateClaimStatus(ctx, pvc, 'Pending');
    return undefined;
  }
  if (!pv.spec?.claimRef) {
    const why = volumeUnsatisfying(pv, pvc);
    if (why) {
      updateClaimStatus(ctx, pvc, 'Pending');
      return periodicEvent(
        ctx,
        claimNow(ctx, pvc) ?? pvc,
        {
          type: 'Warning',
          reason: 'VolumeMismatch',
          message: `Cannot bind to requested volume "${pv.metadata.name}": ${why}`,
          source,
        },
        resyncMs,
      );
    }
    bind(ctx, pv, pvc);
    return undefined;
  }
  if (isVolumeBoundToClaim(pv, pvc)) {
    bind(ctx, pv, pvc);
    return undefined;
  }
  updateClaimStatus(ctx, pvc, 'Pending');
  return periodicEvent(
    ctx,
    claimNow(ctx, pvc) ?? pvc,
    {
      type: 'Warning',
      reason: 'FailedBinding',
      message: `volume "${pv.metadata.name}" already bound to a different claim.`,
      source,
    },
    resyncMs,
  );
}

function syncBoundClaim(ctx: ControllerContext, pvc: any): void {
  if (!pvc.spec?.volumeName) {
    updateClaimStatusWithEvent(
      ctx,
      pvc,
      'Lost',
      undefined,
      'Warning',
      'ClaimLost',
      'Bound claim has lost reference to PersistentVolume. Data on the volume is lost!',
    );
    return;
  }
  const pv = volumeNow(ctx, pvc.spec.volumeName);
  if (!pv) {
    updateClaimStatusWithEvent(
      ctx,
      pvc,
      'Lost',
      undefined,
      'Warning',
      'ClaimLost',
      'Bound claim has lost its PersistentVolume. Data on the volume is lost!',
    );
    return;
  }
  if (!pv.spec?.claimRef || pv.spec.claimRef.uid === pvc.metadata.uid) {
    bind(ctx, pv, pvc);
    return;
  }
  updateClaimStatusWithEvent(
    ctx,
    pvc,
    'Lost',
    undefined,
    'Warning',
    'ClaimMisbound',
    'Two claims are bound to the same volume, this one is bound incorrectly',
  );
}

function syncClaim(ctx: ControllerContext, pvc: any, resyncMs: number): number | undefined {
  if (!pvc.metadata.annotations?.[ANN_BIND_COMPLETED]) return syncUnboundClaim(ctx, pvc, resyncMs);
  syncBoundClaim(ctx, pvc);
  return undefined;
}

function syncVolume(ctx: ControllerContext, pv: any, resyncMs: number): number | undefined {
  const ref = pv.spec?.claimRef;
  // Unused, or reserved for a claim that has not bound yet.
  if (!ref || !ref.uid) {
    updateVolumePhase(ctx, pv, 'Available');
    return undefined;
  }
  let claim: any = ctx.state.get('', 'PersistentVolumeClaim', ref.namespace ?? '', ref.name ?? '');
  if (claim && claim.metadata.uid !== ref.uid) claim = undefined;
  if (!claim) {
    // Released keeps a Failed volume Failed: the user should see something went wrong.
    let current = pv;
    if (pv.status?.phase !== 'Released' && pv.status?.phase !== 'Failed')
      current = updateVolumePhase(ctx, pv, 'Released') ?? pv;
    return reclaimVolume(ctx, current, resyncMs);
  }
  if (!claim.spec?.volumeName) {
    if (volumeModeMismatch(claim, pv)) {
      const a = periodicEvent(
        ctx,
        pv,
        {
          type: 'Warning',
          reason: 'VolumeMismatch',
          message: `Cannot bind PersistentVolume to requested PersistentVolumeClaim "${claim.metadata.name}" due to incompatible volumeMode.`,
          source,
        },
        resyncMs,
      );
      const b = periodicEvent(
        ctx,
        claim,
        {
          type: 'Warning',
          reason: 'VolumeMismatch',
          message: `Cannot bind PersistentVolume "${pv.metadata.name}" to requested PersistentVolumeClaim due to incompatible volumeMode.`,
          source,
        },
        resyncMs,
      );
      return earliest(a, b);
    }
    // Bound on this side only: the claim's sync finishes the binding.
    return undefined;
  }
  if (claim.spec.volumeName === pv.metadata.name) {
    updateVolumePhase(ctx, pv, 'Bound');
    return undefined;
  }
  // The claim went to another volume.
  if (
    pv.metadata.annotations?.[ANN_DYNAMICALLY_PROVISIONED] &&
    pv.spec?.persistentVolumeReclaimPolicy === 'Delete'
  ) {
    let current = pv;
    if (pv.status?.phase !== 'Released' && pv.status?.phase !== 'Failed')
      current = updateVolumePhase(ctx, pv, 'Released') ?? pv;
    return reclaimVolume(ctx, current, resyncMs);
  }
  // Ours to undo when the controller chose it; a user's pre-binding only loses its uid.
  unbindVolume(ctx, pv);
  return undefined;
}

export const persistentVolumeController: Controller = {
  name: 'persistentvolume-controller',
  reconcile(ctx) {
    const storage = storageOf(ctx.profile);
    let wake: number | undefined;
    // Volumes first: a volume created with its claim is Available by the time the claim looks.
    for (const v of [...ctx.state.list('', 'PersistentVolume')]) {
      const pv = volumeNow(ctx, v.metadata.name);
      if (pv) wake = earliest(wake, syncVolume(ctx, pv, storage.resyncMs));
    }
    for (const c of [...ctx.state.list('', 'PersistentVolumeClaim')]) {
      const pvc = claimNow(ctx, c);
      if (pvc) wake = earliest(wake, syncClaim(ctx, pvc, storage.resyncMs));
    }
    return wake;
  },
};
