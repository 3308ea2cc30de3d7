// pkg/registry/node/runtimeclass/strategy.go with pkg/apis/node/validation.
import { invalid, isDNS1123Label, type FieldError } from '@kubelab/apimachinery';
import { ALL_VERBS, type ResourceType } from '../../registry/resource-type';

function validateRuntimeClass(rc: any): FieldError[] {
  const errs: FieldError[] = [];
  const handler = rc.handler ?? '';
  for (const m of isDNS1123Label(handler)) errs.push(invalid('handler', handler, m));
  for (const [k, v] of Object.entries(rc.overhead?.podFixed ?? {}))
    if (typeof v === 'string' && v.startsWith('-'))
      errs.push(invalid(`overhead.podFixed[${k}]`, v, 'must be greater than or equal to 0'));
  return errs;
}

export const runtimeClassType: ResourceType = {
  group: 'node.k8s.io',
  version: 'v1',
  kind: 'RuntimeClass',
  plural: 'runtimeclasses',
  singular: 'runtimeclass',
  namespaced: false,
  verbs: ALL_VERBS,
  hasStatus: false,
  generation: 'none',
  strategy: {
    validate: validateRuntimeClass,
    // The handler names the runtime configured on the nodes: it never changes.
    validateUpdate: (rc, old) =>
      rc.handler === old.handler
        ? []
        : [invalid('handler', rc.handler ?? '', 'field is immutable')],
  },
};
