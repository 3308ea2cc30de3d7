import { Quantity } from '@kubelab/apimachinery';
import { goSort, goSortStrings, goStringLess } from './go-sort';
import { LEVEL_0, type PrefixWriter } from './prefix-writer';

// The formatting helpers the describers share: label, annotation, taint and toleration lists
// aligned on their title, quantities and values printed as Go prints them.

/** Never shown: it repeats the whole object. */
const SKIPPED_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);
/** Longer annotations (key + value) go on lines of their own, cut at this many bytes. */
const MAX_ANNOTATION_LEN = 140;

const utf8 = new TextEncoder();
const byteLength = (s: string) => utf8.encode(s).length;

export type StringMap = Record<string, string> | undefined | null;

/** printLabelsMultiline: `Title:<tab>k=v`, the next pairs under the first, `<none>` when none. */
export function printLabels(w: PrefixWriter, title: string, labels: StringMap): void {
  printLabelsWithIndent(w, '', title, '\t', labels);
}

export function printLabelsWithIndent(
  w: PrefixWriter,
  initialIndent: string,
  title: string,
  innerIndent: string,
  labels: StringMap,
): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  const keys = goSortStrings(Object.keys(labels ?? {}));
  if (!keys.length) return w.writeLine('<none>');
  keys.forEach((key, i) => {
    if (i) w.write(LEVEL_0, initialIndent + innerIndent);
    w.write(LEVEL_0, `${key}=${labels![key]}\n`);
  });
}

/** printAnnotationsMultiline: as labels, but `k: v`, and long or multi-line values indented. */
export function printAnnotations(w: PrefixWriter, title: string, annotations: StringMap): void {
  w.write(LEVEL_0, `${title}:\t`);
  const keys = goSortStrings(
    Object.keys(annotations ?? {}).filter((k) => !SKIPPED_ANNOTATIONS.has(k)),
  );
  if (!keys.length) return w.writeLine('<none>');
  const indent = '\t';
  keys.forEach((key, i) => {
    if (i) w.write(LEVEL_0, indent);
    const value = annotations![key]!.replace(/\n$/, '');
    if (byteLength(value) + byteLength(key) + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(LEVEL_0, `${key}:\n`);
      for (const line of value.split('\n'))
        w.write(LEVEL_0, `${indent}  ${shorten(line, MAX_ANNOTATION_LEN - 2)}\n`);
    } else w.write(LEVEL_0, `${key}: ${value}\n`);
  });
}

/** Go's s[:n] + "...", counting bytes. */
function shorten(s: string, max: number): string {
  const bytes = utf8.encode(s);
  if (bytes.length <= max) return s;
  return new TextDecoder().decode(bytes.slice(0, max)) + '...';
}

export interface Taint {
  key?: string;
  value?: string;
  effect?: string;
}

/** Taint.ToString(): `key=value:effect`, or `key:effect` without a value. */
export const taintString = (t: Taint) =>
  t.value ? `${t.key ?? ''}=${t.value}:${t.effect ?? ''}` : `${t.key ?? ''}:${t.effect ?? ''}`;

/** printNodeTaintsMultiline, sorted by effect then key. */
export function printTaints(w: PrefixWriter, title: string, taints: Taint[] | undefined): void {
  w.write(LEVEL_0, `${title}:\t`);
  if (!taints?.length) return w.writeLine('<none>');
  const sortKey = (t: Taint) => `${t.effect ?? ''},${t.key ?? ''}`;
  goSort([...taints], (a, b) => goStringLess(sortKey(a), sortKey(b))).forEach((t, i) => {
    if (i) w.write(LEVEL_0, '\t');
    w.write(LEVEL_0, `${taintString(t)}\n`);
  });
}

export interface Toleration extends Taint {
  operator?: string;
  tolerationSeconds?: number;
}

/** printPodTolerationsMultiline: `key=value:effect`, ` op=Exists`, ` for 300s`, sorted by key. */
export function printTolerations(
  w: PrefixWriter,
  title: string,
  tolerations: Toleration[] | undefined,
): void {
  w.write(LEVEL_0, `${title}:\t`);
  if (!tolerations?.length) return w.writeLine('<none>');
  const sorted = goSort([...tolerations], (a, b) => goStringLess(a.key ?? '', b.key ?? ''));
  sorted.forEach((t, i) => {
    if (i) w.write(LEVEL_0, '\t');
    w.write(LEVEL_0, tolerationString(t) + '\n');
  });
}

function tolerationString(t: Toleration): string {
  let s = t.key ?? '';
  if (t.value) s += `=${t.value}`;
  if (t.effect) s += `:${t.effect}`;
  // An Exists toleration without a value; with neither key nor effect it tolerates everything.
  if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
  if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null)
    s += ` for ${t.tolerationSeconds}s`;
  return s;
}

/** A quantity as Go re-prints it after decoding (its canonical form). */
export function quantityString(v: unknown): string {
  return parseQuantity(v).toString();
}

/** A quantity field; absent or unreadable reads as zero, as Go's zero Quantity. */
export function parseQuantity(v: unknown): Quantity {
  if (v === undefined || v === null) return Quantity.zero();
  try {
    return Quantity.parse(String(v).trim());
  } catch {
    return Quantity.zero();
  }
}

/** Resource names of a resource list, sorted (SortedResourceNames). */
export const sortedResourceNames = (list: Record<string, unknown> | undefined) =>
  goSortStrings(Object.keys(list ?? {}));

/** printBool: "True" / "False". */
export const printBool = (v: unknown) => (v ? 'True' : 'False');

/** stringOrNone. */
export const stringOrNone = (s: string | undefined) => (s ? s : '<none>');

/** Go's %v of a decoded JSON value (as the generic describer prints unstructured fields). */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'number') return goFloat(v);
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (typeof v === 'object')
    return `map[${goSortStrings(Object.keys(v))
      .map((k) => `${k}:${goValue((v as Record<string, unknown>)[k])}`)
      .join(' ')}]`;
  return String(v);
}

/** %v of a number: integers as they are, others as strconv's shortest 'g' (%e from 1e+06 up). */
function goFloat(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 63) return BigInt(n).toString();
  const [mantissa, e] = n.toExponential().split('e');
  const exp = Number(e);
  if (exp >= -4 && exp < 6) return String(n);
  return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}
