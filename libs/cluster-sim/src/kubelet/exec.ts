import type { KubeObject } from '@kubelab/apimachinery';
import type { ApiServerCore } from '../apiserver/api-server';
import { ControllerApi } from '../controllers/controller';
import type { ClusterState } from '../state/cluster-state';
import { writeVolumeFiles } from '../storage/volume-data';
import { seededRandom } from '../util/random';
import { fsAt, imageHas, instanceOf, shellHost } from './container-process';
import type { EnvView } from './env';
import { HOST_STORE } from './fs/mounts';
import { pushVersion, type FileVersion } from './fs/versioned-files';
import type { PodRecord, PodRuntimeObject } from './runtime-record';
import { Shell } from './shell/interpreter';

// `kubectl exec` inside a simulated container (the CRI's ExecSync): the command runs through
// the same shell as the container's own script, on the same file system at the same virtual
// time — it sees the files the script made, the mounted ConfigMaps, the emptyDir a sibling
// writes — and what it writes is returned to be kept (`recordExecWrites`): in the container's
// writable layer, its emptyDirs, the node's host paths, a claim's volume.

export interface ExecWrite {
  /** "root" (the writable layer), "vol:<name>", "host", "pv:<name>". */
  store: string;
  path: string;
  version: FileVersion;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** Files the command wrote, to be kept with `recordExecWrites`. */
  writes?: ExecWrite[];
}

/** Kept for callers that list what the exec shell knows. */
export const EXEC_COMMANDS = [
  'sh -c',
  'env',
  'printenv',
  'echo',
  'cat',
  'ls',
  'wget',
  'nslookup',
  'hostname',
  'date',
];

const OCI = (cmd: string) =>
  `OCI runtime exec failed: exec failed: unable to start container process: exec: "${cmd}": executable file not found in $PATH: unknown\n`;

export function execInContainer(
  view: EnvView,
  pod: any,
  containerName: string,
  argv: string[],
  now: number,
  clusterDomain = 'cluster.local',
): ExecResult {
  const rt = view.get('sim.kubelab.io', 'PodRuntime', pod.metadata.namespace, pod.metadata.name) as
    PodRuntimeObject | undefined;
  const rec = rt && rt.record.podUid === pod.metadata.uid ? rt.record : undefined;
  const c = rec?.containers.find((x) => x.name === containerName);
  const inst = rec && c ? instanceOf(view, pod, rec, c, clusterDomain) : undefined;
  if (!inst || !argv.length)
    return { stdout: '', stderr: `container not found ("${containerName}")\n`, exitCode: 126 };
  const name = argv[0]!.split('/').pop()!;
  const program = inst.image.program?.(argv, {
    plan: inst.plan,
    now,
    elapsedMs: now - inst.startedAt,
    readFile: () => undefined,
  });
  if (
    !imageHas(inst.image, name) &&
    !program &&
    !['sh', 'echo', 'true', 'false', 'test', '['].includes(name)
  )
    return { stdout: '', stderr: OCI(argv[0]!), exitCode: 126 };
  if (!inst.image.shell && !program) return { stdout: '', stderr: OCI(argv[0]!), exitCode: 126 };
  const fs = fsAt(inst, now);
  const sh = new Shell(shellHost(inst, fs), {
    start: now,
    deadline: now + 3_600_000,
    maxLines: 5000,
  });
  const r = sh.runArgvCaptured(argv);
  const writes: ExecWrite[] = [];
  for (const [key, versions] of Object.entries(fs.own)) {
    const bar = key.indexOf('|');
    for (const v of versions)
      writes.push({
        store: key.slice(0, bar),
        path: key.slice(bar + 1),
        version: { ...v, at: now, writer: 'exec' },
      });
  }
  return {
    stdout: r.stdout,
    stderr: r.stderr,
    // A command still running when the session ends (tail -f) ends as if interrupted.
    exitCode: r.trace.exit?.code ?? (r.trace.endless ? 130 : 0),
    ...(writes.length ? { writes } : {}),
  };
}

/** Anything that can store objects (a ControllerApi, the API server core's trusted writer). */
export interface ObjectWriter {
  create(o: KubeObject): unknown;
  update(o: KubeObject): unknown;
}

/**
 * Keeps what an exec wrote: the pod's runtime record (writable layer, emptyDirs) — marked due
 * so the kubelet looks again (a removed health file fails the next probe) — the node's host
 * files and claims' volumes.
 */
export function recordExecWrites(
  view: EnvView,
  writer: ObjectWriter,
  pod: any,
  containerName: string,
  writes: ExecWrite[] | undefined,
  now: number,
): void {
  if (!writes?.length) return;
  const rt = view.get('sim.kubelab.io', 'PodRuntime', pod.metadata.namespace, pod.metadata.name) as
    PodRuntimeObject | undefined;
  if (!rt || rt.record.podUid !== pod.metadata.uid) return;
  const rec: PodRecord = structuredClone(rt.record);
  const c = rec.containers.find((x) => x.name === containerName);
  const host: ExecWrite[] = [];
  const pv = new Map<string, Record<string, string | null>>();
  for (const w of writes) {
    if (w.store === 'root') {
      if (c) pushVersion((c.layer ??= {}), w.path, w.version);
    } else if (w.store.startsWith('vol:')) {
      rec.volumes ??= {};
      rec.volumes.emptyDirs ??= {};
      pushVersion((rec.volumes.emptyDirs[w.store.slice(4)] ??= {}), w.path, w.version);
    } else if (w.store === HOST_STORE) host.push(w);
    else if (w.store.startsWith('pv:') && !w.version.dir) {
      const m = pv.get(w.store.slice(3)) ?? {};
      m[w.path.replace(/^\//, '')] = w.version.deleted ? null : (w.version.content ?? '');
      pv.set(w.store.slice(3), m);
    }
  }
  rec.dueAt = now;
  writer.update({ ...rt, record: rec } as KubeObject);
  const node = pod.spec?.nodeName;
  if (host.length && node) {
    const existing: any = view.get('sim.kubelab.io', 'HostPathContents', '', node);
    const files = structuredClone(existing?.files ?? {});
    for (const w of host) pushVersion(files, w.path, w.version);
    if (existing) writer.update({ ...existing, files });
    else
      writer.create({
        apiVersion: 'sim.kubelab.io/v1',
        kind: 'HostPathContents',
        metadata: { name: node },
        files,
      } as unknown as KubeObject);
  }
  for (const [name, changes] of pv) writeVolumeFiles(writer, view as any, name, changes);
}

/**
 * `recordExecWrites` through the API server core as the kubelet, on `state` at `now`: what a
 * shell (the test harness, the platform's exec socket) calls after each command that wrote.
 */
export function keepExecWrites(
  core: ApiServerCore,
  state: ClusterState,
  pod: any,
  containerName: string,
  writes: ExecWrite[] | undefined,
  now: number,
): void {
  if (!writes?.length) return;
  const random = seededRandom(`exec/${pod.metadata.uid}/${state.resourceVersion}/${now}`);
  const api = new ControllerApi(core, state, () => now, random, 'kubelet');
  recordExecWrites(state, api, pod, containerName, writes, now);
}
