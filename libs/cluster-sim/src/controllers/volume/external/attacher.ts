// kubernetes-csi/external-attacher, for the profile's CSI drivers that attach volumes: it
// marks a VolumeAttachment attached after the driver's attach time (holding its finalizer
// meanwhile), and lets a deleted one go once detached.

import { earliest, isStatusError, type Controller, type ControllerContext } from '../../controller';
import { storageOf, type ProvisionerProfile } from '../../../profile/storage-profile';

/** external-attacher/<driver with dots as dashes>. */
export const attacherFinalizer = (driver: string) =>
  `external-attacher/${driver.replace(/\./g, '-')}`;

function attach(ctx: ControllerContext, p: ProvisionerProfile, va: any): number | undefined {
  if (va.spec?.attacher !== p.name) return undefined;
  const finalizer = attacherFinalizer(p.name);
  if (va.metadata.deletionTimestamp) {
    if (va.metadata.finalizers?.includes(finalizer))
      ctx.api.mutate(va, (c: any) => {
        c.metadata.finalizers = c.metadata.finalizers.filter((f: string) => f !== finalizer);
      });
    return undefined;
  }
  if (va.status?.attached) return undefined;
  let current = va;
  if (!va.metadata.finalizers?.includes(finalizer)) {
    const res = ctx.api.mutate(va, (c: any) => {
      c.metadata.finalizers = [...(c.metadata.finalizers ?? []), finalizer];
    });
    if (!isStatusError(res)) current = res;
  }
  const due = (Date.parse(va.metadata.creationTimestamp) || ctx.now) + (p.attachMs ?? 500);
  if (ctx.now < due) return due;
  ctx.api.mutate(current, (c: any) => (c.status = { attached: true }), true);
  return undefined;
}

export const externalAttacher: Controller = {
  name: 'external-attacher',
  reconcile(ctx) {
    const attachers = storageOf(ctx.profile).provisioners.filter((p) => p.csi && p.attachRequired);
    if (!attachers.length) return undefined;
    let wake: number | undefined;
    for (const va of [...ctx.state.list('storage.k8s.io', 'VolumeAttachment')])
      for (const p of attachers) wake = earliest(wake, attach(ctx, p, va));
    return wake;
  },
};
