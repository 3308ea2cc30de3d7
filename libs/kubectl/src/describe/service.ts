import { formatLabels } from '@kubelab/apimachinery';
import { getObject, listAll, type Describer } from './context';
import { describeEvents, refOf, searchEvents } from './events';
import { printAnnotations, printLabels } from './format';
import { LEVEL_0, tabbedString } from './prefix-writer';

// kubectl describe service: its type, addresses and ports, and for each port the ready
// endpoints of its EndpointSlices.

export const describeServiceObject: Describer = async (ctx, r, namespace, name) => {
  const svc = await getObject(ctx, r, namespace, name);
  // kubectl reads the Service's EndpointSlices in one list, and carries on without them.
  const path = `/apis/discovery.k8s.io/v1/namespaces/${encodeURIComponent(namespace ?? '')}/endpointslices`;
  const slices = await listAll(
    ctx,
    path,
    { labelSelector: `kubernetes.io/service-name=${name}` },
    false,
  ).catch(() => [] as any[]);
  const events = ctx.settings.showEvents
    ? await searchEvents(ctx, refOf(svc, 'Service'))
    : undefined;
  return tabbedString((w) => {
    const spec = svc.spec ?? {};
    w.write(LEVEL_0, `Name:\t${svc.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${svc.metadata.namespace ?? ''}\n`);
    printLabels(w, 'Labels', svc.metadata.labels);
    printAnnotations(w, 'Annotations', svc.metadata.annotations);
    w.write(LEVEL_0, `Selector:\t${formatLabels(spec.selector)}\n`);
    w.write(LEVEL_0, `Type:\t${spec.type ?? ''}\n`);
    if (spec.ipFamilyPolicy) w.write(LEVEL_0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
    w.write(LEVEL_0, `IP Families:\t${(spec.ipFamilies ?? []).join(',') || '<none>'}\n`);
    w.write(LEVEL_0, `IP:\t${spec.clusterIP ?? ''}\n`);
    w.write(LEVEL_0, `IPs:\t${(spec.clusterIPs ?? []).join(',') || '<none>'}\n`);
    if (spec.externalIPs?.length)
      w.write(LEVEL_0, `External IPs:\t${spec.externalIPs.join(',')}\n`);
    if (spec.loadBalancerIP) w.write(LEVEL_0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`);
    if (spec.externalName) w.write(LEVEL_0, `External Name:\t${spec.externalName}\n`);
    const ingress: any[] = svc.status?.loadBalancer?.ingress ?? [];
    if (ingress.length) w.write(LEVEL_0, `LoadBalancer Ingress:\t${ingressList(ingress)}\n`);
    for (const p of spec.ports ?? []) {
      const portName = p.name || '<unset>';
      const protocol = p.protocol ?? '';
      w.write(LEVEL_0, `Port:\t${portName}\t${p.port ?? 0}/${protocol}\n`);
      w.write(LEVEL_0, `TargetPort:\t${p.targetPort ?? 0}/${protocol}\n`);
      if (p.nodePort) w.write(LEVEL_0, `NodePort:\t${portName}\t${p.nodePort}/${protocol}\n`);
      w.write(LEVEL_0, `Endpoints:\t${endpointList(slices, p.name ?? '')}\n`);
    }
    w.write(LEVEL_0, `Session Affinity:\t${spec.sessionAffinity ?? ''}\n`);
    if (spec.externalTrafficPolicy)
      w.write(LEVEL_0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
    if (spec.internalTrafficPolicy)
      w.write(LEVEL_0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
    if (spec.healthCheckNodePort)
      w.write(LEVEL_0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`);
    if (spec.loadBalancerSourceRanges?.length)
      w.write(LEVEL_0, `LoadBalancer Source Ranges:\t${spec.loadBalancerSourceRanges.join(',')}\n`);
    if (events) describeEvents(events, w, ctx.now);
  });
};

/** buildIngressString: `1.2.3.4 (VIP)`, or the hostname. */
const ingressList = (ingress: any[]) =>
  ingress
    .map((i) => (i.ip ? (i.ipMode ? `${i.ip} (${i.ipMode})` : i.ip) : (i.hostname ?? '')))
    .join(', ');

/**
 * formatEndpointSlices for one port name: the ready `ip:port` pairs, three at most and then
 * `+ N more...`. Slices without ports (headless, no ports) list bare addresses.
 */
function endpointList(slices: any[], portName: string): string {
  if (!slices.length) return '<none>';
  const max = 3;
  const list: string[] = [];
  let more = false;
  let count = 0;
  const ready = (e: any) =>
    e.conditions?.ready === undefined || e.conditions?.ready === null || e.conditions.ready;
  const take = (e: any, text: () => string) => {
    if (list.length === max) more = true;
    if (!ready(e)) return;
    if (!more) list.push(text());
    count++;
  };
  for (const s of slices) {
    if (!s.ports?.length) {
      for (const e of s.endpoints ?? []) take(e, () => e.addresses?.[0] ?? '');
      continue;
    }
    for (const p of s.ports) {
      if ((p.name ?? '') !== portName) continue;
      for (const e of s.endpoints ?? [])
        take(e, () => joinHostPort(e.addresses?.[0] ?? '', p.port ?? 0));
    }
  }
  return more ? `${list.join(',')} + ${count - max} more...` : list.join(',');
}

/** net.JoinHostPort: IPv6 addresses in brackets. */
const joinHostPort = (host: string, port: number) =>
  host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
