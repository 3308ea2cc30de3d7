import type { ContainerInput, Image, ProcessPlan } from './image';

// The python image, enough for the `python3 -c` scripts of the Kubernetes documentation's Job
// examples (they read JOB_COMPLETION_INDEX and exit with a code): imports, print, assignments,
// if/elif/else, os.environ, int/str/len, arithmetic and comparisons, time.sleep, sys.exit.
// Anything else ends the script as CPython would end it on an error it cannot handle.

type Value = number | string | boolean | null | Value[];

class PyExit {
  constructor(readonly code: number) {}
}

class PyError extends Error {}

interface Out {
  t: number;
  logs: ProcessPlan['logs'];
  env: Record<string, string>;
  vars: Map<string, Value>;
}

const repr = (v: Value): string =>
  v === null
    ? 'None'
    : typeof v === 'boolean'
      ? v
        ? 'True'
        : 'False'
      : Array.isArray(v)
        ? `[${v.map((x) => (typeof x === 'string' ? `'${x}'` : repr(x))).join(', ')}]`
        : String(v);

const truthy = (v: Value) =>
  v !== null && v !== false && v !== 0 && v !== '' && !(Array.isArray(v) && !v.length);

const typeName = (v: Value) =>
  v === null
    ? 'NoneType'
    : typeof v === 'string'
      ? 'str'
      : typeof v === 'boolean'
        ? 'bool'
        : Array.isArray(v)
          ? 'list'
          : Number.isInteger(v)
            ? 'int'
            : 'float';

/** Tokens of one expression. */
function tokenize(src: string): string[] {
  const re =
    /\s*(?:(\d+\.\d*|\d+)|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(\/\/|==|!=|<=|>=|\*\*|[-+*/%<>()[\],.:=])|([A-Za-z_][A-Za-z0-9_]*))/y;
  const out: string[] = [];
  let m: RegExpExecArray | null;
  re.lastIndex = 0;
  while (re.lastIndex < src.length && (m = re.exec(src))) out.push(m[1] ?? m[2] ?? m[3] ?? m[4]!);
  if (src.slice(re.lastIndex).trim()) throw new PyError('SyntaxError: invalid syntax');
  return out;
}

