// Follows k8s.io/apimachinery/pkg/labels/selector.go (with labels.go, and the LabelSelector helpers of
// pkg/apis/meta/v1/helpers.go and pkg/apis/meta/v1/validation/validation.go).
import type { LabelSelector, LabelSelectorRequirement } from 'kubernetes-types/meta/v1';
import {
  FieldPath,
  GoValue,
  aggregate,
  forbidden,
  invalid,
  notSupported,
  required,
  type FieldError,
} from '../util/validation/field';
import { isQualifiedName, isValidLabelValue } from '../util/validation/names';
import { compareGoStrings, goParseInt64, goQuote, goStringSlice } from './go-text';

export type { LabelSelector, LabelSelectorRequirement };

/** selection.Operator values. */
export type Operator = '!' | '=' | '==' | 'in' | '!=' | 'notin' | 'exists' | 'gt' | 'lt';

export const Operators = {
  DoesNotExist: '!',
  Equals: '=',
  DoubleEquals: '==',
  In: 'in',
  NotEquals: '!=',
  NotIn: 'notin',
  Exists: 'exists',
  GreaterThan: 'gt',
  LessThan: 'lt',
} as const satisfies Record<string, Operator>;

const BINARY_OPERATORS: readonly string[] = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'];
const VALID_OPERATORS: readonly string[] = [...BINARY_OPERATORS, 'exists', '!'];

export type Labels = Readonly<Record<string, string>>;

export class LabelSelectorError extends Error {
  constructor(
    message: string,
    /** The field errors behind the message, when it came from NewRequirement or validation. */
    readonly fieldErrors: readonly FieldError[] = [],
  ) {
    super(message);
    this.name = 'LabelSelectorError';
  }
}

const has = (labels: Labels | null | undefined, key: string): labels is Labels =>
  !!labels && Object.prototype.hasOwnProperty.call(labels, key);

const quoted = (s: string) => new GoValue(goQuote(s));

function keyError(key: string, path: string): FieldError | undefined {
  const errs = isQualifiedName(key);
  return errs.length ? invalid(path, quoted(key), errs.join('; ')) : undefined;
}

/** A key, an operator and values; build it with newRequirement so it is valid. */
export class Requirement {
  private constructor(
    readonly key: string,
    readonly operator: Operator,
    private readonly strValues: readonly string[],
  ) {}

  /** Builds without validation, as Go does for a pre-validated Set. */
  static unchecked(key: string, operator: Operator, values: readonly string[]): Requirement {
    return new Requirement(key, operator, [...values]);
  }

  /** The values as a sorted set (Go's Values()). */
  get values(): string[] {
    return [...new Set(this.strValues)].sort(compareGoStrings);
  }

  /** The values as given (Go's ValuesUnsorted()). */
  valuesUnsorted(): string[] {
    return [...this.strValues];
  }

  matches(labels: Labels | null | undefined): boolean {
    switch (this.operator) {
      case 'in':
      case '=':
      case '==':
        return has(labels, this.key) && this.strValues.includes(labels[this.key]!);
      case 'notin':
      case '!=':
        return !has(labels, this.key) || !this.strValues.includes(labels[this.key]!);
      case 'exists':
        return has(labels, this.key);
      case '!':
        return !has(labels, this.key);
      case 'gt':
      case 'lt': {
        if (!has(labels, this.key)) return false;
        const actual = goParseInt64(labels[this.key]!);
        if (actual === undefined || this.strValues.length !== 1) return false;
        const bound = goParseInt64(this.strValues[0]!);
        if (bound === undefined) return false;
        return this.operator === 'gt' ? actual > bound : actual < bound;
      }
      default:
        return false;
    }
  }

  equals(other: Requirement): boolean {
    return (
      this.key === other.key &&
      this.operator === other.operator &&
      this.strValues.length === other.strValues.length &&
      this.strValues.every((v, i) => v === other.strValues[i])
    );
  }

