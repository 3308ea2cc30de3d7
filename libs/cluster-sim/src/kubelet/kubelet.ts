import { deepClone, formatTime, type KubeObject } from '@kubelab/apimachinery';
import {
  earliest,
  isStatusError,
  type Controller,
  type ControllerContext,
} from '../controllers/controller';
import type { RecordOptions } from '../events/recorder';
import { jsonEqual } from '../util/equal';
import { hashString, seededRandom } from '../util/random';
import { instanceLogs, instanceOf, naturalEnd, shellHost, instanceFs } from './container-process';
import { resolveContainerEnv } from './env';
import { imageFor } from './images/catalog';
import { imageDigest, parseImage, type ContainerInput } from './images/image';
import { backOffPullingMessage, invalidImageName, pullOutcome } from './image-pull';
import { buildPodStatus, type ContainerProbeState } from './pod-status';
import { hasProbes, probeReport, type ProbeReport } from './prober/prober';
import {
  runtimeObject,
  type ContainerRecord,
  type PodRecord,
  type PodRuntimeObject,
} from './runtime-record';
import { Shell } from './shell/interpreter';
import { memoryLimitBytes, oomAfterMs } from './usage';
import { flushWrites, projectVolumes, projectedStale, refreshVolumes } from './volume-sync';
import { mountProblems, mountedFiles } from './volumes';
import { kubeletStopped } from '../apis/internal/node-runtime';
import { pushVersion } from './fs/versioned-files';
import { volumeSourceFiles } from './fs/mounts';

// The kubelet of every simulated node (pkg/kubelet: SyncPod, kuberuntime_manager, the status
// manager, the prober and image managers): sandbox, volumes, image pulls and their back-off,
// container create/start, probes, OOM kills, exits and restarts with back-off, init containers
// and sidecars, graceful termination — each step at its own virtual time, with the kubelet's
// events. What a container does in between (its log, its files, its answers) is computed on
// demand from its image (container-process.ts); the kubelet only wakes when something changes.

const KUBELET = 'kubelet';
const MAX_BACKOFF_S = 300;
const CONFIG_RETRY_BASE_MS = 10_000;
/** How long a pull that fails takes (resolving the reference at the registry), unless the profile says. */
const PULL_FAILURE_MS = 1_200;
/** The pod worker's next sync after a failed pull shows ImagePullBackOff. */
const PULL_BACKOFF_SHOWN_MS = 1_000;
/** While a readiness probe keeps failing, its Unhealthy event's count is brought up to date this often. */
const PROBE_EVENT_REFRESH_MS = 5 * 60_000;

const fieldPathOf = (c: ContainerRecord) =>
  `spec.${c.init ? 'initContainers' : 'containers'}{${c.name}}`;

function specOf(pod: any, c: ContainerRecord): any {
  return (c.init ? pod.spec.initContainers : pod.spec.containers)?.find(
    (x: any) => x.name === c.name,
  );
}

const isSidecar = (pod: any, c: ContainerRecord) =>
  c.init && specOf(pod, c)?.restartPolicy === 'Always';

function newRecord(pod: any, now: number, sandboxMs: number): PodRecord {
  const containers: ContainerRecord[] = [
    ...(pod.spec.initContainers ?? []).map((c: any) => ({
      name: c.name,
      init: true,
      restartCount: 0,
      emitted: 0,
      logs: [],
      previousLogs: [],
    })),
    ...(pod.spec.containers ?? []).map((c: any) => ({
      name: c.name,
      init: false,
      restartCount: 0,
      emitted: 0,
      logs: [],
      previousLogs: [],
    })),
  ];
  return {
    podUid: pod.metadata.uid,
    nodeName: pod.spec.nodeName,
    seenAt: now,
    sandboxAt: now + sandboxMs,
    containers,
  };
}

function containerId(random: () => number): string {
  let s = '';
  for (let i = 0; i < 64; i++) s += '0123456789abcdef'[Math.floor(random() * 16)];
  return `containerd://${s}`;
}

/** Whether the container restarts after exiting with `code` (pod restartPolicy, or sidecar). */
function restarts(pod: any, c: ContainerRecord, code: number): boolean {
  if (c.init) {
    if (specOf(pod, c)?.restartPolicy === 'Always') return true;
    return code !== 0 && pod.spec.restartPolicy !== 'Never';
  }
  const policy = pod.spec.restartPolicy ?? 'Always';
  return policy === 'Always' || (policy === 'OnFailure' && code !== 0);
}

