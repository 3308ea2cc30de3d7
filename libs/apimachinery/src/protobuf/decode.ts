/*
 * Decodes the protobuf request bodies of kubectl ≥ 1.32 (Content-Type
 * application/vnd.kubernetes.protobuf) into the JSON object a JSON client (kubectl 1.31) sends
 * for the same command.
 *
 * Follows apimachinery's protobuf serializer (pkg/runtime/serializer/protobuf): the 4 magic bytes
 * "k8s\0", then a runtime.Unknown whose typeMeta names the apiVersion/kind and whose raw is the
 * typed message (k8s.io/api generated.proto). The JSON is then what Go's encoding/json writes for
 * the Go struct the server would decode that message into, because that is exactly what a Go
 * JSON client writes for the struct it would have encoded:
 * - an absent field is the Go zero value;
 * - non-pointer scalars are written even when zero, unless `omitempty` (then "", 0, false go);
 * - pointers keep whatever was on the wire (replicas: 0 stays); nil ones are dropped with
 *   `omitempty`, otherwise written as null;
 * - slices and maps: protobuf cannot say "empty", so absent means nil: dropped with `omitempty`,
 *   null without;
 * - non-pointer structs are always written, `omitempty` or not: `"strategy": {}`,
 *   `"resources": {}`, and metav1.Time's zero value as `"creationTimestamp": null`;
 * - types with their own MarshalJSON (Time, MicroTime, Duration, Quantity, IntOrString,
 *   RawExtension, FieldsV1) and []byte (base64) are written as Go writes them.
 * The facts per field (JSON name, pointer, omitempty, inline) are in generated/descriptors.json.
 */
import type { DescriptorFile, FieldDescriptor, MessageDescriptor } from './descriptor-types';
import descriptorData from './generated/descriptors.json';
import { base64, formatGoDuration, formatMicroTime, formatTime } from './go-json';
import {
  readFields,
  readPackedVarints,
  toInt32,
  toInt64,
  toInt64Big,
  WireError,
  type WireValue,
} from './wire';

const descriptors = descriptorData as DescriptorFile;

export const KUBE_PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';

/** "k8s\0", the prefix of every Kubernetes protobuf-encoded object. */
const MAGIC = [0x6b, 0x38, 0x73, 0x00] as const;

// RawExtension may itself hold a protobuf object (which holds RawExtensions…); bound the depth.
const MAX_NESTING = 32;

export interface DecodedKubeObject {
  apiVersion: string;
  kind: string;
  /** The JSON form, with apiVersion and kind set, ready for the JSON code paths. */
  object: Record<string, unknown>;
}

export class KubeProtobufError extends Error {
  override name = 'KubeProtobufError';
}

export function isKubeProtobuf(body: Uint8Array): boolean {
  return body.length >= MAGIC.length && MAGIC.every((b, i) => body[i] === b);
}

/** Whether decodeKubeProtobuf knows the message of this apiVersion and kind. */
export function isKubeProtobufKindSupported(apiVersion: string, kind: string): boolean {
  return descriptors.kinds[apiVersion]?.[kind] !== undefined;
}

export function decodeKubeProtobuf(body: Uint8Array): DecodedKubeObject {
  return decodeEnvelope(body, 0);
}

