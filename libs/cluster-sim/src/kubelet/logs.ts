import { badRequestError, StatusError } from '@kubelab/apimachinery';
import { instanceLogs, instanceOf } from './container-process';
import type { EnvView } from './env';
import { probeAccessLines } from './prober/probe-traffic';
import type { LogLine, PodRecord } from './runtime-record';

// GET pods/{name}/log as the kubelet answers it: container choice, --previous, --tail,
// --since, --timestamps, and the API server's errors for each case.

export interface LogOptions {
  container?: string;
  previous?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: string;
  timestamps?: boolean;
  limitBytes?: number;
}

export function chooseContainer(pod: any, container?: string): string {
  const names: string[] = (pod.spec?.containers ?? []).map((c: any) => c.name);
  const inits: string[] = (pod.spec?.initContainers ?? []).map((c: any) => c.name);
  const ephemeral: string[] = (pod.spec?.ephemeralContainers ?? []).map((c: any) => c.name);
  if (container) {
    if (![...names, ...inits, ...ephemeral].includes(container))
      throw badRequestError(`container ${container} is not valid for pod ${pod.metadata.name}`);
    return container;
  }
  const dflt = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  if (dflt && names.includes(dflt)) return dflt;
  if (names.length === 1) return names[0]!;
  let msg = `a container name must be specified for pod ${pod.metadata.name}, choose one of: [${names.join(' ')}]`;
  if (inits.length) msg += ` or one of the init containers: [${inits.join(' ')}]`;
  throw badRequestError(msg);
}

/** RFC 3339 with nanoseconds, as container runtimes timestamp log lines. */
export function logTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString(); // ...HH:MM:SS.mmmZ
  return `${iso.slice(0, 19)}.${iso.slice(20, 23)}000000Z`;
}

export function formatLogLine(l: LogLine, timestamps: boolean): string {
  return timestamps ? `${logTimestamp(l.t)} ${l.line}` : l.line;
}

const NO_VIEW: EnvView = { get: () => undefined, list: () => [] };

/**
 * A container's lines as the runtime has them at `now`: the running instance's computed from
 * its image (container-process.ts), a finished one's as kept at its end. `previous`: the last
 * terminated instance (the kubelet's lastState.terminated).
 */
export function containerLogLines(
  pod: any,
  rec: PodRecord | undefined,
  name: string,
  previous: boolean,
  now: number,
  view: EnvView = NO_VIEW,
  clusterDomain = 'cluster.local',
): LogLine[] {
  const c =
    rec && rec.podUid === pod.metadata.uid
      ? rec.containers.find((x) => x.name === name)
      : undefined;
  if (!c) return [];
  const runningNow =
    c.startedAt !== undefined &&
    c.startedAt <= now &&
    (c.finishedAt === undefined || c.finishedAt > now);
  // Between a crash and the next start, the crashed instance is both "current" and "previous".
  const deadNow = c.finishedAt !== undefined && c.finishedAt <= now;
  if (previous) return runningNow || c.startedAt === undefined ? c.previousLogs : c.logs;
  if (runningNow) {
    const inst = instanceOf(view, pod, rec!, c, clusterDomain);
    if (!inst) return c.logs;
    return instanceLogs(inst, now, probeAccessLines(inst, now, rec!.seenAt));
  }
  if (deadNow) return c.logs;
  return c.previousLogs;
}

/** The lines to return now (and the container's state, for follow). */
export function podLogLines(
  pod: any,
  rec: PodRecord | undefined,
  opts: LogOptions,
  now: number,
  view?: EnvView,
): { lines: LogLine[]; running: boolean; container: string } {
  const name = chooseContainer(pod, opts.container);
  const c =
    rec && rec.podUid === pod.metadata.uid
      ? rec.containers.find((x) => x.name === name)
      : undefined;
  const status = [
    ...(pod.status?.containerStatuses ?? []),
    ...(pod.status?.initContainerStatuses ?? []),
  ].find((s: any) => s.name === name);
  if (opts.previous) {
    if (!c || !status?.lastState?.terminated) {
      throw badRequestError(
        `previous terminated container "${name}" in pod "${pod.metadata.name}" not found`,
      );
    }
  } else if (
    !c ||
    (c.startedAt === undefined && !c.last) ||
    (c.startedAt !== undefined && c.startedAt > now && !c.last)
  ) {
    const reason = status?.state?.waiting?.reason ?? 'ContainerCreating';
    const why =
      reason === 'ErrImagePull'
        ? "image can't be pulled"
        : reason === 'ImagePullBackOff'
          ? 'trying and failing to pull image'
          : reason;
    throw new StatusError(
      400,
      'BadRequest',
      `container "${name}" in pod "${pod.metadata.name}" is waiting to start: ${why}`,
    );
  }
  let lines = containerLogLines(pod, rec, name, !!opts.previous, now, view).filter(
    (l) => l.t <= now,
  );
  const since =
    opts.sinceSeconds !== undefined
      ? now - opts.sinceSeconds * 1000
      : opts.sinceTime
        ? Date.parse(opts.sinceTime)
        : undefined;
  if (since !== undefined && !Number.isNaN(since)) lines = lines.filter((l) => l.t >= since);
  if (opts.tailLines !== undefined && opts.tailLines >= 0)
    lines = opts.tailLines === 0 ? [] : lines.slice(-opts.tailLines);
  const running =
    !opts.previous &&
    c!.startedAt !== undefined &&
    (c!.finishedAt === undefined || c!.finishedAt > now);
  return { lines, running, container: name };
}
