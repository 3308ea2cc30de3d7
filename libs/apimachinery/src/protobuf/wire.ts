// Follows the protobuf binary wire format (protobuf.dev/programming-guides/encoding): tag varints
// of (field number << 3 | wire type), base-128 varints, 64- and 32-bit fixed values and
// length-delimited bytes. Only what Kubernetes' proto2 messages use is given meaning; the rest is
// skipped or refused, as Go's generated unmarshallers do.

export const WireType = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 } as const;

/** One occurrence of a field. 64-bit values are kept as two unsigned 32-bit halves. */
export type WireValue =
  | { wt: 0 | 1; lo: number; hi: number }
  | { wt: 5; lo: number; hi: 0 }
  | { wt: 2; bytes: Uint8Array };

export class WireError extends Error {}

/** Reads a message's fields: number → occurrences in wire order (repeats are meaningful). */
export function readFields(buf: Uint8Array): Map<number, WireValue[]> {
  const fields = new Map<number, WireValue[]>();
  let pos = 0;
  const end = buf.length;
  while (pos < end) {
    const tag = readVarint(buf, pos);
    pos = tag.pos;
    // Field numbers are at most 2^29 - 1, so the tag fits in the low 32 bits.
    if (tag.hi !== 0) throw new WireError(`invalid tag at byte ${pos}`);
    const no = tag.lo >>> 3;
    const wt = tag.lo & 7;
    if (no === 0) throw new WireError(`field number 0 at byte ${pos}`);
    let value: WireValue;
    switch (wt) {
      case WireType.varint: {
        const v = readVarint(buf, pos);
        pos = v.pos;
        value = { wt: 0, lo: v.lo, hi: v.hi };
        break;
      }
      case WireType.fixed64:
        need(buf, pos, 8);
        value = { wt: 1, lo: u32le(buf, pos), hi: u32le(buf, pos + 4) };
        pos += 8;
        break;
      case WireType.fixed32:
        need(buf, pos, 4);
        value = { wt: 5, lo: u32le(buf, pos), hi: 0 };
        pos += 4;
        break;
      case WireType.bytes: {
        const len = readVarint(buf, pos);
        pos = len.pos;
        if (len.hi !== 0 || len.lo > end - pos) {
          throw new WireError(`length-delimited field ${no} runs past the end of its message`);
        }
        value = { wt: 2, bytes: buf.subarray(pos, pos + len.lo) };
        pos += len.lo;
        break;
      }
      default:
        // 3/4 are proto1 groups, which no Kubernetes message uses; 6/7 do not exist.
        throw new WireError(`unsupported wire type ${wt} for field ${no}`);
    }
    const list = fields.get(no);
    if (list) list.push(value);
    else fields.set(no, [value]);
  }
  return fields;
}

/** Reads the varints packed into one length-delimited field (packed repeated scalars). */
export function readPackedVarints(buf: Uint8Array): Array<{ lo: number; hi: number }> {
  const out: Array<{ lo: number; hi: number }> = [];
  for (let pos = 0; pos < buf.length;) {
    const v = readVarint(buf, pos);
    out.push({ lo: v.lo, hi: v.hi });
    pos = v.pos;
  }
  return out;
}

// A varint has at most 10 bytes: 7 bits each, the 5th byte straddling the two 32-bit halves.
function readVarint(buf: Uint8Array, start: number): { lo: number; hi: number; pos: number } {
  let pos = start;
  let lo = 0;
  const byte = () => {
    if (pos >= buf.length) throw new WireError('truncated varint');
    return buf[pos++]!;
  };
  for (let shift = 0; shift < 28; shift += 7) {
    const b = byte();
    lo |= (b & 0x7f) << shift;
    if (b < 0x80) return { lo: lo >>> 0, hi: 0, pos };
  }
  let b = byte();
  lo |= (b & 0x0f) << 28;
  let hi = (b & 0x7f) >> 4;
  if (b < 0x80) return { lo: lo >>> 0, hi, pos };
  for (let shift = 3; shift < 32; shift += 7) {
    b = byte();
    hi |= (b & 0x7f) << shift;
    if (b < 0x80) return { lo: lo >>> 0, hi: hi >>> 0, pos };
  }
  throw new WireError('varint longer than 10 bytes');
}

function need(buf: Uint8Array, pos: number, n: number): void {
  if (pos + n > buf.length) throw new WireError('truncated fixed-width value');
}

function u32le(buf: Uint8Array, pos: number): number {
  return (buf[pos]! | (buf[pos + 1]! << 8) | (buf[pos + 2]! << 16) | (buf[pos + 3]! << 24)) >>> 0;
}

/** int32 fields: Go truncates the varint to its low 32 bits, read as two's complement. */
export function toInt32(v: { lo: number }): number {
  return v.lo | 0;
}

/** int64 fields as a bigint (exact), two's complement over both halves. */
export function toInt64Big(v: { lo: number; hi: number }): bigint {
  const u = (BigInt(v.hi >>> 0) << 32n) | BigInt(v.lo >>> 0);
  return BigInt.asIntN(64, u);
}

/**
 * int64 fields as a JSON number. Exact up to 2^53; Go would print larger values exactly, which a
 * JavaScript number cannot hold, so those are refused rather than silently rounded.
 */
export function toInt64(v: { lo: number; hi: number }): number {
  const big = toInt64Big(v);
  if (big > BigInt(Number.MAX_SAFE_INTEGER) || big < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`int64 value ${big} does not fit a JSON number exactly`);
  }
  return Number(big);
}
