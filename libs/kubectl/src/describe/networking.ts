import { formatLabelSelector } from '@kubelab/apimachinery';
import { ApiError } from '../errors';
import { corePath, getObject, listAll, type DescribeContext, type Describer } from './context';
import { describeEvents, refOf, searchEvents } from './events';
import { printAnnotations, printLabels } from './format';
import { LEVEL_0, LEVEL_1, LEVEL_2, tabbedString, type PrefixWriter } from './prefix-writer';

// kubectl describe for networking.k8s.io/v1 (k8s.io/kubectl/pkg/describe): an Ingress with its
// address, class, default backend, TLS and rules (each backend with its ready endpoints), an
// IngressClass, and a NetworkPolicy's rules in words.

/** formatEndpointSlices for one port name: ready `ip:port`, three at most, then `+ N more...`. */
function endpointList(slices: any[], portName: string): string {
  if (!slices.length) return '<none>';
  const max = 3;
  const list: string[] = [];
  let count = 0;
  const ready = (e: any) => e.conditions?.ready == null || e.conditions.ready;
  for (const s of slices) {
    const ports: any[] = s.ports?.length ? s.ports : [undefined];
    for (const p of ports) {
      if (p && (p.name ?? '') !== portName) continue;
      for (const e of s.endpoints ?? []) {
        if (!ready(e)) continue;
        if (list.length < max)
          list.push(p ? `${e.addresses?.[0] ?? ''}:${p.port ?? 0}` : (e.addresses?.[0] ?? ''));
        count++;
      }
    }
  }
  return count > max ? `${list.join(',')} + ${count - max} more...` : list.join(',');
}

async function describeBackend(ctx: DescribeContext, ns: string, backend: any): Promise<string> {
  if (backend?.service) {
    const s = backend.service;
    const sb = `${s.name}:${s.port?.number ? s.port.number : (s.port?.name ?? '')}`;
    try {
      const slices = await listAll(
        ctx,
        `/apis/discovery.k8s.io/v1/namespaces/${encodeURIComponent(ns)}/endpointslices`,
        { labelSelector: `kubernetes.io/service-name=${s.name}` },
        false,
      );
      const svc = await ctx.client.call(
        'GET',
        `${corePath('services', ns)}/${encodeURIComponent(s.name)}`,
      );
      let portName = '';
      for (const p of svc.spec?.ports ?? [])
        if (
          (s.port?.number && s.port.number === p.port) ||
          (s.port?.name && s.port.name === p.name)
        )
          portName = p.name ?? '';
      return `${sb} (${endpointList(slices, portName)})`;
    } catch (e) {
      if (e instanceof ApiError) return `${sb} (<error: ${e.message}>)`;
      throw e;
    }
  }
  if (backend?.resource) {
    const r = backend.resource;
    return `APIGroup: ${r.apiGroup ?? '<none>'}, Kind: ${r.kind}, Name: ${r.name}`;
  }
  return '';
}

export const describeIngressObject: Describer = async (ctx, r, namespace, name) => {
  const ing = await getObject(ctx, r, namespace, name);
  const ns = ing.metadata.namespace ?? '';
  const events = ctx.settings.showEvents
    ? await searchEvents(ctx, refOf(ing, 'Ingress'))
    : undefined;
  const spec = ing.spec ?? {};
  const defaultBackend = spec.defaultBackend
    ? await describeBackend(ctx, ns, spec.defaultBackend)
    : '<default>';
  const rules: { host: string; paths: { path: string; backend: string }[] }[] = [];
  for (const rule of spec.rules ?? []) {
    if (!rule.http) continue;
    const paths = [];
    for (const p of rule.http.paths ?? [])
      paths.push({ path: p.path ?? '', backend: await describeBackend(ctx, ns, p.backend) });
    rules.push({ host: rule.host || '*', paths });
  }
  const addresses = [
    ...new Set(
      (ing.status?.loadBalancer?.ingress ?? [])
        .map((i: any) => i.ip || i.hostname || '')
        .filter(Boolean),
    ),
  ].sort();
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ing.metadata.name}\n`);
    printLabels(w, 'Labels', ing.metadata.labels);
    w.write(LEVEL_0, `Namespace:\t${ns}\n`);
    w.write(LEVEL_0, `Address:\t${addresses.join(',')}\n`);
    w.write(LEVEL_0, `Ingress Class:\t${spec.ingressClassName ?? '<none>'}\n`);
    w.write(LEVEL_0, `Default backend:\t${defaultBackend}\n`);
    if (spec.tls?.length) {
      w.write(LEVEL_0, 'TLS:\n');
      for (const t of spec.tls)
        w.write(
          LEVEL_1,
          t.secretName
            ? `${t.secretName} terminates ${(t.hosts ?? []).join(',')}\n`
            : `SNI routes ${(t.hosts ?? []).join(',')}\n`,
        );
    }
    w.write(LEVEL_0, 'Rules:\n  Host\tPath\tBackends\n');
    w.write(LEVEL_1, '----\t----\t--------\n');
    for (const rule of rules) {
      w.write(LEVEL_1, `${rule.host}\t\n`);
      for (const p of rule.paths) w.write(LEVEL_2, `\t${p.path} \t${p.backend}\n`);
    }
    if (!rules.length) w.write(LEVEL_1, `*\t*\t${defaultBackend}\n`);
    printAnnotations(w, 'Annotations', ing.metadata.annotations);
    if (events) describeEvents(events, w, ctx.now);
  });
};

export const describeIngressClassObject: Describer = async (ctx, r, namespace, name) => {
  const ic = await getObject(ctx, r, namespace, name);
  const events = ctx.settings.showEvents
    ? await searchEvents(ctx, refOf(ic, 'IngressClass'))
    : undefined;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ic.metadata.name}\n`);
    printLabels(w, 'Labels', ic.metadata.labels);
    printAnnotations(w, 'Annotations', ic.metadata.annotations);
    w.write(LEVEL_0, `Controller:\t${ic.spec?.controller ?? ''}\n`);
    const p = ic.spec?.parameters;
    if (p) {
      w.write(LEVEL_0, 'Parameters:\n');
      if (p.apiGroup != null) w.write(LEVEL_1, `APIGroup:\t${p.apiGroup}\n`);
      w.write(LEVEL_1, `Kind:\t${p.kind ?? ''}\n`);
      w.write(LEVEL_1, `Name:\t${p.name ?? ''}\n`);
    }
    if (events) describeEvents(events, w, ctx.now);
  });
};

