// printPod and printPodTemplate of pkg/printers/internalversion/printers.go: `kubectl get pods`.
import { formatLabels } from '@kubelab/apimachinery';
import {
  CONTAINERS_DOC,
  IMAGES_DOC,
  ageColumn,
  column,
  doc,
  nameColumn,
  printer,
  wide,
  type PrintedRow,
  type PrinterEntry,
  type TableRowCondition,
} from './columns';
import { humanDuration } from './duration';
import { age, containerCells, int, parseTime } from './format';

const SUCCEEDED: TableRowCondition[] = [
  {
    type: 'Completed',
    status: 'True',
    reason: 'Succeeded',
    message: 'The pod has completed successfully.',
  },
];
const FAILED: TableRowCondition[] = [
  { type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' },
];

// A sidecar (restartPolicy: Always on an init container) counts as a regular container.
const isSidecar = (c: any) => c?.restartPolicy === 'Always';

const conditionTrue = (status: any, type: string) =>
  (status?.conditions ?? []).find((c: any) => c?.type === type)?.status === 'True';

/** The later of a running maximum and a container's last termination time. */
function later(current: number | undefined, lastState: any): number | undefined {
  const t = parseTime(lastState?.terminated?.finishedAt);
  return t !== undefined && (current === undefined || current < t) ? t : current;
}

/** How a terminated container without a reason is described: by signal, else by exit code. */
const exitText = (t: any) => (t.signal ? `Signal:${t.signal}` : `ExitCode:${t.exitCode ?? 0}`);

/** The row of one pod: READY, STATUS (the aggregate reason) and RESTARTS as printPod works them out. */
export function printPod(pod: any, now: number): PrintedRow {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const initContainers: any[] = spec.initContainers ?? [];
  const phase: string = status.phase ?? '';

  let reason: string = status.reason || phase;
  // A pod held back by scheduling gates says so, whatever its phase.
  for (const c of status.conditions ?? [])
    if (c?.type === 'PodScheduled' && c?.reason === 'SchedulingGated') reason = 'SchedulingGated';

  let total = (spec.containers ?? []).length;
  const initByName = new Map<string, any>(initContainers.map((c) => [c?.name, c]));
  for (const c of initContainers) if (isSidecar(c)) total++;

  let ready = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart: number | undefined;
  let lastSidecarRestart: number | undefined;

  // Init containers run in order: the first one not done yet names the status.
  let initializing = false;
  const initStatuses: any[] = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i] ?? {};
    const state = cs.state ?? {};
    restarts += int(cs.restartCount);
    lastRestart = later(lastRestart, cs.lastState);
    const sidecar = isSidecar(initByName.get(cs.name));
    if (sidecar) {
      sidecarRestarts += int(cs.restartCount);
      lastSidecarRestart = later(lastSidecarRestart, cs.lastState);
    }
    if (state.terminated && int(state.terminated.exitCode) === 0) continue;
    if (sidecar && cs.started === true) {
      if (cs.ready) ready++;
      continue;
    }
    if (state.terminated) {
      reason = state.terminated.reason
        ? `Init:${state.terminated.reason}`
        : `Init:${exitText(state.terminated)}`;
    } else if (state.waiting?.reason && state.waiting.reason !== 'PodInitializing') {
      reason = `Init:${state.waiting.reason}`;
    } else {
      reason = `Init:${i}/${initContainers.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue(status, 'Initialized')) {
    // Restarts of init containers that ran to completion no longer count; sidecars' still do.
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses: any[] = status.containerStatuses ?? [];
    // From the last container to the first, so the first container's reason wins.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i] ?? {};
      const state = cs.state ?? {};
      restarts += int(cs.restartCount);
      lastRestart = later(lastRestart, cs.lastState);
      if (state.waiting?.reason) reason = state.waiting.reason;
      else if (state.terminated?.reason) reason = state.terminated.reason;
      else if (state.terminated) reason = exitText(state.terminated);
      else if (cs.ready && state.running) {
        hasRunning = true;
        ready++;
      }
    }
    // One container completed while another still runs: the pod as a whole is still running.
    if (reason === 'Completed' && hasRunning)
      reason = conditionTrue(status, 'Ready') ? 'Running' : 'NotReady';
  }

  if (pod.metadata?.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata?.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed')
    reason = 'Terminating';

  const restartsCell =
    restarts !== 0 && lastRestart !== undefined
      ? `${restarts} (${humanDuration(now - lastRestart)} ago)`
      : String(restarts);

  // podIPs wins; an object written with only podIP gets it as podIPs[0] on conversion.
  const podIP = (status.podIPs?.length ? status.podIPs[0]?.ip : status.podIP) || '<none>';
  const gates: any[] = spec.readinessGates ?? [];
  let readinessGates = '<none>';
  if (gates.length) {
    const trueGates = gates.filter((g) => {
      const c = (status.conditions ?? []).find((x: any) => x?.type === g?.conditionType);
      return c?.status === 'True';
    }).length;
    readinessGates = `${trueGates}/${gates.length}`;
  }

  const row: PrintedRow = {
    cells: [
      pod.metadata?.name ?? '',
      `${ready}/${total}`,
      reason,
      restartsCell,
      age(pod, now),
      podIP,
      spec.nodeName || '<none>',
      status.nominatedNodeName || '<none>',
      readinessGates,
    ],
  };
  if (phase === 'Succeeded') row.conditions = SUCCEEDED;
  if (phase === 'Failed') row.conditions = FAILED;
  return row;
}

export const podPrinters: PrinterEntry[] = [
  {
    group: '',
    kind: 'Pod',
    printer: printer(
      () => [
        nameColumn(),
        column(
          'Ready',
          'string',
          'The aggregate readiness state of this pod for accepting traffic.',
        ),
        column('Status', 'string', 'The aggregate status of the containers in this pod.'),
        column(
          'Restarts',
          'string',
          'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
        ),
        ageColumn(),
        wide('IP', 'string', doc('PodStatus', 'podIP')),
        wide('Node', 'string', doc('PodSpec', 'nodeName')),
        wide('Nominated Node', 'string', doc('PodStatus', 'nominatedNodeName')),
        wide('Readiness Gates', 'string', doc('PodSpec', 'readinessGates')),
      ],
      printPod,
    ),
  },
  {
    group: '',
    kind: 'PodTemplate',
    printer: printer(
      () => [
        nameColumn(),
        column('Containers', 'string', CONTAINERS_DOC),
        column('Images', 'string', IMAGES_DOC),
        column('Pod Labels', 'string', 'The labels for the pod template.'),
      ],
      (t) => [
        t.metadata?.name ?? '',
        ...containerCells(t.template?.spec?.containers),
        formatLabels(t.template?.metadata?.labels),
      ],
    ),
  },
];
