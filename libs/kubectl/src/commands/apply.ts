import { DRY_RUN_FLAG, FILENAME_FLAGS } from '../cli/common-flags';
import { parseArgs } from '../cli/flags';
import { queryString } from '../client';
import { ApiError, KubectlError, formatApiError } from '../errors';
import { goMarshal } from '../printers/go-yaml';
import { basePath, objectPath } from '../resources/discovery';
import { readSources, resolveObjects, type ManifestObject } from '../resources/manifests';
import { threeWayPatch } from '../resources/three-way';
import type { Command, CommandContext } from './command';
import { dryRunOf, dryRunSuffix, named, withSource, type DryRun } from './mutation';
import { register } from './registry';

// kubectl apply: client-side by default (the last applied manifest kept in an annotation, a
// three-way patch computed here, `created` / `configured` / `unchanged`), or --server-side.

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

const HELP = `Apply a configuration to a resource by file name or stdin. The resource name must be specified. This resource will be created if it doesn't exist yet. To use 'apply', always create the resource initially with either 'apply' or 'create --save-config'.

 JSON and YAML formats are accepted.

Examples:
  # Apply the configuration in web.yaml (a file saved in the lab's editor)
  kubectl apply -f web.yaml

  # Apply the YAML passed into stdin
  cat <<EOF | kubectl apply -f -
  apiVersion: v1
  kind: ConfigMap
  metadata:
    name: demo
  data:
    key: value
  EOF

Options:
      --dry-run='none': Must be "none", "server", or "client".
  -f, --filename=[]: The files that contain the configurations to apply ('-' for stdin).
      --server-side=false: If true, apply runs in the server instead of the client.
      --force-conflicts=false: With --server-side, take ownership of conflicting fields.
      --field-manager='kubectl-client-side-apply': Name of the manager used to track field ownership.
  -o, --output='': Output format: name.

Usage:
  kubectl apply (-f FILENAME | -k DIRECTORY) [options]`;

const FLAGS = [
  ...FILENAME_FLAGS,
  DRY_RUN_FLAG,
  { name: 'server-side', type: 'bool' as const },
  { name: 'force-conflicts', type: 'bool' as const },
  { name: 'field-manager', type: 'string' as const },
  { name: 'output', short: 'o', type: 'string' as const },
  { name: 'validate', type: 'string' as const, noValue: 'strict' },
  { name: 'overwrite', type: 'bool' as const },
  { name: 'prune', type: 'bool' as const },
  { name: 'record', type: 'bool' as const },
  { name: 'force', type: 'bool' as const },
  { name: 'wait', type: 'bool' as const },
];

function targetNamespace(
  m: ManifestObject,
  flagNs: string | undefined,
  current: string,
): string | undefined {
  if (!m.resource.namespaced) return undefined;
  const own = m.object.metadata?.namespace as string | undefined;
  if (own && flagNs && own !== flagNs)
    throw new KubectlError(
      `the namespace from the provided object "${own}" does not match the namespace "${flagNs}". You must pass '--namespace=${own}' to perform this operation.`,
    );
  return own ?? flagNs ?? current;
}

function validation(v: unknown): string {
  if (v === undefined || v === 'strict' || v === 'true' || v === true) return 'Strict';
  if (v === 'warn') return 'Warn';
  return 'Ignore';
}

