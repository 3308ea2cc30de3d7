import type { Image } from './image';
import { MiB, at, flag } from './util';

// redis (docker.io/library/redis): its start-up banner, then a TCP listener on 6379 (7.x).

function version(tag: string | undefined): string {
  const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(tag ?? '');
  if (!m) return '7.4.1';
  return `${m[1]}.${m[2] ?? (m[1] === '7' ? '4' : '0')}.${m[3] ?? (m[1] === '7' ? '1' : '0')}`;
}

export const redis: Image = {
  names: ['redis', 'redis-stack-server', 'valkey'],
  repositories: [
    'docker.io/bitnami/redis',
    'us-docker.pkg.dev/google-samples/containers/gke/gb-redis-follower',
  ],
  sizeBytes: 45_186_064,
  pullMs: 2_300,
  sigtermMs: 30,
  sigtermExitCode: 0,
  shell: 'gnu',
  commands: ['redis-cli', 'redis-server'],
  ports: [6379],
  run(c) {
    const v = version(c.ref?.tag);
    const argv = [...(c.command ?? []), ...(c.args ?? [])];
    const port = Number(flag(argv, 'port') ?? 6379);
    const cfg = argv.find((a) => a.endsWith('.conf'));
    const t = at('redis');
    const logs = [
      `1:C ${t} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo`,
      `1:C ${t} * Redis version=${v}, bits=64, commit=00000000, modified=0, pid=1, just started`,
      cfg
        ? `1:C ${t} * Configuration loaded`
        : `1:C ${t} # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf`,
      `1:M ${t} * monotonic clock: POSIX clock_gettime`,
      `1:M ${t} * Running mode=standalone, port=${port}.`,
      `1:M ${t} * Server initialized`,
      `1:M ${t} * Ready to accept connections tcp`,
    ];
    return {
      logs: logs.map((line, i) => ({ afterMs: i < 3 ? 0 : 2, line })),
      listen: [{ port, afterMs: 2, protocol: 'tcp' }],
      memory: { baseBytes: 3 * MiB },
      cpuMilli: 2,
    };
  },
  program(argv, ctx) {
    const name = argv[0]!.split('/').pop();
    if (name === 'redis-cli' && (ctx.elapsedMs ?? Infinity) < 2)
      return {
        stdout: 'Could not connect to Redis at 127.0.0.1:6379: Connection refused\n',
        code: 1,
      };
    if (name === 'redis-cli') {
      const cmd = argv
        .slice(1)
        .filter((a) => !a.startsWith('-'))
        .join(' ')
        .toUpperCase();
      if (cmd === 'PING' || cmd === '') return { stdout: 'PONG\n' };
      if (cmd.startsWith('SET')) return { stdout: 'OK\n' };
      if (cmd.startsWith('GET')) return { stdout: '(nil)\n' };
      if (cmd.startsWith('INFO'))
        return { stdout: '# Server\r\nredis_version:7.4.1\r\nredis_mode:standalone\r\n' };
      return { stdout: 'OK\n' };
    }
    if (name === 'redis-server') return { daemon: true };
    return undefined;
  },
};
