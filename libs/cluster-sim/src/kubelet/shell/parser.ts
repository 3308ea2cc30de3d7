import type { Node, Redirect, Word, WordPart } from './ast';

// A recursive-descent parser for the shell subset of ast.ts (after busybox ash's parser.c:
// tokens, reserved words in command position, here-documents read at the next newline).

export class ShellSyntaxError extends Error {}

const RESERVED = new Set([
  'if',
  'then',
  'elif',
  'else',
  'fi',
  'while',
  'until',
  'do',
  'done',
  'for',
  'in',
  'case',
  'esac',
  '{',
  '}',
  '!',
]);

type Tok =
  | { k: 'word'; raw: string; word: Word }
  | { k: 'op'; v: string; fd?: number }
  | { k: 'nl' }
  | { k: 'eof' };

const META = new Set([' ', '\t', '\n', ';', '&', '|', '<', '>', '(', ')']);

/** The end of a `$(...)` starting at `i` (just after the "("): the index of its ")". */
function matchParen(s: string, i: number): number {
  let depth = 1;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '\\') i += 2;
    else if (c === "'") {
      const j = s.indexOf("'", i + 1);
      i = j < 0 ? s.length : j + 1;
    } else if (c === '"') {
      i++;
      while (i < s.length && s[i] !== '"') i += s[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '(') {
      depth++;
      i++;
    } else if (c === ')') {
      if (--depth === 0) return i;
      i++;
    } else i++;
  }
  throw new ShellSyntaxError('unterminated $(');
}

class Lexer {
  pos = 0;
  private peeked: Tok | undefined;
  private heredocs: { delim: string; strip: boolean; quoted: boolean; redir: Redirect }[] = [];

  constructor(readonly src: string) {}

  peek(): Tok {
    if (!this.peeked) this.peeked = this.lex();
    return this.peeked;
  }

  next(): Tok {
    const t = this.peek();
    this.peeked = undefined;
    return t;
  }

  /** Registers a here-document whose body starts after the next newline. */
  heredoc(delim: string, strip: boolean, quoted: boolean, redir: Redirect): void {
    this.heredocs.push({ delim, strip, quoted, redir });
  }

  private readHeredocs(): void {
    for (const h of this.heredocs) {
      const lines: string[] = [];
      while (this.pos < this.src.length) {
        let end = this.src.indexOf('\n', this.pos);
        if (end < 0) end = this.src.length;
        let line = this.src.slice(this.pos, end);
        this.pos = end + 1;
        if (h.strip) line = line.replace(/^\t+/, '');
        if (line === h.delim) break;
        lines.push(line);
      }
      const body = lines.length ? `${lines.join('\n')}\n` : '';
      h.redir.target = h.quoted ? [{ k: 'lit', v: body, q: true }] : parseWordText(body, true);
    }
    this.heredocs = [];
  }

  private lex(): Tok {
    const s = this.src;
    for (;;) {
      while (this.pos < s.length && (s[this.pos] === ' ' || s[this.pos] === '\t')) this.pos++;
      if (s[this.pos] === '\\' && s[this.pos + 1] === '\n') {
        this.pos += 2;
        continue;
      }
      if (s[this.pos] === '#') {
        while (this.pos < s.length && s[this.pos] !== '\n') this.pos++;
      }
      break;
    }
    if (this.pos >= s.length) return { k: 'eof' };
    const c = s[this.pos]!;
    if (c === '\n') {
      this.pos++;
      if (this.heredocs.length) this.readHeredocs();
      return { k: 'nl' };
    }
    const two = s.slice(this.pos, this.pos + 2);
    for (const op of ['&&', '||', ';;', '>>', '>&', '<<', '<&']) {
      if (two === op) {
        this.pos += 2;
        if (op === '<<' && s[this.pos] === '-') {
          this.pos++;
          return { k: 'op', v: '<<-' };
        }
        return { k: 'op', v: op };
      }
    }
    if (c === '&' && s[this.pos + 1] === '>') {
      this.pos += 2;
      return { k: 'op', v: '&>' };
    }
    if (';&|<>()'.includes(c)) {
      this.pos++;
      return { k: 'op', v: c };
    }
    // An IO number: digits right before a redirection operator.
    const io = /^(\d)(>>|>&|>|<&|<)/.exec(s.slice(this.pos, this.pos + 3));
    if (io) {
      this.pos += 1 + io[2]!.length;
      return { k: 'op', v: io[2]!, fd: Number(io[1]) };
    }
    const start = this.pos;
    const word = this.readWord();
    return { k: 'word', raw: s.slice(start, this.pos), word };
  }

