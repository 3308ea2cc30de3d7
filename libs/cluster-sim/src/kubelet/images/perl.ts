import type { ContainerInput, Image, ProcessPlan } from './image';

// The perl image, for the Job example of the Kubernetes documentation:
// `perl -Mbignum=bpi -wle 'print bpi(2000)'` prints π to that many digits, then exits 0. Other
// one-liners that only print strings work too; anything else exits at once, as a script the
// simulation cannot run.

/** atan(1/x) * scale, by its Taylor series in integers. */
function arctanInv(x: bigint, scale: bigint): bigint {
  let term = scale / x;
  let sum = term;
  const x2 = x * x;
  for (let n = 3n, sign = -1n; term !== 0n; n += 2n, sign = -sign) {
    term /= x2;
    sum += (sign * term) / n;
  }
  return sum;
}

/** π with `digits` significant digits, rounded, as Math::BigFloat's bpi prints it. */
export function piDigits(digits: number): string {
  const n = Math.max(1, Math.floor(digits));
  const guard = 10;
  const scale = 10n ** BigInt(n - 1 + guard);
  // Machin: π = 16·atan(1/5) − 4·atan(1/239).
  const pi = 16n * arctanInv(5n, scale) - 4n * arctanInv(239n, scale);
  const unit = 10n ** BigInt(guard);
  const rounded = (pi + unit / 2n) / unit;
  const s = rounded.toString();
  return n === 1 ? s : `${s[0]}.${s.slice(1)}`;
}

/** The perl program text of `-e`/`-le`/`-wle` (the last -e), if any. */
function oneLiner(argv: string[]): string | undefined {
  let script: string | undefined;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (/^-\w*e$/.test(a) && i + 1 < argv.length) script = argv[++i];
  }
  return script;
}

function run(c: ContainerInput): ProcessPlan {
  const argv = [...(c.command ?? []), ...(c.args ?? [])];
  if (!argv.length) return { logs: [], exit: { afterMs: 10, code: 0, reason: 'Completed' } };
  const script = oneLiner(argv) ?? '';
  const bpi = /print\s+bpi\(\s*(\d+)\s*\)/.exec(script);
  if (bpi) {
    const n = Number(bpi[1]);
    // Math::BigFloat takes about a second per thousand digits squared.
    const ms = 300 + Math.round((n / 1000) ** 2 * 1200);
    return {
      logs: [{ afterMs: ms - 5, line: piDigits(n) }],
      exit: { afterMs: ms, code: 0, reason: 'Completed' },
    };
  }
  const lines = [...script.matchAll(/print\s+(?:"([^"]*)"|'([^']*)')/g)].map((m) =>
    (m[1] ?? m[2] ?? '').replace(/\\n$/, ''),
  );
  return {
    logs: lines.map((line) => ({ afterMs: 20, line })),
    exit: { afterMs: 30, code: 0, reason: 'Completed' },
  };
}

export const perl: Image = {
  names: ['perl'],
  sizeBytes: 336_479_011,
  pullMs: 18_400,
  sigtermMs: 100,
  run,
};
