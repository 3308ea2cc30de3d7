// pkg/registry/policy/poddisruptionbudget/strategy.go with pkg/apis/policy/validation.
import {
  GoValue,
  invalid,
  notSupported,
  path,
  validateLabelSelector,
  type FieldError,
} from '@kubelab/apimachinery';
import { ALL_VERBS, type ResourceType } from '../../registry/resource-type';
import { isPercent } from '../apps/intstr';

const UNHEALTHY_POD_EVICTION_POLICIES = ['AlwaysAllow', 'IfHealthyBudget'];

/** How Go's %#v prints an intstr.IntOrString passed by value (it has no value String method). */
export function goIntOrString(v: number | string): GoValue {
  return typeof v === 'number'
    ? new GoValue(`intstr.IntOrString{Type:0, IntVal:${v}, StrVal:""}`)
    : new GoValue(`intstr.IntOrString{Type:1, IntVal:0, StrVal:${JSON.stringify(v)}}`);
}

/** apps validation's ValidatePositiveIntOrPercent and IsNotMoreThan100Percent. */
function validateIntOrPercent(v: unknown, field: string): FieldError[] {
  if (v === undefined || v === null) return [];
  if (typeof v === 'number')
    return v < 0 ? [invalid(field, v, 'must be greater than or equal to 0')] : [];
  if (typeof v !== 'string')
    return [invalid(field, v, "must be an integer or percentage (e.g '5%')")];
  if (!isPercent(v))
    return [
      invalid(
        field,
        goIntOrString(v),
        "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      ),
    ];
  if (parseInt(v, 10) > 100)
    return [invalid(field, goIntOrString(v), 'must not be greater than 100%')];
  return [];
}

// Go prints the spec struct with its pointers; the addresses are made up, as any run's would be.
const pointer = (set: unknown, type: string, addr: string) =>
  set === undefined || set === null ? `(${type})(nil)` : `(${type})(${addr})`;

function goSpec(spec: any): GoValue {
  return new GoValue(
    `policy.PodDisruptionBudgetSpec{MinAvailable:${pointer(spec.minAvailable, '*intstr.IntOrString', '0xc000b2e0a0')}, Selector:${pointer(spec.selector, '*v1.LabelSelector', '0xc000d41a40')}, MaxUnavailable:${pointer(spec.maxUnavailable, '*intstr.IntOrString', '0xc000b2e0c0')}, UnhealthyPodEvictionPolicy:${pointer(spec.unhealthyPodEvictionPolicy, '*policy.UnhealthyPodEvictionPolicyType', '0xc000a3c1f0')}}`,
  );
}

function validateSpec(pdb: any): FieldError[] {
  const spec = pdb.spec ?? {};
  const errs: FieldError[] = [];
  const set = (v: unknown) => v !== undefined && v !== null;
  if (set(spec.minAvailable) && set(spec.maxUnavailable))
    errs.push(invalid('spec', goSpec(spec), 'minAvailable and maxUnavailable cannot be both set'));
  errs.push(...validateIntOrPercent(spec.minAvailable, 'spec.minAvailable'));
  errs.push(...validateIntOrPercent(spec.maxUnavailable, 'spec.maxUnavailable'));
  errs.push(...validateLabelSelector(spec.selector, {}, path('spec', 'selector')));
  if (
    set(spec.unhealthyPodEvictionPolicy) &&
    !UNHEALTHY_POD_EVICTION_POLICIES.includes(spec.unhealthyPodEvictionPolicy)
  )
    errs.push(
      notSupported(
        'spec.unhealthyPodEvictionPolicy',
        spec.unhealthyPodEvictionPolicy,
        UNHEALTHY_POD_EVICTION_POLICIES,
      ),
    );
  return errs;
}

/** The status a new budget has until the disruption controller has looked at it. */
export const EMPTY_PDB_STATUS = {
  currentHealthy: 0,
  desiredHealthy: 0,
  disruptionsAllowed: 0,
  expectedPods: 0,
};

export const podDisruptionBudgetType: ResourceType = {
  group: 'policy',
  version: 'v1',
  kind: 'PodDisruptionBudget',
  plural: 'poddisruptionbudgets',
  singular: 'poddisruptionbudget',
  shortNames: ['pdb'],
  namespaced: true,
  verbs: ALL_VERBS,
  hasStatus: true,
  generation: 'spec',
  subresources: [{ name: 'status', verbs: ['get', 'patch', 'update'] }],
  strategy: {
    defaults(pdb) {
      pdb.spec ??= {};
    },
    prepareForCreate(pdb) {
      pdb.status = { ...EMPTY_PDB_STATUS };
    },
    validate: validateSpec,
    // policy/v1 budgets may change their spec (since 1.15); only the status is the controller's.
    validateUpdate: (pdb) => validateSpec(pdb),
  },
};
