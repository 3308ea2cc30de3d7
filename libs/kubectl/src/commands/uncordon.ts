import type { Command } from './command';
import { CORDON_FLAGS, cordonRun } from './cordon';
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

export const uncordonCommand: Command = {
  name: 'uncordon',
  summary: 'Mark node as schedulable',
  help: HELP,
  flags: CORDON_FLAGS,
  run: cordonRun('uncordon'),
};

register(uncordonCommand);
