// What the API server does when it decodes a JSON request body into a typed object, and the
// texts it answers with. Follows, at Kubernetes 1.32:
// - k8s.io/apiserver pkg/endpoints/handlers (create.go, update.go, rest.go): fieldValidation
//   Strict fails on unknown fields, Warn turns each into a warning, Ignore drops them; every other
//   decoding error fails in every mode as BadRequest
//   `<Kind> in version "<version>" cannot be handled as a <Kind>: <error>` (transformDecodeError).
// - k8s.io/apimachinery runtime/serializer/json and runtime/error.go: the strict errors are
//   joined as `strict decoding error: unknown field "a.b", unknown field "c"`.
// - sigs.k8s.io/json (Kubernetes' fork of encoding/json): keys match fields case-sensitively;
//   unknown fields are reported with their path (`spec.containers[0].foo`, map keys as `.key`) in
//   document order, de-duplicated, at most 100; the first type mismatch is kept and decoding goes
//   on, and wins over strict errors; an error returned by a type's own UnmarshalJSON (Quantity,
//   IntOrString, Time, MicroTime) stops decoding at once and wins over both.
// - encoding/json's UnmarshalTypeError text: `json: cannot unmarshal <string|number|number 1.5|
//   bool|object|array> into Go struct field <Struct>.<json path without indices> of type <Go
//   type>`, or `into Go value of type <Go type>` at the top.
// - resource.ParseQuantity's errors (../api/resource/quantity.ts), time.Parse's errors (RFC 3339
//   for Time, RFC 3339 with microseconds for MicroTime) and encoding/base64's for []byte fields.
// The paths in strict errors are quoted with strconv.Quote (../labels/go-text.ts).
// Duplicate keys are the JSON/YAML parser's business: by the time we see a JS object they are gone.
import { badRequestError } from '../api/errors';
import { parseQuantityJSON, QuantityError } from '../api/resource/quantity';
import { goQuote } from '../labels/go-text';
import type { GroupVersionKind } from '../meta/types';
import type { SchemaNode } from './schema-node';
import { schemaFor } from './schema-registry';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** The fieldValidation query parameter: empty means Warn; anything else unknown is undefined. */
export function fieldValidationOf(raw: string | undefined | null): FieldValidation | undefined {
  if (raw === undefined || raw === null || raw === '') return 'Warn';
  return raw === 'Strict' || raw === 'Warn' || raw === 'Ignore' ? raw : undefined;
}

export interface SchemaDecodeResult {
  /** The value as the typed object would re-serialize it: unknown fields dropped, nulls gone. */
  value: unknown;
  /** Unknown fields' paths, as the server reports them. */
  unknownFields: string[];
  /** The decoding error's text (a type mismatch or an unparsable value), when decoding failed. */
  error?: string;
}

const MAX_STRICT_ERRORS = 100;
const OMIT = Symbol('omit');

class Abort {
  constructor(readonly message: string) {}
}

/** Where encoding/json is: the struct holding the current field, and the JSON field path. */
interface ErrorContext {
  struct: string;
  fields: readonly string[];
}

interface State {
  unknown: string[];
  seen: Set<string>;
  saved?: string;
}

const goTypeOf = (node: SchemaNode): string => {
  const named = (node as { goType?: unknown }).goType;
  if (typeof named === 'string') return named;
  switch (node.type) {
    case 'integer':
      return node.format === 'int32' ? 'int32' : 'int64';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
    case 'string':
      return node.format === 'byte' ? '[]uint8' : 'string';
    case 'array':
      return `[]${node.items ? goTypeOf(node.items) : 'interface {}'}`;
    case 'map':
      return `map[string]${node.values ? goTypeOf(node.values) : 'interface {}'}`;
    case 'object':
      return node.typeName ? `v1.${node.typeName}` : 'map[string]interface {}';
    default:
      return 'interface {}';
  }
};

