import type { FlagSpec } from '../cli/flags';
import type { CommandIO } from '../io';
import type { KubectlSession } from '../session';

export interface CommandContext {
  session: KubectlSession;
  io: CommandIO;
}

/** One kubectl verb: its flags, its help text, and what it does. Resolves with the exit code. */
export interface Command {
  name: string;
  /** One line for `kubectl --help`. */
  summary: string;
  /** `kubectl <verb> --help`. */
  help: string;
  flags: FlagSpec[];
  run(argv: string[], ctx: CommandContext): Promise<number>;
}
