import { milli } from '../util/quantity';

// The kube-scheduler framework, reduced to what a single cluster of a few nodes needs: filter
// plugins that say why a node does not fit, score plugins that rank the ones that do
// (pkg/scheduler/framework).

export type FilterCode = 'Unschedulable' | 'UnschedulableAndUnresolvable';

export interface FilterResult {
  code: FilterCode;
  reasons: string[];
}

export interface NodeInfo {
  node: any;
  name: string;
  /** Pods bound to the node and not finished. */
  pods: any[];
  allocatable: { cpu: number; memory: number; pods: number; ephemeralStorage: number };
  requested: { cpu: number; memory: number; ephemeralStorage: number };
  /** Requests with the scheduler's non-zero defaults (scoring only). */
  nonZeroRequested: { cpu: number; memory: number };
  usedHostPorts: Set<string>;
}

export interface SchedulingContext {
  pod: any;
  podRequests: { cpu: number; memory: number; ephemeralStorage: number };
  nodes: NodeInfo[];
  allPods: any[];
  state: {
    get(g: string, k: string, ns: string, n: string): any;
    list(g: string, k: string, ns?: string): any[];
  };
}

export interface FilterPlugin {
  name: string;
  /** PreFilter: a verdict on the pod as a whole before any node is looked at (its reason), or null. */
  preFilter?(ctx: SchedulingContext): string | null;
  filter(ctx: SchedulingContext, node: NodeInfo): FilterResult | null;
}

export interface ScorePlugin {
  name: string;
  weight: number;
  /** 0..100 for each feasible node. */
  score(ctx: SchedulingContext, node: NodeInfo, feasible: NodeInfo[]): number;
}

const DEFAULT_MILLI_CPU = 100;
const DEFAULT_MEMORY = 200 * 1024 * 1024;

/** A pod's effective requests: the sum over containers, at least any single init container. */
export function podRequests(
  pod: any,
  nonZero = false,
): { cpu: number; memory: number; ephemeralStorage: number } {
  const total = { cpu: 0, memory: 0, ephemeralStorage: 0 };
  const get = (c: any, r: string) => c.resources?.requests?.[r];
  for (const c of pod.spec?.containers ?? []) {
    const cpu = get(c, 'cpu');
    const mem = get(c, 'memory');
    total.cpu += cpu !== undefined ? milli(cpu) : nonZero ? DEFAULT_MILLI_CPU : 0;
    total.memory += mem !== undefined ? milli(mem) / 1000 : nonZero ? DEFAULT_MEMORY : 0;
    total.ephemeralStorage += milli(get(c, 'ephemeral-storage')) / 1000;
  }
  for (const c of pod.spec?.initContainers ?? []) {
    if (c.restartPolicy === 'Always') {
      total.cpu += milli(get(c, 'cpu'));
      total.memory += milli(get(c, 'memory')) / 1000;
      continue;
    }
    total.cpu = Math.max(total.cpu, milli(get(c, 'cpu')));
    total.memory = Math.max(total.memory, milli(get(c, 'memory')) / 1000);
  }
  for (const [r, v] of Object.entries(pod.spec?.overhead ?? {})) {
    if (r === 'cpu') total.cpu += milli(v);
    if (r === 'memory') total.memory += milli(v) / 1000;
  }
  return total;
}

export function buildNodeInfos(nodes: any[], pods: any[]): NodeInfo[] {
  return nodes.map((node) => {
    const name = node.metadata.name;
    const onNode = pods.filter(
      (p) =>
        p.spec?.nodeName === name &&
        p.status?.phase !== 'Succeeded' &&
        p.status?.phase !== 'Failed',
    );
    const alloc = node.status?.allocatable ?? {};
    const info: NodeInfo = {
      node,
      name,
      pods: onNode,
      allocatable: {
        cpu: milli(alloc.cpu),
        memory: milli(alloc.memory) / 1000,
        pods: Number(alloc.pods ?? 110),
        ephemeralStorage: milli(alloc['ephemeral-storage']) / 1000,
      },
      requested: { cpu: 0, memory: 0, ephemeralStorage: 0 },
      nonZeroRequested: { cpu: 0, memory: 0 },
      usedHostPorts: new Set(),
    };
    for (const p of onNode) {
      const r = podRequests(p);
      info.requested.cpu += r.cpu;
      info.requested.memory += r.memory;
      info.requested.ephemeralStorage += r.ephemeralStorage;
      const nz = podRequests(p, true);
      info.nonZeroRequested.cpu += nz.cpu;
      info.nonZeroRequested.memory += nz.memory;
      for (const c of p.spec?.containers ?? [])
        for (const port of c.ports ?? [])
          if (port.hostPort)
            info.usedHostPorts.add(
              `${port.protocol ?? 'TCP'}/${port.hostIP ?? '0.0.0.0'}/${port.hostPort}`,
            );
    }
    return info;
  });
}