export const kubelet: Controller = {
  name: 'kubelet',
  reconcile(ctx) {
    let wake: number | undefined;
    const nodes = new Map<string, any>(
      (ctx.state.list('', 'Node') as any[]).map((n) => [n.metadata.name, n]),
    );
    for (const pod of ctx.state.list('', 'Pod') as any[]) {
      const node = nodes.get(pod.spec?.nodeName);
      if (!node) continue;
      if (pod.metadata.annotations?.['kubernetes.io/config.mirror']) continue;
      const ready =
        (node.status?.conditions ?? []).find((c: any) => c.type === 'Ready')?.status === 'True';
      // A failed node's kubelet does nothing until it is recovered (nodes/node-operations.ts).
      if (!ready || kubeletStopped(ctx.state, node.metadata.name)) continue;
      wake = earliest(wake, syncPod(ctx, pod, node));
    }
    return wake;
  },
};

/** One pod's sync: its record, the node, and what the probes say of each container now. */
interface Sync {
  ctx: ControllerContext;
  pod: any;
  node: any;
  rec: PodRecord;
  random: () => number;
  probes: Map<string, ProbeReport>;
}

function syncPod(ctx: ControllerContext, pod: any, node: any): number | undefined {
  const { now } = ctx;
  const rtObj = ctx.state.get(
    'sim.kubelab.io',
    'PodRuntime',
    pod.metadata.namespace,
    pod.metadata.name,
  ) as PodRuntimeObject | undefined;
  const prev = rtObj?.record;
  if (
    prev &&
    prev.podUid === pod.metadata.uid &&
    prev.syncedPodRv === pod.metadata.resourceVersion &&
    !prev.mountError &&
    !prev.containers.some((c) => c.configError) &&
    // A ConfigMap/Secret behind a volume changed: the refresh has to be scheduled.
    (prev.volumeRefreshAt !== undefined || !projectedStale(ctx.state, pod, prev))
  ) {
    if (prev.dueAt === undefined || now < prev.dueAt) return prev.dueAt;
  }
  let rec: PodRecord | undefined =
    rtObj?.record.podUid === pod.metadata.uid ? deepClone(rtObj!.record) : undefined;
  const finished = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
  if (!rec) {
    if (finished && !pod.metadata.deletionTimestamp) return undefined;
    rec = newRecord(pod, now, ctx.profile.timings.sandboxMs);
  }
  // Randomness for this pod's step, stable under retries of the same reconcile.
  const random = seededRandom(
    hashString(`${pod.metadata.uid}/${now}/${ctx.state.resourceVersion}`),
  );
  const s: Sync = { ctx, pod, node, rec, random, probes: new Map() };
  const before = JSON.stringify(rec);
  const wake = pod.metadata.deletionTimestamp ? terminate(s) : advance(s);
  if (
    pod.metadata.deletionTimestamp &&
    rec.containers.every((c) => c.finishedAt !== undefined && c.finishedAt <= now)
  ) {
    // Everything stopped: the kubelet deletes the pod for good (grace period 0).
    ctx.api.forceRemove(pod);
    if (rtObj) ctx.state.remove(rtObj);
    return undefined;
  }
  const status = buildPodStatus(pod, node, rec, now, ctx.state, probeStates(s));
  let podRv = pod.metadata.resourceVersion;
  if (!jsonEqual(status, pod.status)) {
    const u = ctx.api.mutate(pod, (c: any) => (c.status = status), true);
    if (!isStatusError(u)) podRv = u.metadata.resourceVersion;
  }
  rec.syncedPodRv = podRv;
  rec.dueAt = wake;
  if (JSON.stringify(rec) !== before || !rtObj || rtObj!.record.podUid !== pod.metadata.uid) {
    if (rtObj && rtObj.record.podUid === pod.metadata.uid)
      ctx.api.update({ ...rtObj, record: rec } as KubeObject);
    else {
      if (rtObj) ctx.state.remove(rtObj);
      ctx.api.create(runtimeObject(pod, rec));
    }
  }
  return wake;
}

/** Started and ready, per running container, for the status manager. */
function probeStates(s: Sync): Map<string, ContainerProbeState> {
  const out = new Map<string, ContainerProbeState>();
  const { ctx, pod, rec } = s;
  for (const c of rec.containers) {
    if (c.startedAt === undefined || c.startedAt > ctx.now) continue;
    if (c.finishedAt !== undefined && c.finishedAt <= ctx.now) continue;
    let report = s.probes.get(c.name);
    if (!report && hasProbes(specOf(pod, c))) {
      const inst = instanceOf(ctx.state, pod, rec, c, ctx.profile.clusterDomain);
      if (inst) report = probeReport(inst, ctx.now, rec.seenAt);
    }
    out.set(c.name, {
      started: !report || (report.startedAt !== undefined && report.startedAt <= ctx.now),
      ready: !report || report.ready,
    });
  }
  return out;
}

