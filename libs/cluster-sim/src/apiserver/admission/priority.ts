import { forbiddenError } from '@kubelab/apimachinery';
import type { AdmissionPlugin } from '../api-server';

// plugin/pkg/admission/priority: resolves priorityClassName into spec.priority (0 without one,
// or the globalDefault class), and the preemption policy.

const SYSTEM_CLASSES: Record<string, number> = {
  'system-cluster-critical': 2000000000,
  'system-node-critical': 2000001000,
};

export const priorityAdmission: AdmissionPlugin = {
  name: 'Priority',
  admit(op, type, pod, _old, ctx) {
    if (op !== 'create' || type.group !== '' || type.kind !== 'Pod') return;
    const spec = pod.spec;
    const classes = ctx.view.list('scheduling.k8s.io', 'PriorityClass') as any[];
    if (spec.priorityClassName) {
      const system = SYSTEM_CLASSES[spec.priorityClassName];
      const pc = classes.find((c) => c.metadata.name === spec.priorityClassName);
      if (system === undefined && !pc) {
        throw forbiddenError(
          { group: '', resource: 'pods' },
          pod.metadata.name || pod.metadata.generateName || '',
          `no PriorityClass with name ${spec.priorityClassName} was found`,
        );
      }
      spec.priority = system ?? pc.value;
      spec.preemptionPolicy ??= pc?.preemptionPolicy ?? 'PreemptLowerPriority';
      return;
    }
    const global = classes.find((c) => c.globalDefault);
    if (global) {
      spec.priorityClassName = global.metadata.name;
      spec.priority = global.value;
      spec.preemptionPolicy ??= global.preemptionPolicy ?? 'PreemptLowerPriority';
    } else {
      spec.priority ??= 0;
      spec.preemptionPolicy ??= 'PreemptLowerPriority';
    }
  },
};
