// Ingress (networking.k8s.io/v1): pkg/registry/networking/ingress/strategy.go and the Ingress
// rules of pkg/apis/networking/validation/validation.go. extensions/v1beta1 and
// networking.k8s.io/v1beta1 are not served (removed in 1.22), so the API answers them with
// `no matches for kind "Ingress" in version ...`.
import {
  GoValue,
  invalid,
  isDNS1035Label,
  isDNS1123Subdomain,
  isValidPortName,
  isValidPortNum,
  notSupported,
  required,
  type FieldError,
} from '@kubelab/apimachinery';
import { ALL_VERBS, type ResourceType } from '../../registry/resource-type';
import { isIPv4, isIPv6, isPathSegmentName, isWildcardDNS1123Subdomain } from './validation';

export const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const INVALID_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_SUFFIXES = ['/..', '/.'];

interface Options {
  allowInvalidSecretName: boolean;
  allowInvalidWildcardHostRule: boolean;
}

/** validateIngressTypedLocalObjectReference: a `resource` backend. */
function validateResourceRef(ref: any, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (ref.apiGroup != null)
    for (const m of isDNS1123Subdomain(ref.apiGroup))
      errs.push(invalid(`${field}.apiGroup`, ref.apiGroup, m));
  for (const key of ['kind', 'name']) {
    if (!ref[key]) errs.push(required(`${field}.${key}`));
    else
      for (const m of isPathSegmentName(ref[key]))
        errs.push(invalid(`${field}.${key}`, ref[key], m));
  }
  return errs;
}

/** validateIngressBackend: a Service (name and port name or number) or a resource, not both. */
export function validateIngressBackend(backend: any, field: string): FieldError[] {
  const b = backend ?? {};
  const hasResource = b.resource != null;
  const hasService = b.service != null;
  if (hasResource && hasService)
    return [invalid(field, '', 'cannot set both resource and service backends')];
  if (hasResource) return validateResourceRef(b.resource, `${field}.resource`);
  if (!hasService) return [invalid(field, '', 'resource or service backend is required')];
  const errs: FieldError[] = [];
  const svc = b.service;
  if (!svc.name) errs.push(required(`${field}.service.name`));
  else
    for (const m of isDNS1035Label(svc.name))
      errs.push(invalid(`${field}.service.name`, svc.name, m));
  const portName = svc.port?.name ?? '';
  const portNumber = svc.port?.number ?? 0;
  if (portName && portNumber)
    errs.push(invalid(field, '', 'cannot set both port name & port number'));
  else if (portName)
    for (const m of isValidPortName(portName))
      errs.push(invalid(`${field}.service.port.name`, portName, m));
  else if (portNumber)
    for (const m of isValidPortNum(portNumber))
      errs.push(invalid(`${field}.service.port.number`, portNumber, m));
  else errs.push(required(field, 'port name or number is required'));
  return errs;
}

function validatePath(p: any, field: string): FieldError[] {
  if (p.pathType == null) return [required(`${field}.pathType`, 'pathType must be specified')];
  const errs: FieldError[] = [];
  const path: string = p.path ?? '';
  switch (p.pathType) {
    case 'Exact':
    case 'Prefix':
      if (!path.startsWith('/'))
        errs.push(invalid(`${field}.path`, path, 'must be an absolute path'));
      if (path) {
        for (const seq of INVALID_SEQUENCES)
          if (path.includes(seq))
            errs.push(invalid(`${field}.path`, path, `must not contain '${seq}'`));
        for (const suffix of INVALID_SUFFIXES)
          if (path.endsWith(suffix))
            errs.push(invalid(`${field}.path`, path, `cannot end with '${suffix}'`));
      }
      break;
    case 'ImplementationSpecific':
      if (path && !path.startsWith('/'))
        errs.push(invalid(`${field}.path`, path, 'must be an absolute path'));
      break;
    default:
      errs.push(notSupported(`${field}.pathType`, p.pathType, PATH_TYPES));
  }
  return [...errs, ...validateIngressBackend(p.backend, `${field}.backend`)];
}

function validateRuleValue(rule: any, field: string): FieldError[] {
  if (rule.http == null) return [];
  const paths: any[] = rule.http.paths ?? [];
  const errs: FieldError[] = [];
  if (!paths.length) errs.push(required(`${field}.http.paths`));
  paths.forEach((p, i) => errs.push(...validatePath(p, `${field}.http.paths[${i}]`)));
  return errs;
}

