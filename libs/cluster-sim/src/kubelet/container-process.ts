import { resolveContainerEnv, type EnvView } from './env';
import { ContainerFs, ROOT } from './fs/container-fs';
import { containerMounts } from './fs/mounts';
import type { FileStore } from './fs/versioned-files';
import { imageFor } from './images/catalog';
import type {
  HttpRequest,
  HttpResponse,
  Image,
  ImageRef,
  ProcessPlan,
  ServeContext,
} from './images/image';
import { parseImage } from './images/image';
import { renderTimes } from './images/util';
import { networkPort, type HttpResult, type NetworkCaller } from './network-port';
import type { ContainerRecord, LogLine, PodRecord } from './runtime-record';
import { BUSYBOX_APPLETS, GNU_COMMANDS } from './shell/commands';
import { Shell, type ShellHost, type Trace } from './shell/interpreter';

// One container instance as the outside world meets it: what its process prints, writes and
// serves at any virtual time, computed from its image's behaviour, its start time and the
// cluster around it — never stored line by line, never polled. The kubelet asks it when the
// process exits; `kubectl logs`, `kubectl exec`, probes and the network ask it what it says.

export interface Instance {
  view: EnvView;
  pod: any;
  rec: PodRecord;
  c: ContainerRecord;
  spec: any;
  ref: ImageRef;
  image: Image;
  plan: ProcessPlan;
  startedAt: number;
  /** The instance stopped (exit or kill) at this time. */
  endedAt?: number;
  clusterDomain: string;
}

const STANDARD_DIRS = [
  '/bin',
  '/dev',
  '/etc',
  '/home',
  '/lib',
  '/mnt',
  '/opt',
  '/proc',
  '/root',
  '/run',
  '/sbin',
  '/srv',
  '/sys',
  '/tmp',
  '/usr/bin',
  '/usr/lib',
  '/usr/local/bin',
  '/usr/sbin',
  '/usr/share',
  '/var/lib',
  '/var/log',
  '/var/run',
  '/var/tmp',
];

const specOf = (pod: any, c: ContainerRecord) =>
  (c.init ? pod.spec?.initContainers : pod.spec?.containers)?.find((x: any) => x.name === c.name);

/** The instance of a container that has started (the running one, or the last one). */
export function instanceOf(
  view: EnvView,
  pod: any,
  rec: PodRecord,
  c: ContainerRecord,
  clusterDomain = 'cluster.local',
): Instance | undefined {
  if (c.startedAt === undefined || !c.plan) return undefined;
  const spec = specOf(pod, c);
  if (!spec) return undefined;
  const ref = parseImage(spec.image ?? '');
  return {
    view,
    pod,
    rec,
    c,
    spec,
    ref,
    image: imageFor(ref),
    plan: c.plan,
    startedAt: c.startedAt,
    endedAt: c.finishedAt,
    clusterDomain,
  };
}

/** Whether the image has a shell and this command (its shell's base set, plus its own). */
export function imageHas(image: Image, cmd: string): boolean {
  if (!image.shell) return false;
  const base = image.shell === 'gnu' ? GNU_COMMANDS : BUSYBOX_APPLETS;
  return cmd === 'sh' || base.includes(cmd) || !!image.commands?.includes(cmd);
}

// ---- file system ---------------------------------------------------------------------------

interface FsOptions {
  /** Compute the other containers' scripts live, to see what they wrote to shared volumes. */
  live?: boolean;
  deadline?: number;
  /** Same-container processes' writes (the main script, for an exec). */
  processes?: FileStore[];
  self?: string;
}

export function instanceFs(inst: Instance, o: FsOptions = {}): ContainerFs {
  const { mounts, stores } = containerMounts(
    inst.view,
    inst.pod,
    inst.spec,
    inst.rec.volumes ?? {},
    inst.clusterDomain,
    inst.rec.podIP,
    inst.c.subPaths,
  );
  const live: FileStore[] = [];
  const liveWriters: string[] = [inst.c.containerID ?? ''];
  if (o.live) {
    const deadline = o.deadline ?? Infinity;
    for (const other of inst.rec.containers) {
      if (other === inst.c || other.containerID === undefined || !other.plan?.script) continue;
      if (
        other.finishedAt !== undefined &&
        other.backoffUntil === undefined &&
        other.finishedAt < inst.startedAt
      )
        continue;
      const sib = instanceOf(inst.view, inst.pod, inst.rec, other, inst.clusterDomain);
      if (!sib) continue;
      const t = scriptTrace(sib, Math.min(deadline, sib.endedAt ?? Infinity), {
        live: false,
        maxLines: 0,
      });
      if (!t) continue;
      const shared: FileStore = {};
      for (const [k, v] of Object.entries(t.fs.own)) if (!k.startsWith(`${ROOT}|`)) shared[k] = v;
      live.push(shared);
      liveWriters.push(other.containerID);
    }
  }
  const image = inst.image;
  return new ContainerFs({
    base: {
      '/dev/null': '',
      '/dev/zero': '',
      ...(image.files?.({ ref: inst.ref, env: inst.plan.env }) ?? {}),
    },
    baseDirs: [...STANDARD_DIRS, ...(image.dirs ?? [])],
    mounts,
    stores: { ...stores, [ROOT]: inst.c.layer ?? {} },
    live,
    liveWriters,
    processes: o.processes,
    self: o.self ?? inst.c.containerID ?? 'process',
  });
}

