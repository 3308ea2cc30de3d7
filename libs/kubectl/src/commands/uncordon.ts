import { parseArgs } from '../cli/flags';
import type { Command, CommandContext } from './command';
import { CORDON_FLAGS, cordonNodes, nodesOf } from './cordon';
import { dryRunOf } from './mutation';
import { register } from './registry';

// kubectl uncordon: nodes become schedulable again (spec.unschedulable removed).

const HELP = `Mark node as schedulable.

Examples:
  # Mark node "foo" as schedulable
  kubectl uncordon foo

Options:
    --dry-run='none':
	Must be "none", "server", or "client". If client strategy, only print the object that would be
	sent, without sending it. If server strategy, submit server-side request without persisting the
	resource.

    -l, --selector='':
	Selector (label query) to filter on

Usage:
  kubectl uncordon NODE [options]`;

async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { args, flags } = parseArgs(argv, CORDON_FLAGS);
  const dryRun = dryRunOf(flags['dry-run']);
  const { nodes, failed } = await nodesOf(
    ctx,
    'uncordon',
    args,
    flags.selector as string | undefined,
  );
  const ok = await cordonNodes(ctx, nodes, false, dryRun);
  return ok && !failed ? 0 : 1;
}

export const uncordonCommand: Command = {
  name: 'uncordon',
  summary: 'Mark node as schedulable',
  help: HELP,
  flags: CORDON_FLAGS,
  run,
};

register(uncordonCommand);
