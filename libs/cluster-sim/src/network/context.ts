// What the network model reads: the cluster's objects (a read-only view), its profile and the
// virtual now. Indexes over pods, Services and nodes by address are built once per context, so a
// script doing many requests in one exec stays cheap.
import type { ClusterProfile } from '../profile/cluster-profile';
import { isPodReady } from '../controllers/util/pods';

export interface NetworkView {
  get(group: string, kind: string, namespace: string, name: string): any | undefined;
  list(group: string, kind: string, namespace?: string): any[];
}

/** The container-side half of HTTP: what a container answers on a port (kubelet's images). */
export interface HttpRequestIn {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Where the request comes from, as the server sees it. */
  remoteAddr: string;
}

export interface HttpResponseOut {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

/** Answers a request to a container port, or undefined when nothing listens there. */
export type ContainerHttpServer = (
  pod: any,
  container: any,
  port: number,
  request: HttpRequestIn,
  now: number,
) => HttpResponseOut | undefined;

export class NetworkContext {
  readonly domain: string;
  private podsByIP?: Map<string, any>;
  private servicesByIP?: Map<string, any>;
  private nodesByIP?: Map<string, any>;

  constructor(
    readonly view: NetworkView,
    readonly profile: ClusterProfile,
    readonly now: number,
    readonly serve: ContainerHttpServer,
  ) {
    this.domain = profile.clusterDomain;
  }

  /** A running (not finished) pod that holds this IP. */
  podByIP(ip: string): any | undefined {
    if (!this.podsByIP) {
      this.podsByIP = new Map();
      for (const p of this.view.list('', 'Pod'))
        if (
          p.status?.podIP &&
          !p.spec?.hostNetwork &&
          p.status.phase !== 'Succeeded' &&
          p.status.phase !== 'Failed'
        )
          this.podsByIP.set(p.status.podIP, p);
    }
    return this.podsByIP.get(ip);
  }

  /** The Service whose cluster IP, external IP or load-balancer IP this is. */
  serviceByIP(ip: string): any | undefined {
    if (!this.servicesByIP) {
      this.servicesByIP = new Map();
      for (const s of this.view.list('', 'Service')) {
        for (const a of s.spec?.clusterIPs ?? [s.spec?.clusterIP])
          if (a && a !== 'None') this.servicesByIP.set(a, s);
        for (const a of s.spec?.externalIPs ?? []) this.servicesByIP.set(a, s);
        for (const i of s.status?.loadBalancer?.ingress ?? [])
          if (i.ip) this.servicesByIP.set(i.ip, s);
      }
    }
    return this.servicesByIP.get(ip);
  }

  nodeByIP(ip: string): any | undefined {
    if (!this.nodesByIP) {
      this.nodesByIP = new Map();
      for (const n of this.view.list('', 'Node'))
        for (const a of n.status?.addresses ?? [])
          if (a.type === 'InternalIP' || a.type === 'ExternalIP') this.nodesByIP.set(a.address, n);
    }
    return this.nodesByIP.get(ip);
  }

  nodeIP(node: any): string | undefined {
    return (node?.status?.addresses ?? []).find((a: any) => a.type === 'InternalIP')?.address;
  }

  namespaceLabels(ns: string): Record<string, string> {
    const o = this.view.get('', 'Namespace', '', ns);
    return { 'kubernetes.io/metadata.name': ns, ...(o?.metadata?.labels ?? {}) };
  }

  isReady(pod: any): boolean {
    return isPodReady(pod) && !pod.metadata.deletionTimestamp;
  }
}