function allocatePodIP(ctx: ControllerContext, node: any, pod: any): string {
  const cidr: string = node.spec?.podCIDR ?? '10.244.1.0/24';
  const base = cidr.split('/')[0]!.split('.').slice(0, 3).join('.');
  const used = new Set<number>();
  for (const p of ctx.state.list('', 'Pod') as any[]) {
    if (p.spec?.nodeName !== node.metadata.name || p.metadata.uid === pod.metadata.uid) continue;
    const ip = p.status?.podIP;
    if (ip?.startsWith(`${base}.`)) used.add(Number(ip.split('.')[3]));
  }
  // Addresses are handed out in order, as the bridge IPAM does, wrapping to the first free one.
  const max = Math.max(1, ...used);
  for (let i = max + 1; i < 255; i++) if (!used.has(i)) return `${base}.${i}`;
  for (let i = 2; i < 255; i++) if (!used.has(i)) return `${base}.${i}`;
  return `${base}.254`;
}

function imagePresent(node: any, full: string): boolean {
  return (node.status?.images ?? []).some((i: any) => (i.names ?? []).includes(full));
}

function rememberImage(
  ctx: ControllerContext,
  node: any,
  ref: ReturnType<typeof parseImage>,
  size: number,
): void {
  const fresh: any = ctx.state.get('', 'Node', '', node.metadata.name) ?? node;
  if (imagePresent(fresh, ref.full)) return;
  ctx.api.mutate(
    fresh,
    (c: any) => {
      c.status.images = [
        { names: [`${ref.repository}@${imageDigest(ref)}`, ref.full], sizeBytes: size },
        ...(c.status.images ?? []),
      ];
    },
    true,
  );
}

/** Records an event that happened `count` times from `first` to `last` (one Event, counted). */
function repeatedEvent(
  ctx: ControllerContext,
  pod: any,
  o: RecordOptions,
  first: number,
  last: number,
  count: number,
): void {
  if (count <= 0) return;
  ctx.api.event(pod, o, first);
  if (count === 1) return;
  const ev: any = (ctx.state.eventsAbout(pod.metadata.uid ?? '') as any[]).find(
    (e) =>
      e.involvedObject?.uid === pod.metadata.uid &&
      (e.involvedObject?.fieldPath ?? '') === (o.fieldPath ?? '') &&
      e.reason === o.reason &&
      e.message === o.message,
  );
  if (!ev) return;
  ctx.api.update({ ...ev, count: (ev.count ?? 1) + count - 1, lastTimestamp: formatTime(last) });
}

/** Moves the pod's containers through every step due by now; returns the next due time. */
function advance(s: Sync): number | undefined {
  const { ctx, pod, node, rec } = s;
  const { now, api } = ctx;
  const t = ctx.profile.timings;
  if (now < rec.sandboxAt) return rec.sandboxAt;
  // Volumes first: a missing ConfigMap/Secret keeps the pod in ContainerCreating (FailedMount).
  if (rec.mountRetryAt === undefined || now >= rec.mountRetryAt) {
    const problems = mountProblems(ctx.state, pod);
    if (problems.length) {
      for (const p of problems)
        api.event(pod, {
          type: 'Warning',
          reason: 'FailedMount',
          message: p.message,
          source: { component: KUBELET, host: rec.nodeName },
        });
      rec.mountError = problems[0]!.message;
      rec.mountRetryAt = now + t.mountRetryMs;
      return rec.mountRetryAt;
    }
    rec.mountError = undefined;
    rec.mountRetryAt = undefined;
  } else if (rec.mountError) {
    // Recover as soon as the object appears (the kubelet's volume manager watches for it).
    if (!mountProblems(ctx.state, pod).length) {
      rec.mountError = undefined;
      rec.mountRetryAt = undefined;
    } else return rec.mountRetryAt;
  }
  rec.podIP ??= allocatePodIP(ctx, node, pod);
  projectVolumes(ctx, pod, rec);
  let wake: number | undefined = refreshVolumes(ctx, pod, rec);
  // Init containers one after the other (a sidecar once it has started); then app containers,
  // started in order.
  let readyFrom = Math.max(rec.sandboxAt, rec.seenAt);
  let blocked = false;
  for (const c of rec.containers) {
    if (blocked) break;
    if (c.init && !isSidecar(pod, c)) {
      const done = c.finishedAt !== undefined && c.exitCode === 0 && c.backoffUntil === undefined;
      if (done) {
        readyFrom = Math.max(readyFrom, c.finishedAt!);
        continue;
      }
      wake = earliest(wake, step(s, c, readyFrom));
      // Finished just now: go straight on to the next container.
      if (!(
        c.finishedAt !== undefined &&
        c.finishedAt <= ctx.now &&
        c.exitCode === 0 &&
        c.backoffUntil === undefined
      ))
        blocked = true;
      else readyFrom = Math.max(readyFrom, c.finishedAt);
      continue;
    }
    wake = earliest(wake, step(s, c, readyFrom));
    if (isSidecar(pod, c)) {
      // The next containers start once the sidecar has started (its startup probe passed).
      const started = sidecarStartedAt(s, c);
      if (started === undefined) {
        blocked = true;
        continue;
      }
      readyFrom = Math.max(readyFrom, started);
      continue;
    }
    // The next container starts once this one has started.
    if (c.startedAt === undefined) {
      blocked = true;
      continue;
    }
    readyFrom = Math.max(readyFrom, c.startedAt);
  }
  wake = earliest(wake, stopSidecars(s));
  return wake;
}

