// NetworkPolicy enforcement as a policy-aware CNI does it (the semantics of
// https://kubernetes.io/docs/concepts/services-networking/network-policies/): a pod selected by a
// policy with policyType Ingress (Egress) accepts (sends) only what one of those policies' rules
// allows; unselected pods are open. Denied packets are dropped, so clients time out.
import { labelSelectorAsSelector } from '@kubelab/apimachinery';
import { parseCIDR } from '../util/ip';
import type { NetworkContext } from './context';

/** One end of a connection: a pod, or something outside the pod network (a node, the Internet). */
export interface Peer {
  ip: string;
  pod?: any;
  /** For peers that stand for a pod we do not model as one (an ingress controller). */
  namespace?: string;
  labels?: Record<string, string>;
}

const selects = (selector: any, labels: Record<string, string>) => {
  try {
    return labelSelectorAsSelector(selector ?? {}).matches(labels);
  } catch {
    return false;
  }
};

const peerNamespace = (p: Peer) => p.pod?.metadata?.namespace ?? p.namespace;
const peerLabels = (p: Peer) => p.pod?.metadata?.labels ?? p.labels ?? {};

function peerMatches(ctx: NetworkContext, rulePeer: any, policyNs: string, other: Peer): boolean {
  if (rulePeer.ipBlock) {
    const cidr = parseCIDR(rulePeer.ipBlock.cidr ?? '');
    if (!cidr?.contains(other.ip)) return false;
    return !(rulePeer.ipBlock.except ?? []).some((e: string) => parseCIDR(e)?.contains(other.ip));
  }
  const ns = peerNamespace(other);
  if (ns === undefined) return false;
  if (rulePeer.namespaceSelector) {
    if (!selects(rulePeer.namespaceSelector, ctx.namespaceLabels(ns))) return false;
  } else if (ns !== policyNs) return false;
  return rulePeer.podSelector ? selects(rulePeer.podSelector, peerLabels(other)) : true;
}

/** A named port resolves on the pod that receives the traffic. */
function portMatches(rulePort: any, port: number, protocol: string, receiver: any): boolean {
  if ((rulePort.protocol ?? 'TCP') !== protocol) return false;
  if (rulePort.port == null) return true;
  if (typeof rulePort.port === 'string') {
    const named = (receiver?.spec?.containers ?? [])
      .flatMap((c: any) => c.ports ?? [])
      .find((p: any) => p.name === rulePort.port && (p.protocol ?? 'TCP') === protocol);
    return named?.containerPort === port;
  }
  if (rulePort.endPort != null) return port >= rulePort.port && port <= rulePort.endPort;
  return rulePort.port === port;
}

function policiesFor(ctx: NetworkContext, pod: any, type: 'Ingress' | 'Egress'): any[] {
  return ctx.view
    .list('networking.k8s.io', 'NetworkPolicy', pod.metadata.namespace)
    .filter(
      (np) =>
        (np.spec?.policyTypes ?? ['Ingress']).includes(type) &&
        selects(np.spec?.podSelector, pod.metadata.labels ?? {}),
    );
}

function allowedBy(
  ctx: NetworkContext,
  policies: any[],
  dir: 'ingress' | 'egress',
  other: Peer,
  port: number,
  protocol: string,
  receiver: any,
): boolean {
  if (!policies.length) return true;
  const peersKey = dir === 'ingress' ? 'from' : 'to';
  return policies.some((np) =>
    (np.spec?.[dir] ?? []).some((rule: any) => {
      const peers: any[] = rule?.[peersKey] ?? [];
      const ports: any[] = rule?.ports ?? [];
      const peerOk =
        !peers.length || peers.some((p) => peerMatches(ctx, p, np.metadata.namespace, other));
      const portOk = !ports.length || ports.some((p) => portMatches(p, port, protocol, receiver));
      return peerOk && portOk;
    }),
  );
}

/** Whether a connection from `src` to `dst` on port/protocol gets through. */
export function connectionAllowed(
  ctx: NetworkContext,
  src: Peer,
  dst: Peer,
  port: number,
  protocol = 'TCP',
): boolean {
  if (ctx.profile.networkPolicies === false) return true;
  if (src.pod && src.pod === dst.pod) return true;
  if (src.pod && !src.pod.spec?.hostNetwork) {
    const egress = policiesFor(ctx, src.pod, 'Egress');
    if (!allowedBy(ctx, egress, 'egress', dst, port, protocol, dst.pod)) return false;
  }
  if (dst.pod && !dst.pod.spec?.hostNetwork) {
    const ingress = policiesFor(ctx, dst.pod, 'Ingress');
    if (!allowedBy(ctx, ingress, 'ingress', src, port, protocol, dst.pod)) return false;
  }
  return true;
}

/** Whether a pod's DNS queries reach some CoreDNS pod (egress policies can block UDP 53). */
export function dnsReachable(ctx: NetworkContext, pod: any | undefined): boolean {
  if (!pod || ctx.profile.networkPolicies === false) return true;
  const src: Peer = { ip: pod.status?.podIP ?? '', pod };
  const dns = ctx.view
    .list('', 'Pod', 'kube-system')
    .filter((p) => p.metadata.labels?.['k8s-app'] === 'kube-dns' && p.status?.podIP);
  if (!dns.length) return true;
  return dns.some((d) => connectionAllowed(ctx, src, { ip: d.status.podIP, pod: d }, 53, 'UDP'));
}
