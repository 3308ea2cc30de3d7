// pkg/controller/volume/attachdetach: every volume that needs attaching and is used by a pod
// scheduled to a node gets a VolumeAttachment for that node (the CSI attacher's request to the
// driver's external-attacher), and loses it when no pod there uses it any more. A volume that
// only one node may use (ReadWriteOnce) and that is attached elsewhere is not attached again:
// the pod gets the Multi-Attach error and stays in ContainerCreating.

import { earliest, isStatusError, type Controller, type ControllerContext } from '../../controller';
import {
  attachmentName,
  attachmentsOf,
  attachRequired,
  multiAttachAllowed,
} from '../../../storage/attachment';
import { isPodTerminated, podClaimNames } from '../../../storage/helpers';
import { lastEventTime, periodicEvent } from '../util/periodic-event';

export const AD_CONTROLLER = 'attachdetach-controller';
/** The event recorder's spam filter lets a repeated Multi-Attach error through this often. */
const REPEAT_MS = 5 * 60_000;

interface Want {
  pv: any;
  node: string;
  pods: any[];
}

/** desiredStateOfWorld: (volume, node) -> the pods there that use it. */
function desired(ctx: ControllerContext): Map<string, Want> {
  const out = new Map<string, Want>();
  for (const pod of ctx.state.list('', 'Pod') as any[]) {
    const node = pod.spec?.nodeName;
    if (!node || isPodTerminated(pod)) continue;
    for (const c of podClaimNames(pod)) {
      const pvc: any = ctx.state.get('', 'PersistentVolumeClaim', pod.metadata.namespace, c.claim);
      const pv: any = pvc?.spec?.volumeName
        ? ctx.state.get('', 'PersistentVolume', '', pvc.spec.volumeName)
        : undefined;
      if (!pv || !attachRequired(ctx.state, pv)) continue;
      const key = `${pv.metadata.name}\u0000${node}`;
      const w: Want = out.get(key) ?? { pv, node, pods: [] };
      w.pods.push(pod);
      out.set(key, w);
    }
  }
  return out;
}

function multiAttachMessage(pv: any, pod: any, others: any[]): string {
  const local = others.filter((p) => p.metadata.namespace === pod.metadata.namespace);
  const elsewhere = others.length - local.length;
  let msg: string;
  if (!others.length)
    msg = "Volume is already exclusively attached to one node and can't be attached to another";
  else if (local.length) {
    msg = `Volume is already used by pod(s) ${local.map((p) => p.metadata.name).join(', ')}`;
    if (elsewhere) msg += ` and ${elsewhere} pod(s) in different namespaces`;
  } else msg = `Volume is already used by ${elsewhere} pod(s) in different namespaces`;
  return `Multi-Attach error for volume "${pv.metadata.name}" ${msg}`;
}

export const attachDetachController: Controller = {
  name: 'attachdetach-controller',
  reconcile(ctx) {
    const want = desired(ctx);
    let wake: number | undefined;
    for (const w of want.values()) {
      const name = attachmentName(w.pv, w.node);
      const existing: any = ctx.state.get('storage.k8s.io', 'VolumeAttachment', '', name);
      if (existing) {
        if (existing.status?.attached)
          for (const pod of w.pods) {
            const message = `AttachVolume.Attach succeeded for volume "${w.pv.metadata.name}"`;
            if (!lastEventTime(ctx, pod, 'SuccessfulAttachVolume', message))
              ctx.api.event(pod, {
                type: 'Normal',
                reason: 'SuccessfulAttachVolume',
                message,
                source: { component: AD_CONTROLLER },
              });
          }
        continue;
      }
      const elsewhere = attachmentsOf(ctx.state, w.pv.metadata.name).filter(
        (va) => va.spec?.nodeName !== w.node,
      );
      if (elsewhere.length && !multiAttachAllowed(w.pv)) {
        const busyNodes = new Set(elsewhere.map((va) => va.spec.nodeName));
        const others = [...want.values()]
          .filter((x) => x.pv.metadata.name === w.pv.metadata.name && busyNodes.has(x.node))
          .flatMap((x) => x.pods);
        for (const pod of w.pods)
          wake = earliest(
            wake,
            periodicEvent(
              ctx,
              pod,
              {
                type: 'Warning',
                reason: 'FailedAttachVolume',
                message: multiAttachMessage(w.pv, pod, others),
                source: { component: AD_CONTROLLER },
              },
              REPEAT_MS,
            ),
          );
        continue;
      }
      const created = ctx.api.create({
        apiVersion: 'storage.k8s.io/v1',
        kind: 'VolumeAttachment',
        metadata: { name },
        spec: {
          attacher: w.pv.spec.csi.driver,
          nodeName: w.node,
          source: { persistentVolumeName: w.pv.metadata.name },
        },
      } as any);
      if (isStatusError(created)) continue;
    }
    // Detach what no pod on its node uses any more.
    for (const va of [...ctx.state.list('storage.k8s.io', 'VolumeAttachment')] as any[]) {
      const key = `${va.spec?.source?.persistentVolumeName}\u0000${va.spec?.nodeName}`;
      if (!want.has(key) && !va.metadata.deletionTimestamp) ctx.api.delete(va);
    }
    return wake;
  },
};
