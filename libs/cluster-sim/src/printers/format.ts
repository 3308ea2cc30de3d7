// Cell helpers of pkg/printers/internalversion/printers.go (translateTimestampSince,
// layoutContainerCells, printBoolPtr, listWithMoreString) and the Stringers its cells call.
import { formatTime, parseQuantityJSON } from '@kubelab/apimachinery';
import { humanDuration } from './duration';

/** A table cell as the API server encodes it: a string, an integer or a boolean. */
export type Cell = string | number | boolean;

// metav1.Time's zero value; it never reaches JSON (it is null there) but objects may carry it.
const GO_ZERO_TIME = Date.parse('0001-01-01T00:00:00Z');

/**
 * A metav1.Time or metav1.MicroTime as epoch milliseconds; undefined for the zero time (null,
 * absent, empty). MicroTime has six fractional digits, more than Date.parse promises to read.
 */
export function parseTime(v: unknown): number | undefined {
  if (typeof v !== 'string' || v === '') return undefined;
  const t = Date.parse(v.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(t) || t === GO_ZERO_TIME ? undefined : t;
}

/** translateTimestampSince: the age of a timestamp, "<unknown>" for the zero time. */
export function since(timestamp: unknown, now: number): string {
  const t = parseTime(timestamp);
  return t === undefined ? '<unknown>' : humanDuration(now - t);
}

/** The AGE cell every printer ends with. */
export const age = (obj: any, now: number) => since(obj?.metadata?.creationTimestamp, now);

/** creationTimestamp as time.RFC3339 in UTC, as the default table's "Created At" cell. */
export function rfc3339(timestamp: unknown): string {
  return formatTime(parseTime(timestamp) ?? GO_ZERO_TIME);
}

/** layoutContainerCells: container names and images, each comma-joined. */
export function containerCells(containers: any[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c?.name ?? '').join(','), list.map((c) => c?.image ?? '').join(',')];
}

/** printBoolPtr: "True", "False", or "<unset>" when the field is absent. */
export function boolPtr(v: unknown): string {
  if (v === undefined || v === null) return '<unset>';
  return v ? 'True' : 'False';
}

/** listWithMoreString: up to `max` items, then " + N more..."; "<unset>" when empty. */
export function listWithMore(list: string[], more: boolean, count: number, max: number): string {
  const joined = list.join(',');
  if (more) return `${joined} + ${count - max} more...`;
  return joined === '' ? '<unset>' : joined;
}

/** resource.Quantity.String() of a value field: absent is the zero Quantity, "0". */
export function quantity(v: unknown): string {
  if (v === undefined || v === null) return '0';
  try {
    return parseQuantityJSON(v).toString();
  } catch {
    return String(v);
  }
}

/** (*resource.Quantity).String() of a pointer field: absent prints "<nil>". */
export function quantityPtr(v: unknown): string {
  return v === undefined || v === null ? '<nil>' : quantity(v);
}

/** intstr.IntOrString.String(). */
export function intOrString(v: unknown): string {
  return typeof v === 'number' ? String(Math.trunc(v)) : String(v ?? '');
}

/** An int32/int64 field as the integer cell Go writes (absent is 0). */
export function int(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : 0;
}

/** Sorted, de-duplicated strings, as sets.String.List() returns them (byte order). */
export function sortedSet(values: Iterable<string>): string[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