  toString(): string {
    let s = this.operator === '!' ? '!' + this.key : this.key;
    switch (this.operator) {
      case '=':
      case '==':
      case '!=':
        s += this.operator;
        break;
      case 'in':
        s += ' in ';
        break;
      case 'notin':
        s += ' notin ';
        break;
      case 'gt':
        s += '>';
        break;
      case 'lt':
        s += '<';
        break;
      case 'exists':
      case '!':
        return s;
    }
    const open = this.operator === 'in' || this.operator === 'notin';
    const vals =
      this.strValues.length === 1
        ? this.strValues[0]!
        : [...this.strValues].sort(compareGoStrings).join(',');
    return open ? `${s}(${vals})` : s + vals;
  }
}

/**
 * NewRequirement: validates the key, the operator's arity and every value, and throws a
 * LabelSelectorError whose message is Go's aggregated field error text.
 */
export function newRequirement(
  key: string,
  operator: string,
  values: readonly string[] | null | undefined,
  path: FieldPath = new FieldPath(),
): Requirement {
  const errs: FieldError[] = [];
  const vals = values ?? [];
  const ke = keyError(key, path.child('key').toString());
  if (ke) errs.push(ke);
  const valuePath = path.child('values');
  const bad = new GoValue(goStringSlice(values));
  switch (operator) {
    case 'in':
    case 'notin':
      if (vals.length === 0)
        errs.push(
          invalid(
            valuePath.toString(),
            bad,
            "for 'in', 'notin' operators, values set can't be empty",
          ),
        );
      break;
    case '=':
    case '==':
    case '!=':
      if (vals.length !== 1)
        errs.push(
          invalid(valuePath.toString(), bad, 'exact-match compatibility requires one single value'),
        );
      break;
    case 'exists':
    case '!':
      if (vals.length !== 0)
        errs.push(
          invalid(
            valuePath.toString(),
            bad,
            'values set must be empty for exists and does not exist',
          ),
        );
      break;
    case 'gt':
    case 'lt':
      if (vals.length !== 1)
        errs.push(
          invalid(
            valuePath.toString(),
            bad,
            "for 'Gt', 'Lt' operators, exactly one value is required",
          ),
        );
      vals.forEach((v, i) => {
        if (goParseInt64(v) === undefined)
          errs.push(
            invalid(
              valuePath.index(i).toString(),
              quoted(v),
              "for 'Gt', 'Lt' operators, the value must be an integer",
            ),
          );
      });
      break;
    default:
      errs.push(notSupported(path.child('operator').toString(), quoted(operator), VALID_OPERATORS));
  }
  vals.forEach((v, i) => {
    const ve = isValidLabelValue(v);
    if (ve.length)
      errs.push(invalid(valuePath.index(i).key(key).toString(), quoted(v), ve.join('; ')));
  });
  if (errs.length) throw new LabelSelectorError(aggregate(errs), errs);
  return Requirement.unchecked(key, operator as Operator, vals);
}

export interface Selector {
  matches(labels: Labels | null | undefined): boolean;
  /** True when the selector does not restrict anything (it selects everything). */
  empty(): boolean;
  toString(): string;
  requirements(): readonly Requirement[];
  /** False only for the selector that selects nothing (a null LabelSelector). */
  readonly selectable: boolean;
  add(...requirements: Requirement[]): Selector;
  /** The value the selector pins `label` to with =, == or a one-value in, if any. */
  requiresExactMatch(label: string): string | undefined;
}

// Go sorts with sort.Sort, which is stable for up to 12 requirements (insertion sort).
const byKey = (a: Requirement, b: Requirement) => compareGoStrings(a.key, b.key);

class InternalSelector implements Selector {
  readonly selectable = true;
  constructor(private readonly reqs: readonly Requirement[]) {}

  matches(labels: Labels | null | undefined): boolean {
    return this.reqs.every((r) => r.matches(labels));
  }
  empty(): boolean {
    return this.reqs.length === 0;
  }
  toString(): string {
    return this.reqs.map((r) => r.toString()).join(',');
  }
  requirements(): readonly Requirement[] {
    return this.reqs;
  }
  add(...requirements: Requirement[]): Selector {
    return new InternalSelector([...this.reqs, ...requirements].sort(byKey));
  }
  requiresExactMatch(label: string): string | undefined {
    const r = this.reqs.find((x) => x.key === label);
    if (!r) return undefined;
    const vals = r.valuesUnsorted();
    return (r.operator === '=' || r.operator === '==' || r.operator === 'in') && vals.length === 1
      ? vals[0]
      : undefined;
  }
}

