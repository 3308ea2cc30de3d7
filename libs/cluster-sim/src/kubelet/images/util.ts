import type { ContainerInput, HttpResponse } from './image';

// Small helpers the image definitions share: reading a program's flags and env knobs, sizes and
// durations as programs write them, and the time formats of their log lines.

/** `--name=value`, `--name value`, `-name=value` or `-name value` in argv. */
export function flag(argv: string[], ...names: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    for (const n of names) {
      for (const dash of ['--', '-']) {
        if (a === `${dash}${n}`) return argv[i + 1] ?? '';
        if (a.startsWith(`${dash}${n}=`)) return a.slice(dash.length + n.length + 1);
      }
    }
  }
  return undefined;
}

export const argvOf = (c: ContainerInput) => [...(c.command ?? []), ...(c.args ?? [])];

/** A knob from a flag or an environment variable. */
export function knob(
  c: ContainerInput,
  flagNames: string[],
  envNames: string[],
): string | undefined {
  return (
    flag(argvOf(c), ...flagNames) ?? envNames.map((e) => c.env[e]).find((v) => v !== undefined)
  );
}

/** Seconds from "30", "30s", "2m", "1h", "500ms". */
export function seconds(v: string | undefined): number | undefined {
  if (v === undefined || v === '') return undefined;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(v.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[2] === 'ms' ? n / 1000 : m[2] === 'm' ? n * 60 : m[2] === 'h' ? n * 3600 : n;
}

/** Bytes from "250M", "150Mi", "1G", "64k" (binary multiples, as stress and most tools read them). */
export function bytes(v: string | undefined): number | undefined {
  if (v === undefined || v === '') return undefined;
  const m = /^(\d+(?:\.\d+)?)\s*([kKmMgGtT]?)(i?[bB]?)?$/.exec(v.trim());
  if (!m) return undefined;
  const mult = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[
    m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g' | 't'
  ];
  return Math.round(Number(m[1]) * mult);
}

export const MiB = 1024 * 1024;

const p2 = (n: number) => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 2026/01/05 09:00:00 (Go's log package, nginx's error log). */
export function goLogTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19).replace(/-/g, '/');
}

/** 05/Jan/2026:09:00:03 +0000 (common log format). */
export function clfTime(ms: number): string {
  const d = new Date(ms);
  return `${p2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`;
}

/** 05 Jan 2026 09:00:00.512 (redis). */
export function redisTime(ms: number): string {
  const d = new Date(ms);
  return `${p2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')}`;
}

/** I0105 09:00:00.000000 (klog). */
export function klogTime(ms: number): string {
  const d = new Date(ms);
  return `I${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')}000`;
}

/** 2026-01-05T09:00:00.123456Z (RFC 3339 with microseconds, as mysql writes). */
export function isoMicro(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 23)}000Z`;
}

/**
 * Log lines may carry a time placeholder that is filled in when the line is printed:
 * `{{T:<format>}}` with one of the formats above.
 */
export const at = (fmt: 'go' | 'clf' | 'redis' | 'klog' | 'iso' | 'mysql' | 'pg') => `{{T:${fmt}}}`;

export function renderTimes(line: string, t: number): string {
  if (!line.includes('{{T:')) return line;
  return line.replace(/\{\{T:(\w+)\}\}/g, (_, f: string) => {
    switch (f) {
      case 'go':
        return goLogTime(t);
      case 'clf':
        return clfTime(t);
      case 'redis':
        return redisTime(t);
      case 'klog':
        return klogTime(t);
      case 'iso':
        return isoMicro(t);
      case 'mysql':
        return new Date(t).toISOString().replace('T', ' ').slice(0, 19) + '+00:00';
      case 'pg':
        return `${new Date(t).toISOString().replace('T', ' ').slice(0, 23)} UTC`;
      default:
        return '';
    }
  });
}

export const text = (
  status: number,
  body: string,
  extra: Record<string, string> = {},
): HttpResponse => ({
  status,
  body,
  headers: { 'Content-Type': 'text/plain; charset=utf-8', ...extra },
});

/** Plausible registry tags: versions, dates, and the usual words; `doesnotexist` is not one. */
const TAG_WORDS =
  /^(latest|stable|mainline|alpine|slim|edge|lts|bookworm|bullseye|buster|jammy|noble|focal|bionic|trixie|sid|perl|otel|unprivileged|nanoserver|windowsservercore|apache|fpm|fpm-alpine|musl|glibc|uclibc|debian|ubuntu|management|management-alpine|oracle|jre|jdk|canary|dev|main|master|nightly|rootless|distroless|minimal|full|production)([-_.].*)?$/;

export function plausibleTag(tag: string): boolean {
  if (/^sha256:/.test(tag)) return true;
  if (/\d/.test(tag))
    return !/(doesnotexist|does-not-exist|nonexist|notexist|nosuch|invalid|bogus|fake|typo)/i.test(
      tag,
    );
  return TAG_WORDS.test(tag);
}
