// pkg/registry/storage/csidriver/strategy.go with the storage/v1 defaults (SetDefaults_CSIDriver)
// and ValidateCSIDriver(Update) of 1.32.

import { GoValue, invalid, notSupported, required, type FieldError } from '@kubelab/apimachinery';
import { ALL_VERBS, type ResourceType } from '../../registry/resource-type';
import { jsonEqual } from '../../util/equal';
import { validateCSIDriverName } from './csi-name';

const FS_GROUP_POLICIES = ['File', 'None', 'ReadWriteOnceWithFSType'];
const LIFECYCLE_MODES = ['Ephemeral', 'Persistent'];

function validateCSIDriver(d: any): FieldError[] {
  const errs = validateCSIDriverName(d.metadata?.name, 'name');
  const spec = d.spec ?? {};
  for (const f of ['attachRequired', 'podInfoOnMount', 'storageCapacity', 'requiresRepublish'])
    if (spec[f] == null) errs.push(required(`spec.${f}`, ''));
  if (spec.fsGroupPolicy != null && !FS_GROUP_POLICIES.includes(spec.fsGroupPolicy))
    errs.push(notSupported('spec.fsGroupPolicy', spec.fsGroupPolicy, FS_GROUP_POLICIES));
  for (const m of spec.volumeLifecycleModes ?? [])
    if (!LIFECYCLE_MODES.includes(m))
      errs.push(notSupported('spec.volumeLifecycleModes', m, LIFECYCLE_MODES));
  (spec.tokenRequests ?? []).forEach((t: any, i: number) => {
    if ((t.expirationSeconds ?? 600) < 600)
      errs.push(
        invalid(
          `spec.tokenRequests[${i}].expirationSeconds`,
          t.expirationSeconds,
          'may not specify a duration less than 10 minutes',
        ),
      );
  });
  return errs;
}

const immutable = (field: string, v: unknown, goText?: string) =>
  invalid(field, goText ? new GoValue(goText) : (v ?? null), 'field is immutable');

export const csiDriverType: ResourceType = {
  group: 'storage.k8s.io',
  version: 'v1',
  kind: 'CSIDriver',
  plural: 'csidrivers',
  singular: 'csidriver',
  namespaced: false,
  verbs: ALL_VERBS,
  hasStatus: false,
  generation: 'none',
  strategy: {
    defaults(d) {
      const spec = (d.spec ??= {});
      spec.attachRequired ??= true;
      spec.podInfoOnMount ??= false;
      spec.storageCapacity ??= false;
      spec.fsGroupPolicy ??= 'ReadWriteOnceWithFSType';
      if (!spec.volumeLifecycleModes?.length) spec.volumeLifecycleModes = ['Persistent'];
      spec.requiresRepublish ??= false;
      // SELinuxMountReadWriteOncePod is beta (on) in 1.32.
      spec.seLinuxMount ??= false;
    },
    validate: validateCSIDriver,
    validateUpdate(d, old) {
      const errs = validateCSIDriver(d);
      // "attachedRequired" is the path upstream reports, spelling included.
      if (d.spec?.attachRequired !== old.spec?.attachRequired)
        errs.push(immutable('spec.attachedRequired', d.spec?.attachRequired));
      if (d.spec?.fsGroupPolicy !== old.spec?.fsGroupPolicy)
        errs.push(immutable('spec.fsGroupPolicy', d.spec?.fsGroupPolicy));
      if (!jsonEqual(d.spec?.volumeLifecycleModes, old.spec?.volumeLifecycleModes))
        errs.push(
          immutable(
            'spec.volumeLifecycleModes',
            undefined,
            `[]storage.VolumeLifecycleMode{${(d.spec?.volumeLifecycleModes ?? []).map((m: string) => JSON.stringify(m)).join(', ')}}`,
          ),
        );
      return errs;
    },
  },
};
