// pkg/controller/volume/pvcprotection: a claim being deleted keeps its kubernetes.io/pvc-protection
// finalizer (and stays Terminating) while a scheduled pod still references it; the finalizer
// goes once none does, and with it the claim.

import { isStatusError, type Controller } from '../../controller';
import { PVC_PROTECTION_FINALIZER, podClaimNames } from '../../../storage/helpers';

/** podUsesPVC: only scheduled pods count — the kubelet will not start a pod on a deleted claim. */
function inUse(pods: any[], pvc: any): boolean {
  return pods.some(
    (p) => !!p.spec?.nodeName && podClaimNames(p).some((c) => c.claim === pvc.metadata.name),
  );
}

export const pvcProtectionController: Controller = {
  name: 'pvc-protection-controller',
  reconcile(ctx) {
    for (const pvc of [...ctx.state.list('', 'PersistentVolumeClaim')] as any[]) {
      if (!pvc.metadata.deletionTimestamp) continue;
      if (!pvc.metadata.finalizers?.includes(PVC_PROTECTION_FINALIZER)) continue;
      if (inUse(ctx.state.list('', 'Pod', pvc.metadata.namespace), pvc)) continue;
      const res = ctx.api.mutate(pvc, (c: any) => {
        c.metadata.finalizers = c.metadata.finalizers.filter(
          (f: string) => f !== PVC_PROTECTION_FINALIZER,
        );
      });
      if (isStatusError(res)) continue;
    }
    return undefined;
  },
};
