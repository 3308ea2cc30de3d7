import { podClaimNames } from '../../storage/helpers';
import type { FilterPlugin } from '../framework';

// pkg/scheduler/framework/plugins/volumerestrictions: a ReadWriteOncePod claim already used by a
// scheduled pod keeps every other pod off every node (preemption may free it). ReadWriteOnce is
// per node, not per pod: that is the volume's node affinity (VolumeBinding) and, for attachable
// volumes, the attach/detach controller's Multi-Attach error.

export const ERR_RWOP_CONFLICT =
  'node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode';

function rwopClaims(ctx: Parameters<NonNullable<FilterPlugin['preFilter']>>[0]): string[] {
  const out: string[] = [];
  for (const c of podClaimNames(ctx.pod)) {
    const pvc = ctx.state.get('', 'PersistentVolumeClaim', ctx.pod.metadata.namespace, c.claim);
    if (pvc?.spec?.accessModes?.includes('ReadWriteOncePod')) out.push(c.claim);
  }
  return out;
}

export const volumeRestrictions: FilterPlugin = {
  name: 'VolumeRestrictions',
  preFilter(ctx) {
    for (const c of podClaimNames(ctx.pod))
      if (!ctx.state.get('', 'PersistentVolumeClaim', ctx.pod.metadata.namespace, c.claim))
        if (!(ctx.pod.spec?.volumes ?? []).some((v: any) => v.name === c.volume && v.ephemeral))
          return `persistentvolumeclaim "${c.claim}" not found`;
    return null;
  },
  filter(ctx) {
    const claims = rwopClaims(ctx);
    if (!claims.length) return null;
    const ns = ctx.pod.metadata.namespace;
    const inUse = ctx.allPods.some(
      (p) =>
        p.metadata.uid !== ctx.pod.metadata.uid &&
        p.metadata.namespace === ns &&
        p.spec?.nodeName &&
        p.status?.phase !== 'Succeeded' &&
        p.status?.phase !== 'Failed' &&
        podClaimNames(p).some((c) => claims.includes(c.claim)),
    );
    return inUse ? { code: 'Unschedulable', reasons: [ERR_RWOP_CONFLICT] } : null;
  },
};