  private readWord(): Word {
    const s = this.src;
    const parts: WordPart[] = [];
    let lit = '';
    let litQ = false;
    const flush = () => {
      if (lit) parts.push({ k: 'lit', v: lit, q: litQ });
      lit = '';
    };
    const addLit = (v: string, q: boolean) => {
      if (lit && litQ !== q) flush();
      litQ = q;
      lit += v;
    };
    while (this.pos < s.length) {
      const c = s[this.pos]!;
      if (META.has(c)) break;
      if (c === '\\') {
        if (s[this.pos + 1] === '\n') {
          this.pos += 2;
          continue;
        }
        addLit(s[this.pos + 1] ?? '', true);
        this.pos += 2;
      } else if (c === "'") {
        const end = s.indexOf("'", this.pos + 1);
        if (end < 0) throw new ShellSyntaxError('unterminated quoted string');
        addLit(s.slice(this.pos + 1, end), true);
        if (end === this.pos + 1) {
          flush();
          parts.push({ k: 'lit', v: '', q: true });
        }
        this.pos = end + 1;
      } else if (c === '"') {
        let end = this.pos + 1;
        while (end < s.length && s[end] !== '"') end += s[end] === '\\' ? 2 : 1;
        if (end >= s.length) throw new ShellSyntaxError('unterminated quoted string');
        flush();
        const inner = parseWordText(s.slice(this.pos + 1, end), true);
        parts.push(...(inner.length ? inner : [{ k: 'lit' as const, v: '', q: true }]));
        this.pos = end + 1;
      } else if (c === '$' || c === '`') {
        flush();
        const { part, end } = readDollar(s, this.pos, false);
        if (part) parts.push(part);
        else addLit('$', false);
        this.pos = end;
      } else {
        addLit(c, false);
        this.pos++;
      }
    }
    flush();
    return parts;
  }
}

