// How much CPU and memory a container uses, as metrics-server reads it from the kubelet: what
// its process uses on its own (the kubelet's `containerUsage`, from the image's behaviour: its
// CPU, its memory profile over time), plus the CPU the requests it serves cost and the client
// work of a request loop — throttled at the container's CPU limit (the CFS quota) and capped at
// its memory limit.
import { parseImage } from '../../kubelet/images/image';
import { containerUsage as processUsage } from '../../kubelet/usage';
import { milli } from '../../util/quantity';
import type { ServerLoad } from './load';

const Mi = 1024 * 1024;

export interface Usage {
  /** Millicores (fractions allowed: metrics-server reports nanocores). */
  cpuMilli: number;
  memoryBytes: number;
}

/**
 * The control plane's own processes, which the image catalog runs as generic servers: what
 * `kubectl top` shows for them on a quiet kind cluster.
 */
const SYSTEM_USAGE: Record<string, Usage> = {
  coredns: { cpuMilli: 2, memoryBytes: 13 * Mi },
  etcd: { cpuMilli: 25, memoryBytes: 45 * Mi },
  'kube-apiserver': { cpuMilli: 45, memoryBytes: 260 * Mi },
  'kube-controller-manager': { cpuMilli: 15, memoryBytes: 55 * Mi },
  'kube-scheduler': { cpuMilli: 3, memoryBytes: 22 * Mi },
};
/** A process whose image says nothing of its memory still holds some. */
const DEFAULT_MEMORY = 2 * Mi;

/** A load generator's own work per request: a shell loop around wget or curl. */
const CLIENT_CPU_PER_REQUEST_MS = 0.1;

export function containerUsage(
  pod: any,
  container: any,
  now: number,
  served: ServerLoad | undefined,
  sentPerSecond: number,
): Usage {
  const own = processUsage(pod, container.name, now);
  const system = SYSTEM_USAGE[parseImage(container.image ?? '').name];
  let cpu =
    (system?.cpuMilli ?? own.cpuMilli) +
    (served?.cpuMilli ?? 0) +
    sentPerSecond * CLIENT_CPU_PER_REQUEST_MS;
  // Work in flight keeps some memory: about 1 MiB per 20 requests a second.
  let memory =
    (system?.memoryBytes ?? (own.memoryBytes || DEFAULT_MEMORY)) +
    ((served?.requestsPerSecond ?? 0) / 20) * Mi;
  const cpuLimit = milli(container.resources?.limits?.cpu);
  if (cpuLimit > 0) cpu = Math.min(cpu, cpuLimit);
  const memLimit = milli(container.resources?.limits?.memory) / 1000;
  if (memLimit > 0) memory = Math.min(memory, memLimit);
  return { cpuMilli: cpu, memoryBytes: Math.round(memory) };
}

/** What a node's own daemons use (kubelet, containerd, kindnetd, kube-proxy): not pods here. */
export function nodeOverhead(node: any): Usage {
  const cp = 'node-role.kubernetes.io/control-plane' in (node.metadata.labels ?? {});
  return cp ? { cpuMilli: 40, memoryBytes: 350 * Mi } : { cpuMilli: 15, memoryBytes: 180 * Mi };
}
