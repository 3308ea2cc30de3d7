import type { Image, ImageRef } from './image';

// The images learners use most, behaving as the real ones do from the outside. Unknown images
// run as a generic long-running process. Part 2 adds interpreters, probes' endpoints, and more.

const nginxLogs = [
  '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
  '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
  '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
  '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
  '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
  '/docker-entrypoint.sh: Configuration complete; ready for start up',
  '__NGINXTIME__ [notice] 1#1: using the "epoll" event method',
  '__NGINXTIME__ [notice] 1#1: nginx/1.27.3',
  '__NGINXTIME__ [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14)',
  '__NGINXTIME__ [notice] 1#1: OS: Linux 6.8.0-1017-gcp',
  '__NGINXTIME__ [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576',
  '__NGINXTIME__ [notice] 1#1: start worker processes',
  '__NGINXTIME__ [notice] 1#1: start worker process 29',
];

export const nginx: Image = {
  names: ['nginx', 'nginx-unprivileged'],
  sizeBytes: 72_099_501,
  pullMs: 2_400,
  sigtermMs: 150,
  ports: [80],
  // nginx prints its startup lines as it starts.
  run: () => ({ logs: nginxLogs.map((line) => ({ afterMs: 0, line })) }),
};

/** busybox/alpine: run `sh -c` scripts; without a command they exit at once (no TTY). */
const shell = (names: string[], sizeBytes: number): Image => ({
  names,
  sizeBytes,
  pullMs: 1_100,
  // sh as PID 1 does not handle SIGTERM: it is killed when the grace period ends.
  sigtermMs: Infinity,
  run(c) {
    const argv = [...(c.command ?? []), ...(c.args ?? [])];
    if (!argv.length) return { logs: [], exit: { afterMs: 10, code: 0, reason: 'Completed' } };
    return runSimpleScript(argv, c);
  },
});

export const busybox = shell(['busybox'], 2_155_600);
export const alpine = shell(['alpine'], 3_653_068);

/**
 * A tiny reading of the commands learners give busybox: echo, date, sleep, exit, `&&`/`;`,
 * and `sleep infinity`-style loops. Part 2 replaces it with a real interpreter.
 */
function runSimpleScript(
  argv: string[],
  c: { env: Record<string, string> },
): ReturnType<Image['run']> {
  let script: string;
  if (
    (argv[0] === 'sh' || argv[0] === '/bin/sh' || argv[0] === 'bash' || argv[0] === '/bin/bash') &&
    argv[1] === '-c'
  )
    script = argv.slice(2).join(' ');
  else if (argv[0] === 'sleep') script = argv.join(' ');
  else script = argv.map((a) => (/\s/.test(a) ? `'${a}'` : a)).join(' ');
  const logs: { afterMs: number; line: string }[] = [];
  let t = 0;
  const expand = (s: string) =>
    s.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, v) => c.env[v] ?? '');
  for (const raw of script.split(/;|&&|\n/)) {
    const cmd = raw.trim();
    if (!cmd) continue;
    const words = cmd.match(/'[^']*'|"[^"]*"|\S+/g) ?? [];
    const unq = words.map((w) =>
      w.startsWith("'") ? w.slice(1, -1) : w.startsWith('"') ? expand(w.slice(1, -1)) : expand(w),
    );
    const head = unq[0];
    if (head === 'echo') logs.push({ afterMs: t, line: unq.slice(1).join(' ') });
    else if (head === 'date') logs.push({ afterMs: t, line: '__DATE__' });
    else if (head === 'sleep') {
      const n = unq[1] === 'infinity' ? Infinity : Number(unq[1] ?? 0);
      if (!Number.isFinite(n)) return { logs };
      t += n * 1000;
    } else if (head === 'exit')
      return {
        logs,
        exit: {
          afterMs: t + 5,
          code: Number(unq[1] ?? 0),
          reason: Number(unq[1] ?? 0) === 0 ? 'Completed' : 'Error',
        },
      };
    else if (head === 'while' || head === 'for' || head === 'tail') return { logs };
  }
  return { logs, exit: { afterMs: t + 5, code: 0, reason: 'Completed' } };
}

/** Anything else: a long-running process that prints nothing and stops on SIGTERM. */
export const generic: Image = {
  names: [],
  sizeBytes: 48_000_000,
  pullMs: 2_200,
  sigtermMs: 200,
  run: () => ({ logs: [] }),
};

const CATALOG: Image[] = [nginx, busybox, alpine];

export function imageFor(ref: ImageRef): Image {
  return CATALOG.find((i) => i.names.includes(ref.name)) ?? generic;
}