/** What encoding/json calls a JSON value in its errors. */
function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'bool';
    default:
      return 'object';
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function unmarshalTypeError(value: string, goType: string, ctx: ErrorContext | undefined): string {
  if (ctx && (ctx.struct || ctx.fields.length)) {
    return `json: cannot unmarshal ${value} into Go struct field ${ctx.struct}.${ctx.fields.join('.')} of type ${goType}`;
  }
  return `json: cannot unmarshal ${value} into Go value of type ${goType}`;
}

/** The JSON text of a number as Go would have seen it (close enough: JS formatting). */
const numberText = (n: number) => (Number.isFinite(n) ? String(n) : 'null');

function setOwn(o: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__')
    Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

// ---------------------------------------------------------------------------------------------
// time.Parse with the layouts metav1.Time and metav1.MicroTime unmarshal with.

const RFC3339 = '2006-01-02T15:04:05Z07:00';
const RFC3339_MICRO = '2006-01-02T15:04:05.000000Z07:00';

/** The time package's quote(): ASCII as is (with \" and \\), anything else as \x bytes. */
function timeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x80 || c < 0x20) {
      for (const b of utf8(ch)) out += `\\x${b.toString(16).padStart(2, '0')}`;
    } else {
      if (ch === '"' || ch === '\\') out += '\\';
      out += ch;
    }
  }
  return `${out}"`;
}

function utf8(ch: string): number[] {
  const c = ch.codePointAt(0)!;
  if (c < 0x80) return [c];
  if (c < 0x800) return [0xc0 | (c >> 6), 0x80 | (c & 63)];
  if (c < 0x10000) return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)];
  return [0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)];
}

const isDigit = (s: string, i: number) => i < s.length && s[i]! >= '0' && s[i]! <= '9';

/** time's getnum: one or two digits (exactly two when fixed). */
function getnum(s: string, fixed: boolean): [number, string] | undefined {
  if (!isDigit(s, 0)) return undefined;
  if (!isDigit(s, 1)) return fixed ? undefined : [Number(s[0]), s.slice(1)];
  return [Number(s.slice(0, 2)), s.slice(2)];
}

