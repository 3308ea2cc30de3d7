// The cluster's network as one object: where a packet from a pod (or a node) to an address and
// port ends up — a pod's container (directly, or through a Service's cluster IP, a node port or
// a load-balancer IP, as kube-proxy sends it), the ingress controller, the simulated Internet, or
// nowhere — and what comes back. NetworkPolicies drop what they do not allow (a timeout).
import type { IngressControllerProfile } from '../profile/cluster-profile';
import { fnv32a } from '../util/names';
import { isIPv4Address, parseCIDR } from '../util/ip';
import { routeIngress } from '../addons/ingress-nginx/router';
import { nginxErrorPage } from './container-servers';
import type { HttpRequestIn, HttpResponseOut, NetworkContext } from './context';
import { resolveHost, resolverConfig, type Resolution } from './dns';
import { isPublicAddress, publicHttp } from './egress';
import { endpointsOf, routeToNodePort, routeToServiceIP, type Backend } from './kube-proxy';
import { connectionAllowed, dnsReachable, type Peer } from './network-policy';

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

export type Delivery =
  | {
      kind: 'response';
      status: number;
      headers: Record<string, string>;
      body: string;
      /** The address connected to. */
      ip: string;
      port: number;
      latencyMs: number;
      /** The pod whose container answered, if a pod did. */
      pod?: any;
    }
  | {
      kind: 'error';
      error: 'unresolved' | 'refused' | 'timeout' | 'unreachable' | 'unavailable';
      ip?: string;
      message?: string;
    };

export const REASONS: Record<number, string> = {
  200: 'OK',
  301: 'Moved Permanently',
  302: 'Found',
  308: 'Permanent Redirect',
  404: 'Not Found',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
};

const POD_CIDR = parseCIDR('10.244.0.0/16')!;

interface ParsedURL {
  scheme: 'http' | 'https';
  host: string;
  port: number;
  path: string;
}

export function parseURL(url: string): ParsedURL | undefined {
  const full = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `http://${url}`;
  const m = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^/:?#]+)(?::(\d+))?([^#]*)/i.exec(
    full,
  );
  if (!m) return undefined;
  const scheme = m[1]!.toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return undefined;
  const path = m[4] || '/';
  return {
    scheme,
    host: m[2]!,
    port: m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80,
    path: path.startsWith('/') ? path : `/${path}`,
  };
}

export class ClusterNetwork {
  /** Successive requests in one session go round the backends (kube-proxy picks at random). */
  private turn = 0;

  constructor(readonly ctx: NetworkContext) {}

  private peerOf(pod: any | undefined): Peer {
    if (!pod) return { ip: this.controlPlaneIP() ?? '172.18.0.1' };
    return { ip: pod.status?.podIP ?? '', pod };
  }

  private controlPlaneIP(): string | undefined {
    const cp =
      this.ctx.profile.nodes.find((n) => n.role === 'control-plane') ?? this.ctx.profile.nodes[0];
    return cp?.internalIP;
  }

  /** Resolves a name as a pod's resolver would; undefined when it does not exist or DNS is unreachable. */
  resolve(pod: any | undefined, name: string): Resolution | undefined {
    const cfg = resolverConfig(this.ctx, pod);
    if (
      !isIPv4Address(name) &&
      !cfg.hosts.has(name.toLowerCase()) &&
      cfg.clusterDNS &&
      !this.dnsUp(pod)
    )
      return undefined;
    return resolveHost(this.ctx, pod, name);
  }

  /** Whether cluster DNS answers this pod: a ready CoreDNS endpoint it may reach. */
  dnsUp(pod: any | undefined): boolean {
    const ep = this.ctx.view.get('', 'Endpoints', 'kube-system', 'kube-dns');
    const ready = (ep?.subsets ?? []).some((s: any) => (s.addresses ?? []).length > 0);
    return ready && dnsReachable(this.ctx, pod);
  }

  /** An HTTP request from `pod` (undefined: from a node) to `url`. */
  http(pod: any | undefined, url: string, opts: RequestOptions = {}): Delivery {
    const u = parseURL(url);
    if (!u)
      return { kind: 'error', error: 'unavailable', message: `not an http or ftp url: ${url}` };
    const host = u.host.replace(/^\[|\]$/g, '');
    let ip = host;
    if (!isIPv4Address(host)) {
      const r = this.resolve(pod, host);
      if (!r) return { kind: 'error', error: 'unresolved' };
      ip = r.addresses[0]!;
    }
    const headers: Record<string, string> = {
      Host: u.port === (u.scheme === 'https' ? 443 : 80) ? host : `${host}:${u.port}`,
      ...(opts.headers ?? {}),
    };
    const req: HttpRequestIn = {
      method: opts.method ?? 'GET',
      path: u.path,
      headers,
      body: opts.body,
      remoteAddr: pod?.status?.podIP ?? this.controlPlaneIP() ?? '',
    };
    return this.deliver(this.peerOf(pod), ip, u.port, req, u.scheme, 1);
  }

