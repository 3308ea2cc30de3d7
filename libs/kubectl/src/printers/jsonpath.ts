// kubectl's JSONPath templates (k8s.io/client-go/util/jsonpath): text with `{…}` actions —
// fields `.a.b`, `['a.b']` and escaped dots `a\.b`, `[n]`, `[start:end]`, `[*]`, `..name`
// (recursive), filters `[?(@.type=="Ready")]`, unions `[a,b]`, `{range …}…{end}`, string
// literals `{"\n"}` — printed as kubectl prints them: several results joined by spaces, maps and
// lists as JSON.

export class JsonPathError extends Error {}

type Step =
  | { t: 'field'; name: string }
  | { t: 'all' }
  | { t: 'recursive'; name: string | null }
  | { t: 'index'; indexes: number[] }
  | { t: 'slice'; start?: number; end?: number; step?: number }
  | { t: 'filter'; left: Step[]; op?: string; right?: Step[] | string | number | boolean }
  | { t: 'fields'; names: string[] };

type Node =
  | { t: 'text'; v: string }
  | { t: 'path'; steps: Step[] }
  | { t: 'range'; steps: Step[]; body: Node[] };

function parsePath(src: string): Step[] {
  let s = src.trim();
  const steps: Step[] = [];
  if (s === '@' || s === '$') return steps;
  if (s.startsWith('$') || s.startsWith('@')) s = s.slice(1);
  let i = 0;
  const readName = () => {
    let name = '';
    while (i < s.length && s[i] !== '.' && s[i] !== '[') {
      if (s[i] === '\\' && i + 1 < s.length) {
        name += s[i + 1];
        i += 2;
      } else name += s[i++];
    }
    return name;
  };
  while (i < s.length) {
    if (s.startsWith('..', i)) {
      i += 2;
      const name = s[i] === '[' ? null : readName();
      steps.push({ t: 'recursive', name: name === '*' ? null : name });
    } else if (s[i] === '.') {
      i++;
      if (s[i] === '[') continue;
      const name = readName();
      steps.push(name === '*' ? { t: 'all' } : { t: 'field', name });
    } else if (s[i] === '[') {
      const end = matchBracket(s, i);
      const inner = s.slice(i + 1, end).trim();
      i = end + 1;
      steps.push(parseBracket(inner));
    } else {
      const name = readName();
      if (!name) throw new JsonPathError(`unrecognized character in action: ${s[i]}`);
      steps.push({ t: 'field', name });
    }
  }
  return steps;
}

function matchBracket(s: string, start: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = start; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
  }
  throw new JsonPathError('unterminated array');
}