function validateRules(rules: any[], opts: Options): FieldError[] {
  const errs: FieldError[] = [];
  rules.forEach((rule, i) => {
    const field = `spec.rules[${i}]`;
    const host: string = rule.host ?? '';
    let wildcard = false;
    if (host) {
      if (isIPv4(host) || isIPv6(host))
        errs.push(invalid(`${field}.host`, host, 'must be a DNS name, not an IP address'));
      if (host.includes('*')) {
        wildcard = true;
        for (const m of isWildcardDNS1123Subdomain(host))
          errs.push(invalid(`${field}.host`, host, m));
      } else for (const m of isDNS1123Subdomain(host)) errs.push(invalid(`${field}.host`, host, m));
    }
    if (!wildcard || !opts.allowInvalidWildcardHostRule)
      errs.push(...validateRuleValue(rule, field));
  });
  return errs;
}

function validateTLS(tls: any[], opts: Options): FieldError[] {
  const errs: FieldError[] = [];
  tls.forEach((t, i) => {
    (t.hosts ?? []).forEach((host: string, j: number) => {
      const f = `spec.tls[${i}].hosts[${j}]`;
      const msgs = host.includes('*') ? isWildcardDNS1123Subdomain(host) : isDNS1123Subdomain(host);
      for (const m of msgs) errs.push(invalid(f, host, m));
    });
    if (!opts.allowInvalidSecretName && t.secretName)
      for (const m of isDNS1123Subdomain(t.secretName))
        errs.push(invalid(`spec.tls[${i}].secretName`, t.secretName, m));
  });
  return errs;
}

/** ValidateIngressSpec. */
function validateIngressSpec(spec: any, opts: Options): FieldError[] {
  const errs: FieldError[] = [];
  const rules: any[] = spec?.rules ?? [];
  if (!rules.length && spec?.defaultBackend == null)
    errs.push(
      invalid(
        'spec',
        new GoValue(`[]networking.IngressRule${spec?.rules ? '{}' : '(nil)'}`),
        'either `defaultBackend` or `rules` must be specified',
      ),
    );
  if (spec?.defaultBackend != null)
    errs.push(...validateIngressBackend(spec.defaultBackend, 'spec.defaultBackend'));
  if (rules.length) errs.push(...validateRules(rules, opts));
  if (spec?.tls?.length) errs.push(...validateTLS(spec.tls, opts));
  if (spec?.ingressClassName != null)
    for (const m of isDNS1123Subdomain(spec.ingressClassName))
      errs.push(invalid('spec.ingressClassName', spec.ingressClassName, m));
  return errs;
}

/** Objects stored before a rule tightened keep validating (allowInvalid* in validation.go). */
function optionsFor(old: any | undefined): Options {
  const badSecret = (old?.spec?.tls ?? []).some(
    (t: any) => t.secretName && isDNS1123Subdomain(t.secretName).length > 0,
  );
  const badWildcard = (old?.spec?.rules ?? []).some(
    (r: any) => (r.host ?? '').includes('*') && validateRuleValue(r, '').length > 0,
  );
  return { allowInvalidSecretName: badSecret, allowInvalidWildcardHostRule: badWildcard };
}

export const ingressType: ResourceType = {
  group: 'networking.k8s.io',
  version: 'v1',
  kind: 'Ingress',
  plural: 'ingresses',
  singular: 'ingress',
  shortNames: ['ing'],
  namespaced: true,
  verbs: ALL_VERBS,
  hasStatus: true,
  generation: 'spec',
  subresources: [{ name: 'status', verbs: ['get', 'patch', 'update'] }],
  strategy: {
    prepareForCreate(ing) {
      // Go always writes the status struct: `status: {loadBalancer: {}}`.
      ing.status = { loadBalancer: {} };
    },
    validate(ing): FieldError[] {
      const errs = validateIngressSpec(ing.spec, optionsFor(undefined));
      const annotation = ing.metadata?.annotations?.[INGRESS_CLASS_ANNOTATION];
      const className = ing.spec?.ingressClassName;
      if (annotation !== undefined && className != null && annotation !== className)
        errs.push(
          invalid(
            `annotations.${INGRESS_CLASS_ANNOTATION}`,
            annotation,
            'must match `ingressClassName` when both are specified',
          ),
        );
      return errs;
    },
    validateUpdate: (ing, old) => validateIngressSpec(ing.spec, optionsFor(old)),
    warnings(ing, old) {
      if (old) return [];
      return ing.metadata?.annotations?.[INGRESS_CLASS_ANNOTATION] !== undefined
        ? [
            `annotation "${INGRESS_CLASS_ANNOTATION}" is deprecated, please use 'spec.ingressClassName' instead`,
          ]
        : [];
    },
  },
};
