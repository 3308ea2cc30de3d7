// A tiny protobuf writer for hand-built test bodies (wire format: protobuf.dev encoding guide),
// with field numbers looked up by JSON name in our descriptors so tests read like the objects.
import type { DescriptorFile } from '../../src/protobuf/descriptor-types';
import descriptorData from '../../src/protobuf/generated/descriptors.json';

const descriptors = descriptorData as DescriptorFile;

export const CORE = 'k8s.io.api.core.v1.';
export const APPS = 'k8s.io.api.apps.v1.';
export const META = 'k8s.io.apimachinery.pkg.apis.meta.v1.';

/** The field number of `json` (or, for an inlined field, its type's short name) in `message`. */
export function no(message: string, json: string): number {
  const desc = descriptors.messages[message];
  if (!desc) throw new Error(`no message ${message}`);
  const f = desc.fields.find((x) => x.json === json || (x.inline && x.type.endsWith(`.${json}`)));
  if (!f) throw new Error(`no field ${json} in ${message}`);
  return f.no;
}

function varintBytes(value: bigint): number[] {
  let u = BigInt.asUintN(64, value);
  const out: number[] = [];
  while (u >= 0x80n) {
    out.push(Number(u & 0x7fn) | 0x80);
    u >>= 7n;
  }
  out.push(Number(u));
  return out;
}

const tag = (fieldNo: number, wt: number) => varintBytes(BigInt((fieldNo << 3) | wt));

export function cat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function varint(fieldNo: number, value: number | bigint | boolean): Uint8Array {
  const v = typeof value === 'boolean' ? BigInt(value ? 1 : 0) : BigInt(value);
  return Uint8Array.from([...tag(fieldNo, 0), ...varintBytes(v)]);
}

export function bytes(fieldNo: number, data: Uint8Array | string): Uint8Array {
  const b = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  return cat(Uint8Array.from([...tag(fieldNo, 2), ...varintBytes(BigInt(b.length))]), b);
}

export const str = bytes;

export function msg(fieldNo: number, ...parts: Uint8Array[]): Uint8Array {
  return bytes(fieldNo, cat(...parts));
}

/** A map<string, V> entry: key 1, value 2 (value parts already encoded as field 2, or none). */
export function entry(fieldNo: number, key: string, ...value: Uint8Array[]): Uint8Array {
  return msg(fieldNo, str(1, key), ...value);
}

export function packed(fieldNo: number, values: Array<number | bigint>): Uint8Array {
  return bytes(fieldNo, Uint8Array.from(values.flatMap((v) => varintBytes(BigInt(v)))));
}

/** "k8s\0" + runtime.Unknown{typeMeta{apiVersion, kind}, raw, contentEncoding, contentType}. */
export function envelope(
  apiVersion: string,
  kind: string,
  raw: Uint8Array,
  extra: { contentEncoding?: string; contentType?: string } = {},
): Uint8Array {
  return cat(
    Uint8Array.from([0x6b, 0x38, 0x73, 0x00]),
    msg(1, str(1, apiVersion), str(2, kind)),
    bytes(2, raw),
    ...(extra.contentEncoding ? [str(3, extra.contentEncoding)] : []),
    ...(extra.contentType ? [str(4, extra.contentType)] : []),
  );
}
