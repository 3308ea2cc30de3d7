import { notSupported, required, type FieldError } from '@kubelab/apimachinery';
import { ALL_VERBS, type ResourceType } from '../../registry/resource-type';

export const endpointSliceType: ResourceType = {
  group: 'discovery.k8s.io',
  version: 'v1',
  kind: 'EndpointSlice',
  plural: 'endpointslices',
  singular: 'endpointslice',
  namespaced: true,
  verbs: ALL_VERBS,
  hasStatus: false,
  generation: 'data',
  strategy: {
    validate(s): FieldError[] {
      const errs: FieldError[] = [];
      if (!s.addressType) errs.push(required('addressType'));
      else if (!['IPv4', 'IPv6', 'FQDN'].includes(s.addressType))
        errs.push(notSupported('addressType', s.addressType, ['IPv4', 'IPv6', 'FQDN']));
      return errs;
    },
  },
};
