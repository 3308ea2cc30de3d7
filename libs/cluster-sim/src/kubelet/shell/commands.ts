import { KUBE_DNS_IP } from '../../apis/core/service';
import { normPath } from '../fs/versioned-files';
import type { HttpResult } from '../network-port';
import { defaultDate, strftime } from './date-format';
import type { Io, Shell } from './interpreter';

// The commands of the simulated shell: ash's builtins and the busybox applets (or GNU
// coreutils) people run in pods, with their real output and error wording. Time passes only in
// `sleep`, network calls and blocking reads; everything else takes no virtual time.

type Cmd = (sh: Shell, args: string[], io: Io) => number;

/** Always there: part of the shell itself. */
export const SHELL_BUILTINS = new Set([
  ':',
  'true',
  'false',
  'echo',
  'printf',
  'exit',
  'export',
  'unset',
  'set',
  'cd',
  'pwd',
  'test',
  '[',
  '[[',
  'read',
  'shift',
  'return',
  'break',
  'continue',
  'local',
  'eval',
  '.',
  'source',
  'exec',
  'wait',
  'trap',
  'type',
  'command',
  'ulimit',
  'umask',
  'readonly',
  'let',
  'kill',
]);

/** The commands a busybox image has (the applets this simulator knows). */
export const BUSYBOX_APPLETS = [
  'sh',
  'ash',
  'sleep',
  'cat',
  'ls',
  'touch',
  'rm',
  'rmdir',
  'mkdir',
  'cp',
  'mv',
  'ln',
  'env',
  'printenv',
  'date',
  'hostname',
  'whoami',
  'id',
  'uname',
  'head',
  'tail',
  'wc',
  'grep',
  'sort',
  'uniq',
  'cut',
  'tr',
  'seq',
  'expr',
  'basename',
  'dirname',
  'wget',
  'nslookup',
  'ping',
  'tee',
  'base64',
  'chmod',
  'chown',
  'stat',
  'df',
  'free',
  'ps',
  'killall',
  'nc',
  'yes',
  'md5sum',
  'sha256sum',
  'nproc',
  'du',
  'which',
  'sync',
  'usleep',
];

/** Debian/Ubuntu base images: bash and coreutils, no network tools. */
export const GNU_COMMANDS = [
  'sh',
  'bash',
  'dash',
  'sleep',
  'cat',
  'ls',
  'touch',
  'rm',
  'rmdir',
  'mkdir',
  'cp',
  'mv',
  'ln',
  'env',
  'printenv',
  'date',
  'hostname',
  'whoami',
  'id',
  'uname',
  'head',
  'tail',
  'wc',
  'grep',
  'sort',
  'uniq',
  'cut',
  'tr',
  'seq',
  'expr',
  'basename',
  'dirname',
  'tee',
  'base64',
  'chmod',
  'chown',
  'stat',
  'df',
  'yes',
  'md5sum',
  'sha256sum',
  'nproc',
  'du',
  'which',
  'sync',
];

const NOT_SIMULATED = new Set([
  'awk',
  'sed',
  'find',
  'xargs',
  'vi',
  'top',
  'apk',
  'apt-get',
  'apt',
  'yum',
  'dnf',
  'tar',
  'gzip',
  'ssh',
  'git',
  'mount',
  'ip',
  'ifconfig',
  'netstat',
  'dig',
  'traceroute',
  'telnet',
  'less',
  'more',
  'watch',
  'timeout',
  'nohup',
  'su',
  'sudo',
  'crontab',
]);

const line = (s: string) => `${s}\n`;

function notFound(sh: Shell, name: string, io: Io): number {
  if (NOT_SIMULATED.has(name) && (sh.host.flavor === 'busybox' || !['apk', 'vi'].includes(name))) {
    io.err.write(`${sh.name}: ${name}: not available in the kubelab simulator\n`);
    return 127;
  }
  io.err.write(
    sh.host.flavor === 'gnu'
      ? `${sh.name}: line 1: ${name}: command not found\n`
      : `${sh.name}: ${name}: not found\n`,
  );
  return 127;
}

function parseDuration(s: string): number | undefined {
  if (s === 'infinity' || s === 'inf') return Infinity;
  const m = /^(\d+(?:\.\d+)?|\.\d+)([smhd]?)$/.exec(s);
  if (!m) return undefined;
  const mult = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * mult * 1000;
}

/** Splits "-abc" style flags from operands (stops at "--"). */
function flags(
  args: string[],
  withValue = '',
): { f: Record<string, string | true>; rest: string[] } {
  const f: Record<string, string | true> = {};
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      rest.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const [k, v] = a.slice(2).split('=', 2);
      f[k!] = v ?? true;
    } else if (a.startsWith('-') && a.length > 1 && !/^-\d/.test(a)) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        if (withValue.includes(c)) {
          f[c] = a.slice(j + 1) || args[++i] || '';
          break;
        }
        f[c] = true;
      }
    } else rest.push(a);
  }
  return { f, rest };
}

function echo(_sh: Shell, args: string[], io: Io): number {
  let newline = true;
  let escapes = false;
  let i = 0;
  for (; i < args.length && /^-[neE]+$/.test(args[i]!); i++) {
    if (args[i]!.includes('n')) newline = false;
    if (args[i]!.includes('e')) escapes = true;
  }
  let text = args.slice(i).join(' ');
  if (escapes) text = unescape(text);
  io.out.write(newline ? `${text}\n` : text);
  return 0;
}

function unescape(s: string): string {
  return s.replace(/\\(n|t|r|\\|0[0-7]*|c|a|b|e|v|f)/g, (_, c: string) => {
    switch (c[0]) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case '\\':
        return '\\';
      case '0':
        return String.fromCharCode(parseInt(c.slice(1) || '0', 8));
      case 'e':
        return '\x1b';
      case 'a':
        return '\x07';
      case 'b':
        return '\b';
      case 'v':
        return '\v';
      case 'f':
        return '\f';
      default:
        return '';
    }
  });
}