function sidecarStartedAt(s: Sync, c: ContainerRecord): number | undefined {
  if (c.startedAt === undefined && c.restartCount === 0) return undefined;
  if (c.startedAt === undefined) return c.last?.startedAt;
  const report = s.probes.get(c.name);
  if (report)
    return report.startedAt !== undefined && report.startedAt <= s.ctx.now
      ? report.startedAt
      : undefined;
  return c.startedAt;
}

/**
 * Once every regular container has finished for good (a Job's pod), the kubelet stops the
 * sidecars, last started first: the pod can then complete.
 */
function stopSidecars(s: Sync): number | undefined {
  const { pod, rec, ctx } = s;
  const apps = rec.containers.filter((c) => !c.init);
  if (!apps.length) return undefined;
  const over = apps.every(
    (c) => c.finishedAt !== undefined && c.backoffUntil === undefined && c.finishedAt <= ctx.now,
  );
  if (!over) return undefined;
  const at = Math.max(...apps.map((c) => c.finishedAt!));
  let wake: number | undefined;
  for (const c of [...rec.containers].reverse()) {
    if (!isSidecar(pod, c)) continue;
    if (c.finishedAt !== undefined && c.backoffUntil !== undefined) {
      // Waiting to restart: it simply is not restarted.
      c.backoffUntil = undefined;
      continue;
    }
    if (c.startedAt === undefined || c.finishedAt !== undefined) continue;
    if (c.killedAt === undefined) {
      c.killedAt = Math.max(at, c.startedAt);
      c.killed = { at: c.killedAt, reason: 'stop' };
      ctx.api.event(
        pod,
        {
          type: 'Normal',
          reason: 'Killing',
          message: `Stopping container ${c.name}`,
          source: { component: KUBELET, host: rec.nodeName },
          fieldPath: fieldPathOf(c),
        },
        c.killedAt,
      );
    }
    wake = earliest(wake, step(s, c, c.startedAt));
  }
  return wake;
}

