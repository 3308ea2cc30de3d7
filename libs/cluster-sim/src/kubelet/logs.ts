import { badRequestError, StatusError } from '@kubelab/apimachinery';
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

/** The lines to return now (and the container's state, for follow). */
export function podLogLines(
  pod: any,
  rec: PodRecord | undefined,
  opts: LogOptions,
  now: number,
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
    if (!c || (!c.previousLogs.length && !(c.restartCount > 0))) {
      throw badRequestError(
        `previous terminated container "${name}" in pod "${pod.metadata.name}" not found`,
      );
    }
  } else if (!c || c.startedAt === undefined || c.startedAt > now) {
    const reason = status?.state?.waiting?.reason ?? 'ContainerCreating';
    throw new StatusError(
      400,
      'BadRequest',
      `container "${name}" in pod "${pod.metadata.name}" is waiting to start: ${reason}`,
    );
  }
  let lines = (opts.previous ? c!.previousLogs : c!.logs).filter((l) => l.t <= now);
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