/** Parses `$...` or a backquote at `i`; returns the part and the index after it. */
function readDollar(s: string, i: number, q: boolean): { part?: WordPart; end: number } {
  if (s[i] === '`') {
    let j = i + 1;
    while (j < s.length && s[j] !== '`') j += s[j] === '\\' ? 2 : 1;
    return { part: { k: 'cmd', body: parseScript(s.slice(i + 1, j)), q }, end: j + 1 };
  }
  const n = s[i + 1];
  if (n === '(' && s[i + 2] === '(') {
    // $(( arithmetic ))
    let depth = 0;
    let j = i + 3;
    for (; j < s.length; j++) {
      if (s[j] === '(') depth++;
      else if (s[j] === ')') {
        if (depth === 0 && s[j + 1] === ')') break;
        depth--;
      }
    }
    return { part: { k: 'arith', expr: s.slice(i + 3, j), q }, end: j + 2 };
  }
  if (n === '(') {
    const close = matchParen(s, i + 2);
    return { part: { k: 'cmd', body: parseScript(s.slice(i + 2, close)), q }, end: close + 1 };
  }
  if (n === '{') {
    const close = s.indexOf('}', i + 2);
    if (close < 0) throw new ShellSyntaxError('bad substitution');
    const inner = s.slice(i + 2, close);
    if (inner.startsWith('#') && inner.length > 1)
      return { part: { k: 'var', name: inner.slice(1), q, op: '#len' }, end: close + 1 };
    const m = /^([A-Za-z_][A-Za-z0-9_]*|\d+|[?#$@*!-])(:?[-=+?]|##?|%%?)?([\s\S]*)$/.exec(inner);
    if (!m) throw new ShellSyntaxError(`${inner}: bad substitution`);
    return {
      part: {
        k: 'var',
        name: m[1]!,
        q,
        ...(m[2] ? { op: m[2], arg: parseWordText(m[3] ?? '', q) } : {}),
      },
      end: close + 1,
    };
  }
  const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9?#$@*!-])/.exec(s.slice(i + 1));
  if (!m) return { end: i + 1 };
  return { part: { k: 'var', name: m[1]!, q }, end: i + 1 + m[1]!.length };
}

/** The parts of text inside double quotes (or a here-document): literals and expansions. */
export function parseWordText(s: string, q: boolean): Word {
  const parts: WordPart[] = [];
  let lit = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length && '$`"\\\n'.includes(s[i + 1]!)) {
      if (s[i + 1] !== '\n') lit += s[i + 1];
      i += 2;
    } else if (c === '$' || c === '`') {
      const { part, end } = readDollar(s, i, q);
      if (part) {
        if (lit) parts.push({ k: 'lit', v: lit, q });
        lit = '';
        parts.push(part);
      } else lit += '$';
      i = end;
    } else {
      lit += c;
      i++;
    }
  }
  if (lit) parts.push({ k: 'lit', v: lit, q });
  return parts;
}

const isWord = (t: Tok, v?: string): t is Extract<Tok, { k: 'word' }> =>
  t.k === 'word' && (v === undefined || t.raw === v);
const isOp = (t: Tok, v: string) => t.k === 'op' && t.v === v;

class Parser {
  constructor(private readonly lx: Lexer) {}

  private skipNl(): void {
    while (this.lx.peek().k === 'nl') this.lx.next();
  }

  private expectWord(v: string): void {
    const t = this.lx.next();
    if (!isWord(t, v)) throw new ShellSyntaxError(`syntax error: unexpected ${describe(t)}`);
  }

  /** A list up to one of the closing words/operators (not consumed). */
  list(stop: string[]): Node {
    const items: { node: Node; bg: boolean }[] = [];
    this.skipNl();
    for (;;) {
      const t = this.lx.peek();
      if (t.k === 'eof') break;
      if (t.k === 'word' && stop.includes(t.raw)) break;
      if (t.k === 'op' && stop.includes(t.v)) break;
      const node = this.andOr();
      let bg = false;
      const sep = this.lx.peek();
      if (isOp(sep, '&')) {
        this.lx.next();
        bg = true;
      } else if (isOp(sep, ';')) this.lx.next();
      else if (sep.k !== 'nl' && sep.k !== 'eof' && !(sep.k === 'op' && stop.includes(sep.v))) {
        if (!(sep.k === 'word' && stop.includes(sep.raw)))
          throw new ShellSyntaxError(`syntax error: unexpected ${describe(sep)}`);
      }
      items.push({ node, bg });
      this.skipNl();
    }
    return items.length === 1 && !items[0]!.bg ? items[0]!.node : { t: 'list', items };
  }

  private andOr(): Node {
    let left = this.pipeline();
    for (;;) {
      const t = this.lx.peek();
      if (isOp(t, '&&') || isOp(t, '||')) {
        this.lx.next();
        this.skipNl();
        const right = this.pipeline();
        left = { t: isOp(t, '&&') ? 'and' : 'or', left, right };
      } else return left;
    }
  }

  private pipeline(): Node {
    let bang = false;
    if (isWord(this.lx.peek(), '!')) {
      this.lx.next();
      bang = true;
    }
    const cmds = [this.command()];
    while (isOp(this.lx.peek(), '|')) {
      this.lx.next();
      this.skipNl();
      cmds.push(this.command());
    }
    return cmds.length === 1 && !bang ? cmds[0]! : { t: 'pipe', cmds, bang };
  }

