// Follows k8s.io/apimachinery/pkg/api/resource/quantity.go (with amount.go, math.go, suffix.go, scale_int.go).
//
// Go keeps a Quantity either as an int64 mantissa with a base-10 exponent or, when that cannot
// hold it, as an arbitrary-precision inf.Dec. The two are usually indistinguishable, but not
// always (rounding of negative values in Value(), overflow behaviour, which input text is
// re-emitted verbatim), so this port tracks which one Go would be using. Every value is exact:
// a bigint mantissa and a power-of-ten exponent, never a float.

export type QuantityFormat = 'DecimalExponent' | 'BinarySI' | 'DecimalSI';

/** Powers of ten named like resource.Scale (Nano = -9 … Exa = 18). */
export const QuantityScale = {
  Nano: -9,
  Micro: -6,
  Milli: -3,
  Kilo: 3,
  Mega: 6,
  Giga: 9,
  Tera: 12,
  Peta: 15,
  Exa: 18,
} as const;

const SPLIT_RE = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
export const ERR_FORMAT_WRONG = `quantities must match the regular expression '${SPLIT_RE}'`;
export const ERR_NUMERIC = 'unable to parse numeric part of quantity';
export const ERR_SUFFIX = "unable to parse quantity's suffix";

export class QuantityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QuantityError';
  }
}

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
const fitsInt64 = (v: bigint) => v >= INT64_MIN && v <= INT64_MAX;
const wrapInt64 = (v: bigint) => BigInt.asIntN(64, v);
const NANO = -9;

const POW10: bigint[] = [1n];
function pow10(n: number): bigint {
  if (n < 0) throw new RangeError(`negative power of ten: ${n}`);
  if (n < 64) {
    while (POW10.length <= n) POW10.push(POW10[POW10.length - 1]! * 10n);
    return POW10[n]!;
  }
  return 10n ** BigInt(n);
}

/** big.Int.Int64(): the low 64 bits of |x|, then the sign — Go's "undefined" result, made exact. */
function bigIntInt64(x: bigint): bigint {
  const abs = x < 0n ? -x : x;
  const low = BigInt.asIntN(64, BigInt.asUintN(64, abs));
  return x < 0n ? wrapInt64(-low) : low;
}

/** Mantissa × 10^k if that fits int64 (math.go positiveScaleInt64), else undefined. */
function scaleUpInt64(v: bigint, k: number): bigint | undefined {
  if (v === 0n || k === 0) return v;
  if (k > 18) return undefined;
  const r = v * pow10(k);
  return fitsInt64(r) ? r : undefined;
}

/** Integer division by 10^k rounding away from zero (math.go negativeScaleInt64). */
function scaleDownAway(v: bigint, k: number): { value: bigint; exact: boolean } {
  if (k === 0 || v === 0n) return { value: v, exact: true };
  const d = k > 40 && v.toString().replace('-', '').length <= k ? undefined : pow10(k);
  if (d === undefined) return { value: v > 0n ? 1n : -1n, exact: false };
  const q = v / d;
  const r = v % d;
  if (r === 0n) return { value: q, exact: true };
  return { value: v > 0n ? q + 1n : q - 1n, exact: false };
}

function align(v: bigint, e: number, target: number): bigint {
  return e === target ? v : v * pow10(e - target);
}

const digitCount = (v: bigint) => (v < 0n ? -v : v).toString().length;

function compareParts(av: bigint, ae: number, bv: bigint, be: number): -1 | 0 | 1 {
  if (av === 0n || bv === 0n || av < 0n !== bv < 0n) {
    return av < bv ? -1 : av > bv ? 1 : 0;
  }
  // Different orders of magnitude decide without building 10^|ae-be|, which can be enormous.
  const magA = digitCount(av) + ae;
  const magB = digitCount(bv) + be;
  if (magA !== magB) {
    const larger = magA > magB ? 1 : -1;
    return av > 0n ? larger : larger === 1 ? -1 : 1;
  }
  const e = Math.min(ae, be);
  const a = align(av, ae, e);
  const b = align(bv, be, e);
  return a < b ? -1 : a > b ? 1 : 0;
}

