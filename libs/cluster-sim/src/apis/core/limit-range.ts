import {
  duplicate,
  forbidden,
  GoValue,
  invalid,
  isQualifiedName,
  required,
  type FieldError,
} from '@kubelab/apimachinery';
import { uuidFrom } from '../../util/random';
import { q } from '../../quota/resources';
import { ALL_VERBS, type ResourceType } from '../../registry/resource-type';
import { goQuantity } from './go-quantity';
import { isStandardResource } from './resource-quota';

// pkg/registry/core/limitrange/strategy.go, SetDefaults_LimitRangeItem
// (pkg/apis/core/v1/defaults.go) and ValidateLimitRange (pkg/apis/core/validation): a
// Container item's default limit falls back to its max and its default request to the
// default limit, then to its min; min <= defaultRequest <= default <= max must hold.

const LIMIT_TYPES = ['Pod', 'Container', 'PersistentVolumeClaim'];
const FIELDS = ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'] as const;

/** Fills the Container item's defaults (SetDefaults_LimitRangeItem). */
function defaultItem(item: any): void {
  if (item?.type !== 'Container') return;
  const def: Record<string, unknown> = { ...(item.default ?? {}) };
  const defReq: Record<string, unknown> = { ...(item.defaultRequest ?? {}) };
  for (const [k, v] of Object.entries(item.max ?? {})) if (!(k in def)) def[k] = v;
  for (const [k, v] of Object.entries(def)) if (!(k in defReq)) defReq[k] = v;
  for (const [k, v] of Object.entries(item.min ?? {})) if (!(k in defReq)) defReq[k] = v;
  // Empty maps are omitted from the stored object, as Go's omitempty does.
  if (Object.keys(def).length) item.default = def;
  if (Object.keys(defReq).length) item.defaultRequest = defReq;
}

/** Quantities as the API server stores them: canonical strings ("0.5" reads back "500m"). */
function canonicalize(item: any): void {
  for (const f of FIELDS) {
    if (!item?.[f] || typeof item[f] !== 'object') continue;
    for (const [k, v] of Object.entries(item[f])) item[f][k] = q(v).toString();
  }
}

function validateResourceName(r: string, path: string): FieldError[] {
  const errs: FieldError[] = isQualifiedName(r).map((m) => invalid(path, r, m));
  if (!r.includes('/') && !isStandardResource(r))
    errs.push(invalid(path, r, 'must be a standard resource type or fully qualified'));
  return errs;
}

/** validateLimitRangeResourceName: Pod and Container items take container resources only. */
function validateItemResourceName(type: string, r: string, path: string): FieldError[] {
  const errs = validateResourceName(r, path);
  if (type !== 'Pod' && type !== 'Container') return errs;
  if (!r.includes('/')) {
    if (!['cpu', 'memory', 'ephemeral-storage'].includes(r) && !r.startsWith('hugepages-'))
      errs.push(invalid(path, new GoValue(r), 'must be a standard resource for containers'));
  } else if (!r.includes('kubernetes.io/') && r.startsWith('requests.')) {
    errs.push(invalid(path, new GoValue(r), "doesn't follow extended resource name standard"));
  }
  return errs;
}

function validateType(type: unknown, path: string): FieldError[] {
  const t = typeof type === 'string' ? type : '';
  const errs = isQualifiedName(t).map((m) => invalid(path, t, m));
  if (errs.length) return errs;
  if (!t.includes('/') && !LIMIT_TYPES.includes(t))
    return [invalid(path, t, 'must be a standard limit type or fully qualified')];
  return [];
}

/** Resources that may not be overcommitted: their default must equal their default request. */
const overcommitAllowed = (r: string) =>
  ['cpu', 'memory', 'ephemeral-storage', 'storage'].includes(r) ||
  (r.includes('kubernetes.io/') && !r.startsWith('hugepages-'));