class NothingSelector implements Selector {
  readonly selectable = false;
  matches(): boolean {
    return false;
  }
  empty(): boolean {
    return false;
  }
  toString(): string {
    return '';
  }
  requirements(): readonly Requirement[] {
    return [];
  }
  add(): Selector {
    return this;
  }
  requiresExactMatch(): string | undefined {
    return undefined;
  }
}

const EVERYTHING: Selector = new InternalSelector([]);
const NOTHING: Selector = new NothingSelector();

export const everything = (): Selector => EVERYTHING;
export const nothing = (): Selector => NOTHING;

// ---- the string form -------------------------------------------------------------------------

const enum Token {
  Error,
  EndOfString,
  ClosedPar,
  Comma,
  DoesNotExist,
  DoubleEquals,
  Equals,
  GreaterThan,
  Identifier,
  In,
  LessThan,
  NotEquals,
  NotIn,
  OpenPar,
}

const KEYWORDS: Record<string, Token> = {
  ')': Token.ClosedPar,
  ',': Token.Comma,
  '!': Token.DoesNotExist,
  '==': Token.DoubleEquals,
  '=': Token.Equals,
  '>': Token.GreaterThan,
  in: Token.In,
  '<': Token.LessThan,
  '!=': Token.NotEquals,
  notin: Token.NotIn,
  '(': Token.OpenPar,
};
const keyword = (s: string) => (Object.hasOwn(KEYWORDS, s) ? KEYWORDS[s] : undefined);

const isWhitespace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isSpecial = (c: string) => '=!(),><'.includes(c) && c !== '';
const NUL = '\0';

/** The label selector lexer. Like Go's, it stops at a NUL character as if the input ended. */
class Lexer {
  private pos = 0;
  constructor(private readonly s: string) {}

  private read(): string {
    if (this.pos < this.s.length) return this.s[this.pos++]!;
    return NUL;
  }
  private unread(): void {
    this.pos--;
  }

  lex(): [Token, string] {
    let ch = this.read();
    while (isWhitespace(ch)) ch = this.read();
    if (ch === NUL) return [Token.EndOfString, ''];
    this.unread();
    return isSpecial(ch) ? this.scanSpecial() : this.scanIdOrKeyword();
  }

  private scanIdOrKeyword(): [Token, string] {
    let buf = '';
    for (;;) {
      const ch = this.read();
      if (ch === NUL) break;
      if (isSpecial(ch) || isWhitespace(ch)) {
        this.unread();
        break;
      }
      buf += ch;
    }
    return [keyword(buf) ?? Token.Identifier, buf];
  }

  /** The longest run of special characters that is still an operator: "!=" but "=" then "(". */
  private scanSpecial(): [Token, string] {
    let buf = '';
    let last: [Token, string] | undefined;
    for (;;) {
      const ch = this.read();
      if (ch === NUL) break;
      if (!isSpecial(ch)) {
        this.unread();
        break;
      }
      buf += ch;
      const t = keyword(buf);
      if (t !== undefined) {
        last = [t, buf];
      } else if (last) {
        this.unread();
        break;
      }
    }
    return last ?? [Token.Error, `error expected: keyword found '${buf}'`];
  }
}

const enum Context {
  KeyAndOperator,
  Values,
}

class Parser {
  private items: [Token, string][] = [];
  private position = 0;
  constructor(
    private readonly input: string,
    private readonly path: FieldPath | undefined,
  ) {}

  private lookahead(ctx: Context): [Token, string] {
    const [tok, lit] = this.items[this.position] ?? [Token.EndOfString, ''];
    return [
      ctx === Context.Values && (tok === Token.In || tok === Token.NotIn) ? Token.Identifier : tok,
      lit,
    ];
  }
  private consume(ctx: Context): [Token, string] {
    const r = this.lookahead(ctx);
    this.position++;
    return r;
  }

