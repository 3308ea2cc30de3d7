import { forbiddenError, notFoundError, StatusError } from '@kubelab/apimachinery';
import type { AdmissionPlugin } from '../api-server';

// plugin/pkg/admission/namespace/lifecycle: no new content in a namespace that does not exist
// or is being deleted.

export const namespaceLifecycle: AdmissionPlugin = {
  name: 'NamespaceLifecycle',
  admit(op, type, obj, _old, ctx) {
    if (op !== 'create' || !type.namespaced) return;
    const ns = obj.metadata.namespace;
    const nsObj: any = ctx.view.get('', 'Namespace', '', ns);
    if (!nsObj) throw notFoundError({ group: '', resource: 'namespaces' }, ns);
    if (nsObj.status?.phase === 'Terminating' || nsObj.metadata.deletionTimestamp) {
      // Events about the deletion itself are still allowed (the real plugin exempts them).
      if (type.kind === 'Event' && type.group === '') return;
      const err = forbiddenError(
        { group: type.group, resource: type.plural },
        obj.metadata.name || obj.metadata.generateName || '',
        `unable to create new content in namespace ${ns} because it is being terminated`,
      );
      throw new StatusError(err.code, err.reason, err.message, {
        ...err.details,
        causes: [
          {
            reason: 'NamespaceTerminating',
            message: `namespace ${ns} is being terminated`,
            field: 'metadata.namespace',
          },
        ],
      });
    }
  },
};
