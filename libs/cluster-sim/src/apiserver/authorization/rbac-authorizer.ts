// plugin/pkg/auth/authorizer/rbac/rbac.go with pkg/apis/rbac/v1/evaluation_helpers.go: whether
// the RBAC objects of a cluster allow a request — what `kubectl auth can-i` and a
// SubjectAccessReview ask.
import type { AdmissionView } from '../../registry/resource-type';

const RBAC = 'rbac.authorization.k8s.io';

export interface AuthorizationAttributes {
  user: string;
  /** The user's groups; system:authenticated is added for any named user, as authentication does. */
  groups?: string[];
  verb: string;
  /** A resource request: API group ("" core), resource, optional subresource and name. */
  apiGroup?: string;
  resource?: string;
  subresource?: string;
  name?: string;
  /** The request's namespace; absent for cluster-scoped resources and non-resource URLs. */
  namespace?: string;
  /** A non-resource request (/healthz, /api, ...). */
  path?: string;
}

export interface AuthorizationDecision {
  allowed: boolean;
  /** Which binding allowed it, in the authorizer's words ("" when denied). */
  reason: string;
}

function subjectMatches(s: any, user: string, groups: string[], namespace?: string): boolean {
  switch (s?.kind) {
    case 'User':
      return s.name === user;
    case 'Group':
      return groups.includes(s.name);
    case 'ServiceAccount':
      return user === `system:serviceaccount:${s.namespace || namespace || ''}:${s.name}`;
    default:
      return false;
  }
}

const has = (list: string[] | undefined, v: string) =>
  (list ?? []).some((x) => x === '*' || x === v);

function resourceMatches(rule: any, a: AuthorizationAttributes): boolean {
  const combined = a.subresource ? `${a.resource}/${a.subresource}` : (a.resource ?? '');
  return (rule.resources ?? []).some(
    (r: string) =>
      r === '*' || r === combined || (a.subresource !== undefined && r === `*/${a.subresource}`),
  );
}

function nonResourceURLMatches(rule: any, path: string): boolean {
  return (rule.nonResourceURLs ?? []).some(
    (u: string) => u === '*' || u === path || (u.endsWith('*') && path.startsWith(u.slice(0, -1))),
  );
}

/** RuleAllows: verbs, then resources (groups, resources, names) or non-resource URLs. */
export function ruleAllows(rule: any, a: AuthorizationAttributes): boolean {
  if (!has(rule.verbs, a.verb)) return false;
  if (a.path !== undefined) return nonResourceURLMatches(rule, a.path);
  if (!has(rule.apiGroups, a.apiGroup ?? '')) return false;
  if (!resourceMatches(rule, a)) return false;
  const names: string[] = rule.resourceNames ?? [];
  return !names.length || (a.name !== undefined && names.includes(a.name));
}

const describeSubject = (s: any) =>
  s.kind === 'ServiceAccount'
    ? `ServiceAccount "${s.name}/${s.namespace}"`
    : `${s.kind} "${s.name}"`;

/** Walks the ClusterRoleBindings, then the RoleBindings of the namespace, as VisitRulesFor does. */
export function rbacAuthorize(
  view: AdmissionView,
  attrs: AuthorizationAttributes,
): AuthorizationDecision {
  const groups = [...new Set([...(attrs.groups ?? []), 'system:authenticated'])];
  const rulesOf = (kind: string, namespace: string, name: string): any[] =>
    ((view.get(RBAC, kind, kind === 'Role' ? namespace : '', name) as any)?.rules ?? []) as any[];
  for (const b of view.list(RBAC, 'ClusterRoleBinding') as any[]) {
    const s = (b.subjects ?? []).find((x: any) => subjectMatches(x, attrs.user, groups));
    if (!s || b.roleRef?.kind !== 'ClusterRole') continue;
    if (rulesOf('ClusterRole', '', b.roleRef.name).some((r) => ruleAllows(r, attrs)))
      return {
        allowed: true,
        reason: `RBAC: allowed by ClusterRoleBinding "${b.metadata.name}" of ClusterRole "${b.roleRef.name}" to ${describeSubject(s)}`,
      };
  }
  if (attrs.namespace && attrs.path === undefined)
    for (const b of view.list(RBAC, 'RoleBinding', attrs.namespace) as any[]) {
      const s = (b.subjects ?? []).find((x: any) =>
        subjectMatches(x, attrs.user, groups, attrs.namespace),
      );
      if (!s) continue;
      if (
        rulesOf(b.roleRef?.kind, attrs.namespace, b.roleRef?.name).some((r) => ruleAllows(r, attrs))
      )
        return {
          allowed: true,
          reason: `RBAC: allowed by RoleBinding "${b.metadata.name}/${attrs.namespace}" of ${b.roleRef.kind} "${b.roleRef.name}" to ${describeSubject(s)}`,
        };
    }
  return { allowed: false, reason: '' };
}
