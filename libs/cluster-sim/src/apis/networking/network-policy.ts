// NetworkPolicy (networking.k8s.io/v1): pkg/registry/networking/networkpolicy/strategy.go, the
// defaults of pkg/apis/networking/v1/defaults.go (policyTypes, TCP) and ValidateNetworkPolicy.
// The object has no status; whether traffic obeys it is the CNI's business (src/network/).
import {
  FieldPath,
  forbidden,
  GoValue,
  invalid,
  isValidPortName,
  isValidPortNum,
  notSupported,
  required,
  validateLabelSelector,
  type FieldError,
} from '@kubelab/apimachinery';
import { ALL_VERBS, type ResourceType } from '../../registry/resource-type';
import { parseCIDR } from '../../util/ip';

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const POLICY_TYPES = ['Ingress', 'Egress'];
const CIDR_MESSAGE = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

function validatePort(port: any, f: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (port.protocol != null && !PROTOCOLS.includes(port.protocol))
    errs.push(notSupported(f.child('protocol').toString(), port.protocol, PROTOCOLS));
  if (port.port != null) {
    if (typeof port.port === 'number') {
      for (const m of isValidPortNum(port.port))
        errs.push(invalid(f.child('port').toString(), port.port, m));
      if (port.endPort != null) {
        if (port.endPort < port.port)
          errs.push(
            invalid(
              f.child('endPort').toString(),
              port.endPort,
              'must be greater than or equal to `port`',
            ),
          );
        for (const m of isValidPortNum(port.endPort))
          errs.push(invalid(f.child('endPort').toString(), port.endPort, m));
      }
    } else {
      if (port.endPort != null)
        errs.push(
          invalid(
            f.child('endPort').toString(),
            port.endPort,
            'may not be specified when `port` is non-numeric',
          ),
        );
      for (const m of isValidPortName(String(port.port)))
        errs.push(invalid(f.child('port').toString(), port.port, m));
    }
  } else if (port.endPort != null)
    errs.push(
      invalid(
        f.child('endPort').toString(),
        port.endPort,
        'may not be specified when `port` is not specified',
      ),
    );
  return errs;
}

function validateIPBlock(block: any, f: FieldPath): FieldError[] {
  const cidrPath = f.child('cidr').toString();
  if (!block.cidr) return [required(cidrPath)];
  const cidr = parseCIDR(block.cidr);
  if (!cidr) return [invalid(cidrPath, block.cidr, CIDR_MESSAGE)];
  const errs: FieldError[] = [];
  (block.except ?? []).forEach((e: string, i: number) => {
    const p = f.child('except').index(i).toString();
    const ex = parseCIDR(e);
    if (!ex) return void errs.push(invalid(p, e, CIDR_MESSAGE));
    if (!cidr.contains(ex.network) || cidr.prefix >= ex.prefix)
      errs.push(invalid(p, e, 'must be a strict subset of `cidr`'));
  });
  return errs;
}

function validatePeer(peer: any, f: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  let n = 0;
  if (peer.podSelector != null) {
    n++;
    errs.push(...validateLabelSelector(peer.podSelector, {}, f.child('podSelector')));
  }
  if (peer.namespaceSelector != null) {
    n++;
    errs.push(...validateLabelSelector(peer.namespaceSelector, {}, f.child('namespaceSelector')));
  }
  if (peer.ipBlock != null) {
    n++;
    errs.push(...validateIPBlock(peer.ipBlock, f.child('ipBlock')));
  }
  if (n === 0) errs.push(required(f.toString(), 'must specify a peer'));
  else if (n > 1 && peer.ipBlock != null)
    errs.push(forbidden(f.toString(), 'may not specify both ipBlock and another peer'));
  return errs;
}

function validateSpec(spec: any): FieldError[] {
  const s = new FieldPath().child('spec');
  const errs = validateLabelSelector(spec?.podSelector ?? {}, {}, s.child('podSelector'));
  for (const [dir, peers] of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ] as const)
    (spec?.[dir] ?? []).forEach((rule: any, i: number) => {
      const r = s.child(dir).index(i);
      (rule?.ports ?? []).forEach((p: any, j: number) =>
        errs.push(...validatePort(p, r.child('ports').index(j))),
      );
      (rule?.[peers] ?? []).forEach((p: any, j: number) =>
        errs.push(...validatePeer(p ?? {}, r.child(peers).index(j))),
      );
    });
  const types: string[] = spec?.policyTypes ?? [];
  if (types.length > POLICY_TYPES.length)
    return [
      ...errs,
      invalid(
        'spec.policyTypes',
        new GoValue(`&[]networking.PolicyType{${types.map((t) => JSON.stringify(t)).join(', ')}}`),
        'may not specify more than two policyTypes',
      ),
    ];
  types.forEach((t, i) => {
    if (!POLICY_TYPES.includes(t))
      errs.push(notSupported(`spec.policyTypes[${i}]`, t, POLICY_TYPES));
  });
  return errs;
}

export const networkPolicyType: ResourceType = {
  group: 'networking.k8s.io',
  version: 'v1',
  kind: 'NetworkPolicy',
  plural: 'networkpolicies',
  singular: 'networkpolicy',
  shortNames: ['netpol'],
  namespaced: true,
  verbs: ALL_VERBS,
  hasStatus: false,
  generation: 'spec',
  strategy: {
    defaults(np) {
      const spec = (np.spec ??= {});
      // podSelector is a value, never nil: absent reads back as {} (every pod).
      spec.podSelector ??= {};
      // A policy that names no policyTypes is an Ingress policy, plus Egress if it has egress rules.
      if (!spec.policyTypes?.length)
        spec.policyTypes = spec.egress?.length ? ['Ingress', 'Egress'] : ['Ingress'];
      for (const dir of ['ingress', 'egress'])
        for (const rule of spec[dir] ?? []) for (const p of rule?.ports ?? []) p.protocol ??= 'TCP';
    },
    validate: (np) => validateSpec(np.spec),
    validateUpdate: (np) => validateSpec(np.spec),
  },
};