  /** Where a connection to ip:port from `src` ends, and the answer to `req` there. */
  deliver(
    src: Peer,
    ip: string,
    port: number,
    req: HttpRequestIn,
    scheme: 'http' | 'https',
    hops: number,
  ): Delivery {
    const ctx = this.ctx;
    if (ip === '127.0.0.1' || (src.pod && ip === src.pod.status?.podIP))
      return src.pod ? this.atPod(src, src.pod, ip, port, req, hops) : this.nodeLocal(ip, port);
    const route = routeToServiceIP(ctx, ip, port);
    if (route) {
      if (route.kind === 'drop') return { kind: 'error', error: 'timeout', ip };
      const b = this.pick(route.backends, src, route.service);
      if (!b) return { kind: 'error', error: 'refused', ip };
      const d = this.atPod(src, b.pod, b.ip, b.port, req, hops + 1);
      return d.kind === 'response' ? { ...d, ip, port } : { ...d, ip };
    }
    const controller = ctx.profile.ingressController;
    if (controller && this.isControllerAddress(controller, ip) && (port === 80 || port === 443))
      return this.throughIngress(
        controller,
        src,
        ip,
        port,
        req,
        port === 443 ? 'https' : scheme,
        hops,
      );
    const node = ctx.nodeByIP(ip);
    if (node) {
      const np = routeToNodePort(ctx, node, port);
      if (!np) return this.nodeLocal(ip, port);
      if (np.kind === 'drop') return { kind: 'error', error: 'timeout', ip };
      const b = this.pick(np.backends, src, np.service);
      if (!b) return { kind: 'error', error: 'refused', ip };
      const d = this.atPod(src, b.pod, b.ip, b.port, req, hops + 1);
      return d.kind === 'response' ? { ...d, ip, port } : { ...d, ip };
    }
    const pod = ctx.podByIP(ip);
    if (pod) return this.atPod(src, pod, ip, port, req, hops);
    if (POD_CIDR.contains(ip)) return { kind: 'error', error: 'unreachable', ip };
    if (isPublicAddress(ip)) {
      if (ctx.profile.egress === false) return { kind: 'error', error: 'timeout', ip };
      const host = (req.headers.Host ?? ip).replace(/:\d+$/, '');
      return this.respond(publicHttp(host, req.path), ip, port, hops + 20);
    }
    return { kind: 'error', error: 'timeout', ip };
  }

  /**
   * Every container the requests to `url` from `pod` reach, as kube-proxy spreads them (for the
   * load they put on servers); empty when they reach none.
   */
  targets(pod: any | undefined, url: string): { pod: any; container: any; port: number }[] {
    const u = parseURL(url);
    if (!u) return [];
    const host = u.host.replace(/^\[|\]$/g, '');
    const ip = isIPv4Address(host) ? host : this.resolve(pod, host)?.addresses[0];
    if (!ip) return [];
    const src = this.peerOf(pod);
    let backends: Backend[] = [];
    const route = routeToServiceIP(this.ctx, ip, u.port);
    const node = this.ctx.nodeByIP(ip);
    const controller = this.ctx.profile.ingressController;
    if (route) backends = route.kind === 'backends' ? route.backends : [];
    else if (controller && this.isControllerAddress(controller, ip)) {
      const r = routeIngress(this.ctx, controller, host, u.path, u.scheme);
      const ref = r.kind === 'backend' ? r.backend?.service : undefined;
      const svc =
        ref &&
        this.ctx.view.get(
          '',
          'Service',
          r.kind === 'backend' ? r.ingress.metadata.namespace : '',
          ref.name,
        );
      const sp =
        svc &&
        (svc.spec?.ports ?? []).find((p: any) =>
          ref.port?.name ? p.name === ref.port.name : p.port === ref.port?.number,
        );
      if (sp) backends = endpointsOf(this.ctx, svc, sp);
    } else if (node) {
      const np = routeToNodePort(this.ctx, node, u.port);
      backends = np?.kind === 'backends' ? np.backends : [];
    } else {
      const p = this.ctx.podByIP(ip);
      if (p) backends = [{ ip, port: u.port, pod: p }];
    }
    const out: { pod: any; container: any; port: number }[] = [];
    for (const b of backends) {
      if (!b.pod || !connectionAllowed(this.ctx, src, { ip: b.ip, pod: b.pod }, b.port)) continue;
      const probe: HttpRequestIn = {
        method: 'GET',
        path: u.path,
        headers: { Host: host },
        remoteAddr: src.ip,
      };
      const c = (b.pod.spec?.containers ?? []).find((x: any) =>
        this.ctx.serve(b.pod, x, b.port, probe, this.ctx.now),
      );
      if (c) out.push({ pod: b.pod, container: c, port: b.port });
    }
    return out;
  }

