import { forbiddenError, type Quantity } from '@kubelab/apimachinery';
import { podLimits, podRequests } from '../../apis/core/pod-resources';
import { q, toList, type ResourceList } from '../../quota/resources';
import type { AdmissionContext, AdmissionPlugin } from '../api-server';

// plugin/pkg/admission/limitranger: a new pod's containers get the default requests and limits
// of the namespace's LimitRanges (noted in the kubernetes.io/limit-ranger annotation), then pods
// and claims must fall within their min, max and limit/request ratio. A LimitRange's violations
// are refused together ("[a, b]"); pods are checked on create only, claims on every write.

const ANNOTATION = 'kubernetes.io/limit-ranger';

const isPod = (t: { group: string; kind: string }) => t.group === '' && t.kind === 'Pod';
const isClaim = (t: { group: string; kind: string }) =>
  t.group === '' && t.kind === 'PersistentVolumeClaim';

function limitRanges(ctx: AdmissionContext, namespace: string): any[] {
  return [...(ctx.view.list('', 'LimitRange', namespace) as any[])].sort((a, b) =>
    a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0,
  );
}

/** mergeContainerResources: fills what the container leaves out; returns the annotation parts. */
function mergeContainer(c: any, limits: ResourceList, requests: ResourceList, label: string) {
  const setLimits: string[] = [];
  const setRequests: string[] = [];
  const res = (c.resources ??= {});
  for (const [k, v] of Object.entries(limits))
    if (res.limits?.[k] === undefined) {
      (res.limits ??= {})[k] = v.toString();
      setLimits.push(k);
    }
  for (const [k, v] of Object.entries(requests))
    if (res.requests?.[k] === undefined) {
      (res.requests ??= {})[k] = v.toString();
      setRequests.push(k);
    }
  const notes: string[] = [];
  if (setRequests.length)
    notes.push(`${setRequests.sort().join(', ')} request for ${label} ${c.name}`);
  if (setLimits.length) notes.push(`${setLimits.sort().join(', ')} limit for ${label} ${c.name}`);
  return notes;
}

/** PodMutateLimitFunc: one LimitRange's Container defaults applied to every container. */
function applyDefaults(pod: any, lr: any): void {
  const limits: ResourceList = {};
  const requests: ResourceList = {};
  for (const item of lr.spec?.limits ?? []) {
    if (item.type !== 'Container') continue;
    Object.assign(requests, toList(item.defaultRequest));
    Object.assign(limits, toList(item.default));
  }
  const notes: string[] = [];
  for (const c of pod.spec?.containers ?? [])
    notes.push(...mergeContainer(c, limits, requests, 'container'));
  for (const c of pod.spec?.initContainers ?? [])
    notes.push(...mergeContainer(c, limits, requests, 'init container'));
  if (notes.length)
    pod.metadata.annotations = {
      ...(pod.metadata.annotations ?? {}),
      [ANNOTATION]: `LimitRanger plugin set: ${notes.join('; ')}`,
    };
}

type Check = (
  type: string,
  r: string,
  enforced: Quantity,
  req: ResourceList,
  lim: ResourceList,
) => string | undefined;

const minConstraint: Check = (type, r, enforced, req, lim) => {
  if (!req[r]) return `minimum ${r} usage per ${type} is ${enforced}.  No request is specified`;
  if (req[r]!.cmp(enforced) < 0)
    return `minimum ${r} usage per ${type} is ${enforced}, but request is ${req[r]}`;
  if (lim[r] && lim[r]!.cmp(enforced) < 0)
    return `minimum ${r} usage per ${type} is ${enforced}, but limit is ${lim[r]}`;
  return undefined;
};

const maxConstraint: Check = (type, r, enforced, req, lim) => {
  if (!lim[r]) return `maximum ${r} usage per ${type} is ${enforced}.  No limit is specified`;
  if (lim[r]!.cmp(enforced) > 0)
    return `maximum ${r} usage per ${type} is ${enforced}, but limit is ${lim[r]}`;
  if (req[r] && req[r]!.cmp(enforced) > 0)
    return `maximum ${r} usage per ${type} is ${enforced}, but request is ${req[r]}`;
  return undefined;
};

