import { DRY_RUN_FLAG } from '../cli/common-flags';
import { parseArgs, type FlagSpec } from '../cli/flags';
import { queryString } from '../client';
import { ApiError, KubectlError, formatApiError } from '../errors';
import { objectPath, type ResourceInfo } from '../resources/discovery';
import type { Command, CommandContext } from './command';
import { dryRunOf, dryRunSuffix, named, type DryRun } from './mutation';
import { register } from './registry';

// kubectl cordon (k8s.io/kubectl/pkg/cmd/drain, RunCordonOrUncordon and drain.CordonHelper):
// sets spec.unschedulable on nodes, named or selected; `uncordon` and `drain` share it.

export const CORDON_FLAGS: FlagSpec[] = [
  DRY_RUN_FLAG,
  { name: 'selector', short: 'l', type: 'string' },
];

export interface NodeTarget {
  resource: ResourceInfo;
  node: any;
}

/** The nodes a cordon/uncordon/drain command line names (`NODE...` or `-l selector`). */
export async function nodesOf(
  ctx: CommandContext,
  verb: string,
  args: string[],
  selector: string | undefined,
): Promise<{ nodes: NodeTarget[]; failed: boolean }> {
  if (!args.length && !selector)
    throw new KubectlError(
      `USAGE: ${verb} NODE [flags]`,
      `See 'kubectl ${verb} -h' for help and examples`,
    );
  if (args.length && selector)
    throw new KubectlError(
      'cannot specify both a node name and a --selector option',
      `See 'kubectl ${verb} -h' for help and examples`,
    );
  const [resource] = await ctx.session.client.discovery.resolve('nodes');
  const nodes: NodeTarget[] = [];
  let failed = false;
  if (selector) {
    const list = await ctx.session.client.list(resource!, undefined, { labelSelector: selector });
    for (const node of list.items ?? []) nodes.push({ resource: resource!, node });
    return { nodes, failed };
  }
  for (const name of args) {
    try {
      nodes.push({
        resource: resource!,
        node: await ctx.session.client.get(resource!, undefined, name),
      });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      failed = true;
      ctx.io.err(formatApiError(e));
    }
  }
  return { nodes, failed };
}

/** RunCordonOrUncordon: "node/x cordoned", "node/x already cordoned", or why it could not. */
export async function cordonNodes(
  ctx: CommandContext,
  nodes: NodeTarget[],
  desired: boolean,
  dryRun: DryRun,
): Promise<boolean> {
  const verb = desired ? 'cordon' : 'uncordon';
  let ok = true;
  for (const { resource, node } of nodes) {
    const name = node.metadata.name;
    if (!!node.spec?.unschedulable === desired) {
      ctx.io.out(`${named(resource, name)} already ${verb}ed${dryRunSuffix(dryRun)}\n`);
      continue;
    }
    if (dryRun !== 'client') {
      try {
        await ctx.session.client.call(
          'PATCH',
          objectPath(resource, undefined, name) +
            queryString({ dryRun: dryRun === 'server' ? 'All' : undefined }),
          {
            // CordonHelper's two-way merge patch: false is omitted, so uncordoning sends null.
            body: { spec: { unschedulable: desired ? true : null } },
            contentType: 'application/strategic-merge-patch+json',
          },
        );
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        ok = false;
        ctx.io.err(`error: unable to ${verb} node "${name}": ${e.status.message}\n`);
        continue;
      }
    }
    ctx.io.out(`${named(resource, name)} ${verb}ed${dryRunSuffix(dryRun)}\n`);
  }
  return ok;
}

const HELP = `Mark node as unschedulable.

Examples:
  # Mark node "foo" as unschedulable
  kubectl cordon foo

Options:
    --dry-run='none':
	Must be "none", "server", or "client". If client strategy, only print the object that would be
	sent, without sending it. If server strategy, submit server-side request without persisting the
	resource.

    -l, --selector='':
	Selector (label query) to filter on

Usage:
  kubectl cordon NODE [options]`;

/** cordon (unschedulable) or uncordon (schedulable again) the named or selected nodes. */
export function cordonRun(verb: 'cordon' | 'uncordon') {
  return async (argv: string[], ctx: CommandContext): Promise<number> => {
    const { args, flags } = parseArgs(argv, CORDON_FLAGS);
    const dryRun = dryRunOf(flags['dry-run']);
    const selector = flags.selector as string | undefined;
    const { nodes, failed } = await nodesOf(ctx, verb, args, selector);
    const ok = await cordonNodes(ctx, nodes, verb === 'cordon', dryRun);
    return ok && !failed ? 0 : 1;
  };
}

export const cordonCommand: Command = {
  name: 'cordon',
  summary: 'Mark node as unschedulable',
  help: HELP,
  flags: CORDON_FLAGS,
  run: cordonRun('cordon'),
};

register(cordonCommand);
