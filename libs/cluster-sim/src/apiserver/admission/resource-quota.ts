import { forbiddenError } from '@kubelab/apimachinery';
import { evaluatorFor, scopesOfQuota } from '../../quota/evaluator';
import {
  add,
  lessThanOrEqual,
  mask,
  prettyPrint,
  removeZeros,
  subtractNonNegative,
  toList,
} from '../../quota/resources';
import { calculateUsage, hardNames } from '../../quota/usage';
import type { AdmissionPlugin } from '../api-server';

// staging/src/k8s.io/apiserver/pkg/admission/plugin/resourcequota (controller.go checkRequest):
// the last plugin of the chain. An object that a namespace's quotas cover must first meet their
// constraints ("failed quota: ..."), then fit: usage now plus what it adds may not pass `hard`
// ("exceeded quota: <name>, requested: ..., used: ..., limited: ..."). Usage is measured from
// the stored objects with the quota controller's own evaluators, so the refusal and
// `kubectl describe quota` agree.

const byName = (a: any, b: any) =>
  a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;

export const resourceQuotaAdmission: AdmissionPlugin = {
  name: 'ResourceQuota',
  validate(op, type, obj, old, ctx) {
    if (op === 'delete' || !type.namespaced || type.internal) return;
    const ns = obj.metadata.namespace;
    const quotas = [...(ctx.view.list('', 'ResourceQuota', ns) as any[])].sort(byName);
    if (!quotas.length) return;
    const ev = evaluatorFor(type);
    if (!ev.handles(op)) return;
    const name = obj.metadata.name || obj.metadata.generateName || '';
    const refuse = (why: string) =>
      forbiddenError({ group: type.group, resource: type.plural }, name, why);

    const covering: any[] = [];
    for (const rq of quotas) {
      const restricted = ev.matchingResources(hardNames(rq));
      if (!restricted.length) continue;
      if (!scopesOfQuota(rq).every((s) => ev.matchesScope(s, obj))) continue;
      const unmet = ev.constraints?.(restricted, obj);
      if (unmet) throw refuse(`failed quota: ${rq.metadata.name}: ${unmet}`);
      covering.push(rq);
    }
    if (!covering.length) return;

    let delta = ev.usage(obj, ctx.now);
    const negative = Object.keys(delta).filter((k) => delta[k]!.sign < 0);
    if (negative.length)
      throw refuse(`quota usage is negative for resource(s): ${negative.sort().join(',')}`);
    // An update is charged only for what it adds.
    if (op === 'update' && old?.metadata?.resourceVersion)
      delta = subtractNonNegative(delta, ev.usage(old, ctx.now));
    delta = removeZeros(delta);
    if (!Object.keys(delta).length) return;

    for (const rq of covering) {
      const hard = toList(rq.spec.hard);
      const used = calculateUsage(ctx.view, ctx.registry, rq, ctx.now);
      const requested = mask(delta, Object.keys(hard));
      const next = mask(add(used, requested), Object.keys(requested));
      const [ok, exceeded] = lessThanOrEqual(next, hard);
      if (!ok)
        throw refuse(
          `exceeded quota: ${rq.metadata.name}, requested: ${prettyPrint(mask(requested, exceeded))}, used: ${prettyPrint(mask(used, exceeded))}, limited: ${prettyPrint(mask(hard, exceeded))}`,
        );
    }
  },
};
