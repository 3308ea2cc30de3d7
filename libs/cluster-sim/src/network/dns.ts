// Cluster DNS: what CoreDNS's kubernetes plugin answers (svc.ns.svc.<domain>, headless Services'
// endpoint names, <ip-dashed>.ns.pod.<domain> with `pods insecure`, ExternalName CNAMEs, reverse
// lookups of Service and endpoint IPs), upstream names through the simulated Internet, and the
// pod's stub resolver (/etc/hosts, the search list and ndots:5 of its resolv.conf, dnsPolicy).
import type { NetworkContext } from './context';
import { isPublicAddress, isPublicName, publicAddress } from './egress';
import { dashed, isIPv4Address, reverseName } from '../util/ip';
import { KUBE_DNS_IP } from '../apis/core/service';

export type RRType = 'A' | 'AAAA' | 'CNAME' | 'PTR';

export interface ResourceRecord {
  name: string;
  type: RRType;
  value: string;
}

export interface DnsAnswer {
  rcode: 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL';
  records: ResourceRecord[];
  /** Answers from the cluster zone are authoritative; forwarded ones are not. */
  authoritative: boolean;
}

const nx = (authoritative: boolean): DnsAnswer => ({
  rcode: 'NXDOMAIN',
  records: [],
  authoritative,
});
const ok = (records: ResourceRecord[], authoritative = true): DnsAnswer => ({
  rcode: 'NOERROR',
  records,
  authoritative,
});

/** The endpoint name CoreDNS gives an address: its hostname, or its IP with dashes. */
const endpointName = (a: any) => a.hostname || dashed(a.ip);

function endpointAddresses(ctx: NetworkContext, svc: any): any[] {
  const ep = ctx.view.get('', 'Endpoints', svc.metadata.namespace, svc.metadata.name);
  const out: any[] = [];
  for (const s of ep?.subsets ?? []) {
    out.push(...(s.addresses ?? []));
    if (svc.spec?.publishNotReadyAddresses) out.push(...(s.notReadyAddresses ?? []));
  }
  const seen = new Set<string>();
  return out.filter((a) => (seen.has(a.ip) ? false : (seen.add(a.ip), true)));
}

/** One query to the cluster's DNS server (CoreDNS at 10.96.0.10). */
export function queryDNS(ctx: NetworkContext, qname: string, type: RRType): DnsAnswer {
  const name = qname.toLowerCase().replace(/\.$/, '');
  if (type === 'PTR') return reverse(ctx, name);
  const zone = `.${ctx.domain}`;
  if (!name.endsWith(zone)) return upstream(ctx, name, type);
  const labels = name.slice(0, -zone.length).split('.');
  const kind = labels[labels.length - 1];
  if (kind === 'pod' && labels.length === 3) {
    // `pods insecure`: any well-formed <a-b-c-d>.<namespace>.pod name answers with that IP.
    const ip = labels[0]!.replace(/-/g, '.');
    if (!isIPv4Address(ip)) return nx(true);
    return type === 'A' ? ok([{ name, type: 'A', value: ip }]) : ok([]);
  }
  if (kind !== 'svc' || labels.length < 3 || labels.length > 4) return nx(true);
  const [svcName, ns] = labels.length === 3 ? [labels[0]!, labels[1]!] : [labels[1]!, labels[2]!];
  const svc = ctx.view.get('', 'Service', ns, svcName);
  if (!svc) return nx(true);
  if (labels.length === 4) {
    // <endpoint>.<svc>.<ns>.svc: headless Services' per-endpoint names.
    if (svc.spec?.clusterIP !== 'None') return nx(true);
    const a = endpointAddresses(ctx, svc).find((x) => endpointName(x) === labels[0]);
    if (!a) return nx(true);
    return type === 'A' ? ok([{ name, type: 'A', value: a.ip }]) : ok([]);
  }
  if (svc.spec?.type === 'ExternalName') {
    const target = String(svc.spec.externalName ?? '').replace(/\.$/, '');
    const records: ResourceRecord[] = [{ name, type: 'CNAME', value: target }];
    // CoreDNS resolves an external target through its upstream, in the same answer.
    const followed = queryDNS(ctx, target, type);
    records.push(...followed.records);
    return ok(records);
  }
  if (type !== 'A') return ok([]);
  if (svc.spec?.clusterIP === 'None') {
    const addresses = endpointAddresses(ctx, svc);
    if (!addresses.length) return nx(true);
    return ok(addresses.map((a) => ({ name, type: 'A', value: a.ip })));
  }
  return ok([{ name, type: 'A', value: svc.spec.clusterIP }]);
}

function reverse(ctx: NetworkContext, name: string): DnsAnswer {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\.in-addr\.arpa$/.exec(name);
  if (!m) return nx(false);
  const ip = [m[4], m[3], m[2], m[1]].join('.');
  const ptr = (value: string) => ok([{ name, type: 'PTR', value }]);
  const svc = ctx.serviceByIP(ip);
  if (svc && svc.spec?.clusterIP === ip)
    return ptr(`${svc.metadata.name}.${svc.metadata.namespace}.svc.${ctx.domain}`);
  for (const s of ctx.view.list('', 'Service')) {
    const a = endpointAddresses(ctx, s).find((x) => x.ip === ip);
    if (a)
      return ptr(`${endpointName(a)}.${s.metadata.name}.${s.metadata.namespace}.svc.${ctx.domain}`);
  }
  // `fallthrough in-addr.arpa`: not a cluster address, so upstream does not know it either.
  return nx(false);
}

