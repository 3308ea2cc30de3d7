// Local Postgres and Redis for `npm start` and `npm test`, from the machine's own binaries.
// Postgres refuses to run as root, so as root its data directory belongs to the `postgres`
// user (created by the OS package) and every server command runs as that user.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { aptInstall, isRoot, run, which } from './exec.mjs';

const PG_DIRS = () => {
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return [];
  return fs
    .readdirSync(base)
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => path.join(base, v, 'bin'));
};

function findPgBin(name) {
  return which(name, PG_DIRS());
}

async function pgBinaries() {
  let initdb = findPgBin('initdb');
  if (!initdb) {
    await aptInstall(['postgresql'], 'PostgreSQL (server binaries initdb, pg_ctl, postgres)');
    initdb = findPgBin('initdb');
  }
  const pgCtl = findPgBin('pg_ctl');
  if (!initdb || !pgCtl) throw new Error('PostgreSQL server binaries not found after install');
  return { initdb, pgCtl };
}

/** How to run a Postgres server command: directly, or as the postgres user when we are root. */
function asPgUser(bin, args) {
  if (!isRoot()) return [bin, args];
  const runuser = which('runuser');
  if (runuser) return [runuser, ['-u', 'postgres', '--', bin, ...args]];
  return ['su', ['-s', '/bin/sh', 'postgres', '-c', [bin, ...args].map((a) => `'${a}'`).join(' ')]];
}

async function ensurePostgresUser() {
  if (!isRoot()) return;
  try {
    await run('id', ['postgres']);
  } catch {
    await run('useradd', [
      '--system',
      '--no-create-home',
      '--shell',
      '/usr/sbin/nologin',
      'postgres',
    ]);
  }
}

export function tcpOpen(port, host = '127.0.0.1', timeoutMs = 500) {
  return new Promise((resolve) => {
    const s = net.connect({ port, host });
    const done = (ok) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

/**
 * Starts (or finds already running) a Postgres cluster in dataDir on port.
 * Returns { url (to the `postgres` maintenance db), started, stop() }.
 */
export async function ensurePostgres({ dataDir, port, tuneForTests = false }) {
  const { initdb, pgCtl } = await pgBinaries();
  await ensurePostgresUser();
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const sockDir = path.join(dataDir, '..', `pg-socket-${port}`);
  fs.mkdirSync(sockDir, { recursive: true });
  if (isRoot()) {
    await run('chown', ['-R', 'postgres', dataDir, sockDir]);
    // The postgres user must be able to reach the data directory through its parents.
    for (let d = path.dirname(dataDir); d !== path.dirname(d); d = path.dirname(d)) {
      const mode = fs.statSync(d).mode;
      if ((mode & 0o001) === 0) fs.chmodSync(d, mode | 0o001);
    }
  }
  const url = `postgresql://kubelab@127.0.0.1:${port}/postgres`;
  let created = false;
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    const [cmd, args] = asPgUser(initdb, [
      '-D',
      dataDir,
      '-U',
      'kubelab',
      '--auth=trust',
      '--encoding=UTF8',
      '--locale=C.UTF-8',
    ]);
    await run(cmd, args);
    created = true;
  }
  const status = asPgUser(pgCtl, ['status', '-D', dataDir]);
  const running = await run(status[0], status[1]).then(
    () => true,
    () => false,
  );
  if (running) return { url, started: false, created, stop: async () => {} };
  if (await tcpOpen(port)) {
    throw new Error(`port ${port} is taken by another program; set DATABASE_URL or free the port`);
  }
  const opts = [
    `-p ${port}`,
    `-k ${sockDir}`,
    `-c listen_addresses=127.0.0.1`,
    `-c max_connections=300`,
    ...(tuneForTests
      ? ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']
      : []),
  ].join(' ');
  const logFile = path.join(dataDir, '..', `postgres-${port}.log`);
  if (isRoot()) {
    fs.closeSync(fs.openSync(logFile, 'a'));
    await run('chown', ['postgres', logFile]);
  }
  const [cmd, args] = asPgUser(pgCtl, [
    'start',
    '-D',
    dataDir,
    '-w',
    '-t',
    '60',
    '-l',
    logFile,
    '-o',
    opts,
  ]);
  await run(cmd, args);
  return {
    url,
    started: true,
    created,
    stop: async () => {
      const [c, a] = asPgUser(pgCtl, ['stop', '-D', dataDir, '-m', 'fast', '-w']);
      await run(c, a).catch(() => {});
    },
  };
}

function redisPing(port) {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    let buf = '';
    const done = (ok) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(1000, () => done(false));
    s.on('connect', () => s.write('PING\r\n'));
    s.on('data', (d) => {
      buf += d;
      if (buf.includes('\r\n')) done(buf.startsWith('+PONG'));
    });
    s.on('error', () => done(false));
  });
}

/** Starts (or finds) a Redis server with its files in dataDir. */
export async function ensureRedis({ dataDir, port, persist = true }) {
  const url = `redis://127.0.0.1:${port}`;
  if (await redisPing(port)) return { url, started: false, stop: async () => {} };
  if (await tcpOpen(port))
    throw new Error(`port ${port} is taken by another program; set REDIS_URL or free the port`);
  let bin = which('redis-server', ['/usr/sbin', '/usr/local/sbin']);
  if (!bin) {
    await aptInstall(['redis-server'], 'Redis (redis-server)');
    bin = which('redis-server', ['/usr/sbin', '/usr/local/sbin']);
  }
  if (!bin) throw new Error('redis-server not found after install');
  fs.mkdirSync(dataDir, { recursive: true });
  const pidFile = path.join(dataDir, `redis-${port}.pid`);
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dataDir,
    '--daemonize',
    'yes',
    '--pidfile',
    pidFile,
    '--logfile',
    path.join(dataDir, `redis-${port}.log`),
    '--save',
    '',
    '--appendonly',
    persist ? 'yes' : 'no',
  ];
  await run(bin, args);
  for (let i = 0; i < 100 && !(await redisPing(port)); i++)
    await new Promise((r) => setTimeout(r, 100));
  if (!(await redisPing(port))) throw new Error(`redis-server did not answer on port ${port}`);
  return {
    url,
    started: true,
    stop: async () => {
      try {
        const pid = Number(fs.readFileSync(pidFile, 'utf8'));
        process.kill(pid, 'SIGTERM');
        for (let i = 0; i < 50; i++) {
          process.kill(pid, 0);
          await new Promise((r) => setTimeout(r, 100));
        }
      } catch {}
    },
  };
}

export async function ensureChromium() {
  const found = which('chromium') ?? which('chromium-browser') ?? which('google-chrome');
  if (found) return found;
  await aptInstall(['chromium'], 'Chromium (for the browser tests)');
  const bin = which('chromium');
  if (!bin) throw new Error('chromium not found after install');
  return bin;
}
