// pkg/registry/rbac/rolebinding and clusterrolebinding strategies with rbac/v1 defaults and
// pkg/apis/rbac/validation.
import {
  GoValue,
  invalid,
  isDNS1123Subdomain,
  notSupported,
  required,
  type FieldError,
} from '@kubelab/apimachinery';
import { ALL_VERBS, type ResourceType } from '../../registry/resource-type';
import { RBAC_GROUP } from './role';

/** SetDefaults_RoleBinding, SetDefaults_Subject: the RBAC group where it goes without saying. */
function defaultBinding(b: any): void {
  b.roleRef ??= {};
  if (!b.roleRef.apiGroup) b.roleRef.apiGroup = RBAC_GROUP;
  for (const s of b.subjects ?? [])
    if (!s.apiGroup && (s.kind === 'User' || s.kind === 'Group')) s.apiGroup = RBAC_GROUP;
}

function pathSegmentProblems(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  for (const bad of ['/', '%']) if (name.includes(bad)) return [`may not contain '${bad}'`];
  return [];
}

function validateSubject(s: any, namespaced: boolean, at: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!s?.name) errs.push(required(`${at}.name`));
  switch (s?.kind) {
    case 'ServiceAccount':
      if (s.name)
        for (const m of isDNS1123Subdomain(s.name)) errs.push(invalid(`${at}.name`, s.name, m));
      if (s.apiGroup) errs.push(notSupported(`${at}.apiGroup`, s.apiGroup, ['']));
      if (!namespaced && !s.namespace) errs.push(required(`${at}.namespace`));
      break;
    case 'User':
    case 'Group':
      if (s.apiGroup !== RBAC_GROUP)
        errs.push(notSupported(`${at}.apiGroup`, s.apiGroup ?? '', [RBAC_GROUP]));
      break;
    default:
      errs.push(notSupported(`${at}.kind`, s?.kind ?? '', ['ServiceAccount', 'User', 'Group']));
  }
  return errs;
}

function validateBinding(b: any, namespaced: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const ref = b.roleRef ?? {};
  if (ref.apiGroup !== RBAC_GROUP)
    errs.push(notSupported('roleRef.apiGroup', ref.apiGroup ?? '', [RBAC_GROUP]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(ref.kind)) errs.push(notSupported('roleRef.kind', ref.kind ?? '', kinds));
  if (!ref.name) errs.push(required('roleRef.name'));
  else
    for (const m of pathSegmentProblems(ref.name)) errs.push(invalid('roleRef.name', ref.name, m));
  (b.subjects ?? []).forEach((s: any, i: number) =>
    errs.push(...validateSubject(s, namespaced, `subjects[${i}]`)),
  );
  return errs;
}

/** A binding's roleRef never changes: a different role needs a new binding. */
function validateRoleRefUnchanged(b: any, old: any): FieldError[] {
  const a = b.roleRef ?? {};
  const o = old.roleRef ?? {};
  if (a.apiGroup === o.apiGroup && a.kind === o.kind && a.name === o.name) return [];
  return [
    invalid(
      'roleRef',
      new GoValue(
        `rbac.RoleRef{APIGroup:${JSON.stringify(a.apiGroup ?? '')}, Kind:${JSON.stringify(a.kind ?? '')}, Name:${JSON.stringify(a.name ?? '')}}`,
      ),
      'cannot change roleRef',
    ),
  ];
}

export const roleBindingType: ResourceType = {
  group: RBAC_GROUP,
  version: 'v1',
  kind: 'RoleBinding',
  plural: 'rolebindings',
  singular: 'rolebinding',
  namespaced: true,
  verbs: ALL_VERBS,
  hasStatus: false,
  generation: 'none',
  strategy: {
    defaults: defaultBinding,
    validate: (b) => validateBinding(b, true),
    validateUpdate: (b, old) => [...validateBinding(b, true), ...validateRoleRefUnchanged(b, old)],
  },
};

export const clusterRoleBindingType: ResourceType = {
  group: RBAC_GROUP,
  version: 'v1',
  kind: 'ClusterRoleBinding',
  plural: 'clusterrolebindings',
  singular: 'clusterrolebinding',
  namespaced: false,
  verbs: ALL_VERBS,
  hasStatus: false,
  generation: 'none',
  strategy: {
    defaults: defaultBinding,
    validate: (b) => validateBinding(b, false),
    validateUpdate: (b, old) => [...validateBinding(b, false), ...validateRoleRefUnchanged(b, old)],
  },
};
