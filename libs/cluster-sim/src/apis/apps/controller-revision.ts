import { GoValue, invalid, required, type FieldError } from '@kubelab/apimachinery';
import { jsonEqual } from '../../util/equal';
import { ALL_VERBS, type ResourceType } from '../../registry/resource-type';
import { validateNonNegative } from './workload-validation';

// pkg/registry/apps/controllerrevision/strategy.go and ValidateControllerRevision(Update): an
// immutable snapshot of a StatefulSet's or DaemonSet's template, named <owner>-<hash>.

function validate(cr: any): FieldError[] {
  const errs: FieldError[] = [];
  if (cr.data === undefined || cr.data === null) errs.push(required('data', 'data is mandatory'));
  errs.push(...validateNonNegative(cr.revision, 'revision'));
  return errs;
}

/** %#v of a runtime.RawExtension holding JSON bytes. */
function goRawExtension(data: unknown): GoValue {
  const bytes = [...new TextEncoder().encode(JSON.stringify(data ?? null))]
    .map((b) => `0x${b.toString(16)}`)
    .join(', ');
  return new GoValue(`runtime.RawExtension{Raw:[]uint8{${bytes}}, Object:runtime.Object(nil)}`);
}

export const controllerRevisionType: ResourceType = {
  group: 'apps',
  version: 'v1',
  kind: 'ControllerRevision',
  plural: 'controllerrevisions',
  singular: 'controllerrevision',
  namespaced: true,
  verbs: ALL_VERBS,
  hasStatus: false,
  generation: 'none',
  strategy: {
    validate,
    validateUpdate(cr, old) {
      const errs = validate(cr);
      if (!jsonEqual(cr.data, old.data))
        errs.push(invalid('data', goRawExtension(cr.data), 'field is immutable'));
      return errs;
    },
  },
};