// ---- the shell -----------------------------------------------------------------------------

function processEnv(inst: Instance): Record<string, string> {
  return {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOSTNAME: inst.pod.spec?.hostname ?? inst.pod.metadata.name,
    // A script's plan keeps the environment it started with; other programs' environment is
    // resolved from the spec (kept out of the runtime record, so Secret values stay in Secrets).
    ...(inst.plan.env ?? resolveContainerEnv(inst.view, inst.pod, inst.spec).env),
    HOME: '/root',
  };
}

export function shellHost(inst: Instance, fs: ContainerFs): ShellHost {
  const image = inst.image;
  const caller = (t: number): NetworkCaller => ({
    view: inst.view,
    pod: inst.pod,
    now: t,
    clusterDomain: inst.clusterDomain,
  });
  return {
    fs,
    env: processEnv(inst),
    hostname: inst.pod.spec?.hostname ?? inst.pod.metadata.name,
    flavor: image.shell ?? 'busybox',
    has: (cmd) => imageHas(image, cmd),
    podIP: inst.rec.podIP,
    busyboxVersion: image.names.includes('busybox')
      ? /^\d+\.\d+/.exec(inst.ref.tag)?.[0]
      : undefined,
    program: image.program
      ? (argv, t) =>
          image.program!(argv, {
            plan: inst.plan,
            now: t,
            elapsedMs: t - inst.startedAt,
            readFile: (p) => fs.read(p, t),
          })
      : undefined,
    net: {
      resolve(name, t) {
        if (name === 'localhost' || name === '127.0.0.1')
          return { name: 'localhost', addresses: ['127.0.0.1'] };
        if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return { name, addresses: [name] };
        return networkPort().resolve(caller(t), name);
      },
      http(url, t, init) {
        const local = localTarget(inst, url);
        if (local) return podLocalHttp(inst, local.port, local.path, t, init?.method);
        return networkPort().http(caller(t), url, init);
      },
    },
  };
}

function localTarget(inst: Instance, url: string): { port: number; path: string } | undefined {
  const m = /^(?:[a-z]+:\/\/)?([^/:]+)(?::(\d+))?(\/.*)?$/i.exec(url);
  if (!m) return undefined;
  const host = m[1]!;
  const hostname = inst.pod.spec?.hostname ?? inst.pod.metadata.name;
  if (!['localhost', '127.0.0.1', '0.0.0.0', inst.rec.podIP, hostname].includes(host))
    return undefined;
  return { port: Number(m[2] ?? 80), path: m[3] ?? '/' };
}

/** A request to a port of the caller's own pod: whichever of its containers listens there. */
function podLocalHttp(
  inst: Instance,
  port: number,
  path: string,
  t: number,
  method = 'GET',
): HttpResult {
  const ip = inst.rec.podIP ?? '127.0.0.1';
  for (const other of inst.rec.containers) {
    const o =
      other === inst.c
        ? inst
        : instanceOf(inst.view, inst.pod, inst.rec, other, inst.clusterDomain);
    if (!o) continue;
    const r = serveInstance(
      o,
      { method, path, port, userAgent: 'Wget', remoteAddr: '127.0.0.1' },
      t,
      other !== inst.c,
    );
    if (r.kind === 'response')
      return {
        kind: 'response',
        status: r.res.status,
        body: r.res.body,
        headers: r.res.headers,
        ip,
        latencyMs: r.res.latencyMs,
      };
  }
  return { kind: 'error', error: 'refused', ip };
}

// ---- traces --------------------------------------------------------------------------------

/** Per cluster state object (a WeakMap: two clusters may share uids and resourceVersions). */
const caches = new WeakMap<object, Map<string, { trace: Trace; fs: ContainerFs }>>();
const CACHE_MAX = 128;

/**
 * What the instance's script did up to `deadline` (Infinity: until it exits or can only
 * block). Memoised per cluster state: the same question in one reconcile costs one run.
 */
export function scriptTrace(
  inst: Instance,
  deadline: number,
  o: { live?: boolean; maxLines?: number } = {},
): { trace: Trace; fs: ContainerFs } | undefined {
  if (!inst.plan.script) return undefined;
  const end = Math.min(deadline, inst.endedAt ?? Infinity);
  const live = o.live ?? true;
  const rv = (inst.view as { resourceVersion?: string }).resourceVersion ?? '';
  const key = `${inst.pod.metadata.uid}|${inst.c.containerID}|${inst.startedAt}|${end}|${live}|${o.maxLines ?? 2000}|${rv}|${JSON.stringify(inst.plan.script.argv)}`;
  let cache = caches.get(inst.view);
  if (!cache) caches.set(inst.view, (cache = new Map()));
  const hit = cache.get(key);
  if (hit) return hit;
  const fs = instanceFs(inst, { live, deadline: end });
  const sh = new Shell(shellHost(inst, fs), {
    start: inst.startedAt,
    deadline: end,
    maxLines: o.maxLines ?? 2000,
    argv0: inst.plan.script.argv[0],
  });
  const trace = sh.runArgv(inst.plan.script.argv);
  const out = { trace, fs };
  cache.set(key, out);
  if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value!);
  return out;
}

