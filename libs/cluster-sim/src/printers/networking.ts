// printIngress, printIngressClass and printNetworkPolicy of pkg/printers/internalversion/printers.go.
import { formatLabelSelector } from '@kubelab/apimachinery';
import { ageColumn, column, doc, nameColumn, printer, type PrinterEntry } from './columns';
import { age } from './format';
import { loadBalancerAddresses } from './service';

/** formatHosts: up to three rule hosts, "*" when no rule names one. */
export function ingressHosts(rules: any[] | undefined): string {
  const list: string[] = [];
  const max = 3;
  let more = false;
  for (const rule of rules ?? []) {
    if (list.length === max) more = true;
    if (!more && rule?.host) list.push(rule.host);
  }
  if (list.length === 0) return '*';
  // Upstream counts every rule, hostless ones included, in "+ N more".
  return more ? `${list.join(',')} + ${(rules ?? []).length - max} more...` : list.join(',');
}

export const networkingPrinters: PrinterEntry[] = [
  {
    group: 'networking.k8s.io',
    kind: 'Ingress',
    printer: printer(
      () => [
        nameColumn(),
        column(
          'Class',
          'string',
          'The name of the IngressClass resource that should be used for additional configuration',
        ),
        column(
          'Hosts',
          'string',
          'Hosts that incoming requests are matched against before the ingress rule',
        ),
        column(
          'Address',
          'string',
          'Address is a list containing ingress points for the load-balancer',
        ),
        column('Ports', 'string', 'Ports of TLS configurations that open'),
        ageColumn(),
      ],
      (ing, now) => [
        ing.metadata?.name ?? '',
        ing.spec?.ingressClassName ?? '<none>',
        ingressHosts(ing.spec?.rules),
        loadBalancerAddresses(ing.status?.loadBalancer),
        // Only whether TLS is configured matters, not its hosts.
        ing.spec?.tls?.length ? '80, 443' : '80',
        age(ing, now),
      ],
    ),
  },
  {
    group: 'networking.k8s.io',
    kind: 'IngressClass',
    printer: printer(
      () => [
        nameColumn(),
        column('Controller', 'string', 'Controller that is responsible for handling this class'),
        column('Parameters', 'string', 'A reference to a resource with additional parameters'),
        ageColumn(),
      ],
      (ic, now) => {
        const p = ic.spec?.parameters;
        const params = p
          ? `${p.kind ?? ''}${p.apiGroup != null ? `.${p.apiGroup}` : ''}/${p.name ?? ''}`
          : '<none>';
        return [ic.metadata?.name ?? '', ic.spec?.controller ?? '', params, age(ic, now)];
      },
    ),
  },
  {
    group: 'networking.k8s.io',
    kind: 'NetworkPolicy',
    printer: printer(
      () => [
        nameColumn(),
        column('Pod-Selector', 'string', doc('NetworkPolicySpec', 'podSelector')),
        ageColumn(),
      ],
      (np, now) => [
        np.metadata?.name ?? '',
        // A policy's podSelector is a value, never nil: absent means {} (every pod), "<none>".
        formatLabelSelector(np.spec?.podSelector ?? {}),
        age(np, now),
      ],
    ),
  },
];
