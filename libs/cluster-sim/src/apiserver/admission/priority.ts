import { forbiddenError } from '@kubelab/apimachinery';
import type { AdmissionPlugin } from '../api-server';

// plugin/pkg/admission/priority: resolves priorityClassName into spec.priority (0 without one,
// or the globalDefault class), and the preemption policy; refuses unknown classes, a second
// global default, and the deletion of the system classes.

const SYSTEM_CLASSES: Record<string, number> = {
  'system-cluster-critical': 2000000000,
  'system-node-critical': 2000001000,
};

/** getDefaultPriorityClass: with several (a race), the one of lowest value. */
function globalDefault(classes: any[]): any | undefined {
  return classes.filter((c) => c.globalDefault).sort((a, b) => a.value - b.value)[0];
}

export const priorityAdmission: AdmissionPlugin = {
  name: 'Priority',
  admit(op, type, pod, old, ctx) {
    if (type.group !== '' || type.kind !== 'Pod') return;
    const spec = pod.spec;
    if (op === 'update') {
      // The priority set on create stays (validation refuses any other change).
      if (spec.priority === undefined && old?.spec?.priority !== undefined)
        spec.priority = old.spec.priority;
      if (spec.preemptionPolicy === undefined && old?.spec?.preemptionPolicy !== undefined)
        spec.preemptionPolicy = old.spec.preemptionPolicy;
      return;
    }
    const refuse = (why: string) =>
      forbiddenError(
        { group: '', resource: 'pods' },
        pod.metadata.name || pod.metadata.generateName || '',
        why,
      );
    const classes = ctx.view.list('scheduling.k8s.io', 'PriorityClass') as any[];
    let priority = 0;
    let policy: string | undefined = 'PreemptLowerPriority';
    if (spec.priorityClassName) {
      const system = SYSTEM_CLASSES[spec.priorityClassName];
      const pc = classes.find((c) => c.metadata.name === spec.priorityClassName);
      if (system === undefined && !pc)
        throw refuse(`no PriorityClass with name ${spec.priorityClassName} was found`);
      priority = pc?.value ?? system;
      policy = pc ? pc.preemptionPolicy : 'PreemptLowerPriority';
    } else {
      const global = globalDefault(classes);
      if (global) {
        spec.priorityClassName = global.metadata.name;
        priority = global.value;
        policy = global.preemptionPolicy;
      }
    }
    if (spec.priority !== undefined && spec.priority !== priority)
      throw refuse(
        `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`,
      );
    spec.priority = priority;
    if (policy !== undefined) {
      if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== policy)
        throw refuse(
          `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`,
        );
      spec.preemptionPolicy = policy;
    }
  },
  validate(op, type, pc, _old, ctx) {
    if (type.group !== 'scheduling.k8s.io' || type.kind !== 'PriorityClass') return;
    const refuse = (why: string) =>
      forbiddenError({ group: type.group, resource: type.plural }, pc.metadata.name, why);
    // The built-in classes cannot be deleted (the registry's Delete refuses them).
    if (op === 'delete') {
      if (SYSTEM_CLASSES[pc.metadata.name] !== undefined)
        throw refuse('this is a system priority class and cannot be deleted');
      return;
    }
    if (!pc.globalDefault) return;
    const current = globalDefault(ctx.view.list(type.group, type.kind) as any[]);
    if (current && (op === 'create' || current.metadata.name !== pc.metadata.name))
      throw refuse(
        `PriorityClass ${current.metadata.name} is already marked as default. Only one default can exist`,
      );
  },
};
