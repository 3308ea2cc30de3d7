// kubectl's flag syntax (spf13/pflag): `--name value`, `--name=value`, `-n value`, `-nvalue`,
// `-n=value`, combined booleans (`-it`), repeated flags for lists, and `--` ending the flags.

export type FlagType = 'bool' | 'string' | 'strings' | 'int';

export interface FlagSpec {
  name: string;
  short?: string;
  type: FlagType;
  /** For `--dry-run` (no value means `unchanged`) and `--cascade`: the value when none is given. */
  noValue?: string;
}

export interface ParsedArgs {
  args: string[];
  flags: Record<string, string | boolean | number | string[] | undefined>;
  /** What came after `--` (exec's command). */
  dashArgs?: string[];
  /** The names of the flags given, as given. */
  given: Set<string>;
}

export class FlagError extends Error {}

export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'namespace', short: 'n', type: 'string' },
  { name: 'help', short: 'h', type: 'bool' },
  { name: 'context', type: 'string' },
  { name: 'kubeconfig', type: 'string' },
  { name: 'cluster', type: 'string' },
  { name: 'user', type: 'string' },
  { name: 'request-timeout', type: 'string' },
  { name: 'v', short: 'v', type: 'string' },
];

const BOOL_VALUES: Record<string, boolean> = {
  true: true,
  false: false,
  '1': true,
  '0': false,
  t: true,
  f: false,
  TRUE: true,
  FALSE: false,
  True: true,
  False: false,
};

export function parseArgs(argv: string[], specs: FlagSpec[]): ParsedArgs {
  const all = [...specs, ...GLOBAL_FLAGS];
  const byName = new Map(all.map((s) => [s.name, s]));
  const byShort = new Map(all.filter((s) => s.short).map((s) => [s.short!, s]));
  const flags: ParsedArgs['flags'] = {};
  const given = new Set<string>();
  const args: string[] = [];
  let dashArgs: string[] | undefined;

  const set = (spec: FlagSpec, value: string | undefined, shown: string) => {
    given.add(spec.name);
    switch (spec.type) {
      case 'bool': {
        if (value === undefined) flags[spec.name] = true;
        else if (value in BOOL_VALUES) flags[spec.name] = BOOL_VALUES[value];
        else
          throw new FlagError(
            `invalid argument "${value}" for "${shown}" flag: strconv.ParseBool: parsing "${value}": invalid syntax`,
          );
        return;
      }
      case 'int': {
        if (!/^-?\d+$/.test(value ?? ''))
          throw new FlagError(
            `invalid argument "${value}" for "${shown}" flag: strconv.ParseInt: parsing "${value}": invalid syntax`,
          );
        flags[spec.name] = Number(value);
        return;
      }
      case 'strings': {
        const list = (flags[spec.name] as string[] | undefined) ?? [];
        list.push(...(spec.name === 'filename' ? [value!] : value!.split(',')));
        flags[spec.name] = list;
        return;
      }
      default:
        flags[spec.name] = value;
    }
  };

  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      dashArgs = argv.slice(i + 1);
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const spec = byName.get(name);
      if (!spec) throw new FlagError(`unknown flag: --${name}`);
      if (eq >= 0) set(spec, a.slice(eq + 1), `--${name}`);
      else if (spec.type === 'bool') set(spec, undefined, `--${name}`);
      else if (spec.noValue !== undefined) set(spec, spec.noValue, `--${name}`);
      else {
        if (i + 1 >= argv.length) throw new FlagError(`flag needs an argument: --${name}`);
        set(spec, argv[++i], `--${name}`);
      }
    } else if (a.startsWith('-') && a.length > 1 && !/^-\d/.test(a)) {
      // -abc: booleans may be combined; the first flag taking a value takes the rest.
      for (let j = 1; j < a.length; j++) {
        const s = a[j]!;
        const spec = byShort.get(s);
        if (!spec) throw new FlagError(`unknown shorthand flag: '${s}' in ${a}`);
        const shown = `-${s}, --${spec.name}`;
        if (spec.type === 'bool') {
          if (a[j + 1] === '=') {
            set(spec, a.slice(j + 2), shown);
            break;
          }
          set(spec, undefined, shown);
          continue;
        }
        let rest = a.slice(j + 1);
        if (rest.startsWith('=')) rest = rest.slice(1);
        if (rest) set(spec, rest, shown);
        else {
          if (i + 1 >= argv.length) throw new FlagError(`flag needs an argument: '${s}' in -${s}`);
          set(spec, argv[++i], shown);
        }
        break;
      }
    } else args.push(a);
  }
  return { args, flags, dashArgs, given };
}