function decodeEnvelope(body: Uint8Array, depth: number): DecodedKubeObject {
  if (!isKubeProtobuf(body)) {
    throw new KubeProtobufError(
      'protobuf body does not start with the Kubernetes magic bytes "k8s\\0"',
    );
  }
  if (depth > MAX_NESTING) throw new KubeProtobufError('protobuf objects nested too deeply');
  const env = descriptors.messages[descriptors.envelope]!;
  let unknown: Map<number, WireValue[]>;
  let typeMeta: Map<number, WireValue[]>;
  try {
    unknown = readFields(body.subarray(MAGIC.length));
    typeMeta = readFields(lastBytes(unknown, fieldNo(env, 'typeMeta')) ?? new Uint8Array(0));
  } catch (e) {
    throw wrap(e, 'runtime.Unknown envelope');
  }
  const tmDesc = descriptors.messages[fieldOf(env, 'typeMeta').type]!;
  const apiVersion = lastString(typeMeta, fieldNo(tmDesc, 'apiVersion'));
  const kind = lastString(typeMeta, fieldNo(tmDesc, 'kind'));
  const contentEncoding = lastString(unknown, fieldNo(env, 'contentEncoding'));
  const contentType = lastString(unknown, fieldNo(env, 'contentType'));
  const raw = lastBytes(unknown, fieldNo(env, 'raw')) ?? new Uint8Array(0);
  if (!apiVersion || !kind) {
    throw new KubeProtobufError('protobuf body has no apiVersion/kind in its runtime.Unknown');
  }
  if (contentEncoding) {
    throw new KubeProtobufError(`protobuf body has unsupported contentEncoding ${contentEncoding}`);
  }
  if (contentType && contentType !== KUBE_PROTOBUF_CONTENT_TYPE) {
    throw new KubeProtobufError(`protobuf body wraps unsupported contentType ${contentType}`);
  }
  const message = descriptors.kinds[apiVersion]?.[kind];
  if (!message) {
    throw new KubeProtobufError(
      `protobuf bodies of ${kind} (${apiVersion}) are not supported; send it as JSON`,
    );
  }
  let fields: Record<string, unknown>;
  try {
    fields = messageJson(message, raw, depth, '');
  } catch (e) {
    if (e instanceof Located) {
      const prefix = e.malformed ? 'malformed protobuf body' : 'cannot decode protobuf body';
      throw new KubeProtobufError(`${prefix}: ${kind} (${apiVersion}) ${e.where}: ${e.message}`);
    }
    throw wrap(e, `${kind} (${apiVersion})`);
  }
  // TypeMeta comes first in every kind's Go struct, kind before apiVersion.
  const object: Record<string, unknown> = { kind, apiVersion, ...fields };
  return { apiVersion, kind, object };
}

// An error with the JSON path where it happened (.spec.template.spec.containers[0].image).
class Located extends Error {
  constructor(
    readonly where: string,
    message: string,
    readonly malformed: boolean,
  ) {
    super(message);
  }
}

/** Runs fn, giving an error from it the path it happened at (the innermost path wins). */
function at<T>(where: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof Located || e instanceof KubeProtobufError) throw e;
    const message = e instanceof Error ? e.message : String(e);
    throw new Located(where || '(top level)', message, e instanceof WireError);
  }
}

function wrap(e: unknown, where: string): KubeProtobufError {
  if (e instanceof KubeProtobufError) return e;
  const detail = e instanceof Error ? e.message : String(e);
  const prefix = e instanceof WireError ? 'malformed protobuf body' : 'cannot decode protobuf body';
  return new KubeProtobufError(`${prefix}: ${where}: ${detail}`);
}

// ---------------------------------------------------------------------------------------------

/** A message's JSON object (the Go struct's encoding); bytes undefined = the zero struct. */
function messageJson(
  name: string,
  bytes: Uint8Array | undefined,
  depth: number,
  path: string,
): Record<string, unknown> {
  const desc = message(name);
  const wire = at(path, () =>
    bytes && bytes.length ? readFields(bytes) : new Map<number, WireValue[]>(),
  );
  const out: Record<string, unknown> = {};
  const direct = new Set(desc.fields.filter((f) => !f.inline).map((f) => f.json));
  for (const f of desc.fields) {
    const values = wire.get(f.no);
    if (f.inline) {
      if (f.ptr && !values) continue;
      // Go promotes an embedded struct's fields unless the outer struct has one of that name.
      const inner = messageJson(
        f.type,
        at(path, () => mergedBytes(values)),
        depth,
        path,
      );
      for (const [k, v] of Object.entries(inner)) if (!direct.has(k)) out[k] = v;
      continue;
    }
    const fieldPath = `${path}.${f.json}`;
    const v = at(fieldPath, () => fieldJson(f, values, depth, fieldPath));
    if (v !== OMIT) out[f.json] = v;
  }
  return out;
}

const OMIT = Symbol('omit');