async function applyOne(
  ctx: CommandContext,
  m: ManifestObject,
  ns: string | undefined,
  opts: { dryRun: DryRun; serverSide: boolean; force: boolean; manager?: string; validate: string },
): Promise<string> {
  const { client } = ctx.session;
  const obj = structuredClone(m.object);
  obj.metadata ??= {};
  if (ns) obj.metadata.namespace = ns;
  const name = obj.metadata.name as string | undefined;
  if (!name)
    throw new KubectlError(
      `error when retrieving current configuration: resource name may not be empty`,
    );
  const dry = opts.dryRun === 'server' ? 'All' : undefined;
  if (opts.serverSide) {
    if (opts.dryRun === 'client')
      throw new KubectlError(
        "--dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)",
      );
    await client.call(
      'PATCH',
      objectPath(m.resource, ns, name) +
        queryString({
          fieldManager: opts.manager ?? 'kubectl',
          force: opts.force ? 'true' : undefined,
          dryRun: dry,
          fieldValidation: opts.validate,
        }),
      { body: JSON.stringify(obj), contentType: 'application/apply-patch+yaml' },
    );
    return `${named(m.resource, name)} serverside-applied${dryRunSuffix(opts.dryRun)}`;
  }
  // The manifest as applied, remembered on the object for the next apply's three-way patch.
  const annotations = { ...(obj.metadata.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  const applied = structuredClone(obj);
  if (Object.keys(annotations).length) applied.metadata.annotations = annotations;
  else delete applied.metadata.annotations;
  obj.metadata.annotations = { ...annotations, [LAST_APPLIED]: `${goMarshal(applied)}\n` };

  let live: any;
  try {
    live = await client.get(m.resource, ns, name);
  } catch (e) {
    if (!(e instanceof ApiError && e.httpStatus === 404)) throw e;
  }
  const manager = opts.manager ?? 'kubectl-client-side-apply';
  if (!live) {
    if (opts.dryRun !== 'client')
      await client.call(
        'POST',
        basePath(m.resource, ns) +
          queryString({ fieldManager: manager, dryRun: dry, fieldValidation: opts.validate }),
        { body: obj },
      );
    return `${named(m.resource, name)} created${dryRunSuffix(opts.dryRun)}`;
  }
  let original: unknown;
  try {
    const text = live.metadata?.annotations?.[LAST_APPLIED];
    original = text ? JSON.parse(text) : undefined;
  } catch {
    original = undefined;
  }
  // A client-side dry run sends nothing, so kubectl cannot tell "unchanged" from "configured".
  if (opts.dryRun === 'client')
    return `${named(m.resource, name)} configured${dryRunSuffix(opts.dryRun)}`;
  const patch = threeWayPatch(original, obj, live);
  if (!Object.keys(patch).length)
    return `${named(m.resource, name)} unchanged${dryRunSuffix(opts.dryRun)}`;
  await client.call(
    'PATCH',
    objectPath(m.resource, ns, name) +
      queryString({ fieldManager: manager, dryRun: dry, fieldValidation: opts.validate }),
    { body: patch, contentType: 'application/strategic-merge-patch+json' },
  );
  return `${named(m.resource, name)} configured${dryRunSuffix(opts.dryRun)}`;
}

async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { session, io } = ctx;
  const { args, flags } = parseArgs(argv, FLAGS);
  if (args.length)
    throw new KubectlError(
      `Unexpected args: [${args.join(' ')}]`,
      "See 'kubectl apply -h' for help and examples",
    );
  const dryRun = dryRunOf(flags['dry-run']);
  const objects = await resolveObjects(
    session.client.discovery,
    readSources(flags.filename as string[] | undefined, session, io.stdin),
  );
  if (!objects.length) throw new KubectlError('no objects passed to apply');
  let failed = false;
  for (const m of objects) {
    try {
      const ns = targetNamespace(m, flags.namespace as string | undefined, session.namespace);
      const line = await applyOne(ctx, m, ns, {
        dryRun,
        serverSide: !!flags['server-side'],
        force: !!flags['force-conflicts'],
        manager: flags['field-manager'] as string | undefined,
        validate: validation(flags.validate),
      });
      io.out(`${line}\n`);
    } catch (e) {
      failed = true;
      const wrapped = withSource(e, 'creating', m.source);
      if (wrapped instanceof ApiError) io.err(formatApiError(wrapped));
      else if (wrapped instanceof KubectlError) io.err(`error: ${wrapped.message}\n`);
      else throw wrapped;
    }
  }
  return failed ? 1 : 0;
}

export const applyCommand: Command = {
  name: 'apply',
  summary: 'Apply a configuration to a resource by file name or stdin',
  help: HELP,
  flags: FLAGS,
  run,
};

register(applyCommand);
