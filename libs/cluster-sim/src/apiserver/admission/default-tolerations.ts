import type { AdmissionPlugin } from '../api-server';

// plugin/pkg/admission/defaulttolerationseconds: pods tolerate a NotReady or unreachable node
// for 300 s before they are evicted from it.

const DEFAULT_SECONDS = 300;

export const defaultTolerationSeconds: AdmissionPlugin = {
  name: 'DefaultTolerationSeconds',
  admit(op, type, pod) {
    if (op !== 'create' || type.group !== '' || type.kind !== 'Pod') return;
    const tols: any[] = (pod.spec.tolerations ??= []);
    for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
      const covered = tols.some(
        (t) =>
          (t.operator === 'Exists' && !t.key && (!t.effect || t.effect === 'NoExecute')) ||
          (t.key === key && (!t.effect || t.effect === 'NoExecute')),
      );
      if (!covered)
        tols.push({
          key,
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: DEFAULT_SECONDS,
        });
    }
  },
};
