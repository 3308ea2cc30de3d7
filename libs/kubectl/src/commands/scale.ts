import { DRY_RUN_FLAG } from '../cli/common-flags';
import { parseArgs } from '../cli/flags';
import { queryString } from '../client';
import { ApiError, KubectlError, formatApiError } from '../errors';
import { objectPath } from '../resources/discovery';
import type { Command, CommandContext } from './command';
import { dryRunOf, dryRunSuffix, named } from './mutation';
import { findObjects } from './objects';
import { register } from './registry';

const FLAGS = [
  DRY_RUN_FLAG,
  { name: 'replicas', type: 'int' as const },
  { name: 'current-replicas', type: 'int' as const },
  { name: 'selector', short: 'l', type: 'string' as const },
  { name: 'all', type: 'bool' as const },
  { name: 'filename', short: 'f', type: 'strings' as const },
  { name: 'timeout', type: 'string' as const },
];

const HELP = `Set a new size for a deployment, replica set, replication controller, or stateful set.

Examples:
  # Scale a deployment named 'web' to 3
  kubectl scale --replicas=3 deployment/web

  # If the deployment named web's current size is 2, scale it to 3
  kubectl scale --current-replicas=2 --replicas=3 deployment/web

Options:
      --current-replicas=-1: Precondition for current size.
      --replicas=0: The new desired number of replicas. Required.

Usage:
  kubectl scale [--resource-version=version] [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME) [options]`;

async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { args, flags } = parseArgs(argv, FLAGS);
  const replicas = flags.replicas as number | undefined;
  if (replicas === undefined) throw new KubectlError('required flag(s) "replicas" not set');
  if (replicas < 0)
    throw new KubectlError(
      'The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0',
    );
  const dryRun = dryRunOf(flags['dry-run']);
  const { found, failed } = await findObjects(ctx, args, {
    namespace: flags.namespace as string | undefined,
    selector: flags.selector as string | undefined,
    all: !!flags.all,
    verb: 'scale',
    // kubectl scale reports a missing object in its own words.
    onMissing: (e) => ctx.io.err(`error: no objects passed to scale ${e.status.message}\n`),
  });
  let bad = failed;
  for (const f of found) {
    if (!f.resource.subresources.includes('scale')) {
      bad = true;
      ctx.io.err(
        `error: no scaler has been implemented for {"${f.resource.group}" "${f.resource.kind}"}\n`,
      );
      continue;
    }
    const current = f.object.spec?.replicas;
    if (flags['current-replicas'] !== undefined && flags['current-replicas'] !== current) {
      bad = true;
      ctx.io.err(`error: Expected replicas to be ${flags['current-replicas']}, was ${current}\n`);
      continue;
    }
    try {
      if (dryRun !== 'client')
        await ctx.session.client.call(
          'PATCH',
          `${objectPath(f.resource, f.namespace, f.object.metadata.name)}/scale${queryString({ dryRun: dryRun === 'server' ? 'All' : undefined })}`,
          { body: { spec: { replicas } }, contentType: 'application/merge-patch+json' },
        );
      ctx.io.out(`${named(f.resource, f.object.metadata.name)} scaled${dryRunSuffix(dryRun)}\n`);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      bad = true;
      ctx.io.err(formatApiError(e));
    }
  }
  return bad ? 1 : 0;
}

export const scaleCommand: Command = {
  name: 'scale',
  summary: 'Set a new size for a deployment, replica set, or replication controller',
  help: HELP,
  flags: FLAGS,
  run,
};

register(scaleCommand);
