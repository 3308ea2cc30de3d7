import { formatTime } from '@kubelab/apimachinery';
import { backOffPullingMessage } from './image-pull';
import { imageDigest, parseImage } from './images/image';
import type { ContainerRecord, PodRecord } from './runtime-record';

// The pod status the kubelet's status manager writes (pkg/kubelet/kubelet_pods.go
// generateAPIPodStatus and getPhase, status/generate.go): phase, conditions, container statuses.

const ts = (ms: number | undefined) => (ms === undefined ? undefined : formatTime(ms));

/** What the prober says of a running container (started: its startup probe passed). */
export interface ContainerProbeState {
  started: boolean;
  ready: boolean;
}

function backOffText(secs: number): string {
  if (secs < 60) return `${secs}s`;
  return `${Math.floor(secs / 60)}m${secs % 60}s`;
}

function terminatedOf(l: NonNullable<ContainerRecord['last']>): any {
  const t: any = {
    exitCode: l.exitCode,
    reason: l.reason,
    startedAt: ts(l.startedAt),
    finishedAt: ts(l.finishedAt),
    containerID: l.containerID,
  };
  if (l.message) t.message = l.message;
  return t;
}

function containerState(
  c: ContainerRecord,
  pod: any,
  spec: any,
  now: number,
  hasInits: boolean,
): any {
  if (c.finishedAt !== undefined && c.finishedAt <= now) {
    if (c.backoffUntil !== undefined && now < c.backoffUntil && c.backoffUntil - c.finishedAt > 0) {
      const secs = Math.round((c.backoffUntil - c.finishedAt) / 1000);
      return {
        waiting: {
          reason: 'CrashLoopBackOff',
          message: `back-off ${backOffText(secs)} restarting failed container=${c.name} pod=${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`,
        },
      };
    }
    const t: any = {
      exitCode: c.exitCode ?? 0,
      reason: c.reason ?? 'Completed',
      startedAt: ts(c.startedAt ?? c.finishedAt),
      finishedAt: ts(c.finishedAt),
      containerID: c.containerID,
    };
    if (c.message) t.message = c.message;
    if (!c.containerID) delete t.containerID;
    return { terminated: t };
  }
  if (c.startedAt !== undefined && c.startedAt <= now)
    return { running: { startedAt: ts(c.startedAt) } };
  if (c.pull) {
    if (c.pull.reason === 'ErrImagePull' && c.pull.backOffAt === undefined)
      return {
        waiting: {
          reason: 'ImagePullBackOff',
          message: backOffPullingMessage(spec?.image ?? '', c.pull.message),
        },
      };
    if (c.pull.failedAt <= now)
      return { waiting: { reason: c.pull.reason, message: c.pull.message } };
  }
  if (c.configError)
    return { waiting: { reason: 'CreateContainerConfigError', message: c.configError } };
  // Between a crash and its replacement's creation, the dead instance is what the runtime
  // shows; once created, the new one waits (without a reason) to be started.
  if (c.last && c.restarting) return { terminated: terminatedOf(c.last) };
  if (c.last && c.containerID !== undefined) return { waiting: {} };
  // The default waiting reason: PodInitializing in a pod with init containers (all of them).
  return { waiting: { reason: hasInits ? 'PodInitializing' : 'ContainerCreating' } };
}

function containerStatus(
  c: ContainerRecord,
  spec: any,
  pod: any,
  now: number,
  initPending: boolean,
  probe: ContainerProbeState | undefined,
): any {
  const ref = parseImage(spec?.image ?? '');
  const running =
    c.startedAt !== undefined &&
    c.startedAt <= now &&
    (c.finishedAt === undefined || c.finishedAt > now);
  const started = running && (probe?.started ?? true);
  const state = containerState(c, pod, spec, now, (pod.spec?.initContainers ?? []).length > 0);
  void initPending;
  const pulled = c.containerID !== undefined || !!c.last;
  const sidecar = c.init && spec?.restartPolicy === 'Always';
  const s: any = {
    containerID: c.containerID ?? (state.terminated ? c.last?.containerID : undefined),
    image: pulled ? ref.full : spec?.image,
    imageID: pulled ? `${ref.repository}@${imageDigest(ref)}` : '',
    lastState:
      c.last && c.restartCount > 0 && !state.terminated ? { terminated: terminatedOf(c.last) } : {},
    name: c.name,
    ready: running && started && (!c.init || sidecar) && (probe?.ready ?? true),
    restartCount: c.restartCount,
    started,
    state,
  };
  if (c.init && !sidecar) s.ready = !!state.terminated && state.terminated.exitCode === 0;
  if (!s.containerID) delete s.containerID;
  // Waiting to restart, or restarting: lastState keeps the crash.
  if (
    (state.waiting?.reason === 'CrashLoopBackOff' || (state.waiting && c.restartCount > 0)) &&
    c.last
  )
    s.lastState = { terminated: terminatedOf(c.last) };
  if (spec?.volumeMounts?.length)
    s.volumeMounts = spec.volumeMounts.map((m: any) => ({
      name: m.name,
      mountPath: m.mountPath,
      ...(m.readOnly ? { readOnly: true, recursiveReadOnly: 'Disabled' } : {}),
    }));
  if (spec?.resources && Object.keys(spec.resources).length) s.resources = spec.resources;
  return s;
}

function condition(
  pod: any,
  type: string,
  ok: boolean,
  now: number,
  reason?: string,
  message?: string,
): any {
  const prev = (pod.status?.conditions ?? []).find((c: any) => c.type === type);
  const status = ok ? 'True' : 'False';
  const c: any = {
    type,
    status,
    lastProbeTime: null,
    lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : formatTime(now),
  };
  if (!ok && reason) c.reason = reason;
  if (!ok && message) c.message = message;
  return c;
}

