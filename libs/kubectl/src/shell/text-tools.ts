import type { CommandIO } from '../io';

// The few text tools learners pipe kubectl into: grep, head, tail, wc, sort, echo, cat.

export type Tool = (argv: string[], io: CommandIO) => number;

function lines(text: string | undefined): string[] {
  if (!text) return [];
  const l = text.split('\n');
  if (l[l.length - 1] === '') l.pop();
  return l;
}

const out = (io: CommandIO, ls: string[]) => io.out(ls.map((l) => l + '\n').join(''));

function countFlag(argv: string[], dflt: number): { n: number; rest: string[] } {
  let n = dflt;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-n') n = Number(argv[++i]);
    else if (/^-n\d+$/.test(a)) n = Number(a.slice(2));
    else if (/^-\d+$/.test(a)) n = Number(a.slice(1));
    else rest.push(a);
  }
  return { n, rest };
}

export const TOOLS: Record<string, Tool> = {
  echo(argv, io) {
    const noNewline = argv[0] === '-n';
    const words = noNewline ? argv.slice(1) : argv;
    io.out(words.join(' ') + (noNewline ? '' : '\n'));
    return 0;
  },
  grep(argv, io) {
    let invert = false;
    let ignore = false;
    let count = false;
    let pattern: string | undefined;
    for (const a of argv) {
      if (/^-[ivcE]+$/.test(a)) {
        invert ||= a.includes('v');
        ignore ||= a.includes('i');
        count ||= a.includes('c');
      } else if (pattern === undefined) pattern = a;
    }
    if (pattern === undefined) {
      io.err('usage: grep [-ivc] PATTERN\n');
      return 2;
    }
    let re: RegExp;
    try {
      re = new RegExp(pattern, ignore ? 'i' : '');
    } catch {
      re = new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), ignore ? 'i' : '');
    }
    const found = lines(io.stdin).filter((l) => re.test(l) !== invert);
    if (count) io.out(`${found.length}\n`);
    else out(io, found);
    return found.length ? 0 : 1;
  },
  head(argv, io) {
    const { n } = countFlag(argv, 10);
    out(io, lines(io.stdin).slice(0, n));
    return 0;
  },
  tail(argv, io) {
    const { n } = countFlag(argv, 10);
    const l = lines(io.stdin);
    out(io, n ? l.slice(-n) : []);
    return 0;
  },
  wc(argv, io) {
    const text = io.stdin ?? '';
    const l = lines(text).length;
    const w = text.split(/\s+/).filter(Boolean).length;
    if (argv.includes('-l')) io.out(`${l}\n`);
    else if (argv.includes('-w')) io.out(`${w}\n`);
    else if (argv.includes('-c')) io.out(`${new TextEncoder().encode(text).length}\n`);
    else
      io.out(
        `${String(l).padStart(7)} ${String(w).padStart(7)} ${String(text.length).padStart(7)}\n`,
      );
    return 0;
  },
  sort(argv, io) {
    const l = lines(io.stdin).sort();
    if (argv.includes('-r')) l.reverse();
    out(io, argv.includes('-u') ? [...new Set(l)] : l);
    return 0;
  },
  base64(argv, io) {
    const text = io.stdin ?? '';
    try {
      if (argv.includes('-d') || argv.includes('--decode')) {
        const bin = atob(text.replace(/\s+/g, ''));
        io.out(new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))));
      } else {
        let bin = '';
        for (const b of new TextEncoder().encode(text)) bin += String.fromCharCode(b);
        io.out(btoa(bin) + '\n');
      }
      return 0;
    } catch {
      io.err('base64: invalid input\n');
      return 1;
    }
  },
};
