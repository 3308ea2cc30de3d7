// pkg/registry/rbac/role and clusterrole strategies with pkg/apis/rbac/validation.
import {
  GoValue,
  path,
  invalid,
  required,
  validateLabelSelector,
  type FieldError,
} from '@kubelab/apimachinery';
import { ALL_VERBS, type ResourceType } from '../../registry/resource-type';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

const goStrings = (xs: string[]) =>
  new GoValue(`[]string{${xs.map((x) => JSON.stringify(x)).join(', ')}}`);

/** ValidatePolicyRule: verbs always; either resources (with API groups) or non-resource URLs. */
export function validatePolicyRule(rule: any, namespaced: boolean, at: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!(rule?.verbs ?? []).length)
    errs.push(required(`${at}.verbs`, 'verbs must contain at least one value'));
  const urls: string[] = rule?.nonResourceURLs ?? [];
  if (urls.length) {
    if (namespaced)
      errs.push(
        invalid(
          `${at}.nonResourceURLs`,
          goStrings(urls),
          'namespaced rules cannot apply to non-resource URLs',
        ),
      );
    if (
      (rule.apiGroups ?? []).length ||
      (rule.resources ?? []).length ||
      (rule.resourceNames ?? []).length
    )
      errs.push(
        invalid(
          `${at}.nonResourceURLs`,
          goStrings(urls),
          'rules cannot apply to both regular resources and non-resource URLs',
        ),
      );
    return errs;
  }
  if (!(rule?.apiGroups ?? []).length)
    errs.push(required(`${at}.apiGroups`, 'resource rules must supply at least one api group'));
  if (!(rule?.resources ?? []).length)
    errs.push(required(`${at}.resources`, 'resource rules must supply at least one resource'));
  return errs;
}

const validateRules = (o: any, namespaced: boolean) =>
  (o.rules ?? []).flatMap((r: any, i: number) => validatePolicyRule(r, namespaced, `rules[${i}]`));

function validateClusterRole(cr: any): FieldError[] {
  const errs = validateRules(cr, false);
  const agg = cr.aggregationRule;
  if (agg) {
    const selectors: any[] = agg.clusterRoleSelectors ?? [];
    if (!selectors.length)
      errs.push(
        required(
          'aggregationRule.clusterRoleSelectors',
          'at least one clusterRoleSelector required if aggregationRule is non-nil',
        ),
      );
    selectors.forEach((s, i) =>
      errs.push(
        ...validateLabelSelector(
          s,
          {},
          path('aggregationRule').child('clusterRoleSelectors').index(i),
        ),
      ),
    );
  }
  return errs;
}

export const roleType: ResourceType = {
  group: RBAC_GROUP,
  version: 'v1',
  kind: 'Role',
  plural: 'roles',
  singular: 'role',
  namespaced: true,
  verbs: ALL_VERBS,
  hasStatus: false,
  generation: 'none',
  strategy: {
    validate: (r) => validateRules(r, true),
    validateUpdate: (r) => validateRules(r, true),
  },
};

export const clusterRoleType: ResourceType = {
  group: RBAC_GROUP,
  version: 'v1',
  kind: 'ClusterRole',
  plural: 'clusterroles',
  singular: 'clusterrole',
  namespaced: false,
  verbs: ALL_VERBS,
  hasStatus: false,
  generation: 'none',
  strategy: {
    validate: validateClusterRole,
    validateUpdate: validateClusterRole,
  },
};
