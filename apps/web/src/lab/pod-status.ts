import type { KubeObj } from './live-store';

// A pod's state the way `kubectl get pods` words it (STATUS, READY, RESTARTS), and the colour
// the map gives it.

export type Tone = 'ok' | 'progress' | 'warn' | 'bad' | 'done' | 'gone';

export interface PodView {
  status: string;
  ready: string;
  restarts: number;
  tone: Tone;
  badges: string[];
}

export function podView(pod: KubeObj): PodView {
  const st = pod.status ?? {};
  const containers: any[] = st.containerStatuses ?? [];
  const total = pod.spec?.containers?.length ?? containers.length;
  const readyCount = containers.filter((c) => c.ready).length;
  const restarts = containers.reduce((n, c) => n + (c.restartCount ?? 0), 0);
  let status: string = st.reason ?? st.phase ?? 'Pending';
  for (const c of [...(st.initContainerStatuses ?? [])]) {
    if (c.state?.terminated && c.state.terminated.exitCode !== 0)
      status = `Init:${c.state.terminated.reason ?? 'Error'}`;
    else if (c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing')
      status = `Init:${c.state.waiting.reason}`;
  }
  for (const c of containers) {
    if (c.state?.waiting?.reason) status = c.state.waiting.reason;
    else if (c.state?.terminated?.reason) status = c.state.terminated.reason;
    else if (c.state?.terminated) status = `ExitCode:${c.state.terminated.exitCode}`;
  }
  if (st.phase === 'Running' && containers.every((c) => c.state?.running)) status = 'Running';
  if (pod.metadata.deletionTimestamp) status = 'Terminating';
  const badges: string[] = [];
  if (
    containers.some(
      (c) =>
        c.lastState?.terminated?.reason === 'OOMKilled' ||
        c.state?.terminated?.reason === 'OOMKilled',
    )
  )
    badges.push('OOMKilled');
  if (status === 'CrashLoopBackOff') badges.push('CrashLoopBackOff');
  if (restarts) badges.push(`↻${restarts}`);
  const tone: Tone =
    status === 'Terminating'
      ? 'gone'
      : status === 'Running'
        ? readyCount === total
          ? 'ok'
          : 'warn'
        : status === 'Completed' || st.phase === 'Succeeded'
          ? 'done'
          : /Error|BackOff|Failed|OOMKilled|Err|Invalid|Evicted/.test(status) ||
              st.phase === 'Failed'
            ? 'bad'
            : 'progress';
  return { status, ready: `${readyCount}/${total}`, restarts, tone, badges };
}
