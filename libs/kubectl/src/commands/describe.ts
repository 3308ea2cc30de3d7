import { parseArgs } from '../cli/flags';
import { ApiError, KubectlError, formatApiError } from '../errors';
import { describerFor, type DescribeContext } from '../describe';
import { listAll } from '../describe/context';
import { basePath, objectPath, type ResourceInfo } from '../resources/discovery';
import { resolveTargets, type Target } from '../resources/targets';
import type { Command, CommandContext } from './command';
import { register } from './registry';

// kubectl describe: finds the objects as kubectl's resource builder does (names, all of a type,
// a label selector; a name that matches nothing is tried as a name prefix), then prints each
// with the describer of its kind, separated by a blank line.

const HELP = `Show details of a specific resource or group of resources.

 Print a detailed description of the selected resources, including related resources such as events or controllers. You may select a single object by name, all objects of that type, provide a name prefix, or label selector. For example:

        $ kubectl describe TYPE NAME_PREFIX

 will first check for an exact match on TYPE and NAME_PREFIX. If no such resource exists, it will output details for every resource that has a name prefixed with NAME_PREFIX.

Use "kubectl api-resources" for a complete list of supported resources.

Examples:
  # Describe a node
  kubectl describe nodes kubelab-worker

  # Describe a pod
  kubectl describe pods/nginx

  # Describe all pods
  kubectl describe pods

  # Describe pods by label name=myLabel
  kubectl describe pods -l name=myLabel

  # Describe all pods managed by the 'frontend' replication controller
  # (rc-created pods get the name of the rc as a prefix in the pod name)
  kubectl describe pods frontend

Options:
  -A, --all-namespaces=false: list the requested object(s) across all namespaces.
      --chunk-size=500: return large lists in chunks rather than all at once.
  -l, --selector='': label selector (e.g. -l key1=value1,key2=value2).
      --show-events=true: if true, display events related to the described object.

Usage:
  kubectl describe (TYPE [NAME_PREFIX | -l label] | TYPE/NAME) [options]`;

const FLAGS = [
  { name: 'all-namespaces', short: 'A', type: 'bool' as const },
  { name: 'selector', short: 'l', type: 'string' as const },
  { name: 'show-events', type: 'bool' as const },
  { name: 'chunk-size', type: 'int' as const },
];

/** One object the command line selects. */
interface Info {
  resource: ResourceInfo;
  namespace?: string;
  name: string;
}

async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { session, io } = ctx;
  const { args, flags } = parseArgs(argv, FLAGS);
  if (!args.length)
    throw new KubectlError(
      'You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.',
    );
  const allNs = !!flags['all-namespaces'];
  const namespace = (flags.namespace as string | undefined) ?? session.namespace;
  const selector = flags.selector as string | undefined;
  const dctx: DescribeContext = {
    client: session.client,
    now: session.now(),
    settings: {
      showEvents: flags['show-events'] !== false,
      chunkSize: (flags['chunk-size'] as number | undefined) ?? 500,
    },
  };
  const targets = await resolveTargets(session.client.discovery, args);
  const named = targets.some((t) => t.names.length);
  if (named && selector)
    throw new KubectlError('name cannot be provided when a selector is specified');
  if (named && allNs)
    throw new KubectlError('a resource cannot be retrieved by name across all namespaces');

  const { infos, errors } = await selectObjects(
    dctx,
    targets,
    allNs ? undefined : namespace,
    selector,
  );
  // `describe TYPE NAME` with no such NAME: describe every object whose name starts with it.
  const notFound =
    errors.length === 1 && errors[0] instanceof ApiError && errors[0].httpStatus === 404;
  if (notFound && args.length === 2 && !infos.length)
    return describePrefixed(dctx, ctx, targets[0]!.resource, namespace, args[1]!, errors[0]!);

  const seen = new Set(errors.map((e) => e.message));
  let first = true;
  for (const info of infos) {
    try {
      const text = await describerFor(info.resource)(
        dctx,
        info.resource,
        info.namespace,
        info.name,
      );
      io.out(first ? text : `\n\n${text}`);
      first = false;
    } catch (e) {
      if (!(e instanceof Error) || seen.has(e.message)) continue;
      seen.add(e.message);
      errors.push(e);
    }
  }
  if (!infos.length && !errors.length)
    io.err(allNs ? 'No resources found\n' : `No resources found in ${namespace} namespace.\n`);
  if (!errors.length) return 0;
  io.err(errorText(errors));
  return 1;
}

/** The objects of each target: those named, or every one of the type (with the selector). */
async function selectObjects(
  ctx: DescribeContext,
  targets: Target[],
  namespace: string | undefined,
  labelSelector: string | undefined,
): Promise<{ infos: Info[]; errors: Error[] }> {
  const infos: Info[] = [];
  const errors: Error[] = [];
  for (const t of targets) {
    const ns = t.resource.namespaced ? namespace : undefined;
    if (t.names.length) {
      for (const name of t.names) {
        try {
          const obj = await ctx.client.call('GET', objectPath(t.resource, ns, name));
          infos.push({ resource: t.resource, namespace: obj?.metadata?.namespace ?? ns, name });
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
          errors.push(e);
        }
      }
      continue;
    }
    try {
      for (const obj of await listAll(ctx, basePath(t.resource, ns), { labelSelector }))
        infos.push({
          resource: t.resource,
          namespace: obj.metadata?.namespace || undefined,
          name: obj.metadata?.name,
        });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      errors.push(e);
    }
  }
  return { infos, errors };
}

/** DescribeMatchingResources: each description is followed by a blank line, not preceded. */
async function describePrefixed(
  dctx: DescribeContext,
  ctx: CommandContext,
  r: ResourceInfo,
  namespace: string,
  prefix: string,
  original: Error,
): Promise<number> {
  const ns = r.namespaced ? namespace : undefined;
  const matching = (await listAll(dctx, basePath(r, ns))).filter((o) =>
    String(o.metadata?.name ?? '').startsWith(prefix),
  );
  if (!matching.length) throw original;
  for (const obj of matching) {
    const text = await describerFor(r)(
      dctx,
      r,
      obj.metadata?.namespace || undefined,
      obj.metadata.name,
    );
    ctx.io.out(`${text}\n`);
  }
  return 0;
}

/** kubectl's CheckErr: one error as `error: …` (or the server's wording), several one a line. */
function errorText(errors: Error[]): string {
  if (errors.length === 1) {
    const e = errors[0]!;
    return e instanceof ApiError ? formatApiError(e) : `error: ${e.message}\n`;
  }
  return errors.map((e) => (e instanceof ApiError ? formatApiError(e) : `${e.message}\n`)).join('');
}

export const describeCommand: Command = {
  name: 'describe',
  summary: 'Show details of a specific resource or group of resources',
  help: HELP,
  flags: FLAGS,
  run,
};

register(describeCommand);