function printf(_sh: Shell, args: string[], io: Io): number {
  const fmt = args[0];
  if (fmt === undefined) return 1;
  let rest = args.slice(1);
  let out = '';
  do {
    let used = 0;
    out += unescape(fmt).replace(
      /%(-?\d*)(?:\.(\d+))?([sdiufxXoc%])/g,
      (_, w: string, prec, c: string) => {
        if (c === '%') return '%';
        const a = rest[used++] ?? '';
        let s: string;
        if ('diu'.includes(c)) s = String(Math.trunc(Number(a) || 0));
        else if (c === 'f') s = (Number(a) || 0).toFixed(prec ? Number(prec) : 6);
        else if (c === 'x' || c === 'X') s = (Math.trunc(Number(a)) || 0).toString(16);
        else if (c === 'o') s = (Math.trunc(Number(a)) || 0).toString(8);
        else if (c === 'c') s = a.slice(0, 1);
        else s = prec ? a.slice(0, Number(prec)) : a;
        if (c === 'X') s = s.toUpperCase();
        const width = Number(w.replace('-', '') || 0);
        return w.startsWith('-') ? s.padEnd(width) : s.padStart(width);
      },
    );
    rest = rest.slice(used);
    if (!used) break;
  } while (rest.length);
  io.out.write(out);
  return 0;
}

/** test / [ : files, strings, integers, !, -a, -o. */
function test(sh: Shell, args: string[]): number {
  const fs = sh.host.fs;
  const t = sh.clock;
  const p = (s: string) => normPath(s, sh.cwd);
  const unary = (op: string, a: string): boolean | undefined => {
    switch (op) {
      case '-e':
      case '-a':
        return !!fs.stat(p(a), t);
      case '-f':
        return fs.stat(p(a), t)?.type === 'file';
      case '-d':
        return fs.stat(p(a), t)?.type === 'dir';
      case '-s':
        return (fs.stat(p(a), t)?.size ?? 0) > 0;
      case '-r':
      case '-w':
      case '-x':
        return !!fs.stat(p(a), t);
      case '-L':
      case '-h':
        return false;
      case '-z':
        return a === '';
      case '-n':
        return a !== '';
    }
    return undefined;
  };
  const binary = (a: string, op: string, b: string): boolean | undefined => {
    const n = (x: string) => {
      if (!/^\s*-?\d+\s*$/.test(x)) throw new Error(`${x}: bad number`);
      return Number(x);
    };
    switch (op) {
      case '=':
      case '==':
        return a === b;
      case '!=':
        return a !== b;
      case '-eq':
        return n(a) === n(b);
      case '-ne':
        return n(a) !== n(b);
      case '-lt':
        return n(a) < n(b);
      case '-le':
        return n(a) <= n(b);
      case '-gt':
        return n(a) > n(b);
      case '-ge':
        return n(a) >= n(b);
      case '<':
        return a < b;
      case '>':
        return a > b;
    }
    return undefined;
  };
  const evalExpr = (xs: string[]): boolean => {
    const oi = xs.lastIndexOf('-o');
    if (oi > 0) return evalExpr(xs.slice(0, oi)) || evalExpr(xs.slice(oi + 1));
    const ai = xs.lastIndexOf('-a');
    if (ai > 0 && xs.length > 2 && !(xs.length === 2))
      return evalExpr(xs.slice(0, ai)) && evalExpr(xs.slice(ai + 1));
    if (xs[0] === '!') return !evalExpr(xs.slice(1));
    if (xs[0] === '(' && xs[xs.length - 1] === ')') return evalExpr(xs.slice(1, -1));
    if (xs.length === 0) return false;
    if (xs.length === 1) return xs[0] !== '';
    if (xs.length === 2) {
      const r = unary(xs[0]!, xs[1]!);
      if (r === undefined) throw new Error(`${xs[0]}: unknown operand`);
      return r;
    }
    if (xs.length === 3) {
      const r = binary(xs[0]!, xs[1]!, xs[2]!);
      if (r === undefined) throw new Error(`${xs[1]}: unknown operand`);
      return r;
    }
    throw new Error('syntax error');
  };
  try {
    return evalExpr(args) ? 0 : 1;
  } catch (e) {
    void e;
    return 2;
  }
}

function lsCmd(sh: Shell, args: string[], io: Io): number {
  const { f, rest } = flags(args);
  const fs = sh.host.fs;
  const gnu = sh.host.flavor === 'gnu';
  const long = !!f.l;
  const all = !!f.a || !!f.A;
  let code = 0;
  const targets = rest.length ? rest : ['.'];
  const entryLine = (name: string, full: string) => {
    if (!long) return name;
    const st = fs.stat(full, sh.clock);
    const dir = st?.type === 'dir';
    const mode = dir ? 'drwxr-xr-x' : '-rw-r--r--';
    const size = String(st?.size ?? 0).padStart(8);
    const when = strftime('%b %e %H:%M', st?.mtime || sh.opts.start);
    return `${mode}    ${dir ? 2 : 1} root     root    ${size} ${when} ${name}`;
  };
  targets.forEach((target, i) => {
    const full = normPath(target, sh.cwd);
    const st = fs.stat(full, sh.clock);
    if (!st) {
      io.err.write(
        gnu
          ? `ls: cannot access '${target}': No such file or directory\n`
          : `ls: ${target}: No such file or directory\n`,
      );
      code = gnu ? 2 : 1;
      return;
    }
    if (st.type === 'file' || f.d) {
      io.out.write(line(entryLine(target, full)));
      return;
    }
    let names = fs.list(full, sh.clock) ?? [];
    if (!all) names = names.filter((n) => !n.startsWith('.'));
    if (f.a) names = ['.', '..', ...names];
    if (targets.length > 1) io.out.write(`${i ? '\n' : ''}${target}:\n`);
    if (long) io.out.write(`total ${names.length * 4}\n`);
    for (const n of names) io.out.write(line(entryLine(n, normPath(n, full))));
  });
  return code;
}

function catCmd(sh: Shell, args: string[], io: Io): number {
  const files = args.filter((a) => a !== '-' && !/^-[nAvetsuE]+$/.test(a));
  if (!files.length) {
    io.out.write(io.in);
    return 0;
  }
  let code = 0;
  for (const a of files) {
    const full = normPath(a, sh.cwd);
    const st = sh.host.fs.stat(full, sh.clock);
    if (st?.type === 'dir') {
      io.err.write(
        sh.host.flavor === 'gnu'
          ? `cat: ${a}: Is a directory\n`
          : `cat: read error: Is a directory\n`,
      );
      code = 1;
      continue;
    }
    const c = sh.host.fs.read(full, sh.clock);
    if (c === undefined) {
      io.err.write(
        sh.host.flavor === 'gnu'
          ? `cat: ${a}: No such file or directory\n`
          : `cat: can't open '${a}': No such file or directory\n`,
      );
      code = 1;
    } else io.out.write(c);
  }
  return code;
}

