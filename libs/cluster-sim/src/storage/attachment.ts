// Which persistent volumes must be attached to a node before the kubelet can mount them (CSI
// volumes of a driver whose CSIDriver says attachRequired; with no CSIDriver object the CSI
// plugin assumes it must), and the VolumeAttachment name the CSI attacher gives each
// (csi-<sha256 of volume handle, driver and node>; the hash here is a stand-in of the same shape).

import { hashString, seededRandom } from '../util/random';
import type { StorageView } from './helpers';

export function attachRequired(view: StorageView, pv: any): boolean {
  const driver = pv?.spec?.csi?.driver;
  if (!driver) return false;
  const d = view.get('storage.k8s.io', 'CSIDriver', '', driver);
  return d ? d.spec?.attachRequired !== false : true;
}

export function attachmentName(pv: any, node: string): string {
  const r = seededRandom(hashString(`${pv.spec.csi.volumeHandle}${pv.spec.csi.driver}${node}`));
  let hex = '';
  for (let i = 0; i < 64; i++) hex += '0123456789abcdef'[Math.floor(r() * 16)];
  return `csi-${hex}`;
}

/** A volume several nodes may use at once (util.IsMultiAttachAllowed). */
export function multiAttachAllowed(pv: any): boolean {
  const modes: string[] = pv?.spec?.accessModes ?? [];
  return modes.includes('ReadWriteMany') || modes.includes('ReadOnlyMany');
}

/** The VolumeAttachments of a volume. */
export function attachmentsOf(view: StorageView, pvName: string): any[] {
  return view
    .list('storage.k8s.io', 'VolumeAttachment')
    .filter((va) => va.spec?.source?.persistentVolumeName === pvName);
}
