import type { Image } from './image';
import { MiB, at } from './util';

// postgres (docker.io/library/postgres): refuses to start without POSTGRES_PASSWORD (the error
// every learner meets once); with it, initdb's lines and "ready to accept connections" on 5432.

const NO_PASSWORD = [
  'Error: Database is uninitialized and superuser password is not specified.',
  '       You must specify POSTGRES_PASSWORD to a non-empty value for the',
  '       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".',
  '',
  '       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all',
  '       connections without a password. This is *not* recommended.',
  '',
  '       See PostgreSQL documentation about "trust":',
  '       https://www.postgresql.org/docs/current/auth-trust.html',
];

export const postgres: Image = {
  names: ['postgres', 'postgis'],
  repositories: ['docker.io/bitnami/postgresql'],
  sizeBytes: 158_384_915,
  pullMs: 5_200,
  sigtermMs: 400,
  sigtermExitCode: 0,
  shell: 'gnu',
  commands: ['psql', 'pg_isready'],
  ports: [5432],
  run(c) {
    const major = /^(\d+)/.exec(c.ref?.tag ?? '')?.[1] ?? '17';
    if (!c.env.POSTGRES_PASSWORD && c.env.POSTGRES_HOST_AUTH_METHOD !== 'trust')
      return {
        logs: NO_PASSWORD.map((line) => ({ afterMs: 20, line, stream: 'stderr' as const })),
        exit: { afterMs: 30, code: 1 },
      };
    const user = c.env.POSTGRES_USER ?? 'postgres';
    const db = c.env.POSTGRES_DB ?? user;
    const t = at('pg');
    const lines: [number, string][] = [
      [100, `The files belonging to this database system will be owned by user "postgres".`],
      [100, 'This user must also own the server process.'],
      [120, ''],
      [120, `The database cluster will be initialized with locale "en_US.utf8".`],
      [900, 'Success. You can now start the database server using:'],
      [900, ''],
      [900, '    pg_ctl -D /var/lib/postgresql/data -l logfile start'],
      [1_400, `${t} [48] LOG:  database system is ready to accept connections`],
      [1_600, 'CREATE DATABASE'],
      [1_700, ''],
      [1_900, 'PostgreSQL init process complete; ready for start up.'],
      [
        2_100,
        `${t} [1] LOG:  starting PostgreSQL ${major}.2 (Debian ${major}.2-1.pgdg120+1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit`,
      ],
      [2_100, `${t} [1] LOG:  listening on IPv4 address "0.0.0.0", port 5432`],
      [2_110, `${t} [1] LOG:  listening on IPv6 address "::", port 5432`],
      [2_120, `${t} [1] LOG:  listening on Unix socket "/var/run/postgresql/.s.PGSQL.5432"`],
      [2_200, `${t} [1] LOG:  database system is ready to accept connections`],
    ];
    void db;
    return {
      logs: lines.map(([afterMs, line]) => ({ afterMs, line })),
      listen: [{ port: 5432, afterMs: 2_200, protocol: 'tcp' }],
      memory: { baseBytes: 42 * MiB },
      cpuMilli: 5,
    };
  },
  program(argv, ctx) {
    const name = argv[0]!.split('/').pop();
    if ((name === 'pg_isready' || name === 'psql') && (ctx.elapsedMs ?? Infinity) < 2_200)
      return name === 'pg_isready'
        ? { stdout: '/var/run/postgresql:5432 - no response\n', code: 2 }
        : {
            stderr:
              'psql: error: connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: No such file or directory\n\tIs the server running locally and accepting connections on that socket?\n',
            code: 2,
          };
    if (name === 'pg_isready')
      return { stdout: '/var/run/postgresql:5432 - accepting connections\n' };
    if (name === 'psql') return { stdout: ' ?column? \n----------\n        1\n(1 row)\n\n' };
    return undefined;
  },
};
