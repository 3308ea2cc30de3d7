// Times as kubectl describe prints them: absolute ones in RFC 1123 with a numeric zone, in the
// reader's local zone (Go decodes API times into time.Local); relative ones as
// duration.HumanDuration of "now − t", where now is the cluster's virtual time.

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Go's zero time.Time, formatted: what kubectl prints for an absent timestamp. */
const ZERO_RFC1123Z = 'Mon, 01 Jan 0001 00:00:00 +0000';

/** time.RFC1123Z ("Mon, 02 Jan 2006 15:04:05 -0700") of an API timestamp, in local time. */
export function rfc1123z(timestamp: string | undefined | null): string {
  const ms = parseTime(timestamp);
  if (ms === undefined) return ZERO_RFC1123Z;
  const d = new Date(ms);
  const offset = -d.getTimezoneOffset();
  const zone = `${offset < 0 ? '-' : '+'}${pad(Math.trunc(Math.abs(offset) / 60))}${pad(Math.abs(offset) % 60)}`;
  return (
    `${DAYS[d.getDay()]}, ${pad(d.getDate())} ${MONTHS[d.getMonth()]} ${pad(d.getFullYear(), 4)} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${zone}`
  );
}

/** Milliseconds of an RFC 3339 timestamp; undefined when absent (Go's zero time). */
export function parseTime(timestamp: string | undefined | null): number | undefined {
  if (!timestamp) return undefined;
  const ms = Date.parse(timestamp);
  return Number.isNaN(ms) ? undefined : ms;
}

/** translateTimestampSince: the age of a timestamp, `<unknown>` when there is none. */
export function since(timestamp: string | undefined | null, now: number): string {
  const ms = parseTime(timestamp);
  return ms === undefined ? '<unknown>' : humanDuration(now - ms);
}

/**
 * duration.HumanDuration: about two significant units ("70s", "3m10s", "47h", "2d1h"). Up to a
 * second in the future reads "0s" (clock skew); further is "<invalid>". Go truncates toward 0.
 */
export function humanDuration(ms: number): string {
  const s = Math.trunc(ms / 1000);
  if (s < -1) return '<invalid>';
  if (s < 0) return '0s';
  if (s < 120) return `${s}s`;
  const minutes = Math.trunc(ms / 60_000);
  if (minutes < 10) return s % 60 === 0 ? `${minutes}m` : `${minutes}m${s % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(ms / 3_600_000);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) return hours % 24 === 0 ? `${days}d` : `${days}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) return days % 365 === 0 ? `${years}y` : `${years}y${days % 365}d`;
  return `${years}y`;
}
