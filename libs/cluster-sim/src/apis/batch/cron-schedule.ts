// github.com/robfig/cron/v3 ParseStandard, the grammar both the API server (CronJob validation)
// and the CronJob controller accept, with its error texts: what a learner reads after
// `spec.schedule: Invalid value: "...": `.

export interface CronField {
  /** The values the field allows, ascending. */
  values: number[];
  /** Written as `*` or `?` (robfig's starBit): matters for day-of-month/day-of-week matching. */
  star: boolean;
}

export type StandardSchedule =
  | {
      kind: 'spec';
      minute: CronField;
      hour: CronField;
      dom: CronField;
      month: CronField;
      dow: CronField;
      /** From a `TZ=`/`CRON_TZ=` prefix. */
      timeZone?: string;
    }
  | { kind: 'every'; delayMs: number; timeZone?: string };

export class ScheduleError extends Error {}

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MONTHS: Bounds = {
  min: 1,
  max: 12,
  names: {
    jan: 1,
    feb: 2,
    mar: 3,
    apr: 4,
    may: 5,
    jun: 6,
    jul: 7,
    aug: 8,
    sep: 9,
    oct: 10,
    nov: 11,
    dec: 12,
  },
};
const DOW: Bounds = {
  min: 0,
  max: 6,
  names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 },
};
const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DOM: Bounds = { min: 1, max: 31 };

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** Whether Go's time.LoadLocation would find this IANA zone (the runtime's tz database decides). */
export function isKnownTimeZone(tz: string): boolean {
  if (tz === '' || tz === 'UTC') return true;
  if (tz.toLowerCase() === 'local') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** strconv.Atoi, with its error text. */
function atoi(s: string): number {
  if (!/^[+-]?\d+$/.test(s))
    throw new ScheduleError(`strconv.Atoi: parsing ${goQuote(s)}: invalid syntax`);
  const n = Number(s);
  if (!Number.isSafeInteger(n) || Math.abs(n) > 2 ** 63 - 1)
    throw new ScheduleError(`strconv.Atoi: parsing ${goQuote(s)}: value out of range`);
  return n;
}

const goQuote = (s: string) => JSON.stringify(s);

function mustParseInt(expr: string): number {
  let n: number;
  try {
    n = atoi(expr);
  } catch (e) {
    throw new ScheduleError(`failed to parse int from ${expr}: ${(e as Error).message}`);
  }
  if (n < 0) throw new ScheduleError(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

function parseIntOrName(expr: string, b: Bounds): number {
  const named = b.names?.[expr.toLowerCase()];
  return named !== undefined ? named : mustParseInt(expr);
}

/** getRange: `*`, `?`, `a`, `a-b`, each with an optional `/step`. */
function getRange(expr: string, b: Bounds, into: Set<number>): boolean {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  const single = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = b.min;
    end = b.max;
    star = true;
  } else {
    start = parseIntOrName(lowAndHigh[0]!, b);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1]!, b);
    else throw new ScheduleError(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = mustParseInt(rangeAndStep[1]!);
    // "N/step" means "N-max/step".
    if (single) end = b.max;
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) throw new ScheduleError(`too many slashes: ${expr}`);
  if (start < b.min)
    throw new ScheduleError(`beginning of range (${start}) below minimum (${b.min}): ${expr}`);
  if (end > b.max)
    throw new ScheduleError(`end of range (${end}) above maximum (${b.max}): ${expr}`);
  if (start > end)
    throw new ScheduleError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new ScheduleError(`step of range should be a positive number: ${expr}`);
  for (let v = start; v <= end; v += step) into.add(v);
  return star;
}

function getField(field: string, b: Bounds): CronField {
  const values = new Set<number>();
  let star = false;
  for (const expr of field.split(',').filter((x) => x !== ''))
    star = getRange(expr, b, values) || star;
  return { values: [...values].sort((x, y) => x - y), star };
}

/** time.ParseDuration, for `@every <duration>`. */
function parseGoDuration(s: string): number {
  const units: Record<string, number> = {
    ns: 1e-6,
    us: 1e-3,
    µs: 1e-3,
    μs: 1e-3,
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000,
  };
  const orig = s;
  if (s === '0') return 0;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '') throw new ScheduleError(`time: invalid duration ${goQuote(orig)}`);
  let total = 0;
  while (s !== '') {
    const num = /^(\d*)(\.\d*)?/.exec(s)!;
    if (!num[0] || num[0] === '.')
      throw new ScheduleError(`time: invalid duration ${goQuote(orig)}`);
    s = s.slice(num[0].length);
    const unit = /^[^\d.]*/.exec(s)![0];
    if (!unit) throw new ScheduleError(`time: missing unit in duration ${goQuote(orig)}`);
    const ms = units[unit];
    if (ms === undefined)
      throw new ScheduleError(`time: unknown unit ${goQuote(unit)} in duration ${goQuote(orig)}`);
    total += Number(num[0]) * ms;
    s = s.slice(unit.length);
  }
  return sign * total;
}

/** Parses a schedule as cron.ParseStandard does; throws ScheduleError with robfig's message. */
export function parseStandard(schedule: string): StandardSchedule {
  let spec = schedule;
  if (spec.length === 0) throw new ScheduleError('empty spec string');
  let timeZone: string | undefined;
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const i = spec.indexOf(' ');
    const eq = spec.indexOf('=');
    const name = i < 0 ? spec.slice(eq + 1) : spec.slice(eq + 1, i);
    if (!isKnownTimeZone(name))
      throw new ScheduleError(`provided bad location ${name}: unknown time zone ${name}`);
    timeZone = name === '' ? 'UTC' : name;
    spec = i < 0 ? '' : spec.slice(i).trim();
  }
  if (spec.startsWith('@')) {
    const every = '@every ';
    if (spec.startsWith(every)) {
      let d: number;
      try {
        d = parseGoDuration(spec.slice(every.length));
      } catch (e) {
        throw new ScheduleError(`failed to parse duration ${spec}: ${(e as Error).message}`);
      }
      // cron.Every: at least a second, whole seconds.
      const delayMs = Math.max(1000, d - (d % 1000));
      return { kind: 'every', delayMs, timeZone };
    }
    const expanded = DESCRIPTORS[spec];
    if (!expanded) throw new ScheduleError(`unrecognized descriptor: ${spec}`);
    spec = expanded;
  }
  const fields = spec.split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 5)
    throw new ScheduleError(
      `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`,
    );
  return {
    kind: 'spec',
    minute: getField(fields[0]!, MINUTES),
    hour: getField(fields[1]!, HOURS),
    dom: getField(fields[2]!, DOM),
    month: getField(fields[3]!, MONTHS),
    dow: getField(fields[4]!, DOW),
    timeZone,
  };
}

/** The robfig error for a schedule, or undefined when it parses. */
export function scheduleError(schedule: string): string | undefined {
  try {
    parseStandard(schedule);
    return undefined;
  } catch (e) {
    if (e instanceof ScheduleError) return e.message;
    throw e;
  }
}
