import type { Command } from './command';

// Every verb the emulation knows. A verb registers itself by being listed here.

const commands = new Map<string, Command>();

export function register(...cs: Command[]): void {
  for (const c of cs) commands.set(c.name, c);
}

export function command(name: string): Command | undefined {
  return commands.get(name);
}

export function allCommands(): Command[] {
  return [...commands.values()];
}