/** A small precedence-climbing evaluator over the tokens. */
function evaluate(src: string, o: Out): Value {
  const toks = tokenize(src);
  let i = 0;
  const peek = () => toks[i];
  const take = (t?: string) => {
    const v = toks[i++];
    if (t !== undefined && v !== t) throw new PyError('SyntaxError: invalid syntax');
    return v;
  };
  const args = (): Value[] => {
    const list: Value[] = [];
    take('(');
    while (peek() !== ')') {
      list.push(or());
      if (peek() === ',') take(',');
      else break;
    }
    take(')');
    return list;
  };
  const call = (name: string, a: Value[]): Value => {
    switch (name) {
      case 'int': {
        const v = a.length ? a[0]! : 0;
        if (typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v)) return Number.parseInt(v, 10);
        if (typeof v === 'number') return Math.trunc(v);
        if (typeof v === 'boolean') return v ? 1 : 0;
        if (typeof v === 'string')
          throw new PyError(`ValueError: invalid literal for int() with base 10: '${v}'`);
        throw new PyError(
          `TypeError: int() argument must be a string, a bytes-like object or a real number, not '${typeName(v)}'`,
        );
      }
      case 'str':
        return a[0] === undefined ? '' : typeof a[0] === 'string' ? a[0] : repr(a[0]);
      case 'len':
        if (typeof a[0] === 'string' || Array.isArray(a[0])) return a[0].length;
        throw new PyError(`TypeError: object of type '${typeName(a[0] ?? null)}' has no len()`);
      case 'os.environ.get':
      case 'os.getenv': {
        const k = String(a[0]);
        return k in o.env ? o.env[k]! : (a[1] ?? null);
      }
      case 'print':
        o.logs.push({
          afterMs: o.t,
          line: a.map((x) => (typeof x === 'string' ? x : repr(x))).join(' '),
        });
        return null;
      case 'time.sleep':
        o.t += Number(a[0] ?? 0) * 1000;
        return null;
      case 'sys.exit':
      case 'exit':
      case 'quit': {
        const v = a[0] ?? null;
        if (v === null) throw new PyExit(0);
        if (typeof v === 'number') throw new PyExit(v & 0xff);
        o.logs.push({ afterMs: o.t, line: String(v), stream: 'stderr' });
        throw new PyExit(1);
      }
      default:
        throw new PyError(`NameError: name '${name.split('.')[0]}' is not defined`);
    }
  };
  const atom = (): Value => {
    const t = take();
    if (t === undefined) throw new PyError('SyntaxError: invalid syntax');
    if (t === '(') {
      const v = or();
      take(')');
      return v;
    }
    if (t === '[') {
      const list: Value[] = [];
      while (peek() !== ']') {
        list.push(or());
        if (peek() === ',') take(',');
        else break;
      }
      take(']');
      return list;
    }
    if (/^\d/.test(t)) return Number(t);
    if (/^["']/.test(t)) return t.slice(1, -1).replace(/\\n/g, '\n').replace(/\\(.)/g, '$1');
    if (t === 'None') return null;
    if (t === 'True') return true;
    if (t === 'False') return false;
    let name = t;
    while (peek() === '.') {
      take('.');
      name += `.${take()}`;
    }
    if (peek() === '(') return call(name, args());
    if (name === 'os.environ' && peek() === '[') {
      take('[');
      const k = String(or());
      take(']');
      if (!(k in o.env)) throw new PyError(`KeyError: '${k}'`);
      return o.env[k]!;
    }
    if (!o.vars.has(name)) throw new PyError(`NameError: name '${name}' is not defined`);
    let v = o.vars.get(name)!;
    while (peek() === '[') {
      take('[');
      const ix = Number(or());
      take(']');
      if (!Array.isArray(v) && typeof v !== 'string')
        throw new PyError(`TypeError: '${typeName(v)}' object is not subscriptable`);
      const at = ix < 0 ? v.length + ix : ix;
      if (at < 0 || at >= v.length) throw new PyError(`IndexError: list index out of range`);
      v = v[at]!;
    }
    return v;
  };
  const unary = (): Value => {
    if (peek() === '-') {
      take();
      return -Number(unary());
    }
    if (peek() === '+') {
      take();
      return Number(unary());
    }
    return atom();
  };
  const binop = (a: Value, op: string, b: Value): Value => {
    if (op === '+' && typeof a === 'string') {
      if (typeof b !== 'string')
        throw new PyError(`TypeError: can only concatenate str (not "${typeName(b)}") to str`);
      return a + b;
    }
    if (typeof a !== 'number' || typeof b !== 'number')
      throw new PyError(
        `TypeError: unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`,
      );
    if ((op === '/' || op === '//' || op === '%') && b === 0)
      throw new PyError(
        op === '/'
          ? 'ZeroDivisionError: division by zero'
          : 'ZeroDivisionError: integer modulo by zero',
      );
    switch (op) {
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
      case '/':
        return a / b;
      case '//':
        return Math.floor(a / b);
      case '%':
        return ((a % b) + b) % b;
      default:
        return a ** b;
    }
  };
  const term = (): Value => {
    let v = unary();
    while (['*', '/', '//', '%', '**'].includes(peek() ?? '')) v = binop(v, take()!, unary());
    return v;
  };
  const sum = (): Value => {
    let v = term();
    while (peek() === '+' || peek() === '-') v = binop(v, take()!, term());
    return v;
  };
  const compare = (): Value => {
    const v = sum();
    const op = peek();
    if (['==', '!=', '<', '>', '<=', '>='].includes(op ?? '')) {
      take();
      const w = sum();
      const eq = JSON.stringify(v) === JSON.stringify(w);
      if (op === '==') return eq;
      if (op === '!=') return !eq;
      if (typeof v !== typeof w || v === null || w === null)
        throw new PyError(
          `TypeError: '${op}' not supported between instances of '${typeName(v)}' and '${typeName(w)}'`,
        );
      const a = v as number;
      const b = w as number;
      return op === '<' ? a < b : op === '>' ? a > b : op === '<=' ? a <= b : a >= b;
    }
    if (op === 'in' || (op === 'not' && toks[i + 1] === 'in')) {
      if (op === 'not') take();
      take();
      const w = sum();
      const found = Array.isArray(w)
        ? w.some((x) => JSON.stringify(x) === JSON.stringify(v))
        : String(w).includes(String(v));
      return op === 'not' ? !found : found;
    }
    return v;
  };
  const not = (): Value => {
    if (peek() === 'not') {
      take();
      return !truthy(not());
    }
    return compare();
  };
  const and = (): Value => {
    let v = not();
    while (peek() === 'and') {
      take();
      const w = not();
      v = truthy(v) ? w : v;
    }
    return v;
  };
  const or = (): Value => {
    let v = and();
    while (peek() === 'or') {
      take();
      const w = and();
      v = truthy(v) ? v : w;
    }
    return v;
  };
  const v = or();
  if (i < toks.length) throw new PyError('SyntaxError: invalid syntax');
  return v;
}

interface Line {
  indent: number;
  text: string;
}

function runBlock(lines: Line[], from: number, indent: number, o: Out): number {
  let i = from;
  while (i < lines.length && lines[i]!.indent >= indent) {
    const { text } = lines[i]!;
    const blockEnd = (start: number) => {
      let j = start + 1;
      while (j < lines.length && lines[j]!.indent > lines[start]!.indent) j++;
      return j;
    };
    if (/^if\s/.test(text)) {
      // An if/elif/else chain: run the first branch whose condition holds.
      let j = i;
      let done = false;
      for (;;) {
        const line = lines[j]!.text;
        const m = /^(?:if|elif)\s+(.*):\s*$/.exec(line);
        const isElse = /^else\s*:\s*$/.test(line);
        const end = blockEnd(j);
        if (!done && (isElse || (m && truthy(evaluate(m[1]!, o))))) {
          runBlock(lines, j + 1, lines[j + 1]?.indent ?? indent + 1, o);
          done = true;
        }
        j = end;
        if (j >= lines.length || lines[j]!.indent !== lines[i]!.indent) break;
        if (!/^(elif\s|else\s*:)/.test(lines[j]!.text)) break;
      }
      i = j;
      continue;
    }
    if (/^(import|from)\s/.test(text) || text === 'pass') {
      i++;
      continue;
    }
    const assign = /^([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)\s*(.*)$/.exec(text);
    if (assign) o.vars.set(assign[1]!, evaluate(assign[2]!, o));
    else if (/^raise\s+SystemExit\((.*)\)$/.test(text))
      evaluate(`sys.exit(${/^raise\s+SystemExit\((.*)\)$/.exec(text)![1]})`, o);
    else evaluate(text, o);
    i++;
  }
  return i;
}

/** Runs a `-c` script on the virtual clock: its printed lines and its exit. */
export function runPythonScript(script: string, env: Record<string, string>): ProcessPlan {
  const o: Out = { t: 0, logs: [], env, vars: new Map() };
  const lines: Line[] = [];
  for (const raw of script.split('\n')) {
    const text = raw.replace(/#.*$/, '').trimEnd();
    if (!text.trim()) continue;
    for (const stmt of text.trim().split(/;\s*/))
      if (stmt) lines.push({ indent: text.length - text.trimStart().length, text: stmt });
  }
  const base = lines.length ? Math.min(...lines.map((l) => l.indent)) : 0;
  let code = 0;
  try {
    runBlock(lines, 0, base, o);
  } catch (e) {
    if (e instanceof PyExit) code = e.code;
    else if (e instanceof PyError) {
      o.logs.push(
        { afterMs: o.t, line: 'Traceback (most recent call last):', stream: 'stderr' },
        { afterMs: o.t, line: '  File "<string>", line 1, in <module>', stream: 'stderr' },
        { afterMs: o.t, line: e.message, stream: 'stderr' },
      );
      code = 1;
    } else throw e;
  }
  // The interpreter's start-up (~40 ms) before the first line.
  const start = 40;
  return {
    logs: o.logs.map((l) => ({ ...l, afterMs: l.afterMs + start })),
    exit: { afterMs: o.t + start + 5, code, reason: code === 0 ? 'Completed' : 'Error' },
  };
}

function run(c: ContainerInput): ProcessPlan {
  const argv = [...(c.command ?? []), ...(c.args ?? [])];
  // Without a TTY the REPL reads an empty stdin and exits.
  if (!argv.length) return { logs: [], exit: { afterMs: 40, code: 0, reason: 'Completed' } };
  const ci = argv.indexOf('-c');
  if (/^python/.test(argv[0]!.split('/').pop()!) && ci > 0 && ci + 1 < argv.length)
    return runPythonScript(argv[ci + 1]!, c.env);
  if (/^python/.test(argv[0]!.split('/').pop()!) && argv.length > 1 && !argv[1]!.startsWith('-')) {
    const line = `python3: can't open file '${argv[1]}': [Errno 2] No such file or directory`;
    return {
      logs: [{ afterMs: 30, line, stream: 'stderr' }],
      exit: { afterMs: 35, code: 2, reason: 'Error' },
    };
  }
  // A program the simulation does not know: it runs until stopped.
  return { logs: [] };
}

export const python: Image = {
  names: ['python'],
  sizeBytes: 412_325_640,
  pullMs: 21_300,
  sigtermMs: 100,
  run,
};
