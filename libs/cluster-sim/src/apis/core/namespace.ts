import { ALL_VERBS, type ResourceType } from '../../registry/resource-type';

// pkg/registry/core/namespace/strategy.go: the kubernetes finalizer, the name label, and
// Terminating until the namespace controller has emptied it.

export const namespaceType: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'Namespace',
  plural: 'namespaces',
  singular: 'namespace',
  shortNames: ['ns'],
  namespaced: false,
  verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  hasStatus: true,
  generation: 'none',
  subresources: [
    { name: 'finalize', verbs: ['update'] },
    { name: 'status', verbs: ['get', 'patch', 'update'] },
  ],
  strategy: {
    defaults(ns) {
      ns.spec ??= {};
      ns.spec.finalizers ??= ['kubernetes'];
      ns.metadata.labels = {
        ...(ns.metadata.labels ?? {}),
        'kubernetes.io/metadata.name': ns.metadata.name,
      };
    },
    prepareForCreate(ns) {
      ns.status = { phase: 'Active' };
    },
    beginDelete(ns) {
      ns.status = { ...(ns.status ?? {}), phase: 'Terminating' };
      return true;
    },
    readyToRemove: (ns) => !(ns.spec?.finalizers ?? []).length,
  },
};
void ALL_VERBS;
