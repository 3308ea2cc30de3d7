import { DRY_RUN_FLAG } from '../cli/common-flags';
import { parseArgs } from '../cli/flags';
import { queryString } from '../client';
import { ApiError, KubectlError, formatApiError } from '../errors';
import { objectPath } from '../resources/discovery';
import type { Command, CommandContext } from './command';
import { dryRunOf, dryRunSuffix, named } from './mutation';
import { findObjects } from './objects';
import { register } from './registry';

// kubectl set image: changes the images of named containers in a workload's pod template (or a
// pod); `*=image` changes every container.

const FLAGS = [
  DRY_RUN_FLAG,
  { name: 'selector', short: 'l', type: 'string' as const },
  { name: 'all', type: 'bool' as const },
  { name: 'local', type: 'bool' as const },
  { name: 'output', short: 'o', type: 'string' as const },
  { name: 'record', type: 'bool' as const },
  { name: 'filename', short: 'f', type: 'strings' as const },
];

const HELP = `Update existing container image(s) of resources.

Examples:
  # Set a deployment's nginx container image to 'nginx:1.9.1'
  kubectl set image deployment/nginx nginx=nginx:1.9.1

  # Update image of all containers of the deployment to 'nginx:1.9.1'
  kubectl set image deployment/nginx *=nginx:1.9.1

Usage:
  kubectl set image (-f FILENAME | TYPE NAME) CONTAINER_NAME_1=CONTAINER_IMAGE_1 ... CONTAINER_NAME_N=CONTAINER_IMAGE_N [options]`;

function podSpecOf(o: any): any {
  if (o.kind === 'Pod') return o.spec;
  if (o.kind === 'CronJob') return o.spec?.jobTemplate?.spec?.template?.spec;
  return o.spec?.template?.spec;
}

function specPatch(o: any, containers: any[], init: any[]): any {
  const spec: any = { containers };
  if (init.length) spec.initContainers = init;
  if (o.kind === 'Pod') return { spec };
  if (o.kind === 'CronJob') return { spec: { jobTemplate: { spec: { template: { spec } } } } };
  return { spec: { template: { spec } } };
}

async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'image')
    throw new KubectlError(
      sub ? `unknown command "${sub}" for "kubectl set"` : 'set needs a subcommand',
      'The lab supports: kubectl set image TYPE/NAME CONTAINER=IMAGE',
    );
  const { args, flags } = parseArgs(rest, FLAGS);
  const pairs = args.filter((a) => a.includes('='));
  const objects = args.filter((a) => !a.includes('='));
  if (!pairs.length) throw new KubectlError('at least one image update is required');
  const images = new Map(
    pairs.map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]),
  );
  const dryRun = dryRunOf(flags['dry-run']);
  const { found, failed } = await findObjects(ctx, objects, {
    namespace: flags.namespace as string | undefined,
    selector: flags.selector as string | undefined,
    all: !!flags.all,
    verb: 'set image',
  });
  let bad = failed;
  for (const f of found) {
    const spec = podSpecOf(f.object);
    if (!spec) {
      bad = true;
      ctx.io.err(`error: ${named(f.resource, f.object.metadata.name)} has no pod template\n`);
      continue;
    }
    const containers: any[] = [];
    const init: any[] = [];
    for (const [cname, image] of images) {
      let matched = false;
      for (const [list, out] of [
        [spec.containers ?? [], containers],
        [spec.initContainers ?? [], init],
      ] as const)
        for (const c of list)
          if (cname === '*' || c.name === cname) {
            matched = true;
            out.push({ name: c.name, image });
          }
      if (!matched) {
        bad = true;
        ctx.io.err(`error: unable to find container named "${cname}"\n`);
      }
    }
    if (!containers.length && !init.length) continue;
    try {
      if (dryRun !== 'client')
        await ctx.session.client.call(
          'PATCH',
          objectPath(f.resource, f.namespace, f.object.metadata.name) +
            queryString({
              dryRun: dryRun === 'server' ? 'All' : undefined,
              fieldManager: 'kubectl-set',
            }),
          {
            body: specPatch(f.object, containers, init),
            contentType: 'application/strategic-merge-patch+json',
          },
        );
      ctx.io.out(
        `${named(f.resource, f.object.metadata.name)} image updated${dryRunSuffix(dryRun)}\n`,
      );
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      bad = true;
      ctx.io.err(formatApiError(e));
    }
  }
  return bad ? 1 : 0;
}

export const setCommand: Command = {
  name: 'set',
  summary: 'Set specific features on objects (set image)',
  help: HELP,
  flags: FLAGS,
  run,
};

register(setCommand);