function daysIn(month: number, year: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** time.Parse(layout, value)'s error text, or undefined when value parses. */
export function timeParseError(value: string, micro = false): string | undefined {
  const layout = micro ? RFC3339_MICRO : RFC3339;
  const fail = (layoutElem: string, valueElem: string) =>
    `parsing time ${timeQuote(value)} as ${timeQuote(layout)}: cannot parse ${timeQuote(valueElem)} as ${timeQuote(layoutElem)}`;
  const outOfRange = (what: string) => `parsing time ${timeQuote(value)}: ${what} out of range`;
  // The layout as time.Parse walks it: literal prefixes and std elements.
  const chunks: [string, string][] = [
    ['', '2006'],
    ['-', '01'],
    ['-', '02'],
    ['T', '15'],
    [':', '04'],
    [':', '05'],
    ...(micro ? ([['', '.000000']] as [string, string][]) : []),
    ['', 'Z07:00'],
  ];
  let v = value;
  let year = 0;
  let month = 0;
  let day = 0;
  for (const [prefix, std] of chunks) {
    for (const ch of prefix) {
      if (v.length === 0 || v[0] !== ch) return fail(prefix, v);
      v = v.slice(1);
    }
    const hold = v;
    let bad = false;
    let range = '';
    switch (std) {
      case '2006': {
        if (v.length < 4) bad = true;
        else {
          const p = v.slice(0, 4);
          v = v.slice(4);
          const m = /^([+-]?)(\d*)$/.exec(p);
          if (!m) bad = true;
          else year = (m[1] === '-' ? -1 : 1) * Number(m[2] || '0');
        }
        break;
      }
      case '01':
      case '02':
      case '15':
      case '04':
      case '05': {
        const r = getnum(v, std !== '15');
        if (!r) {
          bad = true;
          break;
        }
        const [n, rest] = r;
        v = rest;
        if (std === '01') {
          month = n;
          if (n <= 0 || n > 12) range = 'month';
        } else if (std === '02') day = n;
        else if (std === '15' && n >= 24) range = 'hour';
        else if (std === '04' && n >= 60) range = 'minute';
        else if (std === '05') {
          if (n >= 60) range = 'second';
          else if (!micro && v.length >= 2 && (v[0] === '.' || v[0] === ',') && isDigit(v, 1)) {
            let n2 = 2;
            while (isDigit(v, n2)) n2++;
            v = v.slice(n2);
          }
        }
        break;
      }
      case '.000000': {
        if (v.length < 7) bad = true;
        else if (v[0] !== '.' && v[0] !== ',') bad = true;
        else if (!/^\d{6}$/.test(v.slice(1, 7))) bad = true;
        else v = v.slice(7);
        break;
      }
      case 'Z07:00': {
        if (v.length >= 1 && v[0] === 'Z') {
          v = v.slice(1);
          break;
        }
        if (v.length < 6 || v[3] !== ':') {
          bad = true;
          break;
        }
        const sign = v[0];
        const hr = getnum(v.slice(1, 3), true);
        const mm = hr && getnum(v.slice(4, 6), true);
        v = v.slice(6);
        if (!hr || !mm) bad = true;
        else {
          if (hr[0] > 24) range = 'time zone offset hour';
          if (mm[0] > 60) range = 'time zone offset minute';
          if (sign !== '+' && sign !== '-') bad = true;
        }
        break;
      }
    }
    if (range) return outOfRange(range);
    if (bad) return fail(std, hold);
  }
  if (v.length) return `parsing time ${timeQuote(value)}: extra text: ${timeQuote(v)}`;
  if (day < 1 || day > daysIn(month, year)) return outOfRange('day');
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// encoding/base64 (StdEncoding) for []byte fields.

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** base64.StdEncoding.Decode's error text for s, or undefined when s decodes. */
export function base64Error(s: string): string | undefined {
  const err = (at: number) => `illegal base64 data at input byte ${at}`;
  let si = 0;
  for (;;) {
    // One quantum of four symbols, skipping newlines, as decodeQuantum does.
    let j = 0;
    while (j < 4) {
      if (si === s.length) {
        if (j === 0) return undefined;
        return err(si - j);
      }
      const ch = s[si]!;
      si++;
      if (B64.includes(ch)) {
        j++;
        continue;
      }
      if (ch === '\n' || ch === '\r') continue;
      if (ch !== '=') return err(si - 1);
      if (j === 0 || j === 1) return err(si - 1);
      if (j === 2) {
        while (si < s.length && (s[si] === '\n' || s[si] === '\r')) si++;
        if (si === s.length) return err(s.length);
        if (s[si] !== '=') return err(si - 1);
        si++;
      }
      while (si < s.length && (s[si] === '\n' || s[si] === '\r')) si++;
      if (si < s.length) return err(si);
      return undefined;
    }
  }
}

function base64Encode(bytes: readonly number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    out += i + 1 < bytes.length ? B64[(n >> 6) & 63]! : '=';
    out += i + 2 < bytes.length ? B64[n & 63]! : '=';
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The decoder.

const INT_RANGE: Record<string, [number, number]> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  int64: [-(2 ** 63), 2 ** 63 - 1],
  uint8: [0, 255],
};

/** The value a Go field holds after decoding JSON null into a map value or slice element. */
function zeroValue(node: SchemaNode): unknown {
  switch (node.type) {
    case 'string':
      return node.format === 'byte' ? null : '';
    case 'integer':
    case 'number':
    case 'int-or-string':
      return 0;
    case 'quantity':
      return '0';
    case 'boolean':
      return false;
    case 'object':
      return {};
    default:
      return null;
  }
}

function decodeValue(
  v: unknown,
  node: SchemaNode,
  path: string,
  ctx: ErrorContext | undefined,
  st: State,
): unknown {
  const save = (msg: string) => {
    if (st.saved === undefined) st.saved = msg;
  };
  const typeError = (kind: string, goType = goTypeOf(node)) =>
    save(unmarshalTypeError(kind, goType, ctx));

  switch (node.type) {
    case 'any':
      return v === null ? OMIT : v;

    case 'object': {
      if (v === null) return OMIT;
      if (!isPlainObject(v)) return (typeError(jsonKind(v)), OMIT);
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v)) {
        const child = node.field(key);
        const childPath = path ? `${path}.${key}` : key;
        if (!child) {
          const text = `unknown field ${goQuote(childPath)}`;
          if (!st.seen.has(text) && st.unknown.length < MAX_STRICT_ERRORS) {
            st.seen.add(text);
            st.unknown.push(childPath);
          }
          continue;
        }
        const childCtx = {
          struct: node.typeName ?? '',
          fields: [...(ctx?.fields ?? []), key],
        };
        const r = decodeValue(v[key], child, childPath, childCtx, st);
        if (r !== OMIT) setOwn(out, key, r);
      }
      return out;
    }

    case 'map': {
      if (v === null) return OMIT;
      if (!isPlainObject(v)) return (typeError(jsonKind(v)), OMIT);
      const values = node.values;
      if (!values) return v;
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v)) {
        const val = v[key];
        const r = decodeValue(val, values, path ? `${path}.${key}` : key, ctx, st);
        setOwn(out, key, r === OMIT ? zeroValue(values) : r);
      }
      return out;
    }

    case 'array': {
      if (v === null) return OMIT;
      if (node.format === 'byte') return decodeBytesArray(v, node, ctx, st);
      if (!Array.isArray(v)) return (typeError(jsonKind(v)), OMIT);
      const items = node.items;
      if (!items) return v;
      return v.map((el, i) => {
        const r = decodeValue(el, items, `${path}[${i}]`, ctx, st);
        return r === OMIT ? zeroValue(items) : r;
      });
    }

    case 'string': {
      if (v === null) return OMIT;
      if (node.format === 'byte') {
        if (Array.isArray(v)) return decodeBytesArray(v, node, ctx, st);
        if (typeof v !== 'string') return (typeError(jsonKind(v)), OMIT);
        const e = base64Error(v);
        if (e) return (save(e), OMIT);
        return v;
      }
      if (typeof v !== 'string') return (typeError(jsonKind(v)), OMIT);
      return v;
    }

    case 'integer': {
      if (v === null) return OMIT;
      if (typeof v !== 'number') return (typeError(jsonKind(v)), OMIT);
      const goType = goTypeOf(node);
      const [lo, hi] = INT_RANGE[node.format === 'int32' ? 'int32' : 'int64']!;
      if (!Number.isInteger(v) || v < lo || v > hi) {
        return (typeError(`number ${numberText(v)}`, goType), OMIT);
      }
      return v;
    }

    case 'number':
      if (v === null) return OMIT;
      if (typeof v !== 'number') return (typeError(jsonKind(v)), OMIT);
      return v;

    case 'boolean':
      if (v === null) return OMIT;
      if (typeof v !== 'boolean') return (typeError(jsonKind(v)), OMIT);
      return v;

    case 'int-or-string': {
      // IntOrString.UnmarshalJSON: a JSON string is the string; anything else is decoded into
      // an int32 by a nested json.Unmarshal, whose error stops the whole decode.
      if (v === null) return OMIT;
      if (typeof v === 'string') return v;
      if (typeof v !== 'number') throw new Abort(unmarshalTypeError(jsonKind(v), 'int32', ctx));
      const [lo, hi] = INT_RANGE.int32!;
      if (!Number.isInteger(v) || v < lo || v > hi) {
        throw new Abort(unmarshalTypeError(`number ${numberText(v)}`, 'int32', ctx));
      }
      return v;
    }

    case 'quantity': {
      // Quantity.UnmarshalJSON parses the raw JSON text (a string's, unquoted); its error stops
      // the decode.
      if (v === null) return OMIT;
      try {
        parseQuantityJSON(v);
      } catch (e) {
        if (e instanceof QuantityError) throw new Abort(e.message);
        throw e;
      }
      return v;
    }

    case 'date-time': {
      // metav1.Time / MicroTime.UnmarshalJSON: a nested json.Unmarshal into a string, then
      // time.Parse; both errors stop the decode.
      if (v === null) return OMIT;
      if (typeof v !== 'string') throw new Abort(unmarshalTypeError(jsonKind(v), 'string', ctx));
      const micro = node.typeName === 'MicroTime';
      const e = timeParseError(v, micro);
      if (e) throw new Abort(e);
      return v;
    }
  }
  return v;
}

