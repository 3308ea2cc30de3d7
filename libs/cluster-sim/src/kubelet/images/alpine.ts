import { BUSYBOX_APPLETS } from '../shell/commands';
import { shellImage } from './shell-image';

// alpine (docker.io/library/alpine): busybox's ash and applets plus apk. CMD ["/bin/sh"].
export const alpine = shellImage({
  names: ['alpine'],
  sizeBytes: 3_653_068,
  pullMs: 1_300,
  shell: 'busybox',
  commands: BUSYBOX_APPLETS,
  cmd: ['/bin/sh'],
  files: () => ({
    '/etc/os-release':
      'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.21.0\nPRETTY_NAME="Alpine Linux v3.21"\nHOME_URL="https://alpinelinux.org/"\n',
    '/etc/alpine-release': '3.21.0\n',
  }),
});

// bash (docker.io/library/bash): alpine with bash as its entrypoint.
export const bashImage = shellImage({
  names: ['bash'],
  sizeBytes: 6_023_144,
  pullMs: 1_500,
  shell: 'gnu',
  commands: [...BUSYBOX_APPLETS, 'bash'],
  entrypoint: ['bash'],
  cmd: [],
});

// curlimages/curl: alpine with curl as its entrypoint (`args: [-s, http://web]`).
export const curlImage = shellImage({
  names: ['curl'],
  repositories: ['docker.io/curlimages/curl', 'curlimages/curl'],
  sizeBytes: 11_354_117,
  pullMs: 1_600,
  shell: 'busybox',
  commands: [...BUSYBOX_APPLETS, 'curl'],
  cmd: ['curl'],
  // /entrypoint.sh: options or a URL first mean "curl ..."; anything else runs as given.
  argv: (args) =>
    !args?.length ? ['curl'] : /^(-|https?:\/\/)/.test(args[0]!) ? ['curl', ...args] : args,
});