const fsError = (e: string) =>
  ({
    EROFS: 'Read-only file system',
    ENOENT: 'No such file or directory',
    EEXIST: 'File exists',
    EISDIR: 'Is a directory',
    ENOTDIR: 'Not a directory',
    ENOTEMPTY: 'Directory not empty',
  })[e] ?? e;

function inputOf(sh: Shell, files: string[], io: Io, cmd: string): { text: string; code: number } {
  if (!files.length) return { text: io.in, code: 0 };
  let text = '';
  let code = 0;
  for (const f of files) {
    const c = sh.host.fs.read(normPath(f, sh.cwd), sh.clock);
    if (c === undefined) {
      io.err.write(
        sh.host.flavor === 'gnu'
          ? `${cmd}: ${f}: No such file or directory\n`
          : `${cmd}: can't open '${f}': No such file or directory\n`,
      );
      code = 1;
    } else text += c;
  }
  return { text, code };
}

const linesOf = (s: string) => (s === '' ? [] : s.replace(/\n$/, '').split('\n'));

function tailCmd(sh: Shell, args: string[], io: Io): number {
  const { f, rest } = flags(args, 'nc');
  const n = Number(String(f.n ?? '10').replace(/^\+/, '')) || 10;
  const follow = f.f || f.F || f.follow;
  if (!follow) {
    const { text, code } = inputOf(sh, rest, io, 'tail');
    const ls = linesOf(text);
    const out = ls.slice(Math.max(0, ls.length - n));
    if (out.length) io.out.write(out.join('\n') + '\n');
    return code;
  }
  // tail -f: the last lines now, then whatever is appended, at the time it is written.
  const path = rest[0] ? normPath(rest[0], sh.cwd) : undefined;
  if (!path) sh.endless();
  const fs = sh.host.fs;
  let seen = fs.read(path!, sh.clock);
  if (seen === undefined)
    io.err.write(`tail: can't open '${rest[0]}': No such file or directory\n`);
  else {
    const ls = linesOf(seen);
    if (ls.length) io.out.write(ls.slice(Math.max(0, ls.length - n)).join('\n') + '\n');
  }
  for (const t of fs.changeTimes(sh.clock, sh.deadline)) {
    const now = fs.read(path!, t);
    if (now === seen) continue;
    sh.advance(t - sh.clock);
    if (seen === undefined && now !== undefined && f.F)
      io.err.write(`tail: '${rest[0]}' has appeared;  following new file\n`);
    if (now !== undefined)
      io.out.write(seen !== undefined && now.startsWith(seen) ? now.slice(seen.length) : now);
    seen = now;
  }
  if (sh.deadline === Infinity) sh.endless();
  sh.advance(sh.deadline - sh.clock + 1);
  return 0;
}

/** `wget` / `curl` / `nc -z`: through the cluster network, with busybox's or curl's messages. */
function hostOf(url: string): { host: string; port: number; path: string; url: string } {
  const full = /^[a-z]+:\/\//i.test(url) ? url : `http://${url}`;
  const m = /^([a-z]+):\/\/([^/:]+)(?::(\d+))?(\/.*)?$/i.exec(full);
  const scheme = m?.[1]?.toLowerCase() ?? 'http';
  return {
    host: m?.[2] ?? url,
    port: Number(m?.[3] ?? (scheme === 'https' ? 443 : 80)),
    path: m?.[4] ?? '/',
    url: full,
  };
}

const REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  304: 'Not Modified',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function wget(sh: Shell, args: string[], io: Io): number {
  const { f, rest } = flags(args, 'OTUYoPe');
  const quiet = !!f.q;
  const target = rest[0];
  if (!target) {
    io.err.write(
      'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n',
    );
    return 1;
  }
  const u = hostOf(target);
  const timeoutMs = (Number(f.T) || 900) * 1000;
  const r = sh.host.net.http(u.url, sh.clock, { timeoutMs });
  const where = r.ip ? `${r.ip}:${u.port}` : `${u.host}:${u.port}`;
  if (r.kind === 'error') {
    if (r.error === 'timeout') {
      if (!quiet)
        io.err.write(`Connecting to ${u.host}${u.port !== 80 ? `:${u.port}` : ''} (${where})\n`);
      sh.advance(timeoutMs);
      io.err.write('wget: download timed out\n');
    } else if (r.error === 'unresolved')
      io.err.write(`wget: bad address '${u.host}${u.port !== 80 ? `:${u.port}` : ''}'\n`);
    else if (r.error === 'refused') {
      if (!quiet)
        io.err.write(`Connecting to ${u.host}${u.port !== 80 ? `:${u.port}` : ''} (${where})\n`);
      io.err.write(`wget: can't connect to remote host (${r.ip ?? u.host}): Connection refused\n`);
    } else if (r.error === 'unreachable') {
      io.err.write(`wget: can't connect to remote host (${r.ip ?? u.host}): No route to host\n`);
    } else io.err.write(`wget: ${r.message ?? 'network not available'}\n`);
    return 1;
  }
  sh.advance(r.latencyMs ?? 2);
  if (!quiet)
    io.err.write(`Connecting to ${u.host}${u.port !== 80 ? `:${u.port}` : ''} (${where})\n`);
  if (r.status >= 400) {
    io.err.write(`wget: server returned error: HTTP/1.1 ${r.status} ${REASONS[r.status] ?? ''}\n`);
    return 1;
  }
  if (f.spider) {
    if (!quiet) io.err.write('remote file exists\n');
    return 0;
  }
  const out = typeof f.O === 'string' ? f.O : u.path.split('/').pop() || 'index.html';
  const size = r.body.length;
  if (out === '-') {
    if (!quiet) io.err.write('writing to stdout\n');
    io.out.write(r.body);
    if (!quiet)
      io.err.write(
        `-                    100% |********************************|   ${size}  0:00:00 ETA\nwritten to stdout\n`,
      );
    return 0;
  }
  const path = normPath(out, sh.cwd);
  if (!quiet) io.err.write(`saving to '${out}'\n`);
  const e = sh.host.fs.write(path, r.body, sh.clock);
  if (e) {
    io.err.write(`wget: can't open '${out}': ${fsError(e)}\n`);
    return 1;
  }
  if (!quiet)
    io.err.write(
      `${out.split('/').pop()!.padEnd(20).slice(0, 20)} 100% |********************************|   ${size}  0:00:00 ETA\n'${out}' saved\n`,
    );
  return 0;
}