/** getPhase (kubelet_pods.go), sidecars included. */
function phaseOf(
  pod: any,
  inits: any[],
  sidecars: any[],
  apps: any[],
  initFailed: boolean,
  initPending: boolean,
): string {
  const policy = pod.spec.restartPolicy ?? 'Always';
  if (initFailed && policy === 'Never') return 'Failed';
  let pendingSidecars = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const s of sidecars) {
    if (s.state.running) {
      if (!s.started) pendingSidecars++;
      running++;
    } else if (s.state.waiting && !s.lastState?.terminated) {
      pendingSidecars++;
      waiting++;
    }
  }
  const anyAppStarted = apps.some(
    (s) => s.state.running || s.state.terminated || s.lastState?.terminated,
  );
  for (const s of apps) {
    if (s.state.running) running++;
    else if (s.state.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.state.waiting) {
      if (s.lastState?.terminated) stopped++;
      else waiting++;
    }
  }
  void inits;
  if (initPending || (pendingSidecars > 0 && !anyAppStarted) || waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (policy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

export function buildPodStatus(
  pod: any,
  node: any,
  rec: PodRecord,
  now: number,
  _view: unknown,
  probes: Map<string, ContainerProbeState> = new Map(),
): any {
  const spec = pod.spec;
  const inits = rec.containers.filter((c) => c.init);
  const apps = rec.containers.filter((c) => !c.init);
  const specOf = (c: ContainerRecord) =>
    (c.init ? spec.initContainers : spec.containers)?.find((x: any) => x.name === c.name);
  const isSidecar = (c: ContainerRecord) => c.init && specOf(c)?.restartPolicy === 'Always';
  const initDone = (c: ContainerRecord) =>
    isSidecar(c)
      ? (c.startedAt !== undefined &&
          c.startedAt <= now &&
          (probes.get(c.name)?.started ?? true)) ||
        c.restartCount > 0 ||
        c.last !== undefined
      : c.finishedAt !== undefined &&
        c.finishedAt <= now &&
        c.exitCode === 0 &&
        c.backoffUntil === undefined;
  const initPending = inits.some((c) => !initDone(c));
  const sandboxReady = now >= rec.sandboxAt && !rec.mountError;
  const initStatuses = inits.map((c) =>
    containerStatus(c, specOf(c), pod, now, initPending, probes.get(c.name)),
  );
  const appStatuses = apps.map((c) =>
    containerStatus(c, specOf(c), pod, now, initPending, probes.get(c.name)),
  );
  const initFailed = inits.some(
    (c) =>
      !isSidecar(c) &&
      c.finishedAt !== undefined &&
      c.exitCode !== 0 &&
      c.backoffUntil === undefined,
  );
  const sidecarStatuses = initStatuses.filter((_, i) => isSidecar(inits[i]!));
  const phase = phaseOf(
    pod,
    initStatuses,
    sidecarStatuses,
    appStatuses,
    initFailed,
    initPending && !initFailed,
  );

  const unready = [...sidecarStatuses, ...appStatuses].filter((s) => !s.ready).map((s) => s.name);
  const completed = phase === 'Succeeded' || phase === 'Failed';
  const conditions = [
    condition(pod, 'PodReadyToStartContainers', sandboxReady && !completed, now),
    condition(
      pod,
      'Initialized',
      !initPending,
      now,
      'ContainersNotInitialized',
      `containers with incomplete status: [${inits
        .filter((c) => !initDone(c))
        .map((c) => c.name)
        .join(' ')}]`,
    ),
    condition(
      pod,
      'Ready',
      !unready.length && !completed,
      now,
      completed ? 'PodCompleted' : 'ContainersNotReady',
      completed ? undefined : `containers with unready status: [${unready.join(' ')}]`,
    ),
    condition(
      pod,
      'ContainersReady',
      !unready.length && !completed,
      now,
      completed ? 'PodCompleted' : 'ContainersNotReady',
      completed ? undefined : `containers with unready status: [${unready.join(' ')}]`,
    ),
    (pod.status?.conditions ?? []).find((c: any) => c.type === 'PodScheduled') ??
      condition(pod, 'PodScheduled', true, now),
    // Conditions the kubelet does not own (DisruptionTarget of a preemption, ...) are kept, as
    // the status manager's mergePodStatus keeps them.
    ...(pod.status?.conditions ?? []).filter(
      (c: any) =>
        ![
          'PodReadyToStartContainers',
          'Initialized',
          'Ready',
          'ContainersReady',
          'PodScheduled',
        ].includes(c.type),
    ),
  ];
  if (completed) {
    for (const c of conditions)
      if (c.type === 'Ready' || c.type === 'ContainersReady') delete c.message;
  }
  const hostIP = (node.status?.addresses ?? []).find((a: any) => a.type === 'InternalIP')?.address;
  const status: any = { phase, conditions };
  if (hostIP) {
    status.hostIP = hostIP;
    status.hostIPs = [{ ip: hostIP }];
  }
  if (rec.podIP && sandboxReady) {
    status.podIP = rec.podIP;
    status.podIPs = [{ ip: rec.podIP }];
  }
  status.startTime = formatTime(rec.seenAt);
  if (initStatuses.length) status.initContainerStatuses = initStatuses;
  status.containerStatuses = appStatuses;
  status.qosClass = pod.status?.qosClass;
  if (!status.qosClass) delete status.qosClass;
  return status;
}
