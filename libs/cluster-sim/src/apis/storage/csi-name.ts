// ValidateCSIDriverName (pkg/apis/core/validation): the rule for CSI driver names, shared by
// CSIDriver, CSINode and VolumeAttachment.

import {
  invalid,
  isDNS1123Subdomain,
  required,
  tooLong,
  type FieldError,
} from '@kubelab/apimachinery';

export function validateCSIDriverName(name: string | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const n = name ?? '';
  if (!n) errs.push(required(field, ''));
  if (n.length > 63) errs.push(tooLong(field, 63));
  for (const m of isDNS1123Subdomain(n.toLowerCase())) errs.push(invalid(field, n, m));
  return errs;
}