  parse(): Requirement[] {
    const lexer = new Lexer(this.input);
    for (;;) {
      const item = lexer.lex();
      this.items.push(item);
      if (item[0] === Token.EndOfString) break;
    }
    const reqs: Requirement[] = [];
    for (;;) {
      const [tok, lit] = this.lookahead(Context.Values);
      if (tok === Token.Identifier || tok === Token.DoesNotExist) {
        let r: Requirement;
        try {
          r = this.parseRequirement();
        } catch (e) {
          throw new LabelSelectorError(
            `unable to parse requirement: ${(e as Error).message}`,
            e instanceof LabelSelectorError ? e.fieldErrors : [],
          );
        }
        reqs.push(r);
        const [t, l] = this.consume(Context.Values);
        if (t === Token.EndOfString) return reqs;
        if (t !== Token.Comma)
          throw new LabelSelectorError(`found '${l}', expected: ',' or 'end of string'`);
        const [t2, l2] = this.lookahead(Context.Values);
        if (t2 !== Token.Identifier && t2 !== Token.DoesNotExist)
          throw new LabelSelectorError(`found '${l2}', expected: identifier after ','`);
      } else if (tok === Token.EndOfString) {
        return reqs;
      } else {
        throw new LabelSelectorError(`found '${lit}', expected: !, identifier, or 'end of string'`);
      }
    }
  }

  private parseRequirement(): Requirement {
    const [key, inferred] = this.parseKeyAndInferOperator();
    const path = this.path ?? new FieldPath();
    if (inferred === 'exists' || inferred === '!') return newRequirement(key, inferred, [], path);
    const op = this.parseOperator();
    const values = op === 'in' || op === 'notin' ? this.parseValues() : this.parseExactValue();
    return newRequirement(key, op, [...values].sort(compareGoStrings), path);
  }

  private parseKeyAndInferOperator(): [string, Operator | ''] {
    let op: Operator | '' = '';
    let [tok, lit] = this.consume(Context.Values);
    if (tok === Token.DoesNotExist) {
      op = '!';
      [tok, lit] = this.consume(Context.Values);
    }
    if (tok !== Token.Identifier) throw new Error(`found '${lit}', expected: identifier`);
    // A nil field.Path prints as "<nil>", which is what Kubernetes shows here.
    const ke = keyError(lit, this.path ? this.path.toString() : '<nil>');
    if (ke) throw new LabelSelectorError(ke.toString(), [ke]);
    const [next] = this.lookahead(Context.Values);
    if ((next === Token.EndOfString || next === Token.Comma) && op !== '!') op = 'exists';
    return [lit, op];
  }

  private parseOperator(): Operator {
    const [tok, lit] = this.consume(Context.KeyAndOperator);
    switch (tok) {
      case Token.In:
        return 'in';
      case Token.Equals:
        return '=';
      case Token.DoubleEquals:
        return '==';
      case Token.GreaterThan:
        return 'gt';
      case Token.LessThan:
        return 'lt';
      case Token.NotIn:
        return 'notin';
      case Token.NotEquals:
        return '!=';
      default:
        throw new Error(`found '${lit}', expected: ${BINARY_OPERATORS.join(', ')}`);
    }
  }

  private parseValues(): Set<string> {
    const [tok, lit] = this.consume(Context.Values);
    if (tok !== Token.OpenPar) throw new Error(`found '${lit}' expected: '('`);
    const [next, nextLit] = this.lookahead(Context.Values);
    if (next === Token.Identifier || next === Token.Comma) {
      const s = this.parseIdentifiersList();
      // Go reports the literal that followed '(' here, not the offending token.
      if (this.consume(Context.Values)[0] !== Token.ClosedPar)
        throw new Error(`found '${nextLit}', expected: ')'`);
      return s;
    }
    if (next === Token.ClosedPar) {
      this.consume(Context.Values);
      return new Set(['']);
    }
    throw new Error(`found '${nextLit}', expected: ',', ')' or identifier`);
  }

  private parseIdentifiersList(): Set<string> {
    const s = new Set<string>();
    for (;;) {
      const [tok, lit] = this.consume(Context.Values);
      if (tok === Token.Identifier) {
        s.add(lit);
        const [t2, l2] = this.lookahead(Context.Values);
        if (t2 === Token.Comma) continue;
        if (t2 === Token.ClosedPar) return s;
        throw new Error(`found '${l2}', expected: ',' or ')'`);
      } else if (tok === Token.Comma) {
        if (s.size === 0) s.add('');
        const [t2] = this.lookahead(Context.Values);
        if (t2 === Token.ClosedPar) {
          s.add('');
          return s;
        }
        if (t2 === Token.Comma) {
          this.consume(Context.Values);
          s.add('');
        }
      } else {
        throw new Error(`found '${lit}', expected: ',', or identifier`);
      }
    }
  }