  private redirs(into: Redirect[]): Redirect[] {
    for (;;) {
      const t = this.lx.peek();
      if (t.k !== 'op' || !['>', '>>', '<', '>&', '<&', '&>', '<<', '<<-'].includes(t.v))
        return into;
      this.redirect(into);
    }
  }

  private redirect(into: Redirect[]): void {
    const t = this.lx.next() as Extract<Tok, { k: 'op' }>;
    const target = this.lx.next();
    if (!isWord(target)) throw new ShellSyntaxError(`syntax error: unexpected ${describe(target)}`);
    if (t.v === '<<' || t.v === '<<-') {
      const r: Redirect = { fd: t.fd ?? 0, op: '<<', target: [] };
      const quoted = target.word.some((p) => p.q);
      this.lx.heredoc(target.raw.replace(/['"\\]/g, ''), t.v === '<<-', quoted, r);
      into.push(r);
      return;
    }
    if (t.v === '&>') {
      into.push({ fd: 1, op: '>', target: target.word });
      into.push({ fd: 2, op: '>&', target: [{ k: 'lit', v: '1', q: false }] });
      return;
    }
    const op = (t.v === '<&' ? '<' : t.v) as Redirect['op'];
    into.push({ fd: t.fd ?? (op === '<' ? 0 : 1), op, target: target.word });
  }

  private command(): Node {
    const t = this.lx.peek();
    if (isOp(t, '(')) {
      this.lx.next();
      const body = this.list([')']);
      if (!isOp(this.lx.next(), ')')) throw new ShellSyntaxError('syntax error: missing )');
      return { t: 'group', body, subshell: true, redirs: this.redirs([]) };
    }
    if (t.k === 'word' && !t.word.some((p) => p.q || p.k !== 'lit')) {
      switch (t.raw) {
        case '{': {
          this.lx.next();
          const body = this.list(['}']);
          this.expectWord('}');
          return { t: 'group', body, subshell: false, redirs: this.redirs([]) };
        }
        case 'if':
          return this.ifClause();
        case 'while':
        case 'until': {
          this.lx.next();
          const cond = this.list(['do']);
          this.expectWord('do');
          const body = this.list(['done']);
          this.expectWord('done');
          return { t: 'while', until: t.raw === 'until', cond, body, redirs: this.redirs([]) };
        }
        case 'for':
          return this.forClause();
        case 'case':
          return this.caseClause();
        default:
          if (RESERVED.has(t.raw) && t.raw !== '!')
            throw new ShellSyntaxError(`syntax error: unexpected "${t.raw}"`);
      }
    }
    return this.simple();
  }

  private ifClause(): Node {
    this.lx.next();
    const clauses: { cond: Node; body: Node }[] = [];
    let otherwise: Node | undefined;
    for (;;) {
      const cond = this.list(['then']);
      this.expectWord('then');
      const body = this.list(['elif', 'else', 'fi']);
      clauses.push({ cond, body });
      const t = this.lx.next();
      if (isWord(t, 'elif')) continue;
      if (isWord(t, 'else')) {
        otherwise = this.list(['fi']);
        this.expectWord('fi');
      } else if (!isWord(t, 'fi')) throw new ShellSyntaxError('syntax error: missing fi');
      break;
    }
    return { t: 'if', clauses, otherwise, redirs: this.redirs([]) };
  }

  private forClause(): Node {
    this.lx.next();
    const name = this.lx.next();
    if (!isWord(name)) throw new ShellSyntaxError('syntax error: bad for loop variable');
    let items: Word[] | undefined;
    while (isOp(this.lx.peek(), ';') || this.lx.peek().k === 'nl') this.lx.next();
    if (isWord(this.lx.peek(), 'in')) {
      this.lx.next();
      items = [];
      for (;;) {
        const t = this.lx.peek();
        if (t.k !== 'word') break;
        this.lx.next();
        items.push(t.word);
      }
      const sep = this.lx.peek();
      if (isOp(sep, ';') || sep.k === 'nl') this.lx.next();
    }
    this.skipNl();
    this.expectWord('do');
    const body = this.list(['done']);
    this.expectWord('done');
    return { t: 'for', name: name.raw, items, body, redirs: this.redirs([]) };
  }

  private caseClause(): Node {
    this.lx.next();
    const w = this.lx.next();
    if (!isWord(w)) throw new ShellSyntaxError('syntax error: bad case');
    this.skipNl();
    this.expectWord('in');
    this.skipNl();
    const arms: { patterns: Word[]; body?: Node }[] = [];
    while (!isWord(this.lx.peek(), 'esac')) {
      if (isOp(this.lx.peek(), '(')) this.lx.next();
      const patterns: Word[] = [];
      for (;;) {
        const p = this.lx.next();
        if (!isWord(p)) throw new ShellSyntaxError('syntax error: bad case pattern');
        patterns.push(p.word);
        if (isOp(this.lx.peek(), '|')) this.lx.next();
        else break;
      }
      if (!isOp(this.lx.next(), ')')) throw new ShellSyntaxError('syntax error: missing )');
      const body = this.list([';;', 'esac']);
      arms.push({ patterns, body });
      if (isOp(this.lx.peek(), ';;')) this.lx.next();
      this.skipNl();
      if (this.lx.peek().k === 'eof') throw new ShellSyntaxError('syntax error: missing esac');
    }
    this.lx.next();
    return { t: 'case', word: w.word, arms, redirs: this.redirs([]) };
  }

  private simple(): Node {
    const assigns: { name: string; value: Word }[] = [];
    const words: Word[] = [];
    const redirs: Redirect[] = [];
    for (;;) {
      const t = this.lx.peek();
      if (t.k === 'op' && ['>', '>>', '<', '>&', '<&', '&>', '<<', '<<-'].includes(t.v)) {
        this.redirect(redirs);
        continue;
      }
      if (t.k !== 'word') break;
      this.lx.next();
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(t.raw);
      const first = t.word[0];
      if (!words.length && m && first?.k === 'lit' && !first.q && first.v.startsWith(m[0])) {
        const rest: Word = [{ ...first, v: first.v.slice(m[0].length) }, ...t.word.slice(1)];
        assigns.push({ name: m[1]!, value: rest.filter((p) => p.k !== 'lit' || p.v || p.q) });
        continue;
      }
      // A function definition: name() { ...; }
      if (!words.length && isOp(this.lx.peek(), '(') && /^[A-Za-z_][\w-]*$/.test(t.raw)) {
        this.lx.next();
        if (!isOp(this.lx.next(), ')')) throw new ShellSyntaxError('syntax error: bad function');
        this.skipNl();
        return { t: 'func', name: t.raw, body: this.command() };
      }
      words.push(t.word);
    }
    if (!words.length && !assigns.length && !redirs.length)
      throw new ShellSyntaxError(`syntax error: unexpected ${describe(this.lx.peek())}`);
    return { t: 'cmd', assigns, words, redirs };
  }
}

function describe(t: Tok): string {
  if (t.k === 'eof') return 'end of file';
  if (t.k === 'nl') return 'newline';
  if (t.k === 'op') return `"${t.v}"`;
  return `"${t.raw}"`;
}

/** Parses a whole script; throws ShellSyntaxError with ash's wording. */
export function parseScript(src: string): Node {
  const lx = new Lexer(src);
  const p = new Parser(lx);
  const node = p.list([]);
  const rest = lx.peek();
  if (rest.k !== 'eof') throw new ShellSyntaxError(`syntax error: unexpected ${describe(rest)}`);
  return node;
}
