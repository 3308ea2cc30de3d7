import { forbidden, invalid, notSupported, type FieldError } from '@kubelab/apimachinery';
import { ALL_VERBS, type ResourceType } from '../../registry/resource-type';

// pkg/registry/scheduling/priorityclass/strategy.go and pkg/apis/scheduling/validation: user
// classes go up to one billion; names starting "system-" are the two built-in classes only;
// value and preemptionPolicy never change. Only one class may be the global default — the
// Priority admission plugin enforces that (admission/priority.ts).

/** scheduling.HighestUserDefinablePriority. */
export const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;

/** The classes every cluster has (scheduling.SystemPriorityClasses), created at bootstrap. */
export const SYSTEM_PRIORITY_CLASSES = [
  {
    name: 'system-node-critical',
    value: 2_000_001_000,
    description: 'Used for system critical pods that must not be moved from their current node.',
  },
  {
    name: 'system-cluster-critical',
    value: 2_000_000_000,
    description:
      'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
  },
];

/** scheduling.IsKnownSystemPriorityClass: the error text, or undefined when it is one. */
function systemClassError(pc: any): string | undefined {
  const known = SYSTEM_PRIORITY_CLASSES.find((c) => c.name === pc.metadata.name);
  if (!known) return `${pc.metadata.name} is not a known system priority class`;
  if (known.value !== pc.value)
    return `value of ${known.name} PriorityClass must be ${known.value}`;
  if ((pc.globalDefault ?? false) !== false)
    return `globalDefault of ${known.name} PriorityClass must be false`;
  return undefined;
}

function validatePriorityClass(pc: any): FieldError[] {
  const errs: FieldError[] = [];
  if (pc.metadata.name?.startsWith('system-')) {
    const why = systemClassError(pc);
    if (why)
      errs.push(
        forbidden(
          'metadata.name',
          `priority class names with 'system-' prefix are reserved for system use only. error: ${why}`,
        ),
      );
  } else if ((pc.value ?? 0) > HIGHEST_USER_DEFINABLE_PRIORITY) {
    errs.push(
      forbidden(
        'value',
        `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`,
      ),
    );
  }
  if (
    pc.preemptionPolicy !== undefined &&
    !['Never', 'PreemptLowerPriority'].includes(pc.preemptionPolicy)
  )
    errs.push(
      notSupported('preemptionPolicy', pc.preemptionPolicy, ['Never', 'PreemptLowerPriority']),
    );
  return errs;
}

export const priorityClassType: ResourceType = {
  group: 'scheduling.k8s.io',
  version: 'v1',
  kind: 'PriorityClass',
  plural: 'priorityclasses',
  singular: 'priorityclass',
  shortNames: ['pc'],
  namespaced: false,
  verbs: ALL_VERBS,
  hasStatus: false,
  generation: 'none',
  strategy: {
    defaults(pc) {
      pc.preemptionPolicy ??= 'PreemptLowerPriority';
    },
    validate: (pc) => validatePriorityClass(pc),
    // ValidatePriorityClassUpdate checks immutability only.
    validateUpdate(pc, old) {
      const errs: FieldError[] = [];
      if (pc.value !== old.value) errs.push(forbidden('value', 'may not be changed in an update.'));
      if (pc.preemptionPolicy !== old.preemptionPolicy)
        errs.push(invalid('preemptionPolicy', pc.preemptionPolicy, 'field is immutable'));
      return errs;
    },
  },
};
