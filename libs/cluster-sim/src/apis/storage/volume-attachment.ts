// pkg/registry/storage/volumeattachment/strategy.go and ValidateVolumeAttachment(Update, V1) of
// 1.32: the attach/detach controller's request that a CSI volume be attached to a node.

import {
  forbidden,
  GoValue,
  invalid,
  isDNS1123Subdomain,
  required,
  type FieldError,
} from '@kubelab/apimachinery';
import { ALL_VERBS, type ResourceType } from '../../registry/resource-type';
import { jsonEqual } from '../../util/equal';
import { validateCSIDriverName } from './csi-name';

const EXACTLY_ONE = 'must specify exactly one of inlineVolumeSpec and persistentVolumeName';

function validateVolumeAttachment(va: any): FieldError[] {
  const errs: FieldError[] = [];
  const spec = va.spec ?? {};
  if (!spec.attacher) errs.push(required('spec.attacher', ''));
  const src = spec.source ?? {};
  if (src.inlineVolumeSpec == null && src.persistentVolumeName == null)
    errs.push(required('spec.source', EXACTLY_ONE));
  else if (src.inlineVolumeSpec != null && src.persistentVolumeName != null)
    errs.push(forbidden('spec.source', EXACTLY_ONE));
  else if (src.persistentVolumeName === '')
    errs.push(
      required('spec.source.persistentVolumeName', 'must specify non empty persistentVolumeName'),
    );
  for (const m of isDNS1123Subdomain(spec.nodeName ?? ''))
    errs.push(invalid('spec.nodeName', spec.nodeName ?? '', m));
  // storage/v1 only: the attacher is a CSI driver name.
  if (spec.attacher) errs.push(...validateCSIDriverName(spec.attacher, 'spec.attacher'));
  if (src.persistentVolumeName)
    for (const m of isDNS1123Subdomain(src.persistentVolumeName))
      errs.push(invalid('spec.source.persistentVolumeName', src.persistentVolumeName, m));
  return errs;
}

export const volumeAttachmentType: ResourceType = {
  group: 'storage.k8s.io',
  version: 'v1',
  kind: 'VolumeAttachment',
  plural: 'volumeattachments',
  singular: 'volumeattachment',
  namespaced: false,
  verbs: ALL_VERBS,
  hasStatus: true,
  generation: 'none',
  subresources: [{ name: 'status', verbs: ['get', 'patch', 'update'] }],
  strategy: {
    prepareForCreate(va) {
      // Status belongs to the external attacher (`attached` is never omitted).
      va.status = { attached: false };
    },
    validate: validateVolumeAttachment,
    validateUpdate(va, old) {
      const errs = validateVolumeAttachment(va);
      if (!jsonEqual(va.spec, old.spec))
        errs.push(
          invalid(
            'spec',
            new GoValue(
              `storage.VolumeAttachmentSpec{Attacher:${JSON.stringify(va.spec?.attacher ?? '')}, Source:storage.VolumeAttachmentSource{PersistentVolumeName:(*string)(${JSON.stringify(va.spec?.source?.persistentVolumeName ?? null)}), InlineVolumeSpec:(*core.PersistentVolumeSpec)(nil)}, NodeName:${JSON.stringify(va.spec?.nodeName ?? '')}}`,
            ),
            'field is immutable',
          ),
        );
      return errs;
    },
  },
};