/** The file system the instance's processes see at `t` (its script's writes included). */
export function fsAt(inst: Instance, t: number): ContainerFs {
  const main = scriptTrace(inst, t, { maxLines: 0 });
  return instanceFs(inst, {
    live: true,
    deadline: t,
    processes: main ? [main.fs.own] : [],
    self: 'exec',
  });
}

// ---- the process's life ---------------------------------------------------------------------

export interface NaturalEnd {
  /** Exits at this time, with this code... */
  exit?: { at: number; code: number; reason?: string; message?: string };
  /** ...or runs on; undetermined after `recheckAt` (a loop too busy to follow). */
  recheckAt?: number;
}

/** When and how the instance's own process ends, if it does. */
export function naturalEnd(inst: Instance, _now: number): NaturalEnd {
  if (inst.plan.script) {
    const r = scriptTrace(inst, Infinity, { maxLines: 0 });
    if (!r) return {};
    if (r.trace.exit) return { exit: { at: r.trace.exit.at, code: r.trace.exit.code } };
    // A loop that never sleeps (busy) or only blocks from now on: it runs until stopped.
    return {};
  }
  if (inst.plan.exit) {
    const e = inst.plan.exit;
    return {
      exit: { at: inst.startedAt + e.afterMs, code: e.code, reason: e.reason, message: e.message },
    };
  }
  return {};
}

/** When the server of the instance accepts connections on `port` (undefined: never). */
export function listensFrom(inst: Instance, port: number): number | undefined {
  const l = (inst.plan.listen ?? []).find((x) => x.port === port);
  if (!l) return undefined;
  if (inst.plan.script) {
    const r = scriptTrace(inst, inst.endedAt ?? Infinity, { maxLines: 0 });
    if (!r?.trace.daemon) return undefined;
    return r.trace.daemon.at + (l.afterMs ?? 0);
  }
  return inst.startedAt + (l.afterMs ?? 0);
}

export function listening(inst: Instance, port: number, t: number): boolean {
  if (t < inst.startedAt || (inst.endedAt !== undefined && t >= inst.endedAt)) return false;
  const from = listensFrom(inst, port);
  return from !== undefined && from <= t;
}

export type ServeResult =
  | { kind: 'response'; res: HttpResponse }
  | { kind: 'refused' }
  /** Listening, but not an HTTP server (the connection is reset). */
  | { kind: 'not-http' };

/** The instance's answer to an HTTP request on one of its ports at time t. */
export function serveInstance(
  inst: Instance,
  req: HttpRequest,
  t: number,
  _sibling = false,
): ServeResult {
  if (!listening(inst, req.port, t)) return { kind: 'refused' };
  if (!inst.image.serve) return { kind: 'not-http' };
  let fs: ContainerFs | undefined;
  const getFs = () => (fs ??= fsAt(inst, t));
  const ctx: ServeContext = {
    plan: inst.plan,
    now: t,
    elapsedMs: t - inst.startedAt,
    readFile: (p) => getFs().read(p, t),
    isDir: (p) => getFs().stat(p, t)?.type === 'dir',
    hostname: inst.pod.spec?.hostname ?? inst.pod.metadata.name,
    podIP: inst.rec.podIP,
    containerName: inst.c.name,
  };
  const res = inst.image.serve(req, ctx);
  return res ? { kind: 'response', res } : { kind: 'not-http' };
}

// ---- logs ----------------------------------------------------------------------------------

const MAX_LINES = 2000;

/** The instance's log up to `until`: start-up lines, its script's output, request lines. */
export function instanceLogs(inst: Instance, until: number, extra: LogLine[] = []): LogLine[] {
  const end = Math.min(until, inst.endedAt ?? Infinity);
  const lines: LogLine[] = [];
  for (const l of inst.plan.logs) {
    const t = inst.startedAt + l.afterMs;
    if (t <= end) lines.push({ t, line: renderTimes(l.line, t), stream: l.stream });
  }
  const r = scriptTrace(inst, end);
  if (r)
    for (const l of r.trace.lines)
      lines.push({ t: l.t, line: renderTimes(l.line, l.t), stream: l.stream });
  for (const l of extra) if (l.t <= end) lines.push(l);
  lines.sort((a, b) => a.t - b.t);
  return lines.length > MAX_LINES ? lines.slice(lines.length - MAX_LINES) : lines;
}

export { renderTimes };