function parseBracket(inner: string): Step {
  if (inner === '*') return { t: 'all' };
  if (inner.startsWith('?')) {
    const m = /^\?\((.*)\)$/s.exec(inner);
    if (!m) throw new JsonPathError(`invalid filter: ${inner}`);
    const expr = m[1]!.trim();
    const op = /(==|!=|<=|>=|<|>)/.exec(expr);
    if (!op) return { t: 'filter', left: parsePath(expr) };
    const left = expr.slice(0, op.index).trim();
    const right = expr.slice(op.index + op[1]!.length).trim();
    return { t: 'filter', left: parsePath(left), op: op[1], right: literal(right) };
  }
  if (/^['"]/.test(inner)) {
    const names = inner.split(',').map((p) => p.trim().replace(/^['"]|['"]$/g, ''));
    return { t: 'fields', names };
  }
  if (inner.includes(':')) {
    const [a, b, c] = inner.split(':').map((x) => (x.trim() === '' ? undefined : Number(x)));
    return { t: 'slice', start: a, end: b, step: c };
  }
  const indexes = inner.split(',').map((x) => Number(x.trim()));
  if (indexes.some((n) => Number.isNaN(n))) throw new JsonPathError(`invalid array index ${inner}`);
  return { t: 'index', indexes };
}

function literal(src: string): Step[] | string | number | boolean {
  if (/^(['"]).*\1$/s.test(src)) return src.slice(1, -1);
  if (/^-?\d+(\.\d+)?$/.test(src)) return Number(src);
  if (src === 'true' || src === 'false') return src === 'true';
  return parsePath(src);
}

/** Parses a template: text outside braces is literal. */
export function parseTemplate(template: string): Node[] {
  const nodes: Node[] = [];
  const stack: Node[][] = [nodes];
  const rangeStack: { steps: Step[]; body: Node[] }[] = [];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) {
      stack[stack.length - 1]!.push({ t: 'text', v: template.slice(i) });
      break;
    }
    if (open > i) stack[stack.length - 1]!.push({ t: 'text', v: template.slice(i, open) });
    // The action ends at the matching brace, outside quotes.
    let j = open + 1;
    let quote: string | null = null;
    for (; j < template.length; j++) {
      const c = template[j];
      if (quote) {
        if (c === '\\') j++;
        else if (c === quote) quote = null;
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '}') break;
    }
    if (j >= template.length) throw new JsonPathError('unclosed action');
    const action = template.slice(open + 1, j).trim();
    i = j + 1;
    if (action.startsWith('range ')) {
      const r = { steps: parsePath(action.slice(6)), body: [] as Node[] };
      rangeStack.push(r);
      stack.push(r.body);
    } else if (action === 'end') {
      const r = rangeStack.pop();
      if (!r) throw new JsonPathError('not in range, nothing to end');
      stack.pop();
      stack[stack.length - 1]!.push({ t: 'range', steps: r.steps, body: r.body });
    } else if (/^(['"]).*\1$/s.test(action)) {
      stack[stack.length - 1]!.push({ t: 'text', v: unescape(action.slice(1, -1)) });
    } else stack[stack.length - 1]!.push({ t: 'path', steps: parsePath(action) });
  }
  if (rangeStack.length) throw new JsonPathError('unclosed range');
  return nodes;
}

function unescape(s: string): string {
  return s.replace(/\\(.)/g, (_m, c: string) =>
    c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : c,
  );
}

function walk(values: unknown[], steps: Step[]): unknown[] {
  let cur = values;
  for (const step of steps) {
    const next: unknown[] = [];
    for (const v of cur) apply(v, step, next);
    cur = next;
  }
  return cur;
}

function apply(v: unknown, step: Step, out: unknown[]): void {
  switch (step.t) {
    case 'field':
      if (v && typeof v === 'object' && !Array.isArray(v) && step.name in v)
        out.push((v as Record<string, unknown>)[step.name]);
      return;
    case 'fields':
      if (v && typeof v === 'object')
        for (const n of step.names)
          if (n in (v as object)) out.push((v as Record<string, unknown>)[n]);
      return;
    case 'all':
      if (Array.isArray(v)) out.push(...v);
      else if (v && typeof v === 'object') out.push(...Object.values(v));
      return;
    case 'index':
      if (Array.isArray(v))
        for (const n of step.indexes) {
          const k = n < 0 ? v.length + n : n;
          if (k < 0 || k >= v.length)
            throw new JsonPathError(`array index out of bounds: index ${n}, length ${v.length}`);
          out.push(v[k]);
        }
      return;
    case 'slice':
      if (Array.isArray(v)) {
        const len = v.length;
        let start = step.start ?? 0;
        let end = step.end ?? len;
        if (start < 0) start += len;
        if (end < 0) end += len;
        for (let k = Math.max(0, start); k < Math.min(len, end); k += step.step ?? 1)
          out.push(v[k]);
      }
      return;
    case 'recursive': {
      const visit = (x: unknown) => {
        if (Array.isArray(x)) x.forEach(visit);
        else if (x && typeof x === 'object') {
          if (step.name === null) out.push(...Object.values(x));
          else if (step.name in x) out.push((x as Record<string, unknown>)[step.name]);
          Object.values(x).forEach(visit);
        }
      };
      visit(v);
      return;
    }
    case 'filter': {
      const items = Array.isArray(v) ? v : [v];
      for (const item of items) {
        const left = walk([item], step.left);
        if (!step.op) {
          if (left.length) out.push(item);
          continue;
        }
        const right = Array.isArray(step.right)
          ? walk([item], step.right)[0]
          : (step.right as unknown);
        if (!left.length) continue;
        const l = left[0];
        const ok =
          step.op === '=='
            ? String(l) === String(right)
            : step.op === '!='
              ? String(l) !== String(right)
              : compare(l, right, step.op);
        if (ok) out.push(item);
      }
      return;
    }
  }
}

function compare(a: unknown, b: unknown, op: string): boolean {
  const x = Number(a);
  const y = Number(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return false;
  return op === '<' ? x < y : op === '>' ? x > y : op === '<=' ? x <= y : x >= y;
}

export function printValue(v: unknown): string {
  if (v === null || v === undefined) return v === null ? 'null' : '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function run(nodes: Node[], data: unknown, out: string[]): void {
  for (const n of nodes) {
    if (n.t === 'text') out.push(n.v);
    else if (n.t === 'path') {
      const found = walk([data], n.steps);
      out.push(found.map(printValue).join(' '));
    } else {
      for (const item of walk([data], n.steps)) {
        const values = Array.isArray(item) ? item : [item];
        for (const x of values) run(n.body, x, out);
      }
    }
  }
}

/** Executes a template against a value; `allowMissing` as kubectl's `--allow-missing-template-keys`. */
export function executeTemplate(template: string, data: unknown): string {
  const out: string[] = [];
  run(parseTemplate(template), data, out);
  return out.join('');
}

/** One custom-columns expression (`.spec.containers[*].image`): its values. */
export function evaluate(expr: string, data: unknown): unknown[] {
  const e = expr.trim().replace(/^\{|\}$/g, '');
  return walk(
    [data],
    parsePath(e.startsWith('.') || e.startsWith('$') || e.startsWith('@') ? e : `.${e}`),
  );
}