/** The time a SIGTERM'd process ends, and its exit: its own handling, or SIGKILL at the deadline. */
function stopOutcome(
  pod: any,
  c: ContainerRecord,
  killedAt: number,
  graceSeconds?: number,
): { at: number; code: number; reason: string } {
  const spec = specOf(pod, c);
  const image = imageFor(parseImage(spec?.image ?? ''));
  const grace = (graceSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
  const graceful = killedAt + image.sigtermMs;
  if (graceful <= killedAt + grace) {
    const code = image.sigtermExitCode ?? 0;
    return { at: graceful, code, reason: code === 0 ? 'Completed' : 'Error' };
  }
  return { at: killedAt + grace, code: 137, reason: 'Error' };
}

/** The instance's run is over: its state, its log kept for --previous, its restart. */
function finish(
  s: Sync,
  c: ContainerRecord,
  at: number,
  code: number,
  reason: string,
  message?: string,
): void {
  const { ctx, pod, rec } = s;
  const inst = instanceOf(ctx.state, pod, rec, c, ctx.profile.clusterDomain);
  c.finishedAt = at;
  c.exitCode = code;
  c.reason = reason;
  c.message = message;
  if (inst) {
    inst.endedAt = at;
    c.logs = instanceLogs(inst, at);
    flushWrites(ctx, inst, at);
  }
  c.last = {
    exitCode: code,
    reason,
    startedAt: c.startedAt!,
    finishedAt: at,
    containerID: c.containerID!,
    message,
  };
  c.probeEventsUntil = undefined;
  const stopped = c.killed?.reason === 'stop' || !!pod.metadata.deletionTimestamp;
  if (!stopped && restarts(pod, c, code)) {
    // The first restart is immediate; then the back-off doubles from 10 s to 5 min. A
    // container that ran for 10 minutes starts over.
    const ranLong = at - c.startedAt! >= 2 * MAX_BACKOFF_S * 1000;
    const secs =
      ranLong || c.backoffSeconds === undefined
        ? 0
        : c.backoffSeconds === 0
          ? 10
          : Math.min(c.backoffSeconds * 2, MAX_BACKOFF_S);
    c.backoffSeconds = secs;
    c.backoffUntil = at + secs * 1000;
    if (secs > 0) {
      ctx.api.event(
        pod,
        {
          type: 'Warning',
          reason: 'BackOff',
          message: `Back-off restarting failed container ${c.name} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`,
          source: { component: KUBELET, host: rec.nodeName },
          fieldPath: fieldPathOf(c),
        },
        at,
      );
    }
  }
}

/** The pod's image for this container could not be pulled: events and back-off. */
function pullStep(s: Sync, c: ContainerRecord, spec: any): number | 'pulled' {
  const { ctx, pod, node, rec } = s;
  const { now, api } = ctx;
  const ref = parseImage(spec.image ?? '');
  const image = imageFor(ref);
  const source = { component: KUBELET, host: rec.nodeName };
  const fieldPath = fieldPathOf(c);
  const outcome = pullOutcome(ref);
  if (outcome.ok) {
    const pulled = c.pullStartAt! + image.pullMs;
    if (now < pulled) return pulled;
    c.pulledAt = pulled;
    c.pull = undefined;
    const secs = (image.pullMs / 1000).toFixed(3).replace(/0+$/, '').replace(/\.$/, '');
    api.event(
      pod,
      {
        type: 'Normal',
        reason: 'Pulled',
        message: `Successfully pulled image "${spec.image}" in ${secs}s (${secs}s including waiting). Image size: ${image.sizeBytes} bytes.`,
        source,
        fieldPath,
      },
      pulled,
    );
    rememberImage(ctx, node, ref, image.sizeBytes);
    return 'pulled';
  }
  // This attempt fails after resolving the reference.
  const failAt = c.pullStartAt! + (ctx.profile.timings.imagePullFailureMs ?? PULL_FAILURE_MS);
  if (!c.pull || c.pull.failedAt < c.pullStartAt!) {
    if (now < failAt) return failAt;
    const backoff = c.pull ? Math.min(c.pull.backoffSeconds * 2, MAX_BACKOFF_S) : 10;
    c.pull = {
      reason: 'ErrImagePull',
      message: outcome.message,
      failedAt: failAt,
      backOffAt: failAt + PULL_BACKOFF_SHOWN_MS,
      retryAt: failAt + backoff * 1000,
      backoffSeconds: backoff,
    };
    api.event(
      pod,
      {
        type: 'Warning',
        reason: 'Failed',
        message: `Failed to pull image "${spec.image}": ${outcome.message}`,
        source,
        fieldPath,
      },
      failAt,
    );
    api.event(
      pod,
      { type: 'Warning', reason: 'Failed', message: 'Error: ErrImagePull', source, fieldPath },
      failAt,
    );
  }
  const p = c.pull!;
  if (p.backOffAt !== undefined && now >= p.backOffAt) {
    api.event(
      pod,
      {
        type: 'Normal',
        reason: 'BackOff',
        message: `Back-off pulling image "${spec.image}"`,
        source,
        fieldPath,
      },
      p.backOffAt,
    );
    api.event(
      pod,
      { type: 'Warning', reason: 'Failed', message: 'Error: ImagePullBackOff', source, fieldPath },
      p.backOffAt,
    );
    p.backOffAt = undefined;
  }
  if (p.backOffAt !== undefined) return p.backOffAt;
  if (now < p.retryAt!) return p.retryAt!;
  // Try again.
  c.pullStartAt = p.retryAt!;
  api.event(
    pod,
    {
      type: 'Normal',
      reason: 'Pulling',
      message: `Pulling image "${spec.image}"`,
      source,
      fieldPath,
    },
    c.pullStartAt,
  );
  return pullStep(s, c, spec);
}

/** subPath mounts of ConfigMap/Secret files are copies made when the container starts. */
function subPathCopies(
  ctx: ControllerContext,
  pod: any,
  spec: any,
): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  const volumes = new Map<string, any>((pod.spec?.volumes ?? []).map((v: any) => [v.name, v]));
  for (const m of spec.volumeMounts ?? []) {
    if (!m.subPath) continue;
    const v = volumes.get(m.name);
    if (!v || !(v.configMap || v.secret || v.projected || v.downwardAPI)) continue;
    const files = volumeSourceFiles(ctx.state, pod, v, spec) ?? {};
    const content = files[String(m.subPath)];
    if (content !== undefined) out[String(m.mountPath)] = content;
  }
  return Object.keys(out).length ? out : undefined;
}

