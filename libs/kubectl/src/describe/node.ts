import type { Quantity } from '@kubelab/apimachinery';
import { ApiError } from '../errors';
import { corePath, getObject, listAll, type DescribeContext, type Describer } from './context';
import { describeEvents, searchEvents, type ObjectRef } from './events';
import {
  parseQuantity,
  printAnnotations,
  printLabels,
  printTaints,
  sortedResourceNames,
} from './format';
import { goSortStrings } from './go-sort';
import { LEVEL_0, LEVEL_1, tabbedString, type PrefixWriter } from './prefix-writer';
import { rfc1123z, since } from './time';

// kubectl describe node: roles, conditions, addresses, capacity, system info, its lease, the
// pods it runs with their requests and limits as a share of what it can allocate, and events.

type ResourceList = Map<string, Quantity>;

export const describeNodeObject: Describer = async (ctx, r, namespace, name) => {
  const node = await getObject(ctx, r, namespace, name);
  const fieldSelector = `spec.nodeName=${name},status.phase!=Succeeded,status.phase!=Failed`;
  let pods: any[] | undefined;
  try {
    pods = await listAll(ctx, corePath('pods'), { fieldSelector });
  } catch (e) {
    // Someone who may read nodes but not pods sees "not authorized" instead.
    if (!(e instanceof ApiError && e.httpStatus === 403)) throw e;
  }
  const lease = await readLease(ctx, name);
  let events: any[] | undefined;
  if (ctx.settings.showEvents) {
    // Controllers name a node's events by its UID, the kubelet by its name: both are searched.
    const ref: ObjectRef = { kind: 'Node', name, namespace: '', uid: node.metadata?.uid };
    events = [
      ...(await searchEvents(ctx, ref)),
      ...(await searchEvents(ctx, { ...ref, uid: name })),
    ];
  }
  return tabbedString((w) => {
    const status = node.status ?? {};
    const spec = node.spec ?? {};
    w.write(LEVEL_0, `Name:\t${node.metadata.name}\n`);
    w.write(LEVEL_0, `Roles:\t${nodeRoles(node.metadata.labels).join(',') || '<none>'}\n`);
    printLabels(w, 'Labels', node.metadata.labels);
    printAnnotations(w, 'Annotations', node.metadata.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(node.metadata.creationTimestamp)}\n`);
    printTaints(w, 'Taints', spec.taints);
    w.write(LEVEL_0, `Unschedulable:\t${spec.unschedulable === true}\n`);
    describeLease(lease, w);
    describeConditions(status.conditions, w);
    w.write(LEVEL_0, 'Addresses:\n');
    for (const a of status.addresses ?? []) w.write(LEVEL_1, `${a.type}:\t${a.address}\n`);
    for (const [title, list] of [
      ['Capacity', status.capacity],
      ['Allocatable', status.allocatable],
    ] as [string, Record<string, unknown> | undefined][]) {
      if (!Object.keys(list ?? {}).length) continue;
      w.write(LEVEL_0, `${title}:\n`);
      for (const res of sortedResourceNames(list))
        w.write(LEVEL_0, `  ${res}:\t${parseQuantity(list![res]).toString()}\n`);
    }
    describeSystemInfo(status.nodeInfo ?? {}, w);
    if (spec.podCIDR) w.write(LEVEL_0, `PodCIDR:\t${spec.podCIDR}\n`);
    if (spec.podCIDRs?.length) w.write(LEVEL_0, `PodCIDRs:\t${spec.podCIDRs.join(',')}\n`);
    if (spec.providerID) w.write(LEVEL_0, `ProviderID:\t${spec.providerID}\n`);
    if (pods) describeNodeResources(pods, node, w, ctx.now);
    else w.write(LEVEL_0, 'Pods:\tnot authorized\n');
    if (events) describeEvents(events, w, ctx.now);
  });
};

/** The node's Lease in kube-node-lease, or the error text kubectl shows in its place. */
async function readLease(
  ctx: DescribeContext,
  name: string,
): Promise<{ lease?: any; error?: string }> {
  try {
    const path = `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${encodeURIComponent(name)}`;
    return { lease: await ctx.client.call('GET', path) };
  } catch (e) {
    return { error: e instanceof ApiError ? clientErrorText(e) : (e as Error).message };
  }
}

/**
 * How client-go words a failed request: the Status message when the server sent one, else a
 * generic sentence for the HTTP code.
 */
function clientErrorText(e: ApiError): string {
  if (e.status.kind === 'Status' && e.status.message) return e.status.message;
  if (e.httpStatus === 404) return 'the server could not find the requested resource';
  return e.message;
}

function describeLease({ lease, error }: { lease?: any; error?: string }, w: PrefixWriter): void {
  if (error !== undefined) return w.write(LEVEL_0, `Lease:\tFailed to get lease: ${error}\n`);
  const spec = lease?.spec ?? {};
  w.write(LEVEL_0, 'Lease:\n');
  w.write(LEVEL_1, `HolderIdentity:\t${spec.holderIdentity ?? '<unset>'}\n`);
  w.write(LEVEL_1, `AcquireTime:\t${spec.acquireTime ? rfc1123z(spec.acquireTime) : '<unset>'}\n`);
  w.write(LEVEL_1, `RenewTime:\t${spec.renewTime ? rfc1123z(spec.renewTime) : '<unset>'}\n`);
}

/** findNodeRoles: `node-role.kubernetes.io/<role>` labels and the `kubernetes.io/role` label. */
function nodeRoles(labels: Record<string, string> | undefined): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v) roles.add(v);
  }
  return goSortStrings([...roles]);
}

function describeConditions(conditions: any[] | undefined, w: PrefixWriter): void {
  if (!conditions?.length) return;
  w.write(
    LEVEL_0,
    'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n',
  );
  w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
  for (const c of conditions)
    w.write(
      LEVEL_1,
      `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`,
    );
}

function describeSystemInfo(info: any, w: PrefixWriter): void {
  w.write(LEVEL_0, 'System Info:\n');
  const fields: [string, string][] = [
    ['Machine ID', 'machineID'],
    ['System UUID', 'systemUUID'],
    ['Boot ID', 'bootID'],
    ['Kernel Version', 'kernelVersion'],
    ['OS Image', 'osImage'],
    ['Operating System', 'operatingSystem'],
    ['Architecture', 'architecture'],
    ['Container Runtime Version', 'containerRuntimeVersion'],
    ['Kubelet Version', 'kubeletVersion'],
    ['Kube-Proxy Version', 'kubeProxyVersion'],
  ];
  for (const [title, key] of fields) w.write(LEVEL_0, `  ${title}:\t${info[key] ?? ''}\n`);
}

/** Go's int64(float64): truncation toward zero. */
const percent = (part: number, whole: number) => Math.trunc((part / whole) * 100);

function describeNodeResources(pods: any[], node: any, w: PrefixWriter, now: number): void {
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(
    LEVEL_1,
    'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n',
  );
  w.write(
    LEVEL_1,
    '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n',
  );
  const allocatable = toResourceList(
    Object.keys(node.status?.allocatable ?? {}).length
      ? node.status.allocatable
      : node.status?.capacity,
  );
  const get = (list: ResourceList, name: string) => list.get(name) ?? parseQuantity(undefined);
  const cpu = get(allocatable, 'cpu').milliValue();
  const memory = get(allocatable, 'memory').value();
  for (const pod of pods) {
    const { requests, limits } = podRequestsAndLimits(pod);
    const cells = [
      [get(requests, 'cpu'), cpu, true],
      [get(limits, 'cpu'), cpu, true],
      [get(requests, 'memory'), memory, false],
      [get(limits, 'memory'), memory, false],
    ] as [Quantity, number, boolean][];
    const shares = cells.map(
      ([q, whole, milli]) =>
        `${q.toString()} (${percent(milli ? q.milliValue() : q.value(), whole)}%)`,
    );
    w.write(
      LEVEL_1,
      `${pod.metadata.namespace}\t${pod.metadata.name}\t\t${shares.join('\t')}\t${since(pod.metadata.creationTimestamp, now)}\n`,
    );
  }
  w.write(
    LEVEL_0,
    'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n',
  );
  w.write(LEVEL_1, 'Resource\tRequests\tLimits\n');
  w.write(LEVEL_1, '--------\t--------\t------\n');
  const totals = totalRequestsAndLimits(pods);
  const share = (name: string, scaled: (q: Quantity) => number) => {
    const whole = scaled(get(allocatable, name));
    const of = (q: Quantity) => `${q.toString()} (${whole !== 0 ? percent(scaled(q), whole) : 0}%)`;
    w.write(
      LEVEL_1,
      `${name}\t${of(get(totals.requests, name))}\t${of(get(totals.limits, name))}\n`,
    );
  };
  share('cpu', (q) => q.milliValue());
  share('memory', (q) => q.value());
  share('ephemeral-storage', (q) => q.value());
  const names = goSortStrings([...allocatable.keys()]);
  for (const name of names.filter((n) => n.startsWith('hugepages-'))) share(name, (q) => q.value());
  const standard = ['cpu', 'memory', 'ephemeral-storage', 'pods'];
  for (const name of names.filter((n) => !n.startsWith('hugepages-') && !standard.includes(n)))
    w.write(
      LEVEL_1,
      `${name}\t${get(totals.requests, name).toString()}\t${get(totals.limits, name).toString()}\n`,
    );
}

function toResourceList(list: Record<string, unknown> | undefined): ResourceList {
  return new Map(Object.entries(list ?? {}).map(([k, v]) => [k, parseQuantity(v)]));
}

function addTo(into: ResourceList, list: ResourceList): void {
  for (const [name, q] of list) into.set(name, into.has(name) ? into.get(name)!.add(q) : q);
}

function maxInto(into: ResourceList, list: ResourceList): void {
  for (const [name, q] of list)
    if (!into.has(name) || q.cmp(into.get(name)!) > 0) into.set(name, q);
}

/**
 * resourcehelper.PodRequestsAndLimits: the containers' sum; init containers count by their
 * peak (sidecars, restartPolicy Always, add up); plus the pod overhead.
 */
function podRequestsAndLimits(pod: any): { requests: ResourceList; limits: ResourceList } {
  const spec = pod.spec ?? {};
  const statuses = new Map<string, any>(
    (pod.status?.containerStatuses ?? []).map((s: any) => [s.name, s]),
  );
  const side = (kind: 'requests' | 'limits'): ResourceList => {
    const total: ResourceList = new Map();
    for (const c of spec.containers ?? []) {
      let list = toResourceList(c.resources?.[kind]);
      const allocated = statuses.get(c.name)?.resources;
      if (kind === 'requests' && allocated) {
        const actual = toResourceList(allocated.requests);
        if (pod.status?.resize === 'Infeasible') list = actual;
        else maxInto(list, actual);
      }
      addTo(total, list);
    }
    const sidecars: ResourceList = new Map();
    const initPeak: ResourceList = new Map();
    for (const c of spec.initContainers ?? []) {
      const own = toResourceList(c.resources?.[kind]);
      let list: ResourceList;
      if (c.restartPolicy === 'Always') {
        addTo(total, own);
        addTo(sidecars, own);
        list = sidecars;
      } else {
        list = new Map();
        addTo(list, own);
        addTo(list, sidecars);
      }
      maxInto(initPeak, list);
    }
    maxInto(total, initPeak);
    const overhead = toResourceList(spec.overhead);
    if (kind === 'requests') addTo(total, overhead);
    else
      for (const [name, q] of overhead)
        if (total.has(name) && !total.get(name)!.isZero()) total.set(name, total.get(name)!.add(q));
    return total;
  };
  return { requests: side('requests'), limits: side('limits') };
}

function totalRequestsAndLimits(pods: any[]): { requests: ResourceList; limits: ResourceList } {
  const requests: ResourceList = new Map();
  const limits: ResourceList = new Map();
  for (const pod of pods) {
    const own = podRequestsAndLimits(pod);
    addTo(requests, own.requests);
    addTo(limits, own.limits);
  }
  return { requests, limits };
}
