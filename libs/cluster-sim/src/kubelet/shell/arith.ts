// $(( ... )): shell arithmetic on integers (ash's math.c): variables by name, the C operators
// without assignment forms except `=`, `+=`, `-=`, `++`/`--` on names.

export class ArithError extends Error {}

type Vars = { get(name: string): string | undefined; set(name: string, v: string): void };

const BINARY: [string, number][] = [
  ['||', 1],
  ['&&', 2],
  ['|', 3],
  ['^', 4],
  ['&', 5],
  ['==', 6],
  ['!=', 6],
  ['<=', 7],
  ['>=', 7],
  ['<', 7],
  ['>', 7],
  ['<<', 8],
  ['>>', 8],
  ['+', 9],
  ['-', 9],
  ['*', 10],
  ['/', 10],
  ['%', 10],
];

export function evalArith(src: string, vars: Vars): number {
  const toks =
    src.match(
      /\d+|[A-Za-z_][A-Za-z0-9_]*|\+\+|--|\+=|-=|\*=|\/=|==|!=|<=|>=|<<|>>|&&|\|\||\$?[A-Za-z_]\w*|[-+*/%()<>!~&|^?:=]/g,
    ) ?? [];
  let i = 0;
  const valueOf = (name: string) => {
    const v = vars.get(name.replace(/^\$/, ''));
    if (v === undefined || v === '') return 0;
    const n = Number(v.trim());
    if (!Number.isFinite(n)) {
      if (/^[A-Za-z_]\w*$/.test(v.trim())) return valueOf(v.trim());
      throw new ArithError(`arithmetic syntax error`);
    }
    return Math.trunc(n);
  };
  const primary = (): number => {
    const t = toks[i++];
    if (t === undefined) throw new ArithError('arithmetic syntax error');
    if (t === '(') {
      const v = ternary();
      if (toks[i++] !== ')') throw new ArithError('arithmetic syntax error');
      return v;
    }
    if (t === '-') return -primary();
    if (t === '+') return primary();
    if (t === '!') return primary() ? 0 : 1;
    if (t === '~') return ~primary();
    if (t === '++' || t === '--') {
      const name = toks[i++]!;
      const v = valueOf(name) + (t === '++' ? 1 : -1);
      vars.set(name, String(v));
      return v;
    }
    if (/^\d+$/.test(t)) return Number(t);
    if (/^\$?[A-Za-z_]/.test(t)) {
      const name = t.replace(/^\$/, '');
      const nxt = toks[i];
      if (nxt === '=' || nxt === '+=' || nxt === '-=' || nxt === '*=' || nxt === '/=') {
        i++;
        const rhs = ternary();
        const cur = valueOf(name);
        const v =
          nxt === '='
            ? rhs
            : nxt === '+='
              ? cur + rhs
              : nxt === '-='
                ? cur - rhs
                : nxt === '*='
                  ? cur * rhs
                  : Math.trunc(cur / rhs);
        vars.set(name, String(v));
        return v;
      }
      if (nxt === '++' || nxt === '--') {
        i++;
        const v = valueOf(name);
        vars.set(name, String(v + (nxt === '++' ? 1 : -1)));
        return v;
      }
      return valueOf(name);
    }
    throw new ArithError('arithmetic syntax error');
  };
  const binary = (minPrec: number): number => {
    let left = primary();
    for (;;) {
      const op = toks[i];
      const entry = BINARY.find(([o]) => o === op);
      if (!entry || entry[1] < minPrec) return left;
      i++;
      const right = binary(entry[1] + 1);
      left = apply(op!, left, right);
    }
  };
  const ternary = (): number => {
    const c = binary(1);
    if (toks[i] !== '?') return c;
    i++;
    const a = ternary();
    if (toks[i++] !== ':') throw new ArithError('arithmetic syntax error');
    const b = ternary();
    return c ? a : b;
  };
  if (!toks.length) return 0;
  const v = ternary();
  if (i < toks.length) throw new ArithError('arithmetic syntax error');
  return v;
}

function apply(op: string, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
    case '%':
      if (b === 0) throw new ArithError('divide by zero');
      return op === '/' ? Math.trunc(a / b) : a % b;
    case '<<':
      return a << b;
    case '>>':
      return a >> b;
    case '<':
      return +(a < b);
    case '>':
      return +(a > b);
    case '<=':
      return +(a <= b);
    case '>=':
      return +(a >= b);
    case '==':
      return +(a === b);
    case '!=':
      return +(a !== b);
    case '&':
      return a & b;
    case '^':
      return a ^ b;
    case '|':
      return a | b;
    case '&&':
      return +(!!a && !!b);
    case '||':
      return +(!!a || !!b);
  }
  throw new ArithError('arithmetic syntax error');
}
