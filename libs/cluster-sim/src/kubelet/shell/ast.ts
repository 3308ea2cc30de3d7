// The syntax tree of the POSIX-shell subset the simulated containers run (busybox ash's
// grammar, much reduced): lists, and/or, pipelines, simple commands with assignments and
// redirections, if/while/until/for/case, groups and subshells, functions.

/** One piece of a word, as written: literal text, $var, $(cmd), $((expr)); quoted or not. */
export type WordPart =
  | { k: 'lit'; v: string; q: boolean }
  | { k: 'var'; name: string; q: boolean; op?: string; arg?: Word }
  | { k: 'cmd'; body: Node; q: boolean }
  | { k: 'arith'; expr: string; q: boolean };

export type Word = WordPart[];

export interface Redirect {
  fd: number;
  op: '>' | '>>' | '<' | '>&' | '<<';
  target: Word;
}

export type Node =
  | { t: 'list'; items: { node: Node; bg: boolean }[] }
  | { t: 'and' | 'or'; left: Node; right: Node }
  | { t: 'pipe'; cmds: Node[]; bang: boolean }
  | { t: 'cmd'; assigns: { name: string; value: Word }[]; words: Word[]; redirs: Redirect[] }
  | { t: 'if'; clauses: { cond: Node; body: Node }[]; otherwise?: Node; redirs: Redirect[] }
  | { t: 'while'; until: boolean; cond: Node; body: Node; redirs: Redirect[] }
  | { t: 'for'; name: string; items?: Word[]; body: Node; redirs: Redirect[] }
  | { t: 'case'; word: Word; arms: { patterns: Word[]; body?: Node }[]; redirs: Redirect[] }
  | { t: 'group'; body: Node; subshell: boolean; redirs: Redirect[] }
  | { t: 'func'; name: string; body: Node };