/** A JSON array into []byte: each element a uint8; the typed value re-serializes as base64. */
function decodeBytesArray(
  v: unknown,
  node: SchemaNode,
  ctx: ErrorContext | undefined,
  st: State,
): unknown {
  const save = (msg: string) => {
    if (st.saved === undefined) st.saved = msg;
  };
  if (!Array.isArray(v)) return (save(unmarshalTypeError(jsonKind(v), goTypeOf(node), ctx)), OMIT);
  const bytes: number[] = [];
  for (const el of v) {
    if (el === null) {
      bytes.push(0);
      continue;
    }
    if (typeof el !== 'number') {
      save(unmarshalTypeError(jsonKind(el), 'uint8', ctx));
      continue;
    }
    if (!Number.isInteger(el) || el < 0 || el > 255) {
      save(unmarshalTypeError(`number ${numberText(el)}`, 'uint8', ctx));
      continue;
    }
    bytes.push(el);
  }
  return base64Encode(bytes);
}

/**
 * Decodes a parsed JSON value against a schema as the API server's JSON decoder would: returns
 * the value with unknown fields dropped, the unknown fields' paths, and the error text when the
 * value cannot be decoded (then `value` is what was decoded before the error).
 */
export function decodeWithSchema(value: unknown, schema: SchemaNode): SchemaDecodeResult {
  const st: State = { unknown: [], seen: new Set() };
  try {
    const r = decodeValue(value, schema, '', undefined, st);
    const out: SchemaDecodeResult = {
      value: r === OMIT ? undefined : r,
      unknownFields: st.unknown,
    };
    if (st.saved !== undefined) out.error = st.saved;
    return out;
  } catch (e) {
    if (e instanceof Abort)
      return { value: undefined, unknownFields: st.unknown, error: e.message };
    throw e;
  }
}

