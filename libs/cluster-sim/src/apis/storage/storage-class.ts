// pkg/registry/storage/storageclass/strategy.go with the storage/v1 defaults
// (SetDefaults_StorageClass) and ValidateStorageClass(Update) of 1.32.

import {
  duplicate,
  forbidden,
  invalid,
  isQualifiedName,
  notSupported,
  required,
  tooLong,
  type FieldError,
} from '@kubelab/apimachinery';
import { ALL_VERBS, type ResourceType } from '../../registry/resource-type';
import { jsonEqual } from '../../util/equal';

const RECLAIM = ['Delete', 'Retain'];
const BINDING_MODES = ['Immediate', 'WaitForFirstConsumer'];
const MAX_PARAMETERS = 512;
const MAX_PARAMETER_BYTES = 256 * 1024;

function validateStorageClass(sc: any): FieldError[] {
  const errs: FieldError[] = [];
  const p: string = sc.provisioner ?? '';
  if (!p) errs.push(required('provisioner', ''));
  else
    for (const m of isQualifiedName(p.toLowerCase()))
      errs.push(invalid('provisioner', p.toLowerCase(), m));
  const params: Record<string, string> = sc.parameters ?? {};
  const keys = Object.keys(params);
  if (keys.length > MAX_PARAMETERS) errs.push(tooLong('parameters', MAX_PARAMETERS));
  else {
    let size = 0;
    for (const k of keys) {
      if (!k) errs.push(invalid('parameters', k, 'field can not be empty.'));
      size += k.length + String(params[k] ?? '').length;
    }
    if (size > MAX_PARAMETER_BYTES) errs.push(tooLong('parameters', MAX_PARAMETER_BYTES));
  }
  if (sc.reclaimPolicy && !RECLAIM.includes(sc.reclaimPolicy))
    errs.push(notSupported('reclaimPolicy', sc.reclaimPolicy, RECLAIM));
  if (sc.volumeBindingMode == null) errs.push(required('volumeBindingMode', ''));
  else if (!BINDING_MODES.includes(sc.volumeBindingMode))
    errs.push(notSupported('volumeBindingMode', sc.volumeBindingMode, BINDING_MODES));
  const seen: string[] = [];
  (sc.allowedTopologies ?? []).forEach((term: any, i: number) => {
    const path = `allowedTopologies[${i}]`;
    const exprs: any[] = term.matchLabelExpressions ?? [];
    if (!exprs.length)
      errs.push(
        required(`${path}.matchLabelExpressions`, 'must have at least one label expression'),
      );
    exprs.forEach((e, j) => {
      const ep = `${path}.matchLabelExpressions[${j}]`;
      for (const m of isQualifiedName(e.key ?? '')) errs.push(invalid(`${ep}.key`, e.key ?? '', m));
      if (!(e.values ?? []).length)
        errs.push(required(`${ep}.values`, 'must specify as least one value'));
    });
    const key = JSON.stringify(
      exprs.map((e) => [e.key, [...new Set<string>(e.values ?? [])].sort()]).sort(),
    );
    if (seen.includes(key)) errs.push(duplicate(`${path}.matchLabelExpressions`, ''));
    seen.push(key);
  });
  return errs;
}

export const storageClassType: ResourceType = {
  group: 'storage.k8s.io',
  version: 'v1',
  kind: 'StorageClass',
  plural: 'storageclasses',
  singular: 'storageclass',
  shortNames: ['sc'],
  namespaced: false,
  verbs: ALL_VERBS,
  hasStatus: false,
  generation: 'none',
  strategy: {
    defaults(sc) {
      sc.reclaimPolicy ??= 'Delete';
      sc.volumeBindingMode ??= 'Immediate';
    },
    validate: validateStorageClass,
    validateUpdate(sc, old) {
      const errs = validateStorageClass(sc);
      if (!jsonEqual(sc.parameters ?? {}, old.parameters ?? {}))
        errs.push(forbidden('parameters', 'updates to parameters are forbidden.'));
      if (sc.provisioner !== old.provisioner)
        errs.push(forbidden('provisioner', 'updates to provisioner are forbidden.'));
      if (sc.reclaimPolicy !== old.reclaimPolicy)
        errs.push(forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
      if (sc.volumeBindingMode !== old.volumeBindingMode)
        errs.push(invalid('volumeBindingMode', sc.volumeBindingMode ?? null, 'field is immutable'));
      return errs;
    },
  },
};
