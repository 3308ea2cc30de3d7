import {
  badRequestError,
  forbidden as forbiddenField,
  invalid,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  required,
  tooLong,
  type FieldError,
  type KubeObject,
} from '@kubelab/apimachinery';
import type { ResourceType } from '../registry/resource-type';

// ObjectMeta rules of the API server: apimachinery's ValidateObjectMeta and the system fields
// the registry fills on create (rest.BeforeCreate / FillObjectMetaSystemFields).

export type NameRule = 'subdomain' | 'label' | 'dns1035' | 'path';

/** Which rule a kind's names follow (most are DNS subdomains). */
export function nameRuleOf(type: ResourceType): NameRule {
  if (type.group === '' && (type.kind === 'Namespace' || type.kind === 'Service'))
    return type.kind === 'Service' ? 'dns1035' : 'label';
  if (type.group === 'rbac.authorization.k8s.io') return 'path';
  return 'subdomain';
}

export function validateName(rule: NameRule, name: string, field = 'metadata.name'): FieldError[] {
  const problems =
    rule === 'label'
      ? isDNS1123Label(name)
      : rule === 'dns1035'
        ? isDNS1035Label(name)
        : rule === 'path'
          ? pathSegmentProblems(name)
          : isDNS1123Subdomain(name);
  return problems.map((p) => invalid(field, name, p));
}

function pathSegmentProblems(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  for (const bad of ['/', '%']) if (name.includes(bad)) return [`may not contain '${bad}'`];
  return [];
}

const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

export function validateObjectMeta(obj: KubeObject, type: ResourceType): FieldError[] {
  const errs: FieldError[] = [];
  const m = obj.metadata;
  if (!m.name && !m.generateName)
    errs.push(required('metadata.name', 'name or generateName is required'));
  else if (m.name) errs.push(...validateName(nameRuleOf(type), m.name));
  if (m.generateName && !m.name) {
    // validated on the generated name; a bad prefix shows up there
  }
  if (type.namespaced) {
    if (!m.namespace) errs.push(required('metadata.namespace'));
    else
      for (const p of isDNS1123Label(m.namespace))
        errs.push(invalid('metadata.namespace', m.namespace, p));
  } else if (m.namespace) {
    errs.push(forbiddenField('metadata.namespace', 'not allowed on this type'));
  }
  for (const [k, v] of Object.entries(m.labels ?? {})) {
    for (const p of isQualifiedName(k)) errs.push(invalid('metadata.labels', k, p));
    if (typeof v !== 'string') errs.push(invalid(`metadata.labels`, v, 'must be a string'));
    else for (const p of isValidLabelValue(v)) errs.push(invalid('metadata.labels', v, p));
  }
  let annotationBytes = 0;
  for (const [k, v] of Object.entries(m.annotations ?? {})) {
    for (const p of isQualifiedName(k.toLowerCase()))
      errs.push(invalid('metadata.annotations', k, p));
    annotationBytes += k.length + String(v).length;
  }
  if (annotationBytes > TOTAL_ANNOTATION_SIZE_LIMIT)
    errs.push(tooLong('metadata.annotations', TOTAL_ANNOTATION_SIZE_LIMIT));
  (m.finalizers ?? []).forEach((f, i) => {
    for (const p of isQualifiedName(f)) errs.push(invalid(`metadata.finalizers[${i}]`, f, p));
  });
  (m.ownerReferences ?? []).forEach((r, i) => {
    const f = `metadata.ownerReferences[${i}]`;
    if (!r.apiVersion)
      errs.push(invalid(`${f}.apiVersion`, r.apiVersion ?? '', 'version must not be empty'));
    if (!r.kind) errs.push(invalid(`${f}.kind`, r.kind ?? '', 'kind must not be empty'));
    if (!r.name) errs.push(invalid(`${f}.name`, r.name ?? '', 'name must not be empty'));
    if (!r.uid) errs.push(invalid(`${f}.uid`, r.uid ?? '', 'uid must not be empty'));
  });
  if ((m.ownerReferences ?? []).filter((r) => r.controller).length > 1)
    errs.push(
      invalid(
        'metadata.ownerReferences',
        m.ownerReferences,
        'Only one reference can have Controller set to true',
      ),
    );
  return errs;
}

/** Immutable metadata on update. */
export function validateObjectMetaUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  if (obj.metadata.uid !== old.metadata.uid)
    errs.push(invalid('metadata.uid', obj.metadata.uid, 'field is immutable'));
  if (obj.metadata.creationTimestamp !== old.metadata.creationTimestamp)
    errs.push(
      invalid('metadata.creationTimestamp', obj.metadata.creationTimestamp, 'field is immutable'),
    );
  return errs;
}

export function namespaceMismatch(): Error {
  return badRequestError(
    'the namespace of the provided object does not match the namespace sent on the request',
  );
}

export function nameMismatch(objName: string, urlName: string): Error {
  return badRequestError(
    `the name of the object (${objName}) does not match the name on the URL (${urlName})`,
  );
}