/** The error text of a strict decoding failure. */
export const strictDecodingErrorText = (unknownFields: readonly string[]) =>
  `strict decoding error: ${unknownFields.map((p) => `unknown field ${goQuote(p)}`).join(', ')}`;

export interface DecodeResult {
  object: Record<string, unknown>;
  /** Warning texts (fieldValidation=Warn), for `Warning: 299 - "<text>"` headers. */
  warnings: string[];
}

/**
 * Decodes a request body (parsed JSON) of a built-in kind under a fieldValidation mode.
 * Throws StatusError BadRequest with the API server's text; throws a plain Error for a kind
 * without a schema (callers check schemaFor first).
 */
export function decodeTyped(
  obj: unknown,
  gvk: GroupVersionKind,
  mode: FieldValidation,
): DecodeResult {
  const schema = schemaFor(gvk.group, gvk.version, gvk.kind);
  if (!schema) throw new Error(`no schema for ${gvk.group}/${gvk.version} ${gvk.kind}`);
  return decodeWithRootSchema(obj, gvk, schema, mode);
}

/** decodeTyped with a given schema (a custom resource's, say). */
export function decodeWithRootSchema(
  obj: unknown,
  gvk: GroupVersionKind,
  schema: SchemaNode,
  mode: FieldValidation,
): DecodeResult {
  const fail = (reason: string) =>
    badRequestError(
      `${gvk.kind} in version ${JSON.stringify(gvk.version)} cannot be handled as a ${gvk.kind}: ${reason}`,
    );
  const r = decodeWithSchema(obj, schema);
  if (r.error !== undefined) throw fail(r.error);
  const object = (r.value ?? {}) as Record<string, unknown>;
  if (mode === 'Strict' && r.unknownFields.length) {
    throw fail(strictDecodingErrorText(r.unknownFields));
  }
  const warnings = mode === 'Warn' ? r.unknownFields.map((p) => `unknown field ${goQuote(p)}`) : [];
  return { object, warnings };
}
