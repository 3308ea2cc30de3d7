// The shape of github.com/google/go-cmp's cmp.Diff report, which validation appends to some
// immutability errors ("spec is immutable after creation ...\n  core.PersistentVolumeClaimSpec{
// ..."): Go values are modelled just enough to print them the way cmp does — types named when a
// struct is descended into, elided in compact values, zero fields left out, two records of
// context around each difference and "... // N identical fields" for the rest.

export type GoVal =
  | { k: 'struct'; type: string; fields: [string, GoVal][] }
  | { k: 'ptr'; to: GoVal | null }
  | { k: 'str'; v: string }
  | { k: 'num'; v: number }
  | { k: 'bool'; v: boolean }
  | { k: 'slice'; type: string; items: GoVal[] | null }
  | { k: 'map'; type: string; entries: [string, GoVal][] | null; typedKeys?: boolean }
  /** A value cmp prints with fixed text (a resource.Quantity). */
  | { k: 'raw'; text: string; zero?: boolean };

export const gStr = (v: string | undefined | null): GoVal => ({ k: 'str', v: v ?? '' });
export const gPtrStr = (v: string | undefined | null): GoVal => ({
  k: 'ptr',
  to: v == null ? null : { k: 'str', v },
});
export const gStruct = (type: string, fields: [string, GoVal][]): GoVal => ({
  k: 'struct',
  type,
  fields,
});
export const gPtr = (to: GoVal | null): GoVal => ({ k: 'ptr', to });
export const gStrSlice = (type: string, items: string[] | undefined | null): GoVal => ({
  k: 'slice',
  type,
  items: items == null ? null : items.map((v) => gStr(v)),
});
export const gStrMap = (
  type: string,
  m: Record<string, string> | undefined | null,
  typedKeys = false,
): GoVal => ({
  k: 'map',
  type,
  typedKeys,
  entries: m == null ? null : Object.keys(m).map((key) => [key, gStr(m[key])]),
});

function isZero(v: GoVal): boolean {
  switch (v.k) {
    case 'struct':
      return v.fields.every(([, f]) => isZero(f));
    case 'ptr':
      return v.to === null;
    case 'str':
      return v.v === '';
    case 'num':
      return v.v === 0;
    case 'bool':
      return !v.v;
    case 'slice':
      return v.items === null;
    case 'map':
      return v.entries === null;
    case 'raw':
      return !!v.zero;
  }
}

function equal(a: GoVal, b: GoVal): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The compact, one-line form; `typed` when the type is not implied by the context. */
function compact(v: GoVal, typed: boolean): string {
  switch (v.k) {
    case 'str':
      return JSON.stringify(v.v);
    case 'num':
    case 'bool':
      return String(v.v);
    case 'raw':
      return v.text;
    case 'ptr':
      return v.to === null ? 'nil' : `&${compact(v.to, true)}`;
    case 'slice': {
      if (v.items === null) return 'nil';
      return `${typed ? v.type : ''}{${v.items.map((i) => compact(i, false)).join(', ')}}`;
    }
    case 'map': {
      if (v.entries === null) return 'nil';
      const body = [...v.entries]
        .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
        .map(
          ([key, val]) => `${v.typedKeys ? 's' : ''}${JSON.stringify(key)}: ${compact(val, false)}`,
        )
        .join(', ');
      return `${typed ? v.type : ''}{${body}}`;
    }
    case 'struct': {
      const body = v.fields
        .filter(([, f]) => !isZero(f))
        .map(([name, f]) => `${name}: ${compact(f, false)}`)
        .join(', ');
      return `${typed ? v.type : ''}{${body}}`;
    }
  }
}

interface Line {
  mark: ' ' | '-' | '+';
  depth: number;
  /** A record "Key: value," split so keys can be aligned; text alone for braces and ellipses. */
  key?: string;
  text: string;
  /** Part of a run whose keys are aligned together. */
  align?: number;
}

const CONTEXT = 2;

let alignGroup = 0;