/** Runs the postStart hook (exec) against the new container's files; its writes stay there. */
function postStart(s: Sync, c: ContainerRecord, spec: any): string | undefined {
  const hook = spec.lifecycle?.postStart;
  if (!hook?.exec?.command?.length) return undefined;
  const { ctx, pod, rec } = s;
  const inst = instanceOf(ctx.state, pod, rec, c, ctx.profile.clusterDomain);
  if (!inst) return undefined;
  const fs = instanceFs(inst, { self: 'hook' });
  const sh = new Shell(shellHost(inst, fs), {
    start: c.startedAt!,
    deadline: c.startedAt! + 30_000,
    maxLines: 50,
  });
  const trace = sh.runArgv(hook.exec.command);
  c.layer ??= {};
  for (const [k, versions] of Object.entries(fs.own)) {
    if (!k.startsWith('root|')) continue;
    for (const v of versions) pushVersion(c.layer, k.slice(5), v);
  }
  if (trace.exit && trace.exit.code === 0) return undefined;
  const out = trace.lines.map((l) => l.line).join('\n');
  return `Exec lifecycle hook (${JSON.stringify(hook.exec.command)
    .replace(/^\[|\]$/g, '')
    .replace(/","/g, ' ')
    .replace(
      /"/g,
      '',
    )}) for Container "${c.name}" in Pod "${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})" failed - error: command '${hook.exec.command.join(' ')}' exited with ${trace.exit?.code ?? 137}: ${out}, message: "${out}"`;
}

/** One container: pull, configure, create, start, run (probes, OOM), exit, back-off, restart. */
function step(s: Sync, c: ContainerRecord, readyFrom: number): number | undefined {
  const { ctx, pod, node, rec } = s;
  const { now, api } = ctx;
  const t = ctx.profile.timings;
  const spec = specOf(pod, c);
  if (!spec) return undefined;
  const ref = parseImage(spec.image ?? '');
  const image = imageFor(ref);
  const source = { component: KUBELET, host: rec.nodeName };
  const fieldPath = fieldPathOf(c);
  for (let guard = 0; guard < 30; guard++) {
    // Back-off after a crash: wait, then a new instance.
    if (c.finishedAt !== undefined) {
      if (c.backoffUntil === undefined) return undefined; // terminated for good
      if (now < c.backoffUntil) return c.backoffUntil;
      c.previousLogs = c.logs;
      c.logs = [];
      c.emitted = 0;
      c.restarting = true;
      readyFrom = c.backoffUntil;
      for (const k of [
        'pullStartAt',
        'pulledAt',
        'createdAt',
        'startedAt',
        'finishedAt',
        'exitCode',
        'reason',
        'message',
        'containerID',
        'plan',
        'backoffUntil',
        'killedAt',
        'killed',
        'layer',
        'flushedUntil',
        'probeEventsUntil',
        'hookError',
        'image',
        'subPaths',
      ] as const)
        delete c[k];
      continue;
    }
    // The pod's image was changed (kubectl set image on a pod): a waiting container starts over.
    if (c.image !== undefined && c.image !== spec.image && c.startedAt === undefined) {
      for (const k of ['pullStartAt', 'pulledAt', 'createdAt', 'pull', 'image'] as const)
        delete c[k];
    }
    if (c.pullStartAt === undefined) {
      const at = Math.max(readyFrom, rec.sandboxAt);
      if (now < at) return at;
      c.pullStartAt = at;
      c.image = spec.image;
      const invalid = invalidImageName(String(spec.image ?? ''));
      if (invalid) {
        c.pull = { reason: 'InvalidImageName', message: invalid, failedAt: at, backoffSeconds: 0 };
        api.event(
          pod,
          { type: 'Warning', reason: 'InspectFailed', message: invalid, source, fieldPath },
          at,
        );
        api.event(
          pod,
          {
            type: 'Warning',
            reason: 'Failed',
            message: 'Error: InvalidImageName',
            source,
            fieldPath,
          },
          at,
        );
        return undefined;
      }
      const policy = spec.imagePullPolicy ?? 'IfNotPresent';
      const present = imagePresent(
        ctx.state.get('', 'Node', '', node.metadata.name) ?? node,
        ref.full,
      );
      if (policy !== 'Always' && present) {
        c.pulledAt = at;
        api.event(
          pod,
          {
            type: 'Normal',
            reason: 'Pulled',
            message: `Container image "${spec.image}" already present on machine`,
            source,
            fieldPath,
          },
          at,
        );
      } else if (policy === 'Never') {
        const msg = `Container image "${spec.image}" is not present with pull policy of Never`;
        c.pull = { reason: 'ErrImageNeverPull', message: msg, failedAt: at, backoffSeconds: 0 };
        api.event(
          pod,
          { type: 'Warning', reason: 'ErrImageNeverPull', message: msg, source, fieldPath },
          at,
        );
        api.event(
          pod,
          {
            type: 'Warning',
            reason: 'Failed',
            message: 'Error: ErrImageNeverPull',
            source,
            fieldPath,
          },
          at,
        );
        return undefined;
      } else {
        api.event(
          pod,
          {
            type: 'Normal',
            reason: 'Pulling',
            message: `Pulling image "${spec.image}"`,
            source,
            fieldPath,
          },
          at,
        );
      }
      continue;
    }
    if (c.pulledAt === undefined) {
      if (c.pull && c.pull.reason !== 'ErrImagePull') return undefined;
      const r = pullStep(s, c, spec);
      if (r !== 'pulled') return r;
      continue;
    }
    if (c.createdAt === undefined) {
      if (c.configRetryAt !== undefined && now < c.configRetryAt) return c.configRetryAt;
      const env = resolveContainerEnv(ctx.state, pod, spec);
      if (env.error) {
        if (c.configError !== env.error || c.configRetryAt !== undefined) {
          api.event(pod, {
            type: 'Warning',
            reason: 'Failed',
            message: `Error: ${env.error}`,
            source,
            fieldPath,
          });
        }
        c.configError = env.error;
        c.configRetries = (c.configRetries ?? 0) + 1;
        c.configRetryAt =
          now + Math.min(CONFIG_RETRY_BASE_MS * 2 ** (c.configRetries - 1), MAX_BACKOFF_S * 1000);
        return c.configRetryAt;
      }
      const afterRetries = !!c.configRetries;
      c.configError = undefined;
      c.configRetryAt = undefined;
      c.configRetries = undefined;
      c.createdAt = (afterRetries ? now : c.pulledAt) + t.containerCreateMs;
      continue;
    }
    if (c.containerID === undefined) {
      if (now < c.createdAt) return c.createdAt;
      c.containerID = containerId(s.random);
      if (c.restarting) {
        // The restart count is the number of dead instances: it moves when the new one exists.
        c.restartCount += 1;
        c.restarting = undefined;
      }
      api.event(
        pod,
        {
          type: 'Normal',
          reason: 'Created',
          message: `Created container: ${c.name}`,
          source,
          fieldPath,
        },
        c.createdAt,
      );
      continue;
    }
    if (c.startedAt === undefined) {
      const at = c.createdAt + t.containerStartMs;
      if (now < at) return at;
      c.startedAt = at;
      const env = resolveContainerEnv(ctx.state, pod, spec).env;
      const input: ContainerInput = {
        name: c.name,
        command: spec.command,
        args: spec.args,
        env,
        files: mountedFiles(ctx.state, pod, spec),
        podName: pod.metadata.name,
        restartCount: c.restartCount,
        ref,
        memoryLimitBytes: memoryLimitBytes(spec),
        ports: (spec.ports ?? []).map((p: any) => p.containerPort),
      };
      c.plan = { ...image.run(input) };
      c.subPaths = subPathCopies(ctx, pod, spec);
      if (c.plan.script && !c.plan.env) c.plan.env = env;
      api.event(
        pod,
        {
          type: 'Normal',
          reason: 'Started',
          message: `Started container ${c.name}`,
          source,
          fieldPath,
        },
        at,
      );
      const hookError = postStart(s, c, spec);
      if (hookError) {
        c.hookError = hookError;
        api.event(
          pod,
          { type: 'Warning', reason: 'FailedPostStartHook', message: hookError, source, fieldPath },
          at,
        );
        c.killedAt = at;
        c.killed = { at, reason: 'hook' };
        api.event(
          pod,
          { type: 'Normal', reason: 'Killing', message: `FailedPostStartHook`, source, fieldPath },
          at,
        );
      }
      continue;
    }
    return running(s, c, spec);
  }
  return now + 1;
}

