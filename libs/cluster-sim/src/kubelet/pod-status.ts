import { formatTime } from '@kubelab/apimachinery';
import { imageDigest, parseImage } from './images/image';
import type { ContainerRecord, PodRecord } from './runtime-record';

// The pod status the kubelet's status manager writes (pkg/kubelet/kubelet_pods.go
// generateAPIPodStatus, status/generate.go): phase, conditions, container statuses.

const ts = (ms: number | undefined) => (ms === undefined ? undefined : formatTime(ms));

function containerState(
  c: ContainerRecord,
  pod: any,
  rec: PodRecord,
  now: number,
  initPending: boolean,
): any {
  if (c.finishedAt !== undefined && c.finishedAt <= now) {
    if (c.backoffUntil !== undefined && now < c.backoffUntil && c.backoffUntil - c.finishedAt > 0) {
      const secs = Math.round((c.backoffUntil - c.finishedAt) / 1000);
      return {
        waiting: {
          reason: 'CrashLoopBackOff',
          message: `back-off ${secs < 60 ? `${secs}s` : `${Math.floor(secs / 60)}m${secs % 60 ? `${secs % 60}s` : '0s'}`} restarting failed container=${c.name} pod=${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`,
        },
      };
    }
    if (c.backoffUntil === undefined || pod.metadata.deletionTimestamp) {
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
  }
  if (c.startedAt !== undefined && c.startedAt <= now)
    return { running: { startedAt: ts(c.startedAt) } };
  if (c.configError)
    return { waiting: { reason: 'CreateContainerConfigError', message: c.configError } };
  return { waiting: { reason: initPending && !c.init ? 'PodInitializing' : 'ContainerCreating' } };
}

function containerStatus(
  c: ContainerRecord,
  spec: any,
  pod: any,
  rec: PodRecord,
  now: number,
  initPending: boolean,
): any {
  const ref = parseImage(spec?.image ?? '');
  const started =
    c.startedAt !== undefined &&
    c.startedAt <= now &&
    (c.finishedAt === undefined || c.finishedAt > now);
  const state = containerState(c, pod, rec, now, initPending);
  const pulled = c.containerID !== undefined;
  const s: any = {
    containerID: c.containerID,
    image: pulled ? ref.full : spec?.image,
    imageID: pulled ? `${ref.repository}@${imageDigest(ref)}` : '',
    lastState:
      c.last && c.restartCount > 0
        ? {
            terminated: {
              exitCode: c.last.exitCode,
              reason: c.last.reason,
              startedAt: ts(c.last.startedAt),
              finishedAt: ts(c.last.finishedAt),
              containerID: c.last.containerID,
              ...(c.last.message ? { message: c.last.message } : {}),
            },
          }
        : {},
    name: c.name,
    ready: started && !c.init,
    restartCount: c.restartCount,
    started,
    state,
  };
  if (c.init) s.ready = !!state.terminated && state.terminated.exitCode === 0;
  if (!s.containerID) delete s.containerID;
  // After a restart the running instance is the new one; lastState keeps the crash.
  if (state.waiting?.reason === 'CrashLoopBackOff' && c.last)
    s.lastState = {
      terminated: {
        exitCode: c.last.exitCode,
        reason: c.last.reason,
        startedAt: ts(c.last.startedAt),
        finishedAt: ts(c.last.finishedAt),
        containerID: c.last.containerID,
      },
    };
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

export function buildPodStatus(
  pod: any,
  node: any,
  rec: PodRecord,
  now: number,
  _view: unknown,
): any {
  const spec = pod.spec;
  const inits = rec.containers.filter((c) => c.init);
  const apps = rec.containers.filter((c) => !c.init);
  const specOf = (c: ContainerRecord) =>
    (c.init ? spec.initContainers : spec.containers)?.find((x: any) => x.name === c.name);
  const initDone = (c: ContainerRecord) =>
    specOf(c)?.restartPolicy === 'Always'
      ? c.startedAt !== undefined && c.startedAt <= now
      : c.finishedAt !== undefined &&
        c.finishedAt <= now &&
        c.exitCode === 0 &&
        c.backoffUntil === undefined;
  const initPending = inits.some((c) => !initDone(c));
  const sandboxReady = now >= rec.sandboxAt && !rec.mountError;
  const initStatuses = inits.map((c) => containerStatus(c, specOf(c), pod, rec, now, initPending));
  const appStatuses = apps.map((c) => containerStatus(c, specOf(c), pod, rec, now, initPending));

  // Phase (getPhase): Pending until every app container has started; Succeeded/Failed once all
  // have terminated for good; Running otherwise.
  const terminal = (s: any) => !!s.state.terminated;
  const policy = spec.restartPolicy ?? 'Always';
  const initFailed = inits.some(
    (c) =>
      c.finishedAt !== undefined &&
      c.exitCode !== 0 &&
      c.backoffUntil === undefined &&
      policy === 'Never',
  );
  let phase = 'Pending';
  if (initFailed) phase = 'Failed';
  else if (
    !initPending &&
    appStatuses.length &&
    appStatuses.every((s) => s.state.running || terminal(s) || s.lastState?.terminated)
  ) {
    if (appStatuses.every(terminal))
      phase = appStatuses.every((s) => s.state.terminated.exitCode === 0) ? 'Succeeded' : 'Failed';
    else phase = 'Running';
  }
  if (phase === 'Running' && policy !== 'Always' && appStatuses.every(terminal)) phase = 'Failed';

  const unready = appStatuses.filter((s) => !s.ready).map((s) => s.name);
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
