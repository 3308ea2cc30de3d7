import {
  GoValue,
  invalid,
  isQualifiedName,
  required,
  type FieldError,
} from '@kubelab/apimachinery';
import { q } from '../../quota/resources';
import { ALL_VERBS, type ResourceType } from '../../registry/resource-type';
import { goQuantity } from './go-quantity';

// pkg/registry/core/resourcequota/strategy.go with ValidateResourceQuota
// (pkg/apis/core/validation): spec.hard names a standard quota resource or a qualified one
// (count/deployments.apps), object counts are whole numbers, scopes fit the resources they
// limit. status is the quota controller's: a create starts with none, an update keeps it.

/** helper.IsStandardQuotaResourceName. */
const STANDARD_QUOTA_RESOURCES = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.storage',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
]);
const isStandardQuotaResource = (r: string) =>
  STANDARD_QUOTA_RESOURCES.has(r) ||
  r.startsWith('hugepages-') ||
  r.startsWith('requests.hugepages-');

/** helper.IsStandardResourceName (what validateResourceName accepts without a "/"). */
export const isStandardResource = (r: string) =>
  isStandardQuotaResource(r) || r === 'storage' || r.startsWith('hugepages-');

/** Resources counted in whole objects (helper.IsIntegerResourceName). */
const INTEGER_RESOURCES = new Set([
  'pods',
  'resourcequotas',
  'services',
  'replicationcontrollers',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
]);

const SCOPES = [
  'Terminating',
  'NotTerminating',
  'BestEffort',
  'NotBestEffort',
  'PriorityClass',
  'CrossNamespacePodAffinity',
];
const POD_COUNT = new Set(['pods']);
const POD_COMPUTE = new Set([
  'cpu',
  'memory',
  'limits.cpu',
  'limits.memory',
  'requests.cpu',
  'requests.memory',
]);

/** helper.IsResourceQuotaScopeValidForResource. */
function scopeFitsResource(scope: string, resource: string): boolean {
  if (scope === 'BestEffort') return POD_COUNT.has(resource);
  if (SCOPES.includes(scope)) return POD_COUNT.has(resource) || POD_COMPUTE.has(resource);
  return true;
}

/** A ResourceName as a bad value: it has a String() method, so it prints unquoted. */
const resourceName = (r: string) => new GoValue(r);

function goScopes(scopes: string[]): GoValue {
  return new GoValue(
    `[]core.ResourceQuotaScope{${scopes.map((s) => JSON.stringify(s)).join(', ')}}`,
  );
}

function validateResourceName(r: string, path: string): FieldError[] {
  const errs: FieldError[] = isQualifiedName(r).map((m) => invalid(path, r, m));
  if (!r.includes('/') && !isStandardResource(r))
    errs.push(invalid(path, r, 'must be a standard resource type or fully qualified'));
  return errs;
}

function validateHard(hard: Record<string, unknown>): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(hard)) {
    const path = `spec.hard[${k}]`;
    errs.push(...validateResourceName(k, path));
    if (!k.includes('/') && !isStandardQuotaResource(k))
      errs.push(invalid(path, resourceName(k), 'must be a standard resource for quota'));
    const value = q(v);
    if (value.sign < 0)
      errs.push(invalid(path, value.toString(), 'must be greater than or equal to 0'));
    const isExtended =
      k.includes('/') && !k.includes('kubernetes.io/') && !k.startsWith('requests.');
    if ((INTEGER_RESOURCES.has(k) || isExtended) && value.cmp(value.roundUp(0).quantity) !== 0)
      errs.push(invalid(path, goQuantity(v), 'must be an integer'));
  }
  return errs;
}

function validateScopes(spec: any): FieldError[] {
  const errs: FieldError[] = [];
  const hard = Object.keys(spec.hard ?? {}).sort();
  const scopes: string[] = spec.scopes ?? [];
  const seen = new Set<string>();
  for (const s of scopes) {
    if (!SCOPES.includes(s))
      errs.push(invalid('spec.scopes', goScopes(scopes), 'unsupported scope'));
    for (const r of hard)
      if (isStandardQuotaResource(r) && !scopeFitsResource(s, r))
        errs.push(
          invalid('spec.scopes', goScopes(scopes), 'unsupported scope applied to resource'),
        );
    seen.add(s);
  }
  const exprs: any[] = spec.scopeSelector?.matchExpressions ?? [];
  const path = 'spec.scopeSelector.matchExpressions';
  const selectorSeen = new Set<string>();
  for (const e of exprs) {
    if (!SCOPES.includes(e.scopeName))
      errs.push(invalid(`${path}.scopeName`, resourceName(e.scopeName ?? ''), 'unsupported scope'));
    for (const r of hard)
      if (isStandardQuotaResource(r) && !scopeFitsResource(e.scopeName, r))
        errs.push(
          invalid(
            path,
            new GoValue('&core.ScopeSelector{...}'),
            'unsupported scope applied to resource',
          ),
        );
    if (
      [
        'BestEffort',
        'NotBestEffort',
        'Terminating',
        'NotTerminating',
        'CrossNamespacePodAffinity',
      ].includes(e.scopeName) &&
      e.operator !== 'Exists'
    )
      errs.push(
        invalid(
          `${path}.operator`,
          resourceName(e.operator ?? ''),
          "must be 'Exist' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity",
        ),
      );
    if (e.operator === 'In' || e.operator === 'NotIn') {
      if (!e.values?.length)
        errs.push(
          required(
            `${path}.values`,
            "must be at least one value when `operator` is 'In' or 'NotIn' for scope selector",
          ),
        );
    } else if (e.operator === 'Exists' || e.operator === 'DoesNotExist') {
      if (e.values?.length)
        errs.push(
          invalid(
            `${path}.values`,
            new GoValue(`[]string{${e.values.map((v: string) => JSON.stringify(v)).join(', ')}}`),
            "must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector",
          ),
        );
    } else {
      errs.push(
        invalid(
          `${path}.operator`,
          resourceName(e.operator ?? ''),
          'not a valid selector operator',
        ),
      );
    }
    selectorSeen.add(e.scopeName);
  }
  for (const [a, b] of [
    ['BestEffort', 'NotBestEffort'],
    ['Terminating', 'NotTerminating'],
  ] as const) {
    if (seen.has(a) && seen.has(b))
      errs.push(invalid('spec.scopes', goScopes(scopes), 'conflicting scopes'));
    if (selectorSeen.has(a) && selectorSeen.has(b))
      errs.push(invalid(path, new GoValue('&core.ScopeSelector{...}'), 'conflicting scopes'));
  }
  return errs;
}

function validateResourceQuota(rq: any): FieldError[] {
  const spec = rq.spec ?? {};
  return [...validateHard(spec.hard ?? {}), ...validateScopes(spec)];
}

export const resourceQuotaType: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'ResourceQuota',
  plural: 'resourcequotas',
  singular: 'resourcequota',
  shortNames: ['quota'],
  namespaced: true,
  verbs: ALL_VERBS,
  hasStatus: true,
  generation: 'none',
  subresources: [{ name: 'status', verbs: ['get', 'patch', 'update'] }],
  strategy: {
    defaults(rq) {
      // Stored canonical, as the API server re-encodes every quantity ("0.5" reads "500m").
      for (const [k, v] of Object.entries(rq.spec?.hard ?? {})) rq.spec.hard[k] = q(v).toString();
    },
    prepareForCreate(rq) {
      // The quota controller fills status.hard and status.used.
      rq.status = {};
    },
    validate: (rq) => validateResourceQuota(rq),
    validateUpdate: (rq) => validateResourceQuota(rq),
  },
};
