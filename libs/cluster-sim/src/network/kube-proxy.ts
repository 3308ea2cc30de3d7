// kube-proxy's view of Services (pkg/proxy/iptables): which backends a packet to a cluster IP,
// external or load-balancer IP, or node port is sent to. A Service port with no ready endpoint
// is rejected (the client sees "Connection refused"); a port the Service does not have matches
// no rule, so the packet goes nowhere (a timeout).
import type { NetworkContext } from './context';

export interface Backend {
  ip: string;
  port: number;
  pod?: any;
  nodeName?: string;
}

export type ServiceRoute =
  | { kind: 'backends'; service: any; servicePort: any; backends: Backend[] }
  /** Nothing forwards the packet: a port the Service lacks, or no local endpoint for Local traffic. */
  | { kind: 'drop'; service: any };

/** The ready (or, with publishNotReadyAddresses, all) endpoints of one Service port. */
export function endpointsOf(ctx: NetworkContext, svc: any, svcPort: any): Backend[] {
  const ep = ctx.view.get('', 'Endpoints', svc.metadata.namespace, svc.metadata.name);
  const out: Backend[] = [];
  for (const subset of ep?.subsets ?? []) {
    const ports: any[] = subset.ports ?? [];
    const port =
      ports.length === 1 &&
      !(svc.spec?.ports ?? []).some((p: any) => p.name && p.name !== svcPort.name)
        ? ports[0]
        : ports.find(
            (p) =>
              (p.name ?? '') === (svcPort.name ?? '') &&
              (p.protocol ?? 'TCP') === (svcPort.protocol ?? 'TCP'),
          );
    if (!port) continue;
    const addresses = [
      ...(subset.addresses ?? []),
      ...(svc.spec?.publishNotReadyAddresses ? (subset.notReadyAddresses ?? []) : []),
    ];
    for (const a of addresses) {
      const pod =
        a.targetRef?.kind === 'Pod'
          ? ctx.view.get(
              '',
              'Pod',
              a.targetRef.namespace ?? svc.metadata.namespace,
              a.targetRef.name,
            )
          : ctx.podByIP(a.ip);
      out.push({ ip: a.ip, port: port.port, pod, nodeName: a.nodeName ?? pod?.spec?.nodeName });
    }
  }
  return out;
}

const portOf = (svc: any, port: number, protocol: string) =>
  (svc.spec?.ports ?? []).find((p: any) => p.port === port && (p.protocol ?? 'TCP') === protocol);

/** A packet to a Service's virtual IP (cluster, external or load-balancer IP). */
export function routeToServiceIP(
  ctx: NetworkContext,
  ip: string,
  port: number,
  protocol = 'TCP',
): ServiceRoute | undefined {
  const svc = ctx.serviceByIP(ip);
  if (!svc || svc.spec?.type === 'ExternalName') return undefined;
  const sp = portOf(svc, port, protocol);
  if (!sp) return { kind: 'drop', service: svc };
  return { kind: 'backends', service: svc, servicePort: sp, backends: endpointsOf(ctx, svc, sp) };
}

/** A packet to <node IP>:<nodePort>. */
export function routeToNodePort(
  ctx: NetworkContext,
  node: any,
  port: number,
  protocol = 'TCP',
): ServiceRoute | undefined {
  for (const svc of ctx.view.list('', 'Service')) {
    if (svc.spec?.type !== 'NodePort' && svc.spec?.type !== 'LoadBalancer') continue;
    const sp = (svc.spec?.ports ?? []).find(
      (p: any) => p.nodePort === port && (p.protocol ?? 'TCP') === protocol,
    );
    if (!sp) continue;
    const backends = endpointsOf(ctx, svc, sp);
    // externalTrafficPolicy: Local only forwards to endpoints on the receiving node.
    if (svc.spec?.externalTrafficPolicy === 'Local') {
      const local = backends.filter((b) => b.nodeName === node.metadata.name);
      if (!local.length) return { kind: 'drop', service: svc };
      return { kind: 'backends', service: svc, servicePort: sp, backends: local };
    }
    return { kind: 'backends', service: svc, servicePort: sp, backends };
  }
  return undefined;
}
