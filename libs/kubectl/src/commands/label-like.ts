import { DRY_RUN_FLAG } from '../cli/common-flags';
import { parseArgs, type FlagSpec } from '../cli/flags';
import { queryString } from '../client';
import { ApiError, KubectlError, formatApiError } from '../errors';
import { objectPath } from '../resources/discovery';
import type { Command, CommandContext } from './command';
import { dryRunOf, dryRunSuffix, named } from './mutation';
import { findObjects } from './objects';

// kubectl label and kubectl annotate: `key=value` sets, `key-` removes, --overwrite to replace.

const FLAGS: FlagSpec[] = [
  DRY_RUN_FLAG,
  { name: 'overwrite', type: 'bool' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'all', type: 'bool' },
  { name: 'list', type: 'bool' },
  { name: 'resource-version', type: 'string' },
  { name: 'output', short: 'o', type: 'string' },
  { name: 'filename', short: 'f', type: 'strings' },
  { name: 'local', type: 'bool' },
];

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export function labelLikeCommand(kind: 'label' | 'annotate'): Command {
  const field = kind === 'label' ? 'labels' : 'annotations';
  const past = kind === 'label' ? 'labeled' : 'annotated';
  const help =
    kind === 'label'
      ? `Update the labels on a resource.

Examples:
  # Update pod 'foo' with the label 'unhealthy' and the value 'true'
  kubectl label pods foo unhealthy=true

  # Update pod 'foo' with the label 'status' and the value 'unhealthy', overwriting any existing value
  kubectl label --overwrite pods foo status=unhealthy

  # Remove a label named 'bar' if it exists
  kubectl label pods foo bar-

Usage:
  kubectl label [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] [options]`
      : `Update the annotations on one or more resources.

Examples:
  # Update pod 'foo' with the annotation 'description' and the value 'my frontend'
  kubectl annotate pods foo description='my frontend'

  # Remove an annotation named 'description' if it exists
  kubectl annotate pods foo description-

Usage:
  kubectl annotate [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] [options]`;

  async function run(argv: string[], ctx: CommandContext): Promise<number> {
    const { args, flags } = parseArgs(argv, FLAGS);
    const changes = args.filter((a) => a.includes('=') || (a.endsWith('-') && !a.includes('/')));
    const objects = args.filter((a) => !changes.includes(a));
    const set: Record<string, string> = {};
    const remove: string[] = [];
    for (const c of changes) {
      if (c.endsWith('-') && !c.includes('=')) remove.push(c.slice(0, -1));
      else {
        const i = c.indexOf('=');
        const k = c.slice(0, i);
        const v = c.slice(i + 1);
        if (kind === 'label' && (!LABEL_VALUE.test(v) || v.length > 63))
          throw new KubectlError(
            `invalid label value: "${c}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
          );
        set[k] = v;
      }
    }
    if (!changes.length && !flags.list)
      throw new KubectlError(
        `at least one ${kind === 'label' ? 'label' : 'annotation'} update is required`,
        `See 'kubectl ${kind} -h' for help and examples`,
      );
    const dryRun = dryRunOf(flags['dry-run']);
    const { found, failed } = await findObjects(ctx, objects, {
      namespace: flags.namespace as string | undefined,
      selector: flags.selector as string | undefined,
      all: !!flags.all,
      verb: kind,
    });
    let bad = failed;
    for (const f of found) {
      const current: Record<string, string> = f.object.metadata?.[field] ?? {};
      if (flags.list) {
        for (const k of Object.keys(current).sort()) ctx.io.out(`${k}=${current[k]}\n`);
        continue;
      }
      const clash = Object.keys(set).find((k) => k in current && current[k] !== set[k]);
      if (clash && !flags.overwrite) {
        bad = true;
        ctx.io.err(
          `error: '${clash}' already has a value (${current[clash]}), and --overwrite is false\n`,
        );
        continue;
      }
      const patch: Record<string, string | null> = { ...set };
      for (const k of remove) if (k in current) patch[k] = null;
      const changed = Object.entries(patch).some(([k, v]) =>
        v === null ? k in current : current[k] !== v,
      );
      const verb = !changed ? `not ${past}` : Object.keys(set).length ? past : `un${past}`;
      try {
        if (changed && dryRun !== 'client')
          await ctx.session.client.call(
            'PATCH',
            objectPath(f.resource, f.namespace, f.object.metadata.name) +
              queryString({
                dryRun: dryRun === 'server' ? 'All' : undefined,
                fieldManager: `kubectl-${kind}`,
              }),
            { body: { metadata: { [field]: patch } }, contentType: 'application/merge-patch+json' },
          );
        ctx.io.out(`${named(f.resource, f.object.metadata.name)} ${verb}${dryRunSuffix(dryRun)}\n`);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        bad = true;
        ctx.io.err(formatApiError(e));
      }
    }
    return bad ? 1 : 0;
  }

  return {
    name: kind,
    summary:
      kind === 'label' ? 'Update the labels on a resource' : 'Update the annotations on a resource',
    help,
    flags: FLAGS,
    run,
  };
}