function curl(sh: Shell, args: string[], io: Io): number {
  const { f, rest } = flags(args, 'oXHdwmu');
  const target = rest[0];
  if (!target) {
    io.err.write("curl: try 'curl --help' or 'curl --manual' for more information\n");
    return 2;
  }
  const u = hostOf(target);
  const silent = !!(f.s || f.silent);
  const showErr = !!(f.S || f['show-error']);
  const timeoutMs = (Number(f.m ?? f['max-time'] ?? f['connect-timeout']) || 130) * 1000;
  const r: HttpResult = sh.host.net.http(u.url, sh.clock, {
    method: typeof f.X === 'string' ? f.X : f.I ? 'HEAD' : 'GET',
    timeoutMs,
  });
  const err = (code: number, msg: string) => {
    if (!silent || showErr) io.err.write(`curl: (${code}) ${msg}\n`);
    return code;
  };
  if (r.kind === 'error') {
    if (r.error === 'unresolved') return err(6, `Could not resolve host: ${u.host}`);
    if (r.error === 'refused')
      return err(
        7,
        `Failed to connect to ${u.host} port ${u.port} after 1 ms: Couldn't connect to server`,
      );
    if (r.error === 'timeout') {
      sh.advance(timeoutMs);
      return err(
        28,
        `Failed to connect to ${u.host} port ${u.port} after ${timeoutMs} ms: Timeout was reached`,
      );
    }
    if (r.error === 'unreachable')
      return err(
        7,
        `Failed to connect to ${u.host} port ${u.port} after 1 ms: Couldn't connect to server`,
      );
    return err(7, r.message ?? 'network not available');
  }
  sh.advance(r.latencyMs ?? 2);
  if ((f.f || f.fail) && r.status >= 400)
    return err(22, `The requested URL returned error: ${r.status}`);
  let body = r.body;
  if (f.I || f.i) {
    const head = `HTTP/1.1 ${r.status} ${REASONS[r.status] ?? ''}\r\n${Object.entries(
      r.headers ?? {},
    )
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('')}\r\n`;
    body = f.I ? head : head + body;
  }
  if (typeof f.w === 'string')
    body = (f.o || f.s ? '' : body) + unescape(f.w.replace(/%\{http_code\}/g, String(r.status)));
  if (typeof f.o === 'string') {
    if (f.o !== '/dev/null') sh.host.fs.write(normPath(f.o, sh.cwd), r.body, sh.clock);
    if (typeof f.w === 'string')
      io.out.write(unescape(f.w.replace(/%\{http_code\}/g, String(r.status))));
    return 0;
  }
  io.out.write(body);
  return 0;
}

function nslookup(sh: Shell, args: string[], io: Io): number {
  const { rest } = flags(args);
  const name = rest[0];
  if (!name) {
    io.err.write(
      'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n',
    );
    return 1;
  }
  const ans = sh.host.net.resolve(name, sh.clock);
  sh.advance(3);
  const old = /^1\.2[0-8]\b/.test(sh.host.busyboxVersion ?? '');
  if (old) {
    io.out.write(
      `Server:    ${KUBE_DNS_IP}\nAddress 1: ${KUBE_DNS_IP} kube-dns.kube-system.svc.cluster.local\n\n`,
    );
    if (!ans) {
      io.err.write(`nslookup: can't resolve '${name}'\n`);
      return 1;
    }
    io.out.write(`Name:      ${name}\n`);
    ans.addresses.forEach((a, i) => io.out.write(`Address ${i + 1}: ${a} ${ans.name}\n`));
    return 0;
  }
  io.out.write(`Server:\t\t${KUBE_DNS_IP}\nAddress:\t${KUBE_DNS_IP}:53\n\n`);
  if (!ans) {
    io.out.write(`** server can't find ${name}: NXDOMAIN\n\n`);
    return 1;
  }
  if (ans.canonicalName) io.out.write(`${ans.name}\tcanonical name = ${ans.canonicalName}\n`);
  for (const a of ans.addresses)
    io.out.write(`Name:\t${ans.canonicalName ?? ans.name}\nAddress: ${a}\n`);
  io.out.write('\n');
  return 0;
}

function ping(sh: Shell, args: string[], io: Io): number {
  const { f, rest } = flags(args, 'cWw');
  const host = rest[0];
  if (!host) return 1;
  const ans = /^\d+\.\d+\.\d+\.\d+$/.test(host)
    ? { name: host, addresses: [host] }
    : sh.host.net.resolve(host, sh.clock);
  if (!ans) {
    io.err.write(`ping: bad address '${host}'\n`);
    return 1;
  }
  const ip = ans.addresses[0]!;
  const count = Number(f.c ?? Infinity);
  io.out.write(`PING ${host} (${ip}): 56 data bytes\n`);
  // Service IPs are virtual: nothing answers ICMP on them.
  const svc = ip.startsWith('10.96.');
  let sent = 0;
  while (sent < count) {
    if (!svc) io.out.write(`64 bytes from ${ip}: seq=${sent} ttl=63 time=0.089 ms\n`);
    sent++;
    if (sent < count) sh.advance(1000);
  }
  io.out.write(
    `\n--- ${host} ping statistics ---\n${sent} packets transmitted, ${svc ? 0 : sent} packets received, ${svc ? 100 : 0}% packet loss\n`,
  );
  if (!svc) io.out.write('round-trip min/avg/max = 0.089/0.089/0.089 ms\n');
  return svc ? 1 : 0;
}

function envCmd(sh: Shell, args: string[], io: Io, print: boolean): number {
  const exported = [...sh.exported].filter((k) => sh.vars.has(k));
  if (print && args.length) {
    let code = 0;
    for (const k of args) {
      if (sh.exported.has(k) && sh.vars.has(k)) io.out.write(line(sh.vars.get(k)!));
      else code = 1;
    }
    return code;
  }
  if (!print && args.length) {
    // env VAR=x cmd ...
    let i = 0;
    const extra: [string, string][] = [];
    for (; i < args.length && /^[A-Za-z_]\w*=/.test(args[i]!); i++) {
      const [k, ...v] = args[i]!.split('=');
      extra.push([k!, v.join('=')]);
    }
    if (i < args.length) {
      const saved = new Map(sh.vars);
      for (const [k, v] of extra) {
        sh.vars.set(k, v);
        sh.exported.add(k);
      }
      try {
        return sh.exec(args.slice(i), io);
      } finally {
        sh.vars = saved;
      }
    }
    for (const k of exported) io.out.write(line(`${k}=${sh.vars.get(k)}`));
    for (const [k, v] of extra) io.out.write(line(`${k}=${v}`));
    return 0;
  }
  for (const k of exported) io.out.write(line(`${k}=${sh.vars.get(k)}`));
  return 0;
}

