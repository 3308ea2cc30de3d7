import { BUSYBOX_APPLETS } from '../shell/commands';
import { shellImage } from './shell-image';

// busybox (docker.io/library/busybox, registry.k8s.io/busybox): ash and the busybox applets
// (wget and nslookup, no curl, no bash). CMD ["sh"].
export const busybox = shellImage({
  names: ['busybox'],
  repositories: [
    'registry.k8s.io/busybox',
    'k8s.gcr.io/busybox',
    'gcr.io/google-containers/busybox',
  ],
  sizeBytes: 2_155_600,
  pullMs: 1_100,
  shell: 'busybox',
  commands: BUSYBOX_APPLETS,
  cmd: ['sh'],
});
