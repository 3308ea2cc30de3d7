// printService, printEndpoints and printEndpointSlice of pkg/printers/internalversion/printers.go.
import { formatLabels } from '@kubelab/apimachinery';
import { ageColumn, column, doc, nameColumn, printer, wide, type PrinterEntry } from './columns';
import { age, listWithMore, sortedSet } from './format';

/**
 * loadBalancerStatusStringer: the ingress points' IPs (else hostnames), sorted and unique. The
 * 16-character clipping upstream applies without -o wide never happens on the API server, which
 * always prints wide.
 */
export function loadBalancerAddresses(lb: any): string {
  const points: string[] = [];
  for (const i of lb?.ingress ?? []) {
    if (i?.ip) points.push(i.ip);
    else if (i?.hostname) points.push(i.hostname);
  }
  return sortedSet(points).join(',');
}

/** getServiceExternalIP: what EXTERNAL-IP shows for each service type. */
export function serviceExternalIP(svc: any): string {
  const spec = svc.spec ?? {};
  const externalIPs: string[] = spec.externalIPs ?? [];
  switch (spec.type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerAddresses(svc.status?.loadBalancer);
      if (externalIPs.length) return [...(lb ? lb.split(',') : []), ...externalIPs].join(',');
      // No address yet: the cloud (here, the simulated one) has not provisioned it.
      return lb || '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '';
  }
  return '<unknown>';
}

/** makePortString: "80/TCP", or "80:30080/TCP" when a node port is allocated. */
export function servicePorts(ports: any[] | undefined): string {
  return (ports ?? [])
    .map((p) =>
      p?.nodePort > 0
        ? `${p.port}:${p.nodePort}/${p.protocol ?? ''}`
        : `${p?.port}/${p?.protocol ?? ''}`,
    )
    .join(',');
}

// net.JoinHostPort: an IPv6 address goes in brackets.
const hostPort = (ip: string, port: unknown) =>
  ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;

/** formatEndpoints: up to three "ip:port" pairs, then " + N more...". */
export function formatEndpoints(ep: any): string {
  const subsets: any[] = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const max = 3;
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addresses: any[] = ss?.addresses ?? [];
    // A headless service may publish addresses without ports.
    const ports: any[] = ss?.ports?.length ? ss.ports : [undefined];
    for (const port of ports) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(port === undefined ? (a?.ip ?? '') : hostPort(a?.ip ?? '', port?.port ?? 0));
      }
    }
  }
  return more ? `${list.join(',')} + ${count - max} more...` : list.join(',');
}

/** formatDiscoveryPorts: up to three port numbers (or names, or "*"). */
function slicePorts(ports: any[] | undefined): string {
  const max = 3;
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const p of ports ?? []) {
    if (list.length < max) list.push(p?.port != null ? String(p.port) : (p?.name ?? '*'));
    else if (list.length === max) more = true;
    count++;
  }
  return listWithMore(list, more, count, max);
}

/** formatDiscoveryEndpoints: up to three addresses over all endpoints. */
function sliceEndpoints(endpoints: any[] | undefined): string {
  const max = 3;
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const e of endpoints ?? [])
    for (const a of e?.addresses ?? []) {
      if (list.length < max) list.push(a);
      else if (list.length === max) more = true;
      count++;
    }
  return listWithMore(list, more, count, max);
}

export const servicePrinters: PrinterEntry[] = [
  {
    group: '',
    kind: 'Service',
    printer: printer(
      () => [
        nameColumn(),
        column('Type', 'string', doc('ServiceSpec', 'type')),
        column('Cluster-IP', 'string', doc('ServiceSpec', 'clusterIP')),
        column('External-IP', 'string', doc('ServiceSpec', 'externalIPs')),
        column('Port(s)', 'string', doc('ServiceSpec', 'ports')),
        ageColumn(),
        wide('Selector', 'string', doc('ServiceSpec', 'selector')),
      ],
      (svc, now) => {
        const spec = svc.spec ?? {};
        // clusterIPs wins; an object written with only clusterIP gets it as clusterIPs[0].
        const clusterIP =
          (spec.clusterIPs?.length ? spec.clusterIPs[0] : spec.clusterIP) || '<none>';
        return [
          svc.metadata?.name ?? '',
          spec.type ?? '',
          clusterIP,
          serviceExternalIP(svc),
          servicePorts(spec.ports) || '<none>',
          age(svc, now),
          formatLabels(spec.selector),
        ];
      },
    ),
  },
  {
    group: '',
    kind: 'Endpoints',
    printer: printer(
      () => [nameColumn(), column('Endpoints', 'string', doc('Endpoints', 'subsets')), ageColumn()],
      (ep, now) => [ep.metadata?.name ?? '', formatEndpoints(ep), age(ep, now)],
    ),
  },
  {
    group: 'discovery.k8s.io',
    kind: 'EndpointSlice',
    printer: printer(
      () => [
        nameColumn(),
        column('AddressType', 'string', doc('EndpointSlice', 'addressType')),
        column('Ports', 'string', doc('EndpointSlice', 'ports')),
        column('Endpoints', 'string', doc('EndpointSlice', 'endpoints')),
        ageColumn(),
      ],
      (s, now) => [
        s.metadata?.name ?? '',
        s.addressType ?? '',
        slicePorts(s.ports),
        sliceEndpoints(s.endpoints),
        age(s, now),
      ],
    ),
  },
];
