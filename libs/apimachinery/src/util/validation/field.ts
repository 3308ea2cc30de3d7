// Field errors as k8s.io/apimachinery/pkg/util/validation/field renders them: the text a
// learner sees in "The Deployment "x" is invalid: spec.replicas: Invalid value: -1: ...".

export type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueDuplicate'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueNotFound'
  | 'InternalError';

const TYPE_TEXT: Record<FieldErrorType, string> = {
  FieldValueRequired: 'Required value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  FieldValueNotFound: 'Not found',
  InternalError: 'Internal error',
};

/** A value rendered like Go's %#v would render the decoded Go value (close enough to teach). */
export class GoValue {
  constructor(readonly text: string) {}
}

/** map[string]string{"a":"b"} or map[string]string(nil), as Go prints a label map. */
export function goStringMap(m: Record<string, string> | undefined | null): GoValue {
  if (!m) return new GoValue('map[string]string(nil)');
  const body = Object.keys(m)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${JSON.stringify(m[k])}`)
    .join(', ');
  return new GoValue(`map[string]string{${body}}`);
}

const OMIT = Symbol('omit');

export class FieldError {
  constructor(
    readonly type: FieldErrorType,
    readonly field: string,
    readonly badValue: unknown = OMIT,
    readonly detail = '',
  ) {}

  /** The message without the field path (a Status cause's message). */
  get body(): string {
    let s = TYPE_TEXT[this.type];
    const omit =
      this.badValue === OMIT ||
      this.type === 'FieldValueRequired' ||
      this.type === 'FieldValueForbidden' ||
      this.type === 'FieldValueTooLong' ||
      this.type === 'InternalError';
    if (!omit) s += `: ${renderValue(this.badValue)}`;
    if (this.detail) s += `: ${this.detail}`;
    return s;
  }

  toString(): string {
    return `${this.field}: ${this.body}`;
  }
}

function renderValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (v instanceof GoValue) return v.text;
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}

export const required = (field: string, detail = '') =>
  new FieldError('FieldValueRequired', field, OMIT, detail);
export const invalid = (field: string, value: unknown, detail: string) =>
  new FieldError('FieldValueInvalid', field, value, detail);
export const forbidden = (field: string, detail: string) =>
  new FieldError('FieldValueForbidden', field, OMIT, detail);
export const duplicate = (field: string, value: unknown) =>
  new FieldError('FieldValueDuplicate', field, value);
export const notFound = (field: string, value: unknown) =>
  new FieldError('FieldValueNotFound', field, value);
export const tooLong = (field: string, max: number) =>
  new FieldError('FieldValueTooLong', field, OMIT, `may not be more than ${max} bytes`);
export const tooMany = (field: string, actual: number, max: number) =>
  new FieldError('FieldValueTooMany', field, actual, `must have at most ${max} items`);
export function notSupported(
  field: string,
  value: unknown,
  supported: readonly string[],
): FieldError {
  const detail = supported.length
    ? `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`
    : '';
  return new FieldError('FieldValueNotSupported', field, value, detail);
}

/** Joins field paths the way field.Path does: a.b, a[0], a[key]. */
export class FieldPath {
  constructor(private readonly parts: string[] = []) {}
  child(...names: string[]): FieldPath {
    const parts = [...this.parts];
    for (const n of names) parts.push(parts.length ? `.${n}` : n);
    return new FieldPath(parts);
  }
  index(i: number): FieldPath {
    return new FieldPath([...this.parts, `[${i}]`]);
  }
  key(k: string): FieldPath {
    return new FieldPath([...this.parts, `[${k}]`]);
  }
  toString(): string {
    return this.parts.join('');
  }
}

export const path = (...names: string[]) => new FieldPath().child(...names);

/** An ErrorList's aggregate text: one error as is, several as [a, b]. */
export function aggregate(errors: FieldError[]): string {
  const texts = [...new Set(errors.map((e) => e.toString()))];
  return texts.length === 1 ? texts[0]! : `[${texts.join(', ')}]`;
}
