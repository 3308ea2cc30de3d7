// IngressClass (networking.k8s.io/v1): pkg/registry/networking/ingressclass/strategy.go, the
// IngressClass defaults of pkg/apis/networking/v1/defaults.go and its validation.
import {
  forbidden,
  invalid,
  isDNS1123Label,
  isDNS1123Subdomain,
  notSupported,
  required,
  tooLong,
  type FieldError,
} from '@kubelab/apimachinery';
import { ALL_VERBS, type ResourceType } from '../../registry/resource-type';
import { isPathSegmentName, validateDomainPrefixedPath } from './validation';

/** The annotation the DefaultIngressClass admission plugin looks for. */
export const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';
const MAX_CONTROLLER_LENGTH = 250;
const SCOPES = ['Cluster', 'Namespace'];

function validateParameters(p: any): FieldError[] {
  if (p == null) return [];
  const f = 'spec.parameters';
  const errs: FieldError[] = [];
  if (p.apiGroup != null)
    for (const m of isDNS1123Subdomain(p.apiGroup))
      errs.push(invalid(`${f}.apiGroup`, p.apiGroup, m));
  for (const key of ['kind', 'name']) {
    if (!p[key]) errs.push(required(`${f}.${key}`));
    else for (const m of isPathSegmentName(p[key])) errs.push(invalid(`${f}.${key}`, p[key], m));
  }
  if (p.scope == null) return [...errs, required(`${f}.scope`)];
  if (!SCOPES.includes(p.scope)) errs.push(notSupported(`${f}.scope`, p.scope, SCOPES));
  else if (p.scope === 'Namespace') {
    if (p.namespace == null)
      errs.push(required(`${f}.namespace`, "`parameters.scope` is set to 'Namespace'"));
    else
      for (const m of isDNS1123Label(p.namespace))
        errs.push(invalid(`${f}.namespace`, p.namespace, m));
  } else if (p.namespace != null)
    errs.push(forbidden(`${f}.namespace`, "`parameters.scope` is set to 'Cluster'"));
  return errs;
}

function validateSpec(spec: any): FieldError[] {
  const errs: FieldError[] = [];
  const controller: string = spec?.controller ?? '';
  if (!controller) errs.push(required('spec.controller'));
  else {
    if (controller.length > MAX_CONTROLLER_LENGTH)
      errs.push(tooLong('spec.controller', MAX_CONTROLLER_LENGTH));
    errs.push(...validateDomainPrefixedPath('spec.controller', controller));
  }
  return [...errs, ...validateParameters(spec?.parameters)];
}

export const ingressClassType: ResourceType = {
  group: 'networking.k8s.io',
  version: 'v1',
  kind: 'IngressClass',
  plural: 'ingressclasses',
  singular: 'ingressclass',
  namespaced: false,
  verbs: ALL_VERBS,
  hasStatus: false,
  generation: 'spec',
  strategy: {
    defaults(ic) {
      ic.spec ??= {};
      if (ic.spec.parameters && ic.spec.parameters.scope == null)
        ic.spec.parameters.scope = 'Cluster';
    },
    validate: (ic) => validateSpec(ic.spec),
    validateUpdate(ic, old): FieldError[] {
      const errs: FieldError[] = [];
      if ((ic.spec?.controller ?? '') !== (old.spec?.controller ?? ''))
        errs.push(invalid('spec.controller', ic.spec?.controller ?? '', 'field is immutable'));
      return [...errs, ...validateSpec(ic.spec)];
    },
  },
};
