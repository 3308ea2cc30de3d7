// The JSON text Go writes for the value types that have their own MarshalJSON in Kubernetes:
// meta/v1 Time (time.go: RFC 3339 in UTC, whole seconds), MicroTime (micro_time.go: RFC 3339 with
// six fractional digits), Duration (duration.go: Go's time.Duration.String), and []byte, which
// encoding/json writes as standard padded base64.

/** metav1.Time from its protobuf seconds: the Go side drops the nanoseconds on decode. */
export function formatTime(seconds: bigint): string {
  return `${isoDate(seconds)}Z`;
}

/** metav1.MicroTime: nanoseconds truncated (toward zero) to microseconds, always six digits. */
export function formatMicroTime(seconds: bigint, nanos: number): string {
  const truncated = BigInt(nanos - (nanos % 1000));
  // Normalise like time.Unix: the fraction printed is always in [0, 1s).
  const total = seconds * 1_000_000_000n + truncated;
  let whole = total / 1_000_000_000n;
  let rest = total % 1_000_000_000n;
  if (rest < 0n) {
    rest += 1_000_000_000n;
    whole -= 1n;
  }
  return `${isoDate(whole)}.${String(rest / 1000n).padStart(6, '0')}Z`;
}

function isoDate(seconds: bigint): string {
  const ms = Number(seconds) * 1000;
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) throw new Error(`time ${seconds}s is out of range`);
  const year = date.getUTCFullYear();
  // Go refuses to marshal years outside [0, 9999]; so do we, rather than invent a format.
  if (year < 0 || year > 9999) throw new Error(`time ${seconds}s is outside years 0-9999`);
  return date.toISOString().slice(0, 19);
}

/** Go's time.Duration.String: "0s", "1.5s", "2m0s", "1h0m0s", "300ms", "1.5µs", "42ns". */
export function formatGoDuration(nanoseconds: bigint): string {
  if (nanoseconds === 0n) return '0s';
  const negative = nanoseconds < 0n;
  const u = negative ? -nanoseconds : nanoseconds;
  let text: string;
  if (u < 1_000_000_000n) {
    if (u < 1_000n) text = `${u}ns`;
    else if (u < 1_000_000n) text = `${withFraction(u, 3)}µs`;
    else text = `${withFraction(u, 6)}ms`;
  } else {
    const totalSeconds = u / 1_000_000_000n;
    text = `${withFraction((totalSeconds % 60n) * 1_000_000_000n + (u % 1_000_000_000n), 9)}s`;
    const minutes = totalSeconds / 60n;
    if (minutes > 0n) {
      text = `${minutes % 60n}m${text}`;
      const hours = minutes / 60n;
      if (hours > 0n) text = `${hours}h${text}`;
    }
  }
  return negative ? `-${text}` : text;
}

// value / 10^digits with the fraction's trailing zeros (and a bare dot) removed, as Go's fmtFrac.
function withFraction(value: bigint, digits: number): string {
  const scale = 10n ** BigInt(digits);
  const whole = value / scale;
  const frac = (value % scale).toString().padStart(digits, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : `${whole}`;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** encoding/json's []byte form: standard alphabet, padded. */
export function base64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += B64[n >> 18]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += `${B64[n >> 18]!}${B64[(n >> 12) & 63]!}==`;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += `${B64[n >> 18]!}${B64[(n >> 12) & 63]!}${B64[(n >> 6) & 63]!}=`;
  }
  return out;
}
