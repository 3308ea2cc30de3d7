import { deepClone, type KubeObject } from '@kubelab/apimachinery';
import {
  earliest,
  isStatusError,
  type Controller,
  type ControllerContext,
} from '../controllers/controller';
import { jsonEqual } from '../util/equal';
import { hashString, seededRandom } from '../util/random';
import { resolveContainerEnv } from './env';
import { imageDigest, parseImage, type ContainerInput } from './images/image';
import { imageFor } from './images/catalog';
import {
  appendLogs,
  runtimeObject,
  type ContainerRecord,
  type PodRecord,
  type PodRuntimeObject,
} from './runtime-record';
import { mountProblems, mountedFiles } from './volumes';
import { buildPodStatus } from './pod-status';

// The kubelet of every simulated node (pkg/kubelet: SyncPod, kuberuntime_manager, the status
// manager): sandbox, volumes, image pulls, container create/start, logs, exits and restarts with
// back-off, graceful termination — each step at its own virtual time, with the kubelet's events.

const KUBELET = 'kubelet';
const MAX_BACKOFF_S = 300;
const CONFIG_RETRY_BASE_MS = 10_000;

const fieldPathOf = (c: ContainerRecord) =>
  `spec.${c.init ? 'initContainers' : 'containers'}{${c.name}}`;

function specOf(pod: any, c: ContainerRecord): any {
  return (c.init ? pod.spec.initContainers : pod.spec.containers)?.find(
    (x: any) => x.name === c.name,
  );
}

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

const busyboxDate = (ms: number) => {
  const d = new Date(ms);
  const day = d.toUTCString().slice(0, 3);
  const mon = d.toUTCString().slice(8, 11);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${day} ${mon} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
};
const nginxTime = (ms: number) =>
  new Date(ms).toISOString().replace('T', ' ').slice(0, 19).replace(/-/g, '/');

function renderLine(line: string, t: number): string {
  return line.replace('__DATE__', busyboxDate(t)).replace('__NGINXTIME__', nginxTime(t));
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
      if (!ready) continue;
      wake = earliest(wake, syncPod(ctx, pod, node));
    }
    return wake;
  },
};

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
    !prev.containers.some((c) => c.configError)
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
  const before = JSON.stringify(rec);
  const wake = pod.metadata.deletionTimestamp
    ? terminate(ctx, pod, rec)
    : advance(ctx, pod, node, rec, random);
  if (
    pod.metadata.deletionTimestamp &&
    rec.containers.every((c) => c.finishedAt !== undefined && c.finishedAt <= now)
  ) {
    // Everything stopped: the kubelet deletes the pod for good (grace period 0).
    ctx.api.forceRemove(pod);
    if (rtObj) ctx.state.remove(rtObj);
    return undefined;
  }
  const status = buildPodStatus(pod, node, rec, now, ctx.state);
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

/** Moves the pod's containers through every step due by now; returns the next due time. */
function advance(
  ctx: ControllerContext,
  pod: any,
  node: any,
  rec: PodRecord,
  random: () => number,
): number | undefined {
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
  let wake: number | undefined;
  // Init containers one after the other; then app containers, started in order.
  let readyFrom = Math.max(rec.sandboxAt, rec.seenAt);
  for (const c of rec.containers) {
    if (c.init && specOf(pod, c)?.restartPolicy !== 'Always') {
      const done = c.finishedAt !== undefined && c.exitCode === 0 && c.backoffUntil === undefined;
      if (done) {
        readyFrom = Math.max(readyFrom, c.finishedAt!);
        continue;
      }
      wake = earliest(wake, step(ctx, pod, node, rec, c, readyFrom, random));
      // Finished just now: go straight on to the next container.
      if (!(
        c.finishedAt !== undefined &&
        c.finishedAt <= ctx.now &&
        c.exitCode === 0 &&
        c.backoffUntil === undefined
      ))
        return wake;
      readyFrom = Math.max(readyFrom, c.finishedAt);
      continue;
    }
    wake = earliest(wake, step(ctx, pod, node, rec, c, readyFrom, random));
    // The next container starts once this one has started.
    if (c.startedAt === undefined) return wake;
    readyFrom = Math.max(readyFrom, c.startedAt);
  }
  return wake;
}

