import { forbiddenError } from '@kubelab/apimachinery';
import type { AdmissionPlugin } from '@kubelab/cluster-sim';
import type { AppConfig } from '@kubelab/platform';

// Limits of one learner's sandbox, so nobody can exhaust the service: pods, objects of one kind,
// objects in all (events and the simulator's own records are not counted). Refusals are 403
// Forbidden, like a ResourceQuota's, naming the limit.

export function sandboxQuota(
  config: Pick<
    AppConfig,
    'SANDBOX_MAX_OBJECTS' | 'SANDBOX_MAX_OBJECTS_PER_KIND' | 'SANDBOX_MAX_PODS'
  >,
): AdmissionPlugin {
  return {
    name: 'SandboxQuota',
    validate(op, type, obj, _old, ctx) {
      if (op !== 'create' || type.internal || (type.group === '' && type.kind === 'Event')) return;
      const refuse = (why: string) =>
        forbiddenError(
          { group: type.group, resource: type.plural },
          obj.metadata.name || obj.metadata.generateName || '',
          why,
        );
      const ofKind = ctx.state.list(type.group, type.kind).length;
      if (type.group === '' && type.kind === 'Pod' && ofKind >= config.SANDBOX_MAX_PODS) {
        throw refuse(
          `exceeded sandbox quota: pods=${ofKind}, limited: pods=${config.SANDBOX_MAX_PODS}`,
        );
      }
      if (ofKind >= config.SANDBOX_MAX_OBJECTS_PER_KIND) {
        throw refuse(
          `exceeded sandbox quota: ${type.plural}=${ofKind}, limited: ${type.plural}=${config.SANDBOX_MAX_OBJECTS_PER_KIND}`,
        );
      }
      let total = 0;
      for (const o of ctx.state.all())
        if (o.kind !== 'Event' && !o.apiVersion.startsWith('sim.kubelab.io/')) total++;
      if (total >= config.SANDBOX_MAX_OBJECTS)
        throw refuse(
          `exceeded sandbox quota: objects=${total}, limited: objects=${config.SANDBOX_MAX_OBJECTS}`,
        );
    },
  };
}