const DEC_SUFFIX_EXPONENT: Record<string, number> = {
  '': 0,
  n: -9,
  u: -6,
  m: -3,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const BIN_SUFFIX_EXPONENT: Record<string, number> = {
  Ki: 10,
  Mi: 20,
  Gi: 30,
  Ti: 40,
  Pi: 50,
  Ei: 60,
};
const DEC_SUFFIX_BY_EXPONENT = new Map(Object.entries(DEC_SUFFIX_EXPONENT).map(([s, e]) => [e, s]));
const BIN_SUFFIX_BY_EXPONENT = new Map(Object.entries(BIN_SUFFIX_EXPONENT).map(([s, e]) => [e, s]));

interface Scanned {
  positive: boolean;
  value: string;
  num: string;
  denom: string;
  suffix: string;
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const SUFFIX_CHARS = 'eEinumkKMGTP';

/** The number/suffix split of parseQuantityString, including its leniencies ("1.", ".", "-"). */
function scan(str: string): Scanned {
  const end = str.length;
  let positive = true;
  let pos = 0;
  if (str[0] === '-') {
    positive = false;
    pos++;
  } else if (str[0] === '+') {
    pos++;
  }
  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) return { positive, value: '0', num: '0', denom: '', suffix: '' };

  let i = pos;
  while (i < end && isDigit(str[i])) i++;
  if (i >= end) return { positive, value: str, num: str.slice(pos), denom: '', suffix: '' };
  let num = str.slice(pos, i);
  pos = i;
  if (num === '') num = '0';

  let denom = '';
  if (str[pos] === '.') {
    pos++;
    let j = pos;
    while (j < end && isDigit(str[j])) j++;
    if (j >= end) return { positive, value: str, num, denom: str.slice(pos), suffix: '' };
    denom = str.slice(pos, j);
    pos = j;
  }
  const value = str.slice(0, pos);

  const suffixStart = pos;
  let k = pos;
  while (k < end && SUFFIX_CHARS.includes(str[k]!)) k++;
  if (k >= end) return { positive, value, num, denom, suffix: str.slice(suffixStart) };
  pos = k;
  if (str[pos] === '-' || str[pos] === '+') pos++;
  while (pos < end && isDigit(str[pos])) pos++;
  if (pos >= end) return { positive, value, num, denom, suffix: str.slice(suffixStart) };
  throw new QuantityError(ERR_FORMAT_WRONG);
}

function interpretSuffix(
  s: string,
): { base: 2 | 10; exponent: number; format: QuantityFormat } | undefined {
  const dec = DEC_SUFFIX_EXPONENT[s];
  if (dec !== undefined && Object.hasOwn(DEC_SUFFIX_EXPONENT, s))
    return { base: 10, exponent: dec, format: 'DecimalSI' };
  const bin = BIN_SUFFIX_EXPONENT[s];
  if (bin !== undefined && Object.hasOwn(BIN_SUFFIX_EXPONENT, s))
    return { base: 2, exponent: bin, format: 'BinarySI' };
  if (s.length > 1 && (s[0] === 'e' || s[0] === 'E')) {
    const digits = s.slice(1);
    if (!/^[+-]?[0-9]+$/.test(digits)) return undefined;
    const parsed = BigInt(digits);
    if (!fitsInt64(parsed)) return undefined;
    // Go stores the exponent in an int32: int32(parsed) keeps the low 32 bits.
    return { base: 10, exponent: Number(BigInt.asIntN(32, parsed)), format: 'DecimalExponent' };
  }
  return undefined;
}

/** Go trims with unicode.IsSpace, which differs from String.prototype.trim on U+0085 and U+FEFF. */
function goTrimSpace(s: string): string {
  const space = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
  let a = 0;
  let b = s.length;
  while (a < b && space.test(s[a]!)) a++;
  while (b > a && space.test(s[b - 1]!)) b--;
  return s.slice(a, b);
}

/** Math.Pow10 from Go's tables, so float results agree bit for bit. */
function goPow10(n: number): number {
  const tab = (i: number) => Number(`1e${i}`);
  if (n >= 0 && n <= 308) return Number(`1e${Math.floor(n / 32) * 32}`) * tab(n % 32);
  if (n <= 0 && n >= -323) return Number(`1e-${Math.floor(-n / 32) * 32}`) / tab(-n % 32);
  return n > 0 ? Infinity : 0;
}

export class Quantity {
  /**
   * value = mantissa × 10^exponent. `dec` records that Go would hold an inf.Dec here rather
   * than an int64Amount; `text` is the input string Go re-emits because it was already canonical.
   */
  private constructor(
    private readonly mantissa: bigint,
    private readonly exponent: number,
    private readonly dec: boolean,
    readonly format: QuantityFormat | '',
    private readonly text: string = '',
  ) {}

  /** ParseQuantity: the exact text rules and error messages of Kubernetes. */
  static parse(str: string): Quantity {
    if (str.length === 0) throw new QuantityError(ERR_FORMAT_WRONG);
    if (str === '0') return new Quantity(0n, 0, false, 'DecimalSI', str);

    const { positive, value, num, denom, suffix } = scan(str);
    const suf = interpretSuffix(suffix);
    if (!suf) throw new QuantityError(ERR_SUFFIX);
    const { base, exponent } = suf;
    let format = suf.format;

    let precision: number;
    let scale: number;
    let mantissa = 1n;
    if (format === 'BinarySI') {
      scale = 0;
      if (exponent >= 0 && denom.length === 0) {
        mantissa = 1n << BigInt(exponent);
        // Roughly how many decimal digits are left after multiplying by 2^exponent.
        precision = 15 - num.length - Math.trunc((exponent * 3) / 10) - 1;
      } else {
        precision = -1;
      }
    } else {
      scale = exponent;
      precision = 18 - (num.length + denom.length);
    }

    if (precision >= 0) {
      scale -= denom.length;
      if (scale >= NANO) {
        const shifted = num + denom;
        const parsed = BigInt(shifted);
        const result = parsed * mantissa;
        if (fitsInt64(result)) {
          const signed = positive ? result : -result;
          let keep: boolean;
          if (format === 'BinarySI') keep = exponent % 10 === 0 && (parsed & 7n) !== 0n;
          else keep = scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
          return new Quantity(signed, scale, false, format, keep ? str : '');
        }
      }
    }

    // inf.Dec path: arbitrary precision, rounded up to a whole nano.
    const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?$/.exec(value);
    if (!m || (m[2]! + (m[3] ?? '')).length === 0) throw new QuantityError(ERR_NUMERIC);
    const frac = m[3] ?? '';
    let v = BigInt(m[2]! + frac);
    if (m[1] === '-') v = -v;
    let e = -frac.length;
    if (base === 10) e += exponent;
    else v *= 1n << BigInt(exponent);

    const negative = v < 0n;
    if (negative) v = -v;
    if (v !== 0n) {
      if (e < NANO) {
        v = scaleDownAway(v, NANO - e).value;
      } else if (e > NANO) {
        v *= pow10(e - NANO);
      }
      e = NANO;
    }
    // Only binary quantities are capped: the cap exists for int64 byte counts.
    if (format === 'BinarySI' && compareParts(v, e, INT64_MAX, 0) > 0) {
      v = INT64_MAX;
      e = 0;
    }
    if (format === 'BinarySI' && v !== 0n && compareParts(v, e, 1n, 0) < 0) format = 'DecimalSI';
    return new Quantity(negative ? -v : v, e, true, format);
  }

  /** value × 10^exponent, held the way Go's NewQuantity/NewScaledQuantity hold it (int64 form). */
  static fromInt(value: number | bigint, format: QuantityFormat | '', exponent = 0): Quantity {
    return new Quantity(toInt64(value), exponent, false, format);
  }

  /** The value Quantity{} has in Go: zero, with no format until something is added to it. */
  static zero(format: QuantityFormat | '' = ''): Quantity {
    return new Quantity(0n, 0, false, format);
  }

  get sign(): -1 | 0 | 1 {
    return this.mantissa < 0n ? -1 : this.mantissa > 0n ? 1 : 0;
  }

  isZero(): boolean {
    return this.mantissa === 0n;
  }

  cmp(other: Quantity): -1 | 0 | 1 {
    return compareParts(this.mantissa, this.exponent, other.mantissa, other.exponent);
  }

  cmpInt(n: number | bigint): -1 | 0 | 1 {
    return compareParts(this.mantissa, this.exponent, BigInt(n), 0);
  }

  equals(other: Quantity): boolean {
    return this.cmp(other) === 0;
  }

  /** q + y. A zero receiver takes y's format, as Go's Add does. */
  add(y: Quantity): Quantity {
    let format = this.format;
    if (!this.dec && !y.dec) {
      if (this.mantissa === 0n) format = y.format;
      const r = addInt64(this.mantissa, this.exponent, y.mantissa, y.exponent);
      if (r) return new Quantity(r[0], r[1], false, format);
    } else if (this.isZero()) {
      format = y.format;
    }
    return this.decCombine(y, 1n, format);
  }

  /** q − y. A zero receiver takes y's format. */
  sub(y: Quantity): Quantity {
    const format = this.isZero() ? y.format : this.format;
    if (!this.dec && !y.dec) {
      // Go negates the int64 mantissa, so -(-2^63) wraps, exactly as there.
      const r = addInt64(this.mantissa, this.exponent, wrapInt64(-y.mantissa), y.exponent);
      if (r) return new Quantity(r[0], r[1], false, format);
    }
    return this.decCombine(y, -1n, format);
  }

  private decCombine(y: Quantity, factor: bigint, format: QuantityFormat | ''): Quantity {
    const e = Math.min(this.exponent, y.exponent);
    const v = align(this.mantissa, this.exponent, e) + factor * align(y.mantissa, y.exponent, e);
    return new Quantity(v, e, true, format);
  }

  /** q × n for an int64 n (Go's Mul). */
  mulInt(n: number | bigint): Quantity {
    const b = toInt64(n);
    if (!this.dec) {
      const r = mulInt64(this.mantissa, this.exponent, b);
      if (r) return new Quantity(r[0], r[1], false, this.format);
    }
    return new Quantity(this.mantissa * b, this.exponent, true, this.format);
  }

  neg(): Quantity {
    const v = this.dec ? -this.mantissa : wrapInt64(-this.mantissa);
    return new Quantity(v, this.exponent, this.dec, this.format);
  }

  /** RoundUp: the value rounded away from zero to 10^scale, and whether that lost nothing. */
  roundUp(scale: number): { quantity: Quantity; exact: boolean } {
    if (this.dec) {
      let v: bigint;
      let exact: boolean;
      if (this.exponent >= scale) {
        v = this.mantissa * pow10(this.exponent - scale);
        exact = true;
      } else {
        ({ value: v, exact } = scaleDownAway(this.mantissa, scale - this.exponent));
      }
      return { quantity: new Quantity(v, scale, true, this.format), exact };
    }
    if (this.exponent >= scale) return { quantity: this, exact: true };
    const r = scaleDownAway(this.mantissa, scale - this.exponent);
    return { quantity: new Quantity(r.value, scale, false, this.format), exact: r.exact };
  }

  /** AsInt64: the whole value when Go can give it as an int64 without the inf.Dec path. */
  asInt64(): bigint | undefined {
    if (this.dec) return undefined;
    if (this.exponent === 0) return this.mantissa;
    if (this.exponent < 0) return undefined;
    return scaleUpInt64(this.mantissa, this.exponent);
  }

  /**
   * ScaledValue: ceil(q / 10^scale) as Go's int64, including its quirks: the int64 path rounds
   * away from zero and yields 0 on overflow; the inf.Dec path rounds negative values toward
   * +∞ plus one and wraps on overflow.
   */
  scaledValue(scale: number): bigint {
    if (!this.dec) {
      if (this.exponent < scale) return scaleDownAway(this.mantissa, scale - this.exponent).value;
      return scaleUpInt64(this.mantissa, this.exponent - scale) ?? 0n;
    }
    const dif = scale - this.exponent; // inf.Dec scale minus target scale
    const unscaled = this.mantissa;
    if (dif === 0) return bigIntInt64(unscaled);
    if (dif < 0) {
      // int64(math.Pow10(k)) is exact up to 10^18; beyond, amd64 yields the minimum int64.
      const factor = -dif <= 18 ? pow10(-dif) : INT64_MIN;
      return wrapInt64(bigIntInt64(unscaled) * factor);
    }
    if (unscaled < INT64_MAX && dif < 19) {
      const u = bigIntInt64(unscaled);
      const d = pow10(dif);
      const q = u / d;
      return u % d !== 0n ? q + 1n : q;
    }
    const d = pow10(dif);
    let q = unscaled / d;
    let r = unscaled % d;
    if (r < 0n) {
      // big.Int.DivMod is Euclidean: the remainder is never negative.
      q -= 1n;
      r += d;
    }
    return wrapInt64(bigIntInt64(q) + (r !== 0n ? 1n : 0n));
  }

  /** Value(): the whole value, rounded up (see scaledValue for Go's rounding). */
  value(): number {
    return Number(this.scaledValue(0));
  }

  /** MilliValue(): the value in thousandths, rounded up. */
  milliValue(): number {
    return Number(this.scaledValue(QuantityScale.Milli));
  }

  valueBig(): bigint {
    return this.scaledValue(0);
  }

  milliValueBig(): bigint {
    return this.scaledValue(QuantityScale.Milli);
  }

  /** AsApproximateFloat64, computed the way Go computes it. */
  asApproximateFloat64(): number {
    const base = Number(this.mantissa);
    if (this.exponent === 0) return base;
    return base * goPow10(this.exponent);
  }

  /** String(): the canonical form, or the input text when Go kept it. */
  toString(): string {
    if (this.text) return this.text;
    if (this.isZero()) return '0';

    let format: QuantityFormat = this.format === '' ? 'DecimalExponent' : this.format;
    let whole: bigint | undefined;
    if (format === 'BinarySI') {
      if (this.cmpInt(-1024) > 0 && this.cmpInt(1024) < 0) {
        format = 'DecimalSI';
      } else if (this.exponent >= 0) {
        whole = this.mantissa * pow10(this.exponent);
      } else {
        const r = scaleDownAway(this.mantissa, -this.exponent);
        if (r.exact) whole = r.value;
        else format = 'DecimalSI';
      }
    }

    if (format === 'BinarySI' && whole !== undefined) {
      let times = 0;
      while (whole % 1024n === 0n) {
        whole /= 1024n;
        times++;
      }
      // No suffix beyond Ei: Go then prints the bare mantissa, and so must we.
      return whole.toString() + (BIN_SUFFIX_BY_EXPONENT.get(times * 10) ?? '');
    }

    let v = this.mantissa;
    let e = this.exponent;
    while (v % 10n === 0n) {
      v /= 10n;
      e++;
    }
    while (e % 3 !== 0) {
      v *= 10n;
      e--;
    }
    if (format === 'DecimalSI') return v.toString() + (DEC_SUFFIX_BY_EXPONENT.get(e) ?? '');
    return v.toString() + (e === 0 ? '' : `e${e}`);
  }

  toJSON(): string {
    return this.toString();
  }
}

function toInt64(n: number | bigint): bigint {
  if (typeof n === 'number' && !Number.isSafeInteger(n))
    throw new RangeError(`not an integer quantity value: ${n}`);
  const v = BigInt(n);
  if (!fitsInt64(v)) throw new RangeError(`value out of int64 range: ${v}`);
  return v;
}

/** int64Amount.Add: undefined where Go overflows and falls back to inf.Dec. */
function addInt64(av: bigint, ae: number, bv: bigint, be: number): [bigint, number] | undefined {
  if (bv === 0n) return [av, ae];
  if (av === 0n) return [bv, be];
  if (ae === be) {
    const s = av + bv;
    return fitsInt64(s) ? [s, ae] : undefined;
  }
  if (ae > be) {
    const c = scaleUpInt64(av, ae - be);
    if (c === undefined || !fitsInt64(c + bv)) return undefined;
    return [c + bv, be];
  }
  const c = scaleUpInt64(bv, be - ae);
  if (c === undefined || !fitsInt64(av + c)) return undefined;
  return [av + c, ae];
}

/** int64Amount.Mul: undefined where Go overflows, or where the product stops being whole at its scale. */
function mulInt64(av: bigint, ae: number, b: bigint): [bigint, number] | undefined {
  if (av === 0n) return [av, ae];
  if (b === 0n) return [0n, 0];
  const c = av * b;
  if (!fitsInt64(c)) return undefined;
  if (ae === 0) return [c, 0];
  if (ae > 0) return scaleUpInt64(c, ae) === undefined ? undefined : [c, ae];
  return scaleDownAway(c, -ae).exact ? [c, ae] : undefined;
}

/** ParseQuantity. A number is read as the JSON number text would be. */
export function parseQuantity(s: string | number): Quantity {
  if (typeof s === 'number') {
    if (!Number.isFinite(s)) throw new QuantityError(ERR_FORMAT_WRONG);
    return Quantity.parse(String(s));
  }
  return Quantity.parse(s);
}

/**
 * Quantity.UnmarshalJSON: how the API server decodes a quantity field. It trims surrounding
 * whitespace (ParseQuantity does not) and reads null as the zero Quantity.
 */
export function parseQuantityJSON(v: unknown): Quantity {
  if (v === null) return Quantity.zero();
  if (typeof v === 'number') return parseQuantity(v);
  if (typeof v === 'string') return Quantity.parse(goTrimSpace(v));
  throw new QuantityError(ERR_FORMAT_WRONG);
}

export function newQuantity(value: number | bigint, format: QuantityFormat): Quantity {
  return Quantity.fromInt(value, format);
}

export function newMilliQuantity(milli: number | bigint, format: QuantityFormat): Quantity {
  return Quantity.fromInt(milli, format, QuantityScale.Milli);
}

/** NewScaledQuantity: value × 10^scale, DecimalSI. */
export function newScaledQuantity(value: number | bigint, scale: number): Quantity {
  return Quantity.fromInt(value, 'DecimalSI', scale);
}

/** A CPU amount in millicores as Kubernetes prints it: 250 → "250m", 1000 → "1". */
export function formatCpuMilli(milli: number | bigint): string {
  return newMilliQuantity(milli, 'DecimalSI').toString();
}

/** A byte count as Kubernetes prints a memory quantity: 134217728 → "128Mi". */
export function formatMemoryBytes(bytes: number | bigint): string {
  return newQuantity(bytes, 'BinarySI').toString();
}
