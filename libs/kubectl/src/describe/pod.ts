import { formatLabelSelector } from '@kubelab/apimachinery';
import { ApiError } from '../errors';
import { controllerOf, getObject, type DescribeContext, type Describer } from './context';
import { describeContainers, describeResources, type EnvResolver } from './containers';
import { describeEvents, searchEvents, searchEventsOrThrow } from './events';
import { parseQuantity, printAnnotations, printLabels, printTolerations } from './format';
import { goSort, goStringLess } from './go-sort';
import { LEVEL_0, LEVEL_1, tabbedString, type PrefixWriter } from './prefix-writer';
import { rfc1123z, since } from './time';
import { describeVolumes } from './volumes';

// kubectl describe pod: where it runs, its status, its containers with their states, its
// conditions, volumes, QoS class, scheduling constraints and events.

const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

export const describePodObject: Describer = async (ctx, r, namespace, name) => {
  let pod: any;
  try {
    pod = await getObject(ctx, r, namespace, name);
  } catch (e) {
    // A pod gone since it was listed may still have events worth showing.
    if (ctx.settings.showEvents && e instanceof ApiError) {
      const events = await searchEventsOrThrow(ctx, { name, namespace }).catch(() => []);
      if (events.length)
        return tabbedString((w) => {
          w.write(LEVEL_0, `Pod '${name}': error '${e.message}', but found events.\n`);
          describeEvents(events, w, ctx.now);
        });
    }
    throw e;
  }
  let events: any[] | undefined;
  if (ctx.settings.showEvents) {
    // kubectl leaves the kind out of a pod's event search; a mirror pod's events name the
    // static pod's UID.
    const uid = pod.metadata?.annotations?.[MIRROR_POD_ANNOTATION] ?? pod.metadata?.uid;
    events = await searchEvents(ctx, {
      name: pod.metadata?.name,
      namespace: pod.metadata?.namespace,
      uid,
    });
  }
  return describePod(pod, events, ctx);
};