/** A started container: its own exit, an OOM kill, probes, or a kill already under way. */
function running(s: Sync, c: ContainerRecord, spec: any): number | undefined {
  const { ctx, pod, node, rec } = s;
  const { now, api } = ctx;
  const source = { component: KUBELET, host: rec.nodeName };
  const fieldPath = fieldPathOf(c);
  const inst = instanceOf(ctx.state, pod, rec, c, ctx.profile.clusterDomain);
  if (!inst) return undefined;
  const end = naturalEnd(inst, now);
  // What it wrote so far to volumes that outlive it reaches their stores (a force-deleted
  // pod's hostPath files are still on the node).
  flushWrites(ctx, inst, Math.min(now, end.exit?.at ?? now));
  // The kubelet is stopping it (probe failure, a finished Job's sidecar, a failed hook).
  if (c.killedAt !== undefined) {
    const probe =
      c.killed?.reason === 'liveness'
        ? spec.livenessProbe
        : c.killed?.reason === 'startup'
          ? spec.startupProbe
          : undefined;
    const stop = stopOutcome(pod, c, c.killedAt, probe?.terminationGracePeriodSeconds);
    if (end.exit && end.exit.at < stop.at) {
      if (now < end.exit.at) return end.exit.at;
      finish(
        s,
        c,
        end.exit.at,
        end.exit.code,
        end.exit.reason ?? (end.exit.code === 0 ? 'Completed' : 'Error'),
        end.exit.message,
      );
      return c.backoffUntil;
    }
    if (now < stop.at) return stop.at;
    finish(s, c, stop.at, stop.code, stop.reason);
    return c.backoffUntil;
  }
  // Memory past the limit: the kernel's OOM killer, exit 137.
  const limit = memoryLimitBytes(spec);
  const oomAfter = limit !== undefined ? oomAfterMs(inst.plan.memory, limit) : undefined;
  const oomAt = oomAfter !== undefined ? inst.startedAt + oomAfter : undefined;
  // Probes: failures become Unhealthy events; a liveness/startup failure kills.
  let report: ProbeReport | undefined;
  if (hasProbes(spec)) {
    report = probeReport(inst, now, rec.seenAt);
    s.probes.set(c.name, report);
    const from = c.probeEventsUntil ?? -Infinity;
    for (const f of report.failures) {
      if (f.last <= from) continue;
      const period = ((spec[`${f.type}Probe`]?.periodSeconds ?? 10) as number) * 1000;
      const first =
        f.first > from ? f.first : f.first + Math.ceil((from - f.first) / period + 1e-9) * period;
      const count =
        f.first > from ? f.count : Math.max(0, Math.floor((f.last - first) / period) + 1);
      repeatedEvent(
        ctx,
        pod,
        { type: 'Warning', reason: 'Unhealthy', message: f.message, source, fieldPath },
        first,
        f.last,
        count,
      );
    }
    c.probeEventsUntil = now;
  }
  const exitAt = end.exit?.at;
  const killAt = report?.kill?.at;
  const first = earliest(exitAt, oomAt, killAt);
  if (first !== undefined && first <= now) {
    if (first === oomAt) {
      finish(s, c, oomAt, 137, 'OOMKilled');
      return c.backoffUntil;
    }
    if (first === exitAt) {
      const e = end.exit!;
      finish(s, c, e.at, e.code, e.reason ?? (e.code === 0 ? 'Completed' : 'Error'), e.message);
      return c.backoffUntil;
    }
    const kill = report!.kill!;
    c.killedAt = kill.at;
    c.killed = { at: kill.at, reason: kill.type };
    api.event(
      pod,
      {
        type: 'Normal',
        reason: 'Killing',
        message: `Container ${c.name} failed ${kill.type} probe, will be restarted`,
        source,
        fieldPath,
      },
      kill.at,
    );
    return running(s, c, spec);
  }
  void node;
  let wake = earliest(first, report?.next, end.recheckAt, report?.nextFailure?.t);
  if (
    report &&
    !report.ready &&
    report.failures.some((f) => f.type === 'readiness' && f.last >= now - 60_000)
  )
    wake = earliest(wake, now + PROBE_EVENT_REFRESH_MS);
  return wake;
}

