// pkg/controller/volume/pvprotection: a volume being deleted keeps its kubernetes.io/pv-protection
// finalizer while it is Bound to a claim; once released (or never bound) the finalizer goes.

import type { Controller } from '../../controller';
import { PV_PROTECTION_FINALIZER } from '../../../storage/helpers';

export const pvProtectionController: Controller = {
  name: 'pv-protection-controller',
  reconcile(ctx) {
    for (const pv of [...ctx.state.list('', 'PersistentVolume')] as any[]) {
      if (!pv.metadata.deletionTimestamp) continue;
      if (!pv.metadata.finalizers?.includes(PV_PROTECTION_FINALIZER)) continue;
      if (pv.status?.phase === 'Bound') continue;
      ctx.api.mutate(pv, (c: any) => {
        c.metadata.finalizers = c.metadata.finalizers.filter(
          (f: string) => f !== PV_PROTECTION_FINALIZER,
        );
      });
    }
    return undefined;
  },
};