function describePod(pod: any, events: any[] | undefined, ctx: DescribeContext): string {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const meta = pod.metadata ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${meta.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${meta.namespace ?? ''}\n`);
    if (spec.priority !== undefined && spec.priority !== null)
      w.write(LEVEL_0, `Priority:\t${spec.priority}\n`);
    if (spec.priorityClassName)
      w.write(LEVEL_0, `Priority Class Name:\t${spec.priorityClassName}\n`);
    if (spec.runtimeClassName) w.write(LEVEL_0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
    if (spec.serviceAccountName) w.write(LEVEL_0, `Service Account:\t${spec.serviceAccountName}\n`);
    w.write(
      LEVEL_0,
      spec.nodeName ? `Node:\t${spec.nodeName}/${status.hostIP ?? ''}\n` : 'Node:\t<none>\n',
    );
    if (status.startTime) w.write(LEVEL_0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
    printLabels(w, 'Labels', meta.labels);
    printAnnotations(w, 'Annotations', meta.annotations);
    describePhase(pod, w, ctx.now);
    if (status.reason) w.write(LEVEL_0, `Reason:\t${status.reason}\n`);
    if (status.message) w.write(LEVEL_0, `Message:\t${status.message}\n`);
    const seccomp = spec.securityContext?.seccompProfile;
    if (seccomp) {
      w.write(LEVEL_0, `SeccompProfile:\t${seccomp.type ?? ''}\n`);
      if (seccomp.type === 'Localhost')
        w.write(LEVEL_0, `LocalhostProfile:\t${seccomp.localhostProfile ?? ''}\n`);
    }
    w.write(LEVEL_0, `IP:\t${status.podIP ?? ''}\n`);
    describePodIPs(status.podIPs, w);
    const controller = controllerOf(pod);
    if (controller) w.write(LEVEL_0, `Controlled By:\t${controller.kind}/${controller.name}\n`);
    if (status.nominatedNodeName)
      w.write(LEVEL_0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
    if (spec.resources) {
      w.write(LEVEL_0, 'Resources:\n');
      describeResources(spec.resources, w, LEVEL_1);
    }
    const resolve = envResolver(pod);
    if (spec.initContainers?.length)
      describeContainers(
        'Init Containers',
        spec.initContainers,
        status.initContainerStatuses,
        resolve,
        w,
        '',
      );
    describeContainers('Containers', spec.containers, status.containerStatuses, resolve, w, '');
    if (spec.ephemeralContainers?.length)
      describeContainers(
        'Ephemeral Containers',
        spec.ephemeralContainers,
        status.ephemeralContainerStatuses,
        resolve,
        w,
        '',
      );
    describeReadinessGates(pod, w);
    if (status.conditions?.length) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\n');
      for (const c of status.conditions) w.write(LEVEL_1, `${c.type} \t${c.status} \n`);
    }
    describeVolumes(spec.volumes, w, '');
    w.write(LEVEL_0, `QoS Class:\t${status.qosClass || computeQOS(spec)}\n`);
    printLabels(w, 'Node-Selectors', spec.nodeSelector);
    printTolerations(w, 'Tolerations', spec.tolerations);
    describeTopologySpread(spec.topologySpreadConstraints, w, '');
    if (events) describeEvents(events, w, ctx.now);
  });
}

function describePhase(pod: any, w: PrefixWriter, now: number): void {
  const phase = pod.status?.phase ?? '';
  if (pod.metadata?.deletionTimestamp && phase !== 'Failed' && phase !== 'Succeeded') {
    w.write(
      LEVEL_0,
      `Status:\tTerminating (lasts ${since(pod.metadata.deletionTimestamp, now)})\n`,
    );
    w.write(
      LEVEL_0,
      `Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds ?? 0}s\n`,
    );
  } else w.write(LEVEL_0, `Status:\t${phase}\n`);
}

function describePodIPs(ips: { ip?: string }[] | undefined, w: PrefixWriter): void {
  if (!ips?.length) return w.write(LEVEL_0, 'IPs:\t<none>\n');
  w.write(LEVEL_0, 'IPs:\n');
  for (const ip of ips) w.write(LEVEL_1, `IP:\t${ip.ip ?? ''}\n`);
}

function describeReadinessGates(pod: any, w: PrefixWriter): void {
  const gates: any[] = pod.spec?.readinessGates ?? [];
  if (!gates.length) return;
  w.write(LEVEL_0, 'Readiness Gates:\n  Type\tStatus\n');
  for (const g of gates) {
    const c = (pod.status?.conditions ?? []).find((c: any) => c.type === g.conditionType);
    w.write(LEVEL_1, `${g.conditionType} \t${c ? c.status : '<none>'} \n`);
  }
}

/**
 * EnvValueRetriever: kubectl converts the field path with its own scheme, which only knows
 * metadata.name and metadata.namespace; any other field reads as empty.
 */
function envResolver(pod: any): EnvResolver {
  return (fieldPath) => {
    if (fieldPath === 'metadata.name') return pod.metadata?.name ?? '';
    if (fieldPath === 'metadata.namespace') return pod.metadata?.namespace ?? '';
    return '';
  };
}

/** The Topology Spread Constraints line, sorted by topology key. */
export function describeTopologySpread(
  constraints: any[] | undefined,
  w: PrefixWriter,
  space: string,
): void {
  if (!constraints?.length) return;
  const sorted = goSort([...constraints], (a, b) =>
    goStringLess(a.topologyKey ?? '', b.topologyKey ?? ''),
  );
  w.write(LEVEL_0, `${space}Topology Spread Constraints:\t`);
  sorted.forEach((c, i) => {
    if (i) {
      w.write(LEVEL_0, space);
      w.write(LEVEL_0, '\t');
    }
    let line = `${c.topologyKey ?? ''}:${c.whenUnsatisfiable ?? ''} when max skew ${c.maxSkew ?? 0} is exceeded`;
    if (c.labelSelector) line += ` for selector ${formatLabelSelector(c.labelSelector)}`;
    w.write(LEVEL_0, line + '\n');
  });
}

/** ComputePodQOS, for a pod whose status has no QoS class yet. */
export function computeQOS(spec: any): string {
  const requests = new Map<string, ReturnType<typeof parseQuantity>>();
  const limits = new Map<string, ReturnType<typeof parseQuantity>>();
  let guaranteed = true;
  const add = (into: typeof requests, list: Record<string, unknown> | undefined) => {
    for (const [name, v] of Object.entries(list ?? {})) {
      if (name !== 'cpu' && name !== 'memory') continue;
      const q = parseQuantity(v);
      if (q.sign <= 0) continue;
      into.set(name, into.has(name) ? q.add(into.get(name)!) : q);
    }
  };
  const coversCpuAndMemory = (list: Record<string, unknown> | undefined) =>
    ['cpu', 'memory'].every((n) => list?.[n] !== undefined && parseQuantity(list[n]).sign > 0);
  const sources = spec.resources
    ? [spec.resources]
    : [...(spec.containers ?? []), ...(spec.initContainers ?? [])].map(
        (c: any) => c.resources ?? {},
      );
  for (const res of sources) {
    add(requests, res.requests);
    add(limits, res.limits);
    if ((spec.resources ? res.limits : true) && !coversCpuAndMemory(res.limits)) guaranteed = false;
  }
  if (!requests.size && !limits.size) return 'BestEffort';
  if (guaranteed)
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (!lim || lim.cmp(req) !== 0) guaranteed = false;
    }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