function fieldJson(
  f: FieldDescriptor,
  values: WireValue[] | undefined,
  depth: number,
  path: string,
): unknown {
  if (f.label === 'repeated') {
    if (!values) return f.omitempty ? OMIT : null;
    const items: unknown[] = [];
    for (const v of values) {
      if (v.wt === 2 && isPackable(f.type)) {
        for (const p of readPackedVarints(v.bytes)) items.push(scalarJson(f.type, { wt: 0, ...p }));
      } else {
        const itemPath = `${path}[${items.length}]`;
        items.push(at(itemPath, () => valueJson(f.type, v, depth, itemPath)));
      }
    }
    return items;
  }
  if (f.label === 'map') {
    if (!values) return f.omitempty ? OMIT : null;
    const entries = new Map<string, unknown>();
    for (const v of values) {
      // A map entry is a message {1: key, 2: value}; an absent value is the zero value.
      const entry = readFields(expectBytes(v));
      const key = lastString(entry, 1);
      const value = entry.get(2);
      const valuePath = `${path}[${JSON.stringify(key)}]`;
      entries.set(
        key,
        at(valuePath, () => valueJson(f.type, value?.[value.length - 1], depth, valuePath, value)),
      );
    }
    // encoding/json writes map keys sorted.
    const obj: Record<string, unknown> = {};
    for (const k of [...entries.keys()].sort()) obj[k] = entries.get(k);
    return obj;
  }
  const special = isScalar(f.type) ? undefined : message(f.type).special;
  if (!values) {
    // nil pointer, nil slice ([]byte, a nullable list): dropped with omitempty, else null.
    if (f.ptr || f.type === 'bytes' || special === 'list') return f.omitempty ? OMIT : null;
    const zero = valueJson(f.type, undefined, depth, path);
    return f.omitempty && isEmptyScalar(f.type, zero) ? OMIT : zero;
  }
  const value = isScalar(f.type)
    ? scalarJson(f.type, values[values.length - 1]!)
    : special
      ? valueJson(f.type, values[values.length - 1], depth, path)
      : messageJson(f.type, mergedBytes(values), depth, path);
  if (f.ptr) return value;
  if (f.type === 'bytes' || special === 'list') {
    return f.omitempty && (value as string | unknown[]).length === 0 ? OMIT : value;
  }
  return f.omitempty && isEmptyScalar(f.type, value) ? OMIT : value;
}

/** One value of a type (a repeated element, a map value, a singular field). */
function valueJson(
  type: string,
  v: WireValue | undefined,
  depth: number,
  path: string,
  all?: WireValue[],
): unknown {
  if (isScalar(type)) return v ? scalarJson(type, v) : scalarZero(type);
  const desc = message(type);
  const bytes = v ? expectBytes(v) : undefined;
  switch (desc.special) {
    case undefined:
      // A map entry's value may in principle be split over repeats; merge like a field.
      return messageJson(type, all && all.length > 1 ? mergedBytes(all) : bytes, depth, path);
    case 'time': {
      // Go's Time.Unmarshal: no bytes is the zero time (null); the nanoseconds are dropped.
      if (!bytes || !bytes.length) return null;
      return formatTime(int64Field(readFields(bytes), desc, 'seconds'));
    }
    case 'microTime': {
      if (!bytes || !bytes.length) return null;
      const w = readFields(bytes);
      const nanos = int64Field(w, desc, 'nanos');
      return formatMicroTime(int64Field(w, desc, 'seconds'), Number(BigInt.asIntN(32, nanos)));
    }
    case 'duration':
      return formatGoDuration(bytes ? int64Field(readFields(bytes), desc, 'duration') : 0n);
    case 'quantity': {
      // The wire holds the canonical string Go's Quantity.String() wrote, which is also what
      // its MarshalJSON writes; the zero Quantity is "0".
      const s = bytes ? lastString(readFields(bytes), fieldNo(desc, 'string')) : '';
      return s || '0';
    }
    case 'intOrString': {
      const w = bytes ? readFields(bytes) : new Map<number, WireValue[]>();
      const kindValue = Number(int64Field(w, desc, 'type'));
      if (kindValue === 1) return lastString(w, fieldNo(desc, 'strVal'));
      const iv = last(w, fieldNo(desc, 'intVal'));
      return iv ? toInt32(expectVarint(iv)) : 0;
    }
    case 'rawJson': {
      const raw = bytes ? lastBytes(readFields(bytes), desc.fields[0]!.no) : undefined;
      return rawJson(raw, depth);
    }
    case 'list': {
      // A Go []string that protobuf wraps in a message; present-but-empty is a non-nil slice.
      if (!bytes) return null;
      const w = readFields(bytes);
      return (w.get(desc.fields[0]!.no) ?? []).map((x) => scalarJson('string', x));
    }
  }
}