const COMMANDS: Record<string, Cmd> = {
  ':': () => 0,
  true: () => 0,
  false: () => 1,
  echo,
  printf,
  test: (sh, a) => test(sh, a),
  '[': (sh, a, io) => {
    if (a[a.length - 1] !== ']') {
      io.err.write(`${sh.name}: missing ]\n`);
      return 2;
    }
    return test(sh, a.slice(0, -1));
  },
  '[[': (sh, a) => test(sh, a.slice(0, a[a.length - 1] === ']]' ? -1 : undefined)),
  exit: (sh, a) => sh.signal('exit', a[0] === undefined ? sh.status : Number(a[0]) || 0),
  return: (sh, a) => sh.signal('return', a[0] === undefined ? sh.status : Number(a[0]) || 0),
  break: (sh, a) => sh.signal('break', Number(a[0] ?? 1)),
  continue: (sh, a) => sh.signal('continue', Number(a[0] ?? 1)),
  export: (sh, a, io) => {
    if (!a.length || a[0] === '-p') {
      for (const k of sh.exported) io.out.write(line(`export ${k}='${sh.vars.get(k) ?? ''}'`));
      return 0;
    }
    for (const x of a) {
      const [k, ...v] = x.split('=');
      if (v.length) sh.vars.set(k!, v.join('='));
      sh.exported.add(k!);
    }
    return 0;
  },
  readonly: (sh, a) => {
    for (const x of a) {
      const [k, ...v] = x.split('=');
      if (v.length) sh.vars.set(k!, v.join('='));
    }
    return 0;
  },
  local: (sh, a) => {
    for (const x of a) {
      const [k, ...v] = x.split('=');
      sh.vars.set(k!, v.join('='));
    }
    return 0;
  },
  unset: (sh, a) => {
    for (const k of a.filter((x) => !x.startsWith('-'))) {
      sh.vars.delete(k);
      sh.exported.delete(k);
      sh.funcs.delete(k);
    }
    return 0;
  },
  set: (sh, a, io) => {
    if (!a.length) {
      for (const [k, v] of [...sh.vars].sort()) io.out.write(line(`${k}='${v}'`));
      return 0;
    }
    const dd = a.indexOf('--');
    if (dd >= 0) sh.positional = a.slice(dd + 1);
    return 0;
  },
  shift: (sh, a) => {
    sh.positional = sh.positional.slice(Number(a[0] ?? 1));
    return 0;
  },
  cd: (sh, a, io) => {
    const target = normPath(a[0] ?? sh.vars.get('HOME') ?? '/', sh.cwd);
    if (sh.host.fs.stat(target, sh.clock)?.type !== 'dir') {
      io.err.write(`${sh.name}: cd: can't cd to ${a[0]}: No such file or directory\n`);
      return 2;
    }
    sh.cwd = target;
    sh.vars.set('PWD', target);
    return 0;
  },
  pwd: (sh, _a, io) => {
    io.out.write(line(sh.cwd));
    return 0;
  },
  read: (sh, a, io) => {
    const names = a.filter((x) => !x.startsWith('-'));
    if (!io.in) return 1;
    const nl = io.in.indexOf('\n');
    const first = nl >= 0 ? io.in.slice(0, nl) : io.in;
    const words = first.trim().split(/\s+/);
    names.forEach((n, i) =>
      sh.vars.set(n, i === names.length - 1 ? words.slice(i).join(' ') : (words[i] ?? '')),
    );
    return 0;
  },
  eval: (sh, a, io) => sh.nested(a.join(' '), io, false),
  '.': (sh, a, io) => {
    const src = sh.host.fs.read(normPath(a[0] ?? '', sh.cwd), sh.clock);
    if (src === undefined) {
      io.err.write(`${sh.name}: .: line 1: can't open '${a[0]}': No such file or directory\n`);
      return 2;
    }
    return sh.nested(src, io, false);
  },
  exec: (sh, a, io) => {
    if (!a.length) return 0;
    const code = sh.exec(a, io);
    return sh.signal('exit', code);
  },
  wait: (sh) => {
    sh.waitJobs();
    return 0;
  },
  trap: () => 0,
  ulimit: () => 0,
  umask: () => 0,
  kill: () => 0,
  killall: () => 0,
  sync: () => 0,
  let: (sh, a) => {
    let v = 0;
    for (const e of a) v = Number(sh.expandString([{ k: 'arith', expr: e, q: true }]));
    return v ? 0 : 1;
  },
  type: (sh, a, io) => {
    let code = 0;
    for (const n of a) {
      if (SHELL_BUILTINS.has(n)) io.out.write(line(`${n} is a shell builtin`));
      else if (sh.host.has(n)) io.out.write(line(`${n} is /bin/${n}`));
      else {
        io.out.write(line(`${n}: not found`));
        code = 1;
      }
    }
    return code;
  },
  command: (sh, a, io) => {
    if (a[0] === '-v') {
      const n = a[1] ?? '';
      if (SHELL_BUILTINS.has(n)) io.out.write(line(n));
      else if (sh.host.has(n)) io.out.write(line(`/bin/${n}`));
      else return 1;
      return 0;
    }
    return sh.exec(a, io);
  },
  which: (sh, a, io) => {
    let code = 0;
    for (const n of a) {
      if (sh.host.has(n)) io.out.write(line(`/bin/${n}`));
      else code = 1;
    }
    return code;
  },
  sleep: (sh, a, io) => {
    let ms = 0;
    for (const x of a) {
      const d = parseDuration(x);
      if (d === undefined) {
        io.err.write(`sleep: invalid number '${x}'\n`);
        return 1;
      }
      ms += d;
    }
    sh.advance(ms);
    return 0;
  },
  usleep: (sh, a) => {
    sh.advance(Number(a[0] ?? 0) / 1000);
    return 0;
  },
  cat: catCmd,
  ls: lsCmd,
  touch: (sh, a, io) => {
    let code = 0;
    for (const x of a.filter((y) => !y.startsWith('-'))) {
      const p = normPath(x, sh.cwd);
      const cur = sh.host.fs.read(p, sh.clock);
      const e = sh.host.fs.write(p, cur ?? '', sh.clock);
      if (e) {
        io.err.write(
          sh.host.flavor === 'gnu'
            ? `touch: cannot touch '${x}': ${fsError(e)}\n`
            : `touch: ${x}: ${fsError(e)}\n`,
        );
        code = 1;
      }
    }
    return code;
  },
  rm: (sh, a, io) => {
    const { f, rest } = flags(a);
    let code = 0;
    for (const x of rest) {
      const p = normPath(x, sh.cwd);
      const st = sh.host.fs.stat(p, sh.clock);
      if (!st) {
        if (!f.f) {
          io.err.write(
            sh.host.flavor === 'gnu'
              ? `rm: cannot remove '${x}': No such file or directory\n`
              : `rm: can't remove '${x}': No such file or directory\n`,
          );
          code = 1;
        }
        continue;
      }
      if (st.type === 'dir' && !(f.r || f.R)) {
        io.err.write(
          sh.host.flavor === 'gnu'
            ? `rm: cannot remove '${x}': Is a directory\n`
            : `rm: '${x}' is a directory\n`,
        );
        code = 1;
        continue;
      }
      const e = sh.host.fs.remove(p, sh.clock, true);
      if (e) {
        io.err.write(`rm: can't remove '${x}': ${fsError(e)}\n`);
        code = 1;
      }
    }
    return code;
  },
  rmdir: (sh, a, io) => {
    let code = 0;
    for (const x of a.filter((y) => !y.startsWith('-'))) {
      const e = sh.host.fs.remove(normPath(x, sh.cwd), sh.clock, false);
      if (e) {
        io.err.write(`rmdir: '${x}': ${fsError(e)}\n`);
        code = 1;
      }
    }
    return code;
  },
  mkdir: (sh, a, io) => {
    const { f, rest } = flags(a, 'm');
    let code = 0;
    for (const x of rest) {
      const e = sh.host.fs.mkdir(normPath(x, sh.cwd), sh.clock, !!f.p);
      if (e) {
        io.err.write(
          sh.host.flavor === 'gnu'
            ? `mkdir: cannot create directory '${x}': ${fsError(e)}\n`
            : `mkdir: can't create directory '${x}': ${fsError(e)}\n`,
        );
        code = 1;
      }
    }
    return code;
  },
  cp: (sh, a, io) => {
    const { rest } = flags(a);
    const [src, dst] = rest;
    if (!src || !dst) return 1;
    const c = sh.host.fs.read(normPath(src, sh.cwd), sh.clock);
    if (c === undefined) {
      io.err.write(`cp: can't stat '${src}': No such file or directory\n`);
      return 1;
    }
    let target = normPath(dst, sh.cwd);
    if (sh.host.fs.stat(target, sh.clock)?.type === 'dir')
      target = normPath(src.split('/').pop()!, target);
    const e = sh.host.fs.write(target, c, sh.clock);
    if (e) {
      io.err.write(`cp: can't create '${dst}': ${fsError(e)}\n`);
      return 1;
    }
    return 0;
  },
  mv: (sh, a, io) => {
    const code = COMMANDS.cp!(sh, a, io);
    if (code === 0) sh.host.fs.remove(normPath(flags(a).rest[0]!, sh.cwd), sh.clock);
    return code;
  },
  ln: (sh, a, io) =>
    COMMANDS.cp!(
      sh,
      a.filter((x) => x !== '-s' && x !== '-sf'),
      io,
    ),
  chmod: () => 0,
  chown: () => 0,
  env: (sh, a, io) => envCmd(sh, a, io, false),
  printenv: (sh, a, io) => envCmd(sh, a, io, true),
  date: (sh, a, io) => {
    const fmt = a.find((x) => x.startsWith('+'));
    let out: string;
    if (fmt) out = strftime(fmt.slice(1), sh.clock);
    else if (a.includes('-R')) out = strftime('%a, %d %b %Y %H:%M:%S +0000', sh.clock);
    else if (a.some((x) => x.startsWith('-I')))
      out = strftime(a.includes('-Iseconds') ? '%Y-%m-%dT%H:%M:%S+00:00' : '%Y-%m-%d', sh.clock);
    else out = defaultDate(sh.clock);
    io.out.write(line(out));
    return 0;
  },
  hostname: (sh, a, io) => {
    io.out.write(line(a.includes('-i') ? (sh.host.podIP ?? '') : sh.host.hostname));
    return 0;
  },
  whoami: (_sh, _a, io) => {
    io.out.write('root\n');
    return 0;
  },
  id: (_sh, _a, io) => {
    io.out.write(
      'uid=0(root) gid=0(root) groups=0(root),1(bin),2(daemon),3(sys),4(adm),6(disk),10(wheel),11(floppy),20(dialout),26(tape),27(video)\n',
    );
    return 0;
  },
  uname: (sh, a, io) => {
    const k = sh.host.kernel ?? '6.8.0-1017-gcp';
    io.out.write(
      line(
        a.includes('-a')
          ? `Linux ${sh.host.hostname} ${k} #18-Ubuntu SMP Fri Oct 11 19:36:22 UTC 2024 x86_64 GNU/Linux`
          : a.includes('-r')
            ? k
            : a.includes('-m')
              ? 'x86_64'
              : 'Linux',
      ),
    );
    return 0;
  },
  nproc: (_sh, _a, io) => {
    io.out.write('4\n');
    return 0;
  },
  head: (sh, a, io) => {
    const { f, rest } = flags(a, 'nc');
    const n = Number(f.n ?? (/^-\d+$/.test(a[0] ?? '') ? a[0]!.slice(1) : 10)) || 10;
    const { text, code } = inputOf(
      sh,
      rest.filter((x) => !/^-\d+$/.test(x)),
      io,
      'head',
    );
    const ls = linesOf(text).slice(0, n);
    if (ls.length) io.out.write(ls.join('\n') + '\n');
    return code;
  },
  tail: tailCmd,
  wc: (sh, a, io) => {
    const { f, rest } = flags(a);
    const { text, code } = inputOf(sh, rest, io, 'wc');
    const l = (text.match(/\n/g) ?? []).length;
    const w = text.split(/\s+/).filter(Boolean).length;
    const c = text.length;
    const parts = f.l ? [l] : f.w ? [w] : f.c ? [c] : [l, w, c];
    const pad = rest.length || parts.length > 1 ? 7 : 0;
    io.out.write(
      line(parts.map((x) => String(x).padStart(pad)).join(' ') + (rest[0] ? ` ${rest[0]}` : '')),
    );
    return code;
  },
  grep: (sh, a, io) => {
    const { f, rest } = flags(a, 'e');
    const pat = typeof f.e === 'string' ? f.e : rest.shift();
    if (pat === undefined) return 2;
    const { text, code } = inputOf(sh, rest, io, 'grep');
    let re: RegExp;
    try {
      re = new RegExp(
        f.F ? pat.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : pat.replace(/\\\|/g, '|'),
        f.i ? 'i' : '',
      );
    } catch {
      re = new RegExp(pat.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    }
    const hits = linesOf(text).filter((x) => re.test(x) !== !!f.v);
    if (f.c) io.out.write(line(String(hits.length)));
    else if (!f.q) for (const h of hits) io.out.write(line(h));
    return code || (hits.length ? 0 : 1);
  },
  sort: (sh, a, io) => {
    const { f, rest } = flags(a);
    const { text, code } = inputOf(sh, rest, io, 'sort');
    let ls = linesOf(text);
    ls = f.n ? ls.sort((x, y) => parseFloat(x) - parseFloat(y)) : ls.sort();
    if (f.r) ls.reverse();
    if (f.u) ls = [...new Set(ls)];
    if (ls.length) io.out.write(ls.join('\n') + '\n');
    return code;
  },
  uniq: (sh, a, io) => {
    const { rest } = flags(a);
    const { text, code } = inputOf(sh, rest, io, 'uniq');
    const ls = linesOf(text).filter((x, i, all) => i === 0 || all[i - 1] !== x);
    if (ls.length) io.out.write(ls.join('\n') + '\n');
    return code;
  },
  cut: (sh, a, io) => {
    const { f, rest } = flags(a, 'dfc');
    const { text, code } = inputOf(sh, rest, io, 'cut');
    const d = typeof f.d === 'string' ? f.d : '\t';
    const pick = (spec: string, n: number) =>
      spec.split(',').flatMap((r) => {
        const [x, y] = r.split('-');
        const lo = Number(x || 1);
        const hi = r.includes('-') ? Number(y || n) : lo;
        return Array.from({ length: Math.max(0, hi - lo + 1) }, (_, i) => lo + i - 1);
      });
    for (const l of linesOf(text)) {
      if (typeof f.c === 'string')
        io.out.write(
          line(
            pick(f.c, l.length)
              .map((i) => l[i] ?? '')
              .join(''),
          ),
        );
      else {
        const fields = l.split(d);
        io.out.write(
          line(
            pick(String(f.f ?? '1'), fields.length)
              .map((i) => fields[i])
              .filter((x) => x !== undefined)
              .join(d),
          ),
        );
      }
    }
    return code;
  },
  tr: (_sh, a, io) => {
    const { f, rest } = flags(a);
    const expand = (s: string) =>
      s
        .replace(/\[:upper:\]/g, 'A-Z')
        .replace(/\[:lower:\]/g, 'a-z')
        .replace(/\[:digit:\]/g, '0-9')
        .replace(/\[:space:\]/g, ' \t\n')
        .replace(/(.)-(.)/g, (_m, x: string, y: string) =>
          Array.from({ length: y.charCodeAt(0) - x.charCodeAt(0) + 1 }, (_, i) =>
            String.fromCharCode(x.charCodeAt(0) + i),
          ).join(''),
        )
        .replace(/\\n/g, '\n');
    const from = expand(rest[0] ?? '');
    const to = expand(rest[1] ?? '');
    let out = '';
    for (const c of io.in) {
      const i = from.indexOf(c);
      if (f.d) {
        if (i < 0) out += c;
      } else out += i < 0 ? c : (to[Math.min(i, to.length - 1)] ?? '');
    }
    io.out.write(out);
    return 0;
  },
  seq: (_sh, a, io) => {
    const n = a.map(Number);
    const [first, step, last] =
      n.length === 1 ? [1, 1, n[0]!] : n.length === 2 ? [n[0]!, 1, n[1]!] : [n[0]!, n[1]!, n[2]!];
    const out: string[] = [];
    for (let i = first; step > 0 ? i <= last : i >= last; i += step) {
      out.push(String(i));
      if (out.length > 100_000) break;
    }
    if (out.length) io.out.write(out.join('\n') + '\n');
    return 0;
  },
  expr: (_sh, a, io) => {
    const [x, op, y] = a;
    let v: number | string;
    const nx = Number(x);
    const ny = Number(y);
    switch (op) {
      case '+':
        v = nx + ny;
        break;
      case '-':
        v = nx - ny;
        break;
      case '*':
        v = nx * ny;
        break;
      case '/':
        v = Math.trunc(nx / ny);
        break;
      case '%':
        v = nx % ny;
        break;
      case '<':
        v = +(nx < ny);
        break;
      case '>':
        v = +(nx > ny);
        break;
      case '=':
        v = +(x === y);
        break;
      default:
        v = x ?? '';
    }
    io.out.write(line(String(v)));
    return v === 0 || v === '' ? 1 : 0;
  },
  basename: (_sh, a, io) => {
    let b = (a[0] ?? '').replace(/\/+$/, '').split('/').pop() ?? '';
    if (a[1] && b.endsWith(a[1])) b = b.slice(0, -a[1].length);
    io.out.write(line(b));
    return 0;
  },
  dirname: (_sh, a, io) => {
    const p = (a[0] ?? '').replace(/\/+$/, '');
    io.out.write(line(p.includes('/') ? p.slice(0, p.lastIndexOf('/')) || '/' : '.'));
    return 0;
  },
  tee: (sh, a, io) => {
    const { f, rest } = flags(a);
    for (const x of rest) sh.host.fs.write(normPath(x, sh.cwd), io.in, sh.clock, !!f.a);
    io.out.write(io.in);
    return 0;
  },
  base64: (sh, a, io) => {
    const { f, rest } = flags(a);
    const { text, code } = inputOf(sh, rest, io, 'base64');
    try {
      if (f.d)
        io.out.write(
          new TextDecoder().decode(
            Uint8Array.from(atob(text.replace(/\s/g, '')), (c) => c.charCodeAt(0)),
          ),
        );
      else io.out.write(line(btoa(String.fromCharCode(...new TextEncoder().encode(text)))));
    } catch {
      io.err.write('base64: invalid input\n');
      return 1;
    }
    return code;
  },
  md5sum: (sh, a, io) => digest(sh, a, io, 32),
  sha256sum: (sh, a, io) => digest(sh, a, io, 64),
  stat: (sh, a, io) => {
    const p = a.filter((x) => !x.startsWith('-'))[0] ?? '';
    const st = sh.host.fs.stat(normPath(p, sh.cwd), sh.clock);
    if (!st) {
      io.err.write(`stat: can't stat '${p}': No such file or directory\n`);
      return 1;
    }
    io.out.write(
      `  File: ${p}\n  Size: ${st.size}\t\tBlocks: 8          IO Block: 4096   ${st.type === 'dir' ? 'directory' : 'regular file'}\n`,
    );
    return 0;
  },
  df: (_sh, a, io) => {
    const h = a.includes('-h');
    io.out.write(
      h
        ? 'Filesystem                Size      Used Available Use% Mounted on\noverlay                  96.7G     18.2G     78.5G  19% /\ntmpfs                    64.0M         0     64.0M   0% /dev\nshm                      64.0M         0     64.0M   0% /dev/shm\n'
        : 'Filesystem           1K-blocks      Used Available Use% Mounted on\noverlay              101430960  19063368  82351208  19% /\ntmpfs                    65536         0     65536   0% /dev\n',
    );
    return 0;
  },
  du: (sh, a, io) => {
    const p = a.filter((x) => !x.startsWith('-'))[0] ?? '.';
    io.out.write(line(`4\t${p}`));
    void sh;
    return 0;
  },
  free: (_sh, _a, io) => {
    io.out.write(
      '              total        used        free      shared  buff/cache   available\nMem:        8148204     1534016     4410220        3540     2203968     6334440\nSwap:             0           0           0\n',
    );
    return 0;
  },
  ps: (sh, _a, io) => {
    io.out.write(`PID   USER     TIME  COMMAND\n    1 root      0:00 ${sh.argv0}\n`);
    return 0;
  },
  yes: (sh, a, io) => {
    for (let i = 0; i < 1000; i++) io.out.write(line(a.join(' ') || 'y'));
    return sh.endless();
  },
  nc: (sh, a, io) => {
    const { f, rest } = flags(a, 'w');
    const [host, port] = rest;
    if (!host || !port) return 1;
    const r = sh.host.net.http(`http://${host}:${port}/`, sh.clock, { method: 'CONNECT' });
    const ok = r.kind === 'response';
    if (f.v)
      io.err.write(
        ok
          ? `${host} (${r.ip ?? host}:${port}) open\n`
          : `nc: ${host} (${host}:${port}): Connection refused\n`,
      );
    if (f.z) return ok ? 0 : 1;
    if (!ok) return 1;
    if (f.l) sh.endless();
    return 0;
  },
  wget,
  curl,
  nslookup,
  ping,
};

function digest(sh: Shell, a: string[], io: Io, len: number): number {
  const { rest } = flags(a);
  const { text, code } = inputOf(sh, rest, io, len === 32 ? 'md5sum' : 'sha256sum');
  let h = '';
  let seed = 0x811c9dc5;
  while (h.length < len) {
    for (let i = 0; i < text.length; i++)
      seed = Math.imul(seed ^ text.charCodeAt(i), 16777619) >>> 0;
    seed = Math.imul(seed ^ h.length, 16777619) >>> 0;
    h += seed.toString(16).padStart(8, '0');
  }
  io.out.write(line(`${h.slice(0, len)}  ${rest[0] ?? '-'}`));
  return code;
}

/** Runs a command that is not a function: builtin, applet, the image's program, or not found. */
export function runCommand(sh: Shell, argv: string[], io: Io): number {
  const full = argv[0]!;
  const name = full.includes('/') ? full.slice(full.lastIndexOf('/') + 1) : full;
  const args = argv.slice(1);
  if (name === 'sh' || name === 'bash' || name === 'ash' || name === 'dash') {
    if (name === 'bash' && !sh.host.has('bash')) return notFound(sh, name, io);
    const c = args.indexOf('-c');
    if (c >= 0 && args[c + 1] !== undefined)
      return sh.nested(args[c + 1]!, io, true, args.slice(c + 2));
    const file = args.find((x) => !x.startsWith('-'));
    if (file) {
      const src = sh.host.fs.read(normPath(file, sh.cwd), sh.clock);
      if (src === undefined) {
        io.err.write(`${name}: can't open '${file}': No such file or directory\n`);
        return 2;
      }
      return sh.nested(src, io, true, args.slice(args.indexOf(file) + 1));
    }
    // A shell reading its (empty) stdin: nothing to do, as in a container without a TTY.
    return io.in ? sh.nested(io.in, io, true) : 0;
  }
  if (full.includes('/') && !SHELL_BUILTINS.has(name)) {
    // A script in the container's file system.
    const src = sh.host.fs.read(normPath(full, sh.cwd), sh.clock);
    if (src !== undefined && !sh.host.has(name) && !sh.host.program?.(argv, sh.clock)) {
      const shebang = /^#!\s*(\S+)/.exec(src);
      void shebang;
      return sh.nested(src, io, true, args);
    }
  }
  const cmd = COMMANDS[name];
  if (cmd && (SHELL_BUILTINS.has(name) || sh.host.has(name))) return cmd(sh, args, io);
  const prog = sh.host.program?.(argv, sh.clock);
  if (prog) {
    if (prog.stdout) io.out.write(prog.stdout);
    if (prog.stderr) io.err.write(prog.stderr);
    if (prog.durationMs) sh.advance(prog.durationMs);
    if (prog.daemon) {
      sh.daemon ??= { at: sh.clock, name };
      sh.endless();
    }
    return prog.code ?? 0;
  }
  if (full.includes('/') && sh.host.fs.stat(normPath(full, sh.cwd), sh.clock)?.type === 'dir') {
    io.err.write(`${sh.name}: ${full}: Permission denied\n`);
    return 126;
  }
  return notFound(sh, name, io);
}