  private parseExactValue(): Set<string> {
    const [next] = this.lookahead(Context.Values);
    if (next === Token.EndOfString || next === Token.Comma) return new Set(['']);
    const [tok, lit] = this.consume(Context.Values);
    if (tok === Token.Identifier) return new Set([lit]);
    throw new Error(`found '${lit}', expected: identifier`);
  }
}

export interface ParseOptions {
  /** The field path Go's field.WithPath would give; absent, key errors name the path "<nil>". */
  path?: FieldPath;
}

/** labels.ParseToRequirements: the requirements, sorted by key. */
export function parseToRequirements(selector: string, opts: ParseOptions = {}): Requirement[] {
  return new Parser(selector, opts.path).parse().sort(byKey);
}

/** labels.Parse: the string form ("app=web,tier in (a,b),!canary") into a Selector. */
export function parseSelector(selector: string, opts: ParseOptions = {}): Selector {
  return new InternalSelector(parseToRequirements(selector, opts));
}

/** SelectorFromSet: key=value for every entry, not validated. Null or empty selects everything. */
export function selectorFromSet(set: Labels | null | undefined): Selector {
  if (!set) return EVERYTHING;
  const keys = Object.keys(set);
  if (!keys.length) return new InternalSelector([]);
  return new InternalSelector(
    keys.map((k) => Requirement.unchecked(k, '=', [set[k]!])).sort(byKey),
  );
}

/**
 * ValidatedSelectorFromSet. Go validates in map order, so which error it reports for a set with
 * several bad entries is random; this reports the first by key.
 */
export function validatedSelectorFromSet(set: Labels | null | undefined): Selector {
  if (!set || !Object.keys(set).length) return new InternalSelector([]);
  const keys = Object.keys(set).sort(compareGoStrings);
  return new InternalSelector(keys.map((k) => newRequirement(k, '=', [set[k]!])));
}

