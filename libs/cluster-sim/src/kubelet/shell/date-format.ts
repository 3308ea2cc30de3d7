// `date` and its +FORMAT (strftime), always in UTC as in a container without a zoneinfo.

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const FULL_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const FULL_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const p2 = (n: number) => String(n).padStart(2, '0');

export function strftime(fmt: string, ms: number): string {
  const d = new Date(ms);
  const Y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const day = d.getUTCDate();
  const H = d.getUTCHours();
  const M = d.getUTCMinutes();
  const S = d.getUTCSeconds();
  const start = Date.UTC(Y, 0, 1);
  return fmt.replace(/%([a-zA-Z%])/g, (all, c: string) => {
    switch (c) {
      case 'Y':
        return String(Y);
      case 'y':
        return p2(Y % 100);
      case 'm':
        return p2(m + 1);
      case 'd':
        return p2(day);
      case 'e':
        return String(day).padStart(2, ' ');
      case 'H':
        return p2(H);
      case 'I':
        return p2(H % 12 || 12);
      case 'p':
        return H < 12 ? 'AM' : 'PM';
      case 'M':
        return p2(M);
      case 'S':
        return p2(S);
      case 'N':
        return String((ms % 1000) * 1_000_000).padStart(9, '0');
      case 's':
        return String(Math.floor(ms / 1000));
      case 'T':
        return `${p2(H)}:${p2(M)}:${p2(S)}`;
      case 'R':
        return `${p2(H)}:${p2(M)}`;
      case 'F':
        return `${Y}-${p2(m + 1)}-${p2(day)}`;
      case 'D':
        return `${p2(m + 1)}/${p2(day)}/${p2(Y % 100)}`;
      case 'a':
        return DAYS[d.getUTCDay()]!;
      case 'A':
        return FULL_DAYS[d.getUTCDay()]!;
      case 'b':
      case 'h':
        return MONTHS[m]!;
      case 'B':
        return FULL_MONTHS[m]!;
      case 'j':
        return String(Math.floor((ms - start) / 86_400_000) + 1).padStart(3, '0');
      case 'u':
        return String(d.getUTCDay() || 7);
      case 'w':
        return String(d.getUTCDay());
      case 'Z':
        return 'UTC';
      case 'z':
        return '+0000';
      case 'c':
        return strftime('%a %b %e %H:%M:%S %Y', ms);
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case '%':
        return '%';
      default:
        return all;
    }
  });
}

/** What `date` prints without a format (busybox and GNU agree in the C locale). */
export const defaultDate = (ms: number) => strftime('%a %b %e %H:%M:%S %Z %Y', ms);