function structLines(
  a: GoVal & { k: 'struct' },
  b: GoVal & { k: 'struct' },
  depth: number,
): Line[] {
  const out: Line[] = [];
  const recs = a.fields.map(([name, av], i) => ({ name, av, bv: b.fields[i]![1] }));
  // Runs of equal and of differing fields.
  const runs: { same: boolean; recs: typeof recs }[] = [];
  for (const r of recs) {
    const same = equal(r.av, r.bv);
    const last = runs[runs.length - 1];
    if (last && last.same === same) last.recs.push(r);
    else runs.push({ same, recs: [r] });
  }
  let group = ++alignGroup;
  const record = (mark: Line['mark'], name: string, v: GoVal) =>
    out.push({ mark, depth, key: `${name}:`, text: `${compact(v, false)},`, align: group });
  runs.forEach((run, i) => {
    if (run.same) {
      const n = run.recs.length;
      let lo = 0;
      let hi = 0;
      while (lo < CONTEXT && lo + hi < n && i !== 0) lo++;
      while (hi < CONTEXT && lo + hi < n && i !== runs.length - 1) hi++;
      if (n - (lo + hi) === 1) hi++;
      for (const r of run.recs.slice(0, lo)) record(' ', r.name, r.bv);
      if (n > lo + hi)
        out.push({
          mark: ' ',
          depth,
          text: `... // ${n - lo - hi} identical field${n - lo - hi === 1 ? '' : 's'}`,
        });
      for (const r of run.recs.slice(n - hi)) record(' ', r.name, r.bv);
      return;
    }
    for (const r of run.recs) {
      const nested = descend(r.av, r.bv, depth, r.name);
      if (nested) {
        out.push(...nested);
        group = ++alignGroup;
      } else {
        record('-', r.name, r.av);
        record('+', r.name, r.bv);
      }
    }
  });
  return out;
}

/** A struct (or pointer to one, or slice) both sides have: its differences, a level deeper. */
function descend(a: GoVal, b: GoVal, depth: number, name: string): Line[] | undefined {
  if (a.k === 'ptr' && b.k === 'ptr' && a.to?.k === 'struct' && b.to?.k === 'struct') {
    if (a.to.type !== b.to.type) return undefined;
    return [
      { mark: ' ', depth, text: `${name}: &${a.to.type}{` },
      ...structLines(a.to, b.to, depth + 1),
      { mark: ' ', depth, text: '},' },
    ];
  }
  if (a.k === 'struct' && b.k === 'struct' && a.type === b.type)
    return [
      { mark: ' ', depth, text: `${name}: ${a.type}{` },
      ...structLines(a, b, depth + 1),
      { mark: ' ', depth, text: '},' },
    ];
  if (a.k === 'slice' && b.k === 'slice' && a.items && b.items) {
    const lines: Line[] = [{ mark: ' ', depth, text: `${name}: ${a.type}{` }];
    const ai = a.items.map((x) => compact(x, false));
    const bi = b.items.map((x) => compact(x, false));
    for (const [mark, t] of lcsDiff(ai, bi)) lines.push({ mark, depth: depth + 1, text: `${t},` });
    lines.push({ mark: ' ', depth, text: '},' });
    return lines;
  }
  return undefined;
}

/** Element-wise diff of two lists (longest common subsequence). */
function lcsDiff(a: string[], b: string[]): [Line['mark'], string][] {
  const n = a.length;
  const m = b.length;
  const dp = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      dp[i]![j] = a[i] === b[j] ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!);
  const out: [Line['mark'], string][] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      out.push([' ', a[i]!]);
      i++;
      j++;
    } else if (j >= m || (i < n && dp[i + 1]![j]! >= dp[i]![j + 1]!)) out.push(['-', a[i++]!]);
    else out.push(['+', b[j++]!]);
  }
  return out;
}

/** cmp.Diff(a, b) for two values of the same struct type. */
export function goDiff(a: GoVal & { k: 'struct' }, b: GoVal & { k: 'struct' }): string {
  alignGroup = 0;
  const lines: Line[] = [
    { mark: ' ', depth: 0, text: `${a.type}{` },
    ...structLines(a, b, 1),
    { mark: ' ', depth: 0, text: '}' },
  ];
  const widths = new Map<number, number>();
  for (const l of lines)
    if (l.key && l.align !== undefined)
      widths.set(l.align, Math.max(widths.get(l.align) ?? 0, l.key.length));
  return (
    lines
      .map((l) => {
        const body = l.key ? `${l.key.padEnd(widths.get(l.align!)!)} ${l.text}` : l.text;
        return `${l.mark} ${'\t'.repeat(l.depth)}${body}`;
      })
      .join('\n') + '\n'
  );
}

/** resource.Quantity as cmp shows it: its canonical string and format. */
export function gQuantity(text: string, format: string): GoVal {
  return {
    k: 'raw',
    text: `{i: {...}, s: ${JSON.stringify(text)}, Format: ${JSON.stringify(format)}}`,
  };
}