function validateLimitRange(lr: any): FieldError[] {
  const errs: FieldError[] = [];
  const types = new Set<string>();
  (lr.spec?.limits ?? []).forEach((item: any, i: number) => {
    const p = `spec.limits[${i}]`;
    const type = item.type ?? '';
    errs.push(...validateType(item.type, `${p}.type`));
    if (types.has(type)) errs.push(duplicate(`${p}.type`, type));
    types.add(type);
    const keys = new Set<string>();
    const names = (f: (typeof FIELDS)[number]) => Object.keys(item[f] ?? {}).sort();
    for (const f of ['max', 'min'] as const)
      for (const k of names(f)) {
        errs.push(...validateItemResourceName(type, k, `${p}.${f}[${k}]`));
        keys.add(k);
      }
    if (type === 'Pod') {
      if (Object.keys(item.default ?? {}).length)
        errs.push(forbidden(`${p}.default`, "may not be specified when `type` is 'Pod'"));
      if (Object.keys(item.defaultRequest ?? {}).length)
        errs.push(forbidden(`${p}.defaultRequest`, "may not be specified when `type` is 'Pod'"));
    } else {
      for (const f of ['default', 'defaultRequest'] as const)
        for (const k of names(f)) {
          errs.push(...validateItemResourceName(type, k, `${p}.${f}[${k}]`));
          keys.add(k);
        }
    }
    if (type === 'PersistentVolumeClaim' && !item.min?.storage && !item.max?.storage)
      errs.push(
        required(
          `${p}.limits`,
          'either minimum or maximum storage value is required, but neither was provided',
        ),
      );
    for (const k of names('maxLimitRequestRatio')) {
      errs.push(...validateItemResourceName(type, k, `${p}.maxLimitRequestRatio[${k}]`));
      keys.add(k);
    }
    const get = (f: (typeof FIELDS)[number], k: string) =>
      item[f] && k in item[f] ? { raw: item[f][k], q: q(item[f][k]) } : undefined;
    for (const k of [...keys].sort()) {
      const min = get('min', k);
      const max = get('max', k);
      const def = type === 'Pod' ? undefined : get('default', k);
      const defReq = type === 'Pod' ? undefined : get('defaultRequest', k);
      const ratio = get('maxLimitRequestRatio', k);
      const s = (x: { q: any }) => x.q.toString();
      if (min && max && min.q.cmp(max.q) > 0)
        errs.push(
          invalid(
            `${p}.min[${k}]`,
            goQuantity(min.raw),
            `min value ${s(min)} is greater than max value ${s(max)}`,
          ),
        );
      if (defReq && min && min.q.cmp(defReq.q) > 0)
        errs.push(
          invalid(
            `${p}.defaultRequest[${k}]`,
            goQuantity(defReq.raw),
            `min value ${s(min)} is greater than default request value ${s(defReq)}`,
          ),
        );
      if (defReq && max && defReq.q.cmp(max.q) > 0)
        errs.push(
          invalid(
            `${p}.defaultRequest[${k}]`,
            goQuantity(defReq.raw),
            `default request value ${s(defReq)} is greater than max value ${s(max)}`,
          ),
        );
      if (defReq && def && defReq.q.cmp(def.q) > 0)
        errs.push(
          invalid(
            `${p}.defaultRequest[${k}]`,
            goQuantity(defReq.raw),
            `default request value ${s(defReq)} is greater than default limit value ${s(def)}`,
          ),
        );
      if (def && min && min.q.cmp(def.q) > 0)
        errs.push(
          invalid(
            `${p}.default[${k}]`,
            goQuantity(min.raw),
            `min value ${s(min)} is greater than default value ${s(def)}`,
          ),
        );
      if (def && max && def.q.cmp(max.q) > 0)
        errs.push(
          invalid(
            `${p}.default[${k}]`,
            goQuantity(max.raw),
            `default value ${s(def)} is greater than max value ${s(max)}`,
          ),
        );
      if (ratio && ratio.q.cmpInt(1) < 0)
        errs.push(
          invalid(
            `${p}.maxLimitRequestRatio[${k}]`,
            goQuantity(ratio.raw),
            `ratio ${s(ratio)} is less than 1`,
          ),
        );
      if (ratio && min && max) {
        const bound = max.q.milliValue() / min.q.milliValue();
        if (ratio.q.milliValue() / 1000 > bound)
          errs.push(
            invalid(
              `${p}.maxLimitRequestRatio[${k}]`,
              goQuantity(ratio.raw),
              `ratio ${s(ratio)} is greater than max/min = ${bound.toFixed(6)}`,
            ),
          );
      }
      if (!overcommitAllowed(k) && def && defReq && def.q.cmp(defReq.q) !== 0)
        errs.push(
          invalid(
            `${p}.defaultRequest[${k}]`,
            goQuantity(defReq.raw),
            `default value ${s(def)} must equal to defaultRequest value ${s(defReq)} in ${k}`,
          ),
        );
    }
  });
  return errs;
}

export const limitRangeType: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'LimitRange',
  plural: 'limitranges',
  singular: 'limitrange',
  shortNames: ['limits'],
  namespaced: true,
  verbs: ALL_VERBS,
  hasStatus: false,
  generation: 'none',
  strategy: {
    defaults(lr) {
      for (const item of lr.spec?.limits ?? []) {
        defaultItem(item);
        canonicalize(item);
      }
    },
    prepareForCreate(lr, ctx) {
      // A LimitRange posted without a name is given a random one (strategy.go).
      if (!lr.metadata.name) lr.metadata.name = uuidFrom(ctx.random);
    },
    validate: (lr) => validateLimitRange(lr),
    validateUpdate: (lr) => validateLimitRange(lr),
  },
};