/** labels.Set.String(): "k=v" pairs sorted as whole strings, comma-separated. */
export function labelsToString(set: Labels | null | undefined): string {
  return Object.entries(set ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .sort(compareGoStrings)
    .join(',');
}

/** labels.FormatLabels: as kubectl prints a label map, "<none>" when empty. */
export function formatLabels(set: Labels | null | undefined): string {
  return labelsToString(set) || '<none>';
}

// ---- metav1.LabelSelector ----------------------------------------------------------------------

const SELECTOR_OPERATORS: Record<string, Operator> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

/**
 * metav1.LabelSelectorAsSelector: null selects nothing, {} selects everything. Invalid input
 * throws with Go's message; for several invalid matchLabels Go picks one at random (map order),
 * this picks the first by key.
 */
export function labelSelectorAsSelector(ls: LabelSelector | null | undefined): Selector {
  if (!ls) return NOTHING;
  const matchLabels = ls.matchLabels ?? {};
  const exprs = ls.matchExpressions ?? [];
  const keys = Object.keys(matchLabels).sort(compareGoStrings);
  if (keys.length + exprs.length === 0) return EVERYTHING;
  const reqs: Requirement[] = keys.map((k) => newRequirement(k, '=', [matchLabels[k]!]));
  for (const expr of exprs) {
    const op = Object.hasOwn(SELECTOR_OPERATORS, expr.operator)
      ? SELECTOR_OPERATORS[expr.operator]
      : undefined;
    if (!op)
      throw new LabelSelectorError(
        `${goQuote(expr.operator)} is not a valid label selector operator`,
      );
    // Go copies with append([]string(nil), ...), so an empty list reaches validation as nil.
    const values = expr.values?.length ? [...expr.values] : null;
    reqs.push(newRequirement(expr.key, op, values));
  }
  return new InternalSelector([]).add(...reqs);
}

/**
 * metav1.LabelSelectorAsMap: the equality-only form, for selectors that are just label maps.
 * Null gives null.
 */
export function labelSelectorAsMap(
  ls: LabelSelector | null | undefined,
): Record<string, string> | null {
  if (!ls) return null;
  const out: Record<string, string> = { ...(ls.matchLabels ?? {}) };
  for (const expr of ls.matchExpressions ?? []) {
    switch (expr.operator) {
      case 'In':
        if (expr.values?.length !== 1)
          throw new LabelSelectorError(
            `operator ${goQuote(expr.operator)} without a single value cannot be converted into the old label selector format`,
          );
        out[expr.key] = expr.values[0]!;
        break;
      case 'NotIn':
      case 'Exists':
      case 'DoesNotExist':
        throw new LabelSelectorError(
          `operator ${goQuote(expr.operator)} cannot be converted into the old label selector format`,
        );
      default:
        throw new LabelSelectorError(`${goQuote(expr.operator)} is not a valid selector operator`);
    }
  }
  return out;
}

/** metav1.FormatLabelSelector: how kubectl prints a selector; "<none>" when empty or null. */
export function formatLabelSelector(ls: LabelSelector | null | undefined): string {
  let s: string;
  try {
    s = labelSelectorAsSelector(ls).toString();
  } catch {
    return '<error>';
  }
  return s || '<none>';
}

/** metav1.ParseToLabelSelector: the string form into a LabelSelector object. */
export function parseToLabelSelector(selector: string): LabelSelector {
  let reqs: Requirement[];
  try {
    reqs = parseToRequirements(selector);
  } catch (e) {
    throw new LabelSelectorError(
      `couldn't parse the selector string "${selector}": ${(e as Error).message}`,
    );
  }
  const out: { matchLabels: Record<string, string>; matchExpressions: LabelSelectorRequirement[] } =
    {
      matchLabels: {},
      matchExpressions: [],
    };
  for (const r of reqs) {
    switch (r.operator) {
      case '=':
      case '==':
        out.matchLabels[r.key] = r.values[0]!;
        continue;
      case 'gt':
      case 'lt':
        throw new LabelSelectorError(`${goQuote(r.operator)} isn't supported in label selectors`);
    }
    const operator = { in: 'In', notin: 'NotIn', exists: 'Exists', '!': 'DoesNotExist' }[
      r.operator as string
    ]!;
    const values = r.values;
    // Go's omitempty drops an empty list from the object.
    out.matchExpressions.push(
      values.length ? { key: r.key, operator, values } : { key: r.key, operator },
    );
  }
  return out;
}

export interface LabelSelectorValidationOptions {
  allowInvalidLabelValueInSelector?: boolean;
  allowUnknownOperatorInRequirement?: boolean;
}

/**
 * metav1validation.ValidateLabelSelector: the field errors an API object's selector gets.
 * matchLabels are checked in key order (Go: map order).
 */
export function validateLabelSelector(
  ls: LabelSelector | null | undefined,
  opts: LabelSelectorValidationOptions,
  fldPath: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  if (!ls) return errs;
  const labelsPath = fldPath.child('matchLabels').toString();
  const matchLabels = ls.matchLabels ?? {};
  for (const k of Object.keys(matchLabels).sort(compareGoStrings)) {
    for (const msg of isQualifiedName(k)) errs.push(invalid(labelsPath, quoted(k), msg));
    for (const msg of isValidLabelValue(matchLabels[k]!))
      errs.push(invalid(labelsPath, quoted(matchLabels[k]!), msg));
  }
  (ls.matchExpressions ?? []).forEach((expr, i) => {
    const p = fldPath.child('matchExpressions').index(i);
    const values = expr.values ?? [];
    switch (expr.operator) {
      case 'In':
      case 'NotIn':
        if (!values.length)
          errs.push(
            required(
              p.child('values').toString(),
              "must be specified when `operator` is 'In' or 'NotIn'",
            ),
          );
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length)
          errs.push(
            forbidden(
              p.child('values').toString(),
              "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            ),
          );
        break;
      default:
        if (!opts.allowUnknownOperatorInRequirement)
          errs.push(
            invalid(
              p.child('operator').toString(),
              quoted(expr.operator),
              'not a valid selector operator',
            ),
          );
    }
    for (const msg of isQualifiedName(expr.key))
      errs.push(invalid(p.child('key').toString(), quoted(expr.key), msg));
    if (!opts.allowInvalidLabelValueInSelector) {
      values.forEach((v, j) => {
        for (const msg of isValidLabelValue(v))
          errs.push(invalid(p.child('values').index(j).toString(), quoted(v), msg));
      });
    }
  });
  return errs;
}