  private isControllerAddress(c: IngressControllerProfile, ip: string): boolean {
    // kind's ingress-nginx listens on the control-plane node's ports 80 and 443 (hostPort).
    return ip === c.address || ip === this.controlPlaneIP();
  }

  /** A node's own ports: nothing a learner can reach listens on them. */
  private nodeLocal(ip: string, _port: number): Delivery {
    return { kind: 'error', error: 'refused', ip };
  }

  /** kube-proxy's choice among backends: round robin in a session, ClientIP affinity sticks. */
  private pick(backends: Backend[], src: Peer, svc: any): Backend | undefined {
    if (!backends.length) return undefined;
    const sticky = svc.spec?.sessionAffinity === 'ClientIP';
    const base = fnv32a(
      `${src.ip}/${svc.metadata.uid ?? svc.metadata.name}${sticky ? '' : `/${this.ctx.now}`}`,
    );
    return backends[(base + (sticky ? 0 : this.turn++)) % backends.length];
  }

  private atPod(
    src: Peer,
    pod: any,
    ip: string,
    port: number,
    req: HttpRequestIn,
    hops: number,
  ): Delivery {
    if (!pod) return { kind: 'error', error: 'unreachable', ip };
    if (!connectionAllowed(this.ctx, src, { ip, pod }, port))
      return { kind: 'error', error: 'timeout', ip };
    const containers = [
      ...(pod.spec?.containers ?? []),
      ...(pod.spec?.initContainers ?? []).filter((c: any) => c.restartPolicy === 'Always'),
    ];
    for (const c of containers) {
      const res = this.ctx.serve(pod, c, port, req, this.ctx.now);
      if (!res) continue;
      if (req.method === 'CONNECT')
        return this.respond({ status: 200, body: '' }, ip, port, hops, pod);
      if (res.status === 0)
        return {
          kind: 'error',
          error: 'unavailable',
          ip,
          message: 'error getting response: Connection reset by peer',
        };
      return this.respond(res, ip, port, hops, pod);
    }
    return { kind: 'error', error: 'refused', ip };
  }

  private respond(
    res: HttpResponseOut,
    ip: string,
    port: number,
    hops: number,
    pod?: any,
  ): Delivery {
    return {
      kind: 'response',
      status: res.status,
      headers: res.headers ?? {},
      body: res.body,
      ip,
      port,
      latencyMs: hops,
      pod,
    };
  }

  private throughIngress(
    controller: IngressControllerProfile,
    src: Peer,
    ip: string,
    port: number,
    req: HttpRequestIn,
    scheme: 'http' | 'https',
    hops: number,
  ): Delivery {
    const page = (status: number) => {
      const reason = REASONS[status] ?? '';
      const body = nginxErrorPage(status, reason, 'nginx');
      return this.respond(
        {
          status,
          headers: { 'Content-Type': 'text/html', 'Content-Length': String(body.length) },
          body,
        },
        ip,
        port,
        hops + 1,
      );
    };
    if (req.method === 'CONNECT') return this.respond({ status: 200, body: '' }, ip, port, hops);
    const route = routeIngress(this.ctx, controller, req.headers.Host ?? ip, req.path, scheme);
    if (route.kind === 'not-found') return page(404);
    if (route.kind === 'redirect') {
      const d = page(route.status);
      return d.kind === 'response'
        ? { ...d, headers: { ...d.headers, Location: route.location } }
        : d;
    }
    const ns = route.ingress.metadata.namespace;
    const ref = route.backend?.service;
    const svc = ref && this.ctx.view.get('', 'Service', ns, ref.name);
    const sp =
      svc &&
      (svc.spec?.ports ?? []).find((p: any) =>
        ref.port?.name ? p.name === ref.port.name : p.port === ref.port?.number,
      );
    if (!svc || !sp) return page(503);
    const backends = endpointsOf(this.ctx, svc, sp);
    const b = this.pick(backends, src, svc);
    if (!b) return page(503);
    // The controller pod connects to the endpoint; policies see it as coming from ingress-nginx.
    const controllerPeer: Peer = {
      ip: this.controlPlaneIP() ?? ip,
      namespace: 'ingress-nginx',
      labels: {
        'app.kubernetes.io/name': 'ingress-nginx',
        'app.kubernetes.io/component': 'controller',
      },
    };
    const upstream: HttpRequestIn = {
      ...req,
      path: route.upstreamPath,
      headers: {
        ...req.headers,
        'X-Forwarded-For': src.ip,
        'X-Real-IP': src.ip,
        'X-Forwarded-Proto': scheme,
      },
      remoteAddr: controllerPeer.ip,
    };
    const d = this.atPod(controllerPeer, b.pod, b.ip, b.port, upstream, hops + 1);
    if (d.kind === 'error') return d.error === 'timeout' ? page(504) : page(502);
    return { ...d, ip, port };
  }
}
