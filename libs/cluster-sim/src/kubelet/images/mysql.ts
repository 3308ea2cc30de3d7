import type { Image } from './image';
import { MiB, at } from './util';

// mysql (docker.io/library/mysql): refuses to start without a root password option; with one,
// the entrypoint initialises the data directory (a dozen seconds) and listens on 3306.

function version(tag: string | undefined): string {
  const m = /^(\d+)\.?(\d+)?/.exec(tag ?? '');
  if (!m) return '9.1.0';
  if (m[1] === '5') return m[2] === '6' ? '5.6.51' : '5.7.44';
  if (m[1] === '8') return m[2] === '4' ? '8.4.3' : '8.0.40';
  return `${m[1]}.${m[2] ?? '1'}.0`;
}

export const mysql: Image = {
  names: ['mysql', 'mariadb', 'percona'],
  repositories: ['docker.io/bitnami/mysql'],
  sizeBytes: 170_612_140,
  pullMs: 5_800,
  sigtermMs: 1_500,
  sigtermExitCode: 0,
  shell: 'gnu',
  commands: ['mysql', 'mysqladmin'],
  ports: [3306],
  run(c) {
    const v = version(c.ref?.tag);
    const t = at('mysql');
    const start = [
      `${t} [Note] [Entrypoint]: Entrypoint script for MySQL Server ${v}-1.el9 started.`,
      `${t} [Note] [Entrypoint]: Switching to dedicated user 'mysql'`,
      `${t} [Note] [Entrypoint]: Entrypoint script for MySQL Server ${v}-1.el9 started.`,
    ];
    const e = c.env;
    if (!e.MYSQL_ROOT_PASSWORD && !e.MYSQL_ALLOW_EMPTY_PASSWORD && !e.MYSQL_RANDOM_ROOT_PASSWORD)
      return {
        logs: [
          ...start.map((line) => ({ afterMs: 10, line })),
          ...[
            `${t} [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified`,
            '    You need to specify one of the following as an environment variable:',
            '    - MYSQL_ROOT_PASSWORD',
            '    - MYSQL_ALLOW_EMPTY_PASSWORD',
            '    - MYSQL_RANDOM_ROOT_PASSWORD',
          ].map((line) => ({ afterMs: 40, line, stream: 'stderr' as const })),
        ],
        exit: { afterMs: 50, code: 1 },
      };
    const lines: [number, string][] = [
      ...start.map((l) => [10, l] as [number, string]),
      [200, `${t} [Note] [Entrypoint]: Initializing database files`],
      [6_000, `${t} [Note] [Entrypoint]: Database files initialized`],
      [6_100, `${t} [Note] [Entrypoint]: Starting temporary server`],
      [8_000, `${t} [Note] [Entrypoint]: Temporary server started.`],
      ...(e.MYSQL_DATABASE
        ? [
            [9_000, `${t} [Note] [Entrypoint]: Creating database ${e.MYSQL_DATABASE}`] as [
              number,
              string,
            ],
          ]
        : []),
      [10_000, `${t} [Note] [Entrypoint]: Stopping temporary server`],
      [11_500, `${t} [Note] [Entrypoint]: Temporary server stopped`],
      [11_500, ''],
      [11_500, `${t} [Note] [Entrypoint]: MySQL init process done. Ready for start up.`],
      [11_600, ''],
      [
        12_800,
        `${at('iso')} 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '${v}'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL.`,
      ],
    ];
    return {
      logs: lines.map(([afterMs, line]) => ({ afterMs, line })),
      listen: [{ port: 3306, afterMs: 12_800, protocol: 'tcp' }],
      memory: { baseBytes: 380 * MiB },
      cpuMilli: 10,
    };
  },
  program(argv, ctx) {
    const name = argv[0]!.split('/').pop();
    if (name !== 'mysqladmin' && name !== 'mysql') return undefined;
    if (ctx.plan?.exit || (ctx.elapsedMs ?? Infinity) < 12_800)
      return {
        stderr: `${name}: connect to server at 'localhost' failed\nerror: 'Can't connect to local MySQL server through socket '/var/run/mysqld/mysqld.sock' (2)'\nCheck that mysqld is running and that the socket: '/var/run/mysqld/mysqld.sock' exists!\n`,
        code: 1,
      };
    return { stdout: name === 'mysqladmin' ? 'mysqld is alive\n' : '1\n1\n' };
  },
};