// RawExtension / FieldsV1: Go writes the raw bytes as they are (they hold JSON); nil is null.
// A protobuf client may embed a whole protobuf object instead, which we decode in turn.
function rawJson(raw: Uint8Array | undefined, depth: number): unknown {
  if (!raw || raw.length === 0) return null;
  if (isKubeProtobuf(raw)) return decodeEnvelope(raw, depth + 1).object;
  const text = utf8(raw);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error('embedded raw object is neither JSON nor a Kubernetes protobuf object');
  }
}

function scalarJson(type: string, v: WireValue): unknown {
  switch (type) {
    case 'string':
      return utf8(expectBytes(v));
    case 'bytes':
      return base64(expectBytes(v));
    case 'bool': {
      const b = expectVarint(v);
      return b.lo !== 0 || b.hi !== 0;
    }
    case 'int32':
      return toInt32(expectVarint(v));
    case 'int64':
      return toInt64(expectVarint(v));
  }
  throw new Error(`unknown scalar type ${type}`);
}

function scalarZero(type: string): unknown {
  switch (type) {
    case 'string':
      return '';
    case 'bytes':
      return null; // a nil []byte
    case 'bool':
      return false;
    default:
      return 0;
  }
}

function isScalar(type: string): boolean {
  return (
    type === 'string' || type === 'bytes' || type === 'bool' || type === 'int32' || type === 'int64'
  );
}

function isPackable(type: string): boolean {
  return type === 'bool' || type === 'int32' || type === 'int64';
}

// encoding/json's omitempty for the scalar kinds; structs (objects here) are never empty to it.
function isEmptyScalar(type: string, value: unknown): boolean {
  return isScalar(type) && (value === '' || value === 0 || value === false || value === null);
}

function message(name: string): MessageDescriptor {
  const desc = descriptors.messages[name];
  if (!desc) throw new Error(`no descriptor for message ${name}`);
  return desc;
}

function fieldOf(desc: MessageDescriptor, name: string): FieldDescriptor {
  const f = desc.fields.find((x) => x.json === name);
  if (!f) throw new Error(`descriptor has no field ${name}`);
  return f;
}

function fieldNo(desc: MessageDescriptor, name: string): number {
  return fieldOf(desc, name).no;
}

function int64Field(w: Map<number, WireValue[]>, desc: MessageDescriptor, name: string): bigint {
  const v = last(w, fieldNo(desc, name));
  return v ? toInt64Big(expectVarint(v)) : 0n;
}

function last(w: Map<number, WireValue[]>, no: number): WireValue | undefined {
  const list = w.get(no);
  return list?.[list.length - 1];
}

function lastString(w: Map<number, WireValue[]>, no: number): string {
  const v = last(w, no);
  return v ? utf8(expectBytes(v)) : '';
}

function lastBytes(w: Map<number, WireValue[]>, no: number): Uint8Array | undefined {
  const v = last(w, no);
  return v ? expectBytes(v) : undefined;
}

// A singular message field seen more than once is merged, as protobuf defines (and Go's
// generated code does by unmarshalling each occurrence into the same struct).
function mergedBytes(values: WireValue[] | undefined): Uint8Array | undefined {
  if (!values) return undefined;
  if (values.length === 1) return expectBytes(values[0]!);
  return concat(values.map((v) => expectBytes(v)));
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function expectBytes(v: WireValue): Uint8Array {
  if (v.wt !== 2) throw new WireError(`wire type ${v.wt} where length-delimited was expected`);
  return v.bytes;
}

function expectVarint(v: WireValue): { lo: number; hi: number } {
  if (v.wt !== 0) throw new WireError(`wire type ${v.wt} where a varint was expected`);
  return v;
}

// Go does not validate UTF-8 when unmarshalling strings, and encoding/json replaces invalid
// bytes with U+FFFD; a non-fatal decoder does the same.
const decoder = new TextDecoder('utf-8');
function utf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}