function upstream(ctx: NetworkContext, name: string, type: RRType): DnsAnswer {
  if (ctx.profile.egress === false) return { rcode: 'SERVFAIL', records: [], authoritative: false };
  if (!isPublicName(name)) return nx(false);
  if (type !== 'A') return ok([], false);
  return ok([{ name, type: 'A', value: publicAddress(name) }], false);
}

// ------------------------------------------------------------------ the pod's stub resolver

export interface ResolverConfig {
  nameservers: string[];
  searches: string[];
  ndots: number;
  /** /etc/hosts: name -> address. */
  hosts: Map<string, string>;
  /** Names only resolve through the node's resolver (dnsPolicy Default). */
  clusterDNS: boolean;
}

/** The resolv.conf and /etc/hosts the kubelet gives a pod (pkg/kubelet/network/dns). */
export function resolverConfig(ctx: NetworkContext, pod: any | undefined): ResolverConfig {
  const hosts = new Map<string, string>([
    ['localhost', '127.0.0.1'],
    ['ip6-localhost', '::1'],
  ]);
  if (!pod)
    return { nameservers: [NODE_RESOLVER], searches: [], ndots: 1, hosts, clusterDNS: false };
  const spec = pod.spec ?? {};
  const ns = pod.metadata.namespace;
  const hostname = spec.hostname ?? pod.metadata.name;
  if (pod.status?.podIP) {
    hosts.set(hostname, pod.status.podIP);
    if (spec.subdomain)
      hosts.set(`${hostname}.${spec.subdomain}.${ns}.svc.${ctx.domain}`, pod.status.podIP);
  }
  for (const alias of spec.hostAliases ?? [])
    for (const h of alias.hostnames ?? []) hosts.set(h, alias.ip);
  let policy = spec.dnsPolicy ?? 'ClusterFirst';
  if (policy === 'ClusterFirst' && spec.hostNetwork) policy = 'Default';
  const cfg = spec.dnsConfig ?? {};
  const clusterSearch = [`${ns}.svc.${ctx.domain}`, `svc.${ctx.domain}`, ctx.domain];
  let nameservers: string[];
  let searches: string[];
  if (policy === 'None') {
    nameservers = cfg.nameservers ?? [];
    searches = cfg.searches ?? [];
  } else if (policy === 'Default') {
    nameservers = [NODE_RESOLVER, ...(cfg.nameservers ?? [])];
    searches = cfg.searches ?? [];
  } else {
    nameservers = [KUBE_DNS_IP, ...(cfg.nameservers ?? [])];
    searches = [...clusterSearch, ...(cfg.searches ?? [])];
  }
  const ndotsOpt = (cfg.options ?? []).find((o: any) => o.name === 'ndots');
  const ndots = ndotsOpt
    ? Number(ndotsOpt.value)
    : policy === 'None' || policy === 'Default'
      ? 1
      : 5;
  return {
    nameservers,
    searches,
    ndots,
    hosts,
    clusterDNS: nameservers.includes(KUBE_DNS_IP),
  };
}

/** The names a resolver tries for `name`, in order (resolv.conf search and ndots rules). */
export function candidates(cfg: ResolverConfig, name: string): string[] {
  if (name.endsWith('.')) return [name.slice(0, -1)];
  const dots = name.split('.').length - 1;
  const searched = cfg.searches.map((s) => `${name}.${s}`);
  return dots >= cfg.ndots ? [name, ...searched] : [...searched, name];
}

/** The node's resolver (kind's Docker network DNS): it knows only the outside world. */
export const NODE_RESOLVER = '172.18.0.1';

/** Whether any of the resolver's nameservers answers at all. */
export function nameserverReachable(ctx: NetworkContext, cfg: ResolverConfig): boolean {
  return cfg.nameservers.some(
    (ns) =>
      ns === KUBE_DNS_IP ||
      ns === NODE_RESOLVER ||
      (isPublicAddress(ns) && ctx.profile.egress !== false),
  );
}

/** One query as the pod's resolver sends it: to cluster DNS, or to the node's upstream. */
export function queryFrom(
  ctx: NetworkContext,
  cfg: ResolverConfig,
  name: string,
  type: RRType,
): DnsAnswer {
  if (cfg.clusterDNS) return queryDNS(ctx, name, type);
  if (type === 'PTR') return nx(false);
  return upstream(ctx, name.toLowerCase().replace(/\.$/, ''), type);
}

export interface Resolution {
  /** The name that answered (after the search list), and its A records' addresses. */
  name: string;
  addresses: string[];
  /** CNAMEs followed on the way (ExternalName Services). */
  canonical?: string;
}

/** getaddrinfo() in a pod: /etc/hosts, then DNS over the search list. */
export function resolveHost(
  ctx: NetworkContext,
  pod: any | undefined,
  host: string,
): Resolution | undefined {
  if (isIPv4Address(host)) return { name: host, addresses: [host] };
  const cfg = resolverConfig(ctx, pod);
  const fromHosts = cfg.hosts.get(host.toLowerCase());
  if (fromHosts) return { name: host, addresses: [fromHosts] };
  if (!nameserverReachable(ctx, cfg)) return undefined;
  for (const candidate of candidates(cfg, host)) {
    const answer = queryFrom(ctx, cfg, candidate, 'A');
    const addresses = answer.records.filter((r) => r.type === 'A').map((r) => r.value);
    if (answer.rcode === 'NOERROR' && addresses.length) {
      const cname = answer.records.find((r) => r.type === 'CNAME');
      return { name: candidate, addresses, canonical: cname?.value };
    }
  }
  return undefined;
}

export { reverseName };
