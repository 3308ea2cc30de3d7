import { GNU_COMMANDS } from '../shell/commands';
import { shellImage } from './shell-image';

// debian, ubuntu, fedora and friends: bash and coreutils, no wget, curl or nslookup (a learner
// who tries them gets "command not found", as in the real slim images). CMD ["bash"].
export const debian = shellImage({
  names: [
    'debian',
    'ubuntu',
    'fedora',
    'centos',
    'rockylinux',
    'almalinux',
    'amazonlinux',
    'oraclelinux',
    'opensuse',
    'archlinux',
  ],
  sizeBytes: 48_494_272,
  pullMs: 3_100,
  shell: 'gnu',
  commands: GNU_COMMANDS,
  cmd: ['bash'],
  files: ({ ref }) => ({
    '/etc/os-release':
      ref?.name === 'ubuntu'
        ? 'PRETTY_NAME="Ubuntu 24.04.1 LTS"\nNAME="Ubuntu"\nVERSION_ID="24.04"\nVERSION="24.04.1 LTS (Noble Numbat)"\nID=ubuntu\nID_LIKE=debian\n'
        : 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n',
  }),
});
