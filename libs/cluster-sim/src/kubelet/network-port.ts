import type { ClusterProfile } from '../profile/cluster-profile';
import type { EnvView } from './env';

// Traffic that leaves a container (`wget -qO- http://web`, `nslookup web`, `curl`): the kubelet's
// interpreter asks the cluster network through this port. The network area (src/network/)
// plugs in the real resolver and router with `useNetworkPort`; until then every name is
// unknown and every connection says the network is not available. Traffic to the container's
// own pod (localhost, its own IP) never leaves it and is answered by the kubelet itself.

/** The pod and time a request is made from. */
export interface NetworkCaller {
  view: EnvView;
  pod: any;
  /** Virtual time of the request (ms). */
  now: number;
  clusterDomain: string;
  /** The cluster's profile (egress, NetworkPolicy enforcement, ingress controller), when known. */
  profile?: ClusterProfile;
}

/** A DNS answer: the fully-qualified name that matched and its addresses. */
export interface DnsAnswer {
  name: string;
  addresses: string[];
  /** For CNAME-like answers (ExternalName Services). */
  canonicalName?: string;
}

export type HttpResult =
  | {
      kind: 'response';
      status: number;
      body: string;
      headers?: Record<string, string>;
      /** The address connected to (shown by wget/curl). */
      ip?: string;
      /** How long the answer took (ms of virtual time); 0 when not said. */
      latencyMs?: number;
    }
  | {
      kind: 'error';
      /**
       * unresolved: no such name; refused: nothing listens (or no ready endpoint); timeout: a
       * packet went nowhere (a NetworkPolicy drop, an unreachable address); unavailable: the
       * simulated network cannot answer at all.
       */
      error: 'unresolved' | 'refused' | 'timeout' | 'unreachable' | 'unavailable';
      ip?: string;
      message?: string;
    };

export interface HttpRequestInit {
  method?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export interface NetworkPort {
  /** Resolves `name` as the caller's resolv.conf would (search domains, ndots:5). */
  resolve(caller: NetworkCaller, name: string): DnsAnswer | undefined;
  /** An HTTP request from the caller's pod to `url`. */
  http(caller: NetworkCaller, url: string, init?: HttpRequestInit): HttpResult;
  /** Whether a TCP connection to host:port from the caller would be accepted. */
  connect?(caller: NetworkCaller, host: string, port: number): HttpResult;
}

export const NETWORK_UNAVAILABLE = 'network not available in this simulated cluster';

/** The default: no cluster network yet. */
export const unavailableNetwork: NetworkPort = {
  resolve: () => undefined,
  http: () => ({ kind: 'error', error: 'unavailable', message: NETWORK_UNAVAILABLE }),
};

let current: NetworkPort = unavailableNetwork;

/** Plugs the cluster network in (the network area calls this once at module load). */
export function useNetworkPort(port: NetworkPort): void {
  current = port;
}

export function networkPort(): NetworkPort {
  return current;
}