/** Graceful termination: SIGTERM now, exit after the image's handling time or SIGKILL at the deadline. */
function terminate(s: Sync): number | undefined {
  const { ctx, pod, rec } = s;
  const { now, api } = ctx;
  const deadline = Date.parse(pod.metadata.deletionTimestamp);
  rec.terminatingSince ??= now;
  let wake: number | undefined;
  for (const c of rec.containers) {
    const spec = specOf(pod, c);
    if (c.finishedAt !== undefined && c.backoffUntil === undefined) continue;
    if (c.startedAt === undefined || (c.finishedAt !== undefined && c.backoffUntil !== undefined)) {
      // Never started, or waiting to restart: nothing to stop.
      c.finishedAt = c.finishedAt ?? now;
      c.backoffUntil = undefined;
      continue;
    }
    if (c.killedAt === undefined) {
      c.killedAt = now;
      api.event(pod, {
        type: 'Normal',
        reason: 'Killing',
        message: `Stopping container ${c.name}`,
        source: { component: KUBELET, host: rec.nodeName },
        fieldPath: fieldPathOf(c),
      });
    }
    const image = imageFor(parseImage(spec?.image ?? ''));
    const graceful = c.killedAt + image.sigtermMs;
    const end = Math.min(graceful, Math.max(deadline, c.killedAt));
    if (now < end) {
      wake = earliest(wake, end);
      continue;
    }
    const killed = graceful > deadline;
    const code = killed ? 137 : (image.sigtermExitCode ?? 0);
    const inst = instanceOf(ctx.state, pod, rec, c, ctx.profile.clusterDomain);
    c.finishedAt = end;
    c.exitCode = code;
    c.reason = code === 0 ? 'Completed' : 'Error';
    if (inst) {
      inst.endedAt = end;
      c.logs = instanceLogs(inst, end);
      flushWrites(ctx, inst, end);
    }
  }
  return wake;
}

export { backOffPullingMessage };
