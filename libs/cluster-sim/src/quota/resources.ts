import { parseQuantityJSON, Quantity } from '@kubelab/apimachinery';

// Resource lists as quota arithmetic sees them (staging/src/k8s.io/apiserver/pkg/quota/v1/
// resources.go): sums keep the format of their first non-zero term, as Quantity.Add does, so
// 600Mi + 200Mi reads 800Mi and 400m + 400m reads 800m.

export type ResourceList = Record<string, Quantity>;

/** A stored quantity (string or number) as a Quantity; 0 when absent or unparsable. */
export function q(v: unknown): Quantity {
  if (v === undefined || v === null) return Quantity.zero('DecimalSI');
  try {
    return parseQuantityJSON(v);
  } catch {
    return Quantity.zero('DecimalSI');
  }
}

/** A ResourceList from a stored map of quantities. */
export function toList(m: Record<string, unknown> | undefined): ResourceList {
  const out: ResourceList = {};
  for (const [k, v] of Object.entries(m ?? {})) out[k] = q(v);
  return out;
}

/** The stored form (canonical strings), keys sorted as the API server's JSON encoder does. */
export function toStored(l: ResourceList): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(l).sort()) out[k] = l[k]!.toString();
  return out;
}

export const one = () => Quantity.fromInt(1, 'DecimalSI');
export const count = (n: number) => Quantity.fromInt(n, 'DecimalSI');

/** quota.Add: every key of either list, summed. */
export function add(a: ResourceList, b: ResourceList): ResourceList {
  const out: ResourceList = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = out[k] ? out[k]!.add(v) : v;
  return out;
}

/** quota.SubtractWithNonNegativeResult. */
export function subtractNonNegative(a: ResourceList, b: ResourceList): ResourceList {
  const out: ResourceList = {};
  for (const [k, v] of Object.entries(a)) {
    const d = b[k] ? v.sub(b[k]!) : v;
    out[k] = d.sign < 0 ? Quantity.zero(v.format) : d;
  }
  return out;
}

/** quota.Mask: only the named keys. */
export function mask(l: ResourceList, names: Iterable<string>): ResourceList {
  const out: ResourceList = {};
  for (const n of names) if (l[n]) out[n] = l[n]!;
  return out;
}

export function removeZeros(l: ResourceList): ResourceList {
  const out: ResourceList = {};
  for (const [k, v] of Object.entries(l)) if (!v.isZero()) out[k] = v;
  return out;
}

/** quota.LessThanOrEqual: whether every key of `a` found in `b` is within it, and which are not. */
export function lessThanOrEqual(a: ResourceList, b: ResourceList): [boolean, string[]] {
  const exceeded: string[] = [];
  for (const [k, v] of Object.entries(a)) {
    const limit = b[k];
    if (limit && v.cmp(limit) > 0) exceeded.push(k);
  }
  return [exceeded.length === 0, exceeded];
}

/** "requests.cpu=1,requests.memory=1Gi": sorted keys, as the quota admission prints them. */
export function prettyPrint(l: ResourceList): string {
  return Object.keys(l)
    .sort()
    .map((k) => `${k}=${l[k]!.toString()}`)
    .join(',');
}