/** maxRequestConstraint: claims have requests only. */
const maxRequestConstraint: Check = (type, r, enforced, req) => {
  if (!req[r]) return `maximum ${r} usage per ${type} is ${enforced}.  No request is specified`;
  if (req[r]!.cmp(enforced) > 0)
    return `maximum ${r} usage per ${type} is ${enforced}, but request is ${req[r]}`;
  return undefined;
};

const ratioConstraint: Check = (type, r, enforced, req, lim) => {
  const prefix = `${r} max limit to request ratio per ${type} is ${enforced}`;
  if (!req[r] || req[r]!.isZero()) return `${prefix}, but no request is specified or request is 0`;
  if (!lim[r] || lim[r]!.isZero()) return `${prefix}, but no limit is specified or limit is 0`;
  const ratio = lim[r]!.milliValue() / req[r]!.milliValue();
  if (ratio * 1000 > enforced.milliValue())
    return `${prefix}, but provided ratio is ${ratio.toFixed(6)}`;
  return undefined;
};

function checkItem(
  item: any,
  type: string,
  req: ResourceList,
  lim: ResourceList,
  maxCheck: Check,
  errs: string[],
): void {
  const each = (field: string, check: Check) => {
    for (const k of Object.keys(item[field] ?? {}).sort()) {
      const e = check(type, k, q(item[field][k]), req, lim);
      if (e) errs.push(e);
    }
  };
  each('min', minConstraint);
  each('max', maxCheck);
  if (type !== 'PersistentVolumeClaim') each('maxLimitRequestRatio', ratioConstraint);
}

/** PodValidateLimitFunc / PersistentVolumeClaimValidateLimitFunc: one LimitRange's violations. */
function violations(kind: 'Pod' | 'PersistentVolumeClaim', obj: any, lr: any): string[] {
  const errs: string[] = [];
  for (const item of lr.spec?.limits ?? []) {
    if (kind === 'PersistentVolumeClaim') {
      if (item.type === 'PersistentVolumeClaim')
        checkItem(
          item,
          item.type,
          toList(obj.spec?.resources?.requests),
          {},
          maxRequestConstraint,
          errs,
        );
      continue;
    }
    if (item.type === 'Container') {
      for (const c of [...(obj.spec?.containers ?? []), ...(obj.spec?.initContainers ?? [])])
        checkItem(
          item,
          item.type,
          toList(c.resources?.requests),
          toList(c.resources?.limits),
          maxConstraint,
          errs,
        );
    }
    if (item.type === 'Pod')
      checkItem(item, item.type, podRequests(obj), podLimits(obj), maxConstraint, errs);
  }
  return [...new Set(errs)];
}

export const limitRanger: AdmissionPlugin = {
  name: 'LimitRanger',
  admit(op, type, obj, old, ctx) {
    // Containers cannot change after creation, so pods are defaulted on create only.
    if (op !== 'create' || !isPod(type)) return;
    if (old?.metadata?.deletionTimestamp) return;
    for (const lr of limitRanges(ctx, obj.metadata.namespace)) applyDefaults(obj, lr);
  },
  validate(op, type, obj, old, ctx) {
    if (op === 'delete') return;
    if (!(isPod(type) && op === 'create') && !isClaim(type)) return;
    if (old?.metadata?.deletionTimestamp) return;
    const kind = isPod(type) ? 'Pod' : 'PersistentVolumeClaim';
    for (const lr of limitRanges(ctx, obj.metadata.namespace)) {
      let errs = violations(kind, obj, lr);
      // On update, a claim's unchanged request is not checked again.
      if (old && kind === 'PersistentVolumeClaim') {
        const before = old.spec?.resources?.requests?.storage;
        const now = obj.spec?.resources?.requests?.storage;
        if (before !== undefined && now !== undefined && q(before).cmp(q(now)) === 0) errs = [];
      }
      if (!errs.length) continue;
      throw forbiddenError(
        { group: type.group, resource: type.plural },
        obj.metadata.name || obj.metadata.generateName || '',
        errs.length === 1 ? errs[0]! : `[${errs.join(', ')}]`,
      );
    }
  },
};
