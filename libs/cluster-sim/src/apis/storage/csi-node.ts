// pkg/registry/storage/csinode/strategy.go and ValidateCSINode(Update) of 1.32: the CSI drivers
// the kubelet registered on a node (kind's nodes have none).

import { duplicate, GoValue, invalid, required, type FieldError } from '@kubelab/apimachinery';
import { ALL_VERBS, type ResourceType } from '../../registry/resource-type';
import { jsonEqual } from '../../util/equal';
import { validateCSIDriverName } from './csi-name';

const NODE_ID_MAX = 192;

function validateCSINode(n: any): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (n.spec?.drivers ?? []).forEach((d: any, i: number) => {
    const path = `spec.drivers[${i}]`;
    errs.push(...validateCSIDriverName(d.name, `${path}.name`));
    if (!d.nodeID) errs.push(required(`${path}.nodeID`, ''));
    else if (d.nodeID.length > NODE_ID_MAX)
      errs.push(invalid(`${path}.nodeID`, d.nodeID, `must be ${NODE_ID_MAX} characters or less`));
    const keys = new Set<string>();
    for (const k of d.topologyKeys ?? []) {
      if (keys.has(k)) errs.push(duplicate(`${path}.topologyKeys`, k));
      keys.add(k);
    }
    if (d.allocatable?.count != null && d.allocatable.count < 0)
      errs.push(
        invalid(
          `${path}.allocatable.count`,
          d.allocatable.count,
          'must be greater than or equal to 0',
        ),
      );
    if (names.has(d.name)) errs.push(duplicate(`${path}.name`, d.name));
    names.add(d.name);
  });
  return errs;
}

export const csiNodeType: ResourceType = {
  group: 'storage.k8s.io',
  version: 'v1',
  kind: 'CSINode',
  plural: 'csinodes',
  singular: 'csinode',
  namespaced: false,
  verbs: ALL_VERBS,
  hasStatus: false,
  generation: 'none',
  strategy: {
    validate: validateCSINode,
    validateUpdate(n, old) {
      const errs = validateCSINode(n);
      // A registered driver's entry cannot be edited, only removed or added.
      for (const o of old.spec?.drivers ?? [])
        for (const d of n.spec?.drivers ?? [])
          if (o.name === d.name && !jsonEqual(o, d))
            errs.push(
              invalid(
                'CSINodeDriver',
                new GoValue(
                  `storage.CSINodeDriver{Name:${JSON.stringify(d.name)}, NodeID:${JSON.stringify(d.nodeID ?? '')}}`,
                ),
                'field is immutable',
              ),
            );
      return errs;
    },
  },
};
