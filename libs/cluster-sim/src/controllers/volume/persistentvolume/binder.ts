// The binding half of pkg/controller/volume/persistentvolume/pv_controller.go (bind,
// bindVolumeToClaim, bindClaimToVolume, unbindVolume, updateClaimStatus, updateVolumePhase):
// a PV and a PVC point at each other (pv.spec.claimRef, pvc.spec.volumeName), the volume's side
// written first, and both report Bound.

import { isStatusError, type ControllerContext } from '../../controller';
import {
  ANN_BIND_COMPLETED,
  ANN_BOUND_BY_CONTROLLER,
  isVolumeBoundToClaim,
} from '../../../storage/helpers';

export const PV_CONTROLLER = 'persistentvolume-controller';

type Ctx = Pick<ControllerContext, 'api' | 'state'>;

/** reference.GetReference of a claim, as PV.spec.claimRef stores it. */
export function claimRefOf(pvc: any) {
  return {
    kind: 'PersistentVolumeClaim',
    namespace: pvc.metadata.namespace,
    name: pvc.metadata.name,
    uid: pvc.metadata.uid,
    apiVersion: 'v1',
    resourceVersion: pvc.metadata.resourceVersion,
  };
}

const fresh = (ctx: Ctx, o: any) =>
  ctx.state.get(
    o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '',
    o.kind,
    o.metadata.namespace ?? '',
    o.metadata.name,
  ) as any;

/** GetBindVolumeToClaim + save: claimRef (and bound-by-controller when we chose the volume). */
export function bindVolumeToClaim(ctx: Ctx, pv: any, pvc: any): any | undefined {
  const byController = !isVolumeBoundToClaim(pv, pvc);
  const ref = pv.spec?.claimRef;
  const needsRef =
    !ref ||
    ref.name !== pvc.metadata.name ||
    ref.namespace !== pvc.metadata.namespace ||
    ref.uid !== pvc.metadata.uid;
  const needsAnn = byController && !pv.metadata.annotations?.[ANN_BOUND_BY_CONTROLLER];
  if (!needsRef && !needsAnn) return pv;
  const res = ctx.api.mutate(pv, (c: any) => {
    if (needsRef) c.spec.claimRef = claimRefOf(pvc);
    if (needsAnn)
      c.metadata.annotations = {
        ...(c.metadata.annotations ?? {}),
        [ANN_BOUND_BY_CONTROLLER]: 'yes',
      };
  });
  return isStatusError(res) ? undefined : res;
}

/** updateVolumePhase: a phase change (with its message) through the status subresource. */
export function updateVolumePhase(ctx: Ctx, pv: any, phase: string, message = ''): any | undefined {
  if (pv.status?.phase === phase) return pv;
  const res = ctx.api.mutate(
    pv,
    (c: any) => {
      c.status = { ...(c.status ?? {}), phase };
      if (message) c.status.message = message;
      else delete c.status.message;
    },
    true,
  );
  return isStatusError(res) ? undefined : res;
}

/** updateVolumePhaseWithEvent: the event only when the phase actually changes. */
export function updateVolumePhaseWithEvent(
  ctx: ControllerContext,
  pv: any,
  phase: string,
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
): any | undefined {
  if (pv.status?.phase === phase) return pv;
  const updated = updateVolumePhase(ctx, pv, phase, message);
  if (updated)
    ctx.api.event(updated, { type, reason, message, source: { component: PV_CONTROLLER } });
  return updated;
}

/** bindClaimToVolume: volumeName, bound-by-controller (when we set it), bind-completed. */
export function bindClaimToVolume(ctx: Ctx, pvc: any, pv: any): any | undefined {
  const setName = pvc.spec?.volumeName !== pv.metadata.name;
  const ann = pvc.metadata.annotations ?? {};
  const needsByController = setName && !ann[ANN_BOUND_BY_CONTROLLER];
  const needsCompleted = !ann[ANN_BIND_COMPLETED];
  if (!setName && !needsCompleted) return pvc;
  const res = ctx.api.mutate(pvc, (c: any) => {
    c.metadata.annotations = { ...(c.metadata.annotations ?? {}) };
    if (setName) c.spec.volumeName = pv.metadata.name;
    // The annotations keep Kubernetes' order: bind-completed, then bound-by-controller.
    if (needsCompleted) c.metadata.annotations[ANN_BIND_COMPLETED] = 'yes';
    if (needsByController) c.metadata.annotations[ANN_BOUND_BY_CONTROLLER] = 'yes';
  });
  return isStatusError(res) ? undefined : res;
}

/**
 * updateClaimStatus: the phase, and the volume's access modes and capacity (capacity only as the
 * claim becomes Bound: after that it tracks expansion). Without a volume both are cleared.
 */
export function updateClaimStatus(ctx: Ctx, pvc: any, phase: string, pv?: any): any | undefined {
  const status = pvc.status ?? {};
  let dirty = status.phase !== phase;
  const next: any = { ...status, phase };
  if (!pv) {
    if (status.accessModes !== undefined || status.capacity !== undefined) dirty = true;
    delete next.accessModes;
    delete next.capacity;
  } else {
    if (JSON.stringify(status.accessModes) !== JSON.stringify(pv.spec?.accessModes)) {
      next.accessModes = pv.spec?.accessModes;
      dirty = true;
    }
    if (status.phase !== phase && status.capacity?.storage !== pv.spec?.capacity?.storage) {
      next.capacity = pv.spec?.capacity;
      dirty = true;
    }
  }
  if (!dirty) return pvc;
  const res = ctx.api.mutate(pvc, (c: any) => (c.status = next), true);
  return isStatusError(res) ? undefined : res;
}

/** updateClaimStatusWithEvent: the event only on the phase change. */
export function updateClaimStatusWithEvent(
  ctx: ControllerContext,
  pvc: any,
  phase: string,
  pv: any | undefined,
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
): void {
  if (pvc.status?.phase === phase) return;
  const updated = updateClaimStatus(ctx, pvc, phase, pv);
  if (updated)
    ctx.api.event(updated, { type, reason, message, source: { component: PV_CONTROLLER } });
}

/** bind: volume first (spec, then phase), then the claim (spec, then status). */
export function bind(ctx: Ctx, pv: any, pvc: any): boolean {
  let v = bindVolumeToClaim(ctx, pv, pvc);
  if (!v) return false;
  v = updateVolumePhase(ctx, v, 'Bound');
  if (!v) return false;
  let c = bindClaimToVolume(ctx, fresh(ctx, pvc) ?? pvc, v);
  if (!c) return false;
  c = updateClaimStatus(ctx, c, 'Bound', v);
  return !!c;
}

/** unbindVolume: undo a binding the controller made (or just its uid, for a user's pre-binding). */
export function unbindVolume(ctx: Ctx, pv: any): void {
  const res = ctx.api.mutate(pv, (c: any) => {
    if (c.metadata.annotations?.[ANN_BOUND_BY_CONTROLLER]) {
      delete c.spec.claimRef;
      const { [ANN_BOUND_BY_CONTROLLER]: _drop, ...rest } = c.metadata.annotations;
      c.metadata.annotations = Object.keys(rest).length ? rest : undefined;
      if (!c.metadata.annotations) delete c.metadata.annotations;
    } else if (c.spec.claimRef) {
      const { uid: _uid, ...ref } = c.spec.claimRef;
      c.spec.claimRef = ref;
    }
  });
  if (!isStatusError(res)) updateVolumePhase(ctx, res, 'Available');
}