/** Go's time.Time.String(): "2006-01-02 15:04:05 -0700 MST", in UTC here. */
function goTimeString(ts: string | undefined): string {
  const ms = Date.parse(ts ?? '');
  if (Number.isNaN(ms)) return '0001-01-01 00:00:00 +0000 UTC';
  return `${new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, '')} +0000 UTC`;
}

function printPorts(w: PrefixWriter, indent: string, ports: any[] | undefined): void {
  if (!ports?.length) {
    w.write(LEVEL_0, `${indent}To Port: <any> (traffic allowed to all ports)\n`);
    return;
  }
  for (const p of ports) {
    const proto = p.protocol ?? 'TCP';
    // Go formats the *IntOrString with %s.
    const port = p.port ?? '%!s(*intstr.IntOrString=<nil>)';
    if (p.endPort == null) w.write(LEVEL_0, `${indent}To Port: ${port}/${proto}\n`);
    else w.write(LEVEL_0, `${indent}To Port Range: ${port}-${p.endPort}/${proto}\n`);
  }
}

function printPeers(
  w: PrefixWriter,
  indent: string,
  peers: any[] | undefined,
  title: 'From' | 'To',
): void {
  if (!peers?.length) {
    w.write(
      LEVEL_0,
      title === 'From'
        ? `${indent}From: <any> (traffic not restricted by source)\n`
        : `${indent}To: <any> (traffic not restricted by destination)\n`,
    );
    return;
  }
  for (const p of peers) {
    w.write(LEVEL_0, `${indent}${title}:\n`);
    if (p.podSelector && p.namespaceSelector) {
      w.write(LEVEL_1, `${indent}NamespaceSelector: ${formatLabelSelector(p.namespaceSelector)}\n`);
      w.write(LEVEL_1, `${indent}PodSelector: ${formatLabelSelector(p.podSelector)}\n`);
    } else if (p.podSelector)
      w.write(LEVEL_1, `${indent}PodSelector: ${formatLabelSelector(p.podSelector)}\n`);
    else if (p.namespaceSelector)
      w.write(LEVEL_1, `${indent}NamespaceSelector: ${formatLabelSelector(p.namespaceSelector)}\n`);
    else if (p.ipBlock) {
      w.write(LEVEL_1, `${indent}IPBlock:\n`);
      w.write(LEVEL_2, `${indent}CIDR: ${p.ipBlock.cidr ?? ''}\n`);
      w.write(LEVEL_2, `${indent}Except: ${(p.ipBlock.except ?? []).join(', ')}\n`);
    }
  }
}

function printRules(w: PrefixWriter, rules: any[] | undefined, dir: 'ingress' | 'egress'): void {
  const indent = '    ';
  if (!rules?.length) {
    w.write(LEVEL_0, `${indent}<none> (Selected pods are isolated for ${dir} connectivity)\n`);
    return;
  }
  rules.forEach((rule, i) => {
    printPorts(w, indent, rule?.ports);
    printPeers(
      w,
      indent,
      dir === 'ingress' ? rule?.from : rule?.to,
      dir === 'ingress' ? 'From' : 'To',
    );
    if (i !== rules.length - 1) w.write(LEVEL_0, `${indent}----------\n`);
  });
}

export const describeNetworkPolicyObject: Describer = async (ctx, r, namespace, name) => {
  const np = await getObject(ctx, r, namespace, name);
  const spec = np.spec ?? {};
  const types: string[] = spec.policyTypes ?? [];
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${np.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${np.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, `Created on:\t${goTimeString(np.metadata.creationTimestamp)}\n`);
    printLabels(w, 'Labels', np.metadata.labels);
    printAnnotations(w, 'Annotations', np.metadata.annotations);
    w.write(LEVEL_0, 'Spec:\n');
    w.write(LEVEL_1, 'PodSelector: ');
    const sel = spec.podSelector ?? {};
    if (!Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length)
      w.write(LEVEL_2, '<none> (Allowing the specific traffic to all pods in this namespace)\n');
    else w.write(LEVEL_2, `${formatLabelSelector(sel)}\n`);
    if (types.includes('Ingress')) {
      w.write(LEVEL_1, 'Allowing ingress traffic:\n');
      printRules(w, spec.ingress, 'ingress');
    } else w.write(LEVEL_1, 'Not affecting ingress traffic\n');
    if (types.includes('Egress')) {
      w.write(LEVEL_1, 'Allowing egress traffic:\n');
      printRules(w, spec.egress, 'egress');
    } else w.write(LEVEL_1, 'Not affecting egress traffic\n');
    w.write(LEVEL_1, `Policy Types: ${types.join(', ')}\n`);
  });
};
