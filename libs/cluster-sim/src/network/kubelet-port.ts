// The cluster network behind the kubelet's NetworkPort (src/kubelet/network-port.ts): what a
// container's `wget`, `curl`, `nslookup` or `nc` reach. Importing this module plugs it in.
import { defaultProfile, type ClusterProfile } from '../profile/cluster-profile';
import {
  useNetworkPort,
  type HttpResult,
  type NetworkCaller,
  type NetworkPort,
} from '../kubelet/network-port';
import { SIM_GROUP } from '../apis/internal/pod-runtime';
import { instanceOf, serveInstance } from '../kubelet/container-process';
import type { PodRuntimeObject } from '../kubelet/runtime-record';
import { ClusterNetwork, type Delivery } from './cluster-network';
import { defaultContainerServer } from './container-servers';
import { NetworkContext, type ContainerHttpServer, type NetworkView } from './context';

/**
 * What a container answers: its image's behaviour as the kubelet runs it (its process, its
 * files, whether it listens yet); our defaults only for a pod the kubelet keeps no record of.
 */
function containerServer(view: NetworkView, clusterDomain: string): ContainerHttpServer {
  const fallback = defaultContainerServer(view);
  return (pod, container, port, req, now) => {
    const rt = view.get(SIM_GROUP, 'PodRuntime', pod.metadata.namespace, pod.metadata.name) as
      PodRuntimeObject | undefined;
    const record = rt?.record;
    if (!record || record.podUid !== pod.metadata.uid)
      return fallback(pod, container, port, req, now);
    const c = record.containers.find((x) => x.name === container.name);
    const inst = c && instanceOf(view, pod, record, c, clusterDomain);
    if (!inst) return undefined;
    const r = serveInstance(
      inst,
      {
        method: req.method,
        path: req.path,
        port,
        headers: req.headers,
        userAgent: req.headers['User-Agent'] ?? 'Wget',
        remoteAddr: req.remoteAddr,
      },
      now,
    );
    if (r.kind === 'refused') return undefined;
    if (r.kind === 'not-http') return { status: 0, body: '' };
    return { status: r.res.status, headers: r.res.headers, body: r.res.body };
  };
}

/**
 * A network over a view at an instant, reused by the requests made at that instant on that
 * version of the state (a ClusterState's resourceVersion changes with every write).
 */
let last:
  | {
      view: NetworkView;
      version: unknown;
      now: number;
      profile: ClusterProfile;
      net: ClusterNetwork;
    }
  | undefined;

export function clusterNetwork(
  view: NetworkView,
  profile: ClusterProfile,
  now: number,
): ClusterNetwork {
  const version = (view as { resourceVersion?: unknown }).resourceVersion;
  if (
    last &&
    last.view === view &&
    last.version === version &&
    last.now === now &&
    last.profile === profile
  )
    return last.net;
  const net = new ClusterNetwork(
    new NetworkContext(view, profile, now, containerServer(view, profile.clusterDomain)),
  );
  last = { view, version, now, profile, net };
  return net;
}

/**
 * The profile of the cluster a state belongs to, as the reconcile that runs the kubelet knows it
 * (callers that do not pass one, e.g. a container's script run by the kubelet).
 */
const statesProfiles = new WeakMap<object, ClusterProfile>();
export function rememberProfile(view: NetworkView, profile: ClusterProfile): void {
  if (statesProfiles.get(view) !== profile) statesProfiles.set(view, profile);
}

const profiles = new Map<string, ClusterProfile>();
function profileOf(caller: NetworkCaller): ClusterProfile {
  if (caller.profile) return caller.profile;
  const known = statesProfiles.get(caller.view);
  if (known) return known;
  let p = profiles.get(caller.clusterDomain);
  if (!p)
    profiles.set(
      caller.clusterDomain,
      (p = { ...defaultProfile(), clusterDomain: caller.clusterDomain }),
    );
  return p;
}

const netFor = (caller: NetworkCaller) =>
  clusterNetwork(caller.view, profileOf(caller), caller.now);

export function toHttpResult(d: Delivery): HttpResult {
  if (d.kind === 'error') return { kind: 'error', error: d.error, ip: d.ip, message: d.message };
  return {
    kind: 'response',
    status: d.status,
    body: d.body,
    headers: d.headers,
    ip: d.ip,
    latencyMs: d.latencyMs,
  };
}

export const clusterNetworkPort: NetworkPort = {
  resolve(caller, name) {
    const r = netFor(caller).resolve(caller.pod, name);
    if (!r) return undefined;
    return {
      name: r.name,
      addresses: r.addresses,
      ...(r.canonical ? { canonicalName: r.canonical } : {}),
    };
  },
  http(caller, url, init) {
    return toHttpResult(
      netFor(caller).http(caller.pod, url, { method: init?.method, headers: init?.headers }),
    );
  },
  connect(caller, host, port) {
    return toHttpResult(
      netFor(caller).http(caller.pod, `http://${host}:${port}/`, { method: 'CONNECT' }),
    );
  },
};

useNetworkPort(clusterNetworkPort);
