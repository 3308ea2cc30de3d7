import { parseArgs } from '../cli/flags';
import { KubectlError } from '../errors';
import { toGoYaml } from '../printers/go-yaml';
import { forOutput } from '../printers/output';
import { kindDotGroup } from '../resources/discovery';
import type { Command, CommandContext } from './command';
import { findObjects } from './objects';
import { register } from './registry';

// kubectl edit: in the lab the object opens in the YAML editor (there is no $EDITOR in a
// browser); Apply there saves it. The header is kubectl's own.

const HEADER = `# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures.
#
`;

const FLAGS = [
  { name: 'output', short: 'o', type: 'string' as const },
  { name: 'filename', short: 'f', type: 'strings' as const },
  { name: 'subresource', type: 'string' as const },
  { name: 'save-config', type: 'bool' as const },
  { name: 'validate', type: 'string' as const, noValue: 'strict' },
];

const HELP = `Edit a resource from the default editor.

 In the lab, the object opens in the YAML editor beside the terminal: change it there and press
Apply (or Dry run to see what the server would say).

Examples:
  # Edit the service named 'registry'
  kubectl edit svc/registry

  # Edit the deployment 'mydeployment'
  kubectl edit deployment mydeployment

Usage:
  kubectl edit (RESOURCE/NAME | -f FILENAME) [options]`;

async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { args, flags } = parseArgs(argv, FLAGS);
  if (!ctx.session.edit)
    throw new KubectlError('there is no editor in this terminal; use kubectl apply -f');
  const { found, failed } = await findObjects(ctx, args, {
    namespace: flags.namespace as string | undefined,
    verb: 'edit',
  });
  if (failed) return 1;
  if (found.length !== 1)
    throw new KubectlError('the lab edits one object at a time: kubectl edit TYPE/NAME');
  const f = found[0]!;
  const o = forOutput(f.object, f.resource);
  delete o.status;
  const fileName = `${f.object.kind.toLowerCase()}-${f.object.metadata.name}.yaml`;
  const edited = await ctx.session.edit(fileName, HEADER + toGoYaml(o));
  if (edited === null) {
    ctx.io.out(
      `${kindDotGroup(f.resource)}/${f.object.metadata.name} opened in the YAML editor (${fileName}): change it there, then press Apply.\n`,
    );
    return 0;
  }
  ctx.io.out('Edit cancelled, no changes made.\n');
  return 0;
}

export const editCommand: Command = {
  name: 'edit',
  summary: 'Edit a resource (opens the lab editor)',
  help: HELP,
  flags: FLAGS,
  run,
};

register(editCommand);