/** One container: pull, configure, create, start, run (logs), exit, back-off, restart. */
function step(
  ctx: ControllerContext,
  pod: any,
  node: any,
  rec: PodRecord,
  c: ContainerRecord,
  readyFrom: number,
  random: () => number,
): number | undefined {
  const { now, api } = ctx;
  const t = ctx.profile.timings;
  const spec = specOf(pod, c);
  if (!spec) return undefined;
  const ref = parseImage(spec.image ?? '');
  const image = imageFor(ref);
  const source = { component: KUBELET, host: rec.nodeName };
  const fieldPath = fieldPathOf(c);
  for (let guard = 0; guard < 20; guard++) {
    // Back-off after a crash: wait, then a new instance.
    if (c.finishedAt !== undefined) {
      if (c.backoffUntil === undefined) return undefined; // terminated for good
      if (now < c.backoffUntil) return c.backoffUntil;
      c.previousLogs = c.logs;
      c.logs = [];
      c.emitted = 0;
      c.restartCount += 1;
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
      ] as const)
        delete c[k];
      continue;
    }
    if (c.pullStartAt === undefined) {
      const at = Math.max(readyFrom, rec.sandboxAt);
      if (now < at) return at;
      c.pullStartAt = at;
      const policy = spec.imagePullPolicy ?? 'IfNotPresent';
      if (
        policy !== 'Always' &&
        imagePresent(ctx.state.get('', 'Node', '', node.metadata.name) ?? node, ref.full)
      ) {
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
      const pulled = c.pullStartAt + image.pullMs;
      if (now < pulled) return pulled;
      c.pulledAt = pulled;
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
    if (c.createdAt !== undefined && c.containerID === undefined) {
      if (now < c.createdAt) return c.createdAt;
      c.containerID = containerId(random);
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
      const at = c.createdAt! + t.containerStartMs;
      if (now < at) return at;
      c.startedAt = at;
      const input: ContainerInput = {
        name: c.name,
        command: spec.command,
        args: spec.args,
        env: resolveContainerEnv(ctx.state, pod, spec).env,
        files: mountedFiles(ctx.state, pod, spec),
        podName: pod.metadata.name,
        restartCount: c.restartCount,
      };
      c.plan = image.run(input);
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
      continue;
    }
    // Running: emit due log lines, then exit when the plan says so.
    const plan = c.plan ?? { logs: [] };
    const due: { t: number; line: string; stream?: 'stdout' | 'stderr' }[] = [];
    while (c.emitted < plan.logs.length) {
      const l = plan.logs[c.emitted]!;
      const at = c.startedAt + l.afterMs;
      if (at > now) break;
      due.push({ t: at, line: renderLine(l.line, at), stream: l.stream });
      c.emitted++;
    }
    appendLogs(c, due);
    const nextLog =
      c.emitted < plan.logs.length ? c.startedAt + plan.logs[c.emitted]!.afterMs : undefined;
    if (plan.exit) {
      const exitAt = c.startedAt + plan.exit.afterMs;
      if (now < exitAt) return earliest(nextLog, exitAt);
      c.finishedAt = exitAt;
      c.exitCode = plan.exit.code;
      c.reason = plan.exit.reason ?? (plan.exit.code === 0 ? 'Completed' : 'Error');
      if (plan.exit.message) c.message = plan.exit.message;
      c.last = {
        exitCode: c.exitCode,
        reason: c.reason,
        startedAt: c.startedAt,
        finishedAt: exitAt,
        containerID: c.containerID!,
        message: c.message,
      };
      if (restarts(pod, c, c.exitCode)) {
        // The first restart is immediate; then the back-off doubles from 10 s to 5 min. A
        // container that ran for 10 minutes starts over.
        const ranLong = exitAt - c.startedAt >= 2 * MAX_BACKOFF_S * 1000;
        const secs =
          ranLong || c.backoffSeconds === undefined
            ? ranLong
              ? 0
              : c.backoffSeconds === undefined
                ? 0
                : 10
            : c.backoffSeconds === 0
              ? 10
              : Math.min(c.backoffSeconds * 2, MAX_BACKOFF_S);
        c.backoffSeconds = secs;
        c.backoffUntil = exitAt + secs * 1000;
        if (secs > 0) {
          api.event(
            pod,
            {
              type: 'Warning',
              reason: 'BackOff',
              message: `Back-off restarting failed container ${c.name} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`,
              source,
              fieldPath,
            },
            exitAt,
          );
        }
        continue;
      }
      return undefined;
    }
    return nextLog;
  }
  return now + 1;
}

/** Graceful termination: SIGTERM now, exit after the image's handling time or SIGKILL at the deadline. */
function terminate(ctx: ControllerContext, pod: any, rec: PodRecord): number | undefined {
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
    c.finishedAt = end;
    const killed = graceful > deadline;
    c.exitCode = killed ? 137 : 0;
    c.reason = killed ? 'Error' : 'Completed';
  }
  return wake;
}
