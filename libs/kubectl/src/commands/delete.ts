import { DRY_RUN_FLAG, FILENAME_FLAGS } from '../cli/common-flags';
import { parseArgs } from '../cli/flags';
import { queryString } from '../client';
import { ApiError, KubectlError, formatApiError } from '../errors';
import { kindDotGroup, objectPath, type ResourceInfo } from '../resources/discovery';
import { readSources, resolveObjects } from '../resources/manifests';
import { resolveTargets } from '../resources/targets';
import type { Command, CommandContext } from './command';
import { dryRunOf, dryRunSuffix } from './mutation';
import { register } from './registry';

// kubectl delete: by name, by selector, --all, or what a file describes; waits, as kubectl does,
// until the objects are gone (a pod's grace period passes on the cluster's clock).

const FLAGS = [
  ...FILENAME_FLAGS,
  DRY_RUN_FLAG,
  { name: 'selector', short: 'l', type: 'string' as const },
  { name: 'field-selector', type: 'string' as const },
  { name: 'all', type: 'bool' as const },
  { name: 'all-namespaces', short: 'A', type: 'bool' as const },
  { name: 'grace-period', type: 'int' as const },
  { name: 'now', type: 'bool' as const },
  { name: 'force', type: 'bool' as const },
  { name: 'cascade', type: 'string' as const, noValue: 'background' },
  { name: 'wait', type: 'bool' as const },
  { name: 'ignore-not-found', type: 'bool' as const },
  { name: 'output', short: 'o', type: 'string' as const },
  { name: 'timeout', type: 'string' as const },
];

const HELP = `Delete resources by file names, stdin, resources and names, or by resources and label selector.

Examples:
  # Delete a pod with minimal delay
  kubectl delete pod foo --now

  # Delete pods and services with label name=myLabel
  kubectl delete pods,services -l name=myLabel

  # Delete what a file saved in the lab describes
  kubectl delete -f web.yaml

Options:
      --all=false: Delete all resources, in the namespace of the specified resource types.
      --cascade='background': Must be "background", "orphan", or "foreground".
      --dry-run='none': Must be "none", "server", or "client".
  -f, --filename=[]: containing the resource to delete.
      --force=false: Immediate deletion (grace period 0).
      --grace-period=-1: Period of time in seconds given to the resource to terminate gracefully.
  -l, --selector='': Selector (label query) to filter on.
      --wait=true: Wait for resources to be gone before returning.

Usage:
  kubectl delete ([-f FILENAME] | TYPE [(NAME | -l label | --all)]) [options]`;

function propagation(cascade: unknown): string | undefined {
  if (cascade === undefined || cascade === 'background' || cascade === 'true') return 'Background';
  if (cascade === 'foreground') return 'Foreground';
  if (cascade === 'orphan' || cascade === 'false') return 'Orphan';
  throw new KubectlError(
    `invalid cascade value (${String(cascade)}). Must be "background", "foreground", or "orphan".`,
  );
}

async function gone(
  ctx: CommandContext,
  r: ResourceInfo,
  ns: string | undefined,
  name: string,
  uid: string,
) {
  for (;;) {
    if (ctx.io.signal.aborted) return;
    try {
      const o = await ctx.session.client.get(r, ns, name);
      if (o.metadata?.uid !== uid) return;
    } catch (e) {
      if (e instanceof ApiError && e.httpStatus === 404) return;
      throw e;
    }
    await new Promise((res) => setTimeout(res, 250));
  }
}

async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { session, io } = ctx;
  const { args, flags } = parseArgs(argv, FLAGS);
  const dryRun = dryRunOf(flags['dry-run']);
  const allNs = !!flags['all-namespaces'];
  const nsFlag = flags.namespace as string | undefined;
  const ns = nsFlag ?? session.namespace;
  let grace = flags['grace-period'] as number | undefined;
  if (flags.now) grace = 1;
  if (flags.force) grace = 0;
  const body = {
    kind: 'DeleteOptions',
    apiVersion: 'meta.k8s.io/v1',
    propagationPolicy: propagation(flags.cascade),
    ...(grace !== undefined && grace >= 0 ? { gracePeriodSeconds: grace } : {}),
    ...(dryRun === 'server' ? { dryRun: ['All'] } : {}),
  };
  const wait = flags.wait !== false && dryRun === 'none';
  const victims: { r: ResourceInfo; ns: string | undefined; name: string; source?: string }[] = [];
  let failed = false;
  if ((flags.filename as string[] | undefined)?.length) {
    const objects = await resolveObjects(
      session.client.discovery,
      readSources(flags.filename as string[], session, io.stdin),
    );
    for (const m of objects)
      victims.push({
        r: m.resource,
        ns: m.resource.namespaced ? (m.object.metadata?.namespace ?? ns) : undefined,
        name: m.object.metadata?.name,
        source: m.source,
      });
  } else {
    if (!args.length)
      throw new KubectlError(
        "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
      );
    const targets = await resolveTargets(session.client.discovery, args);
    const selector = flags.selector as string | undefined;
    for (const t of targets) {
      const nsFor = t.resource.namespaced ? (allNs ? undefined : ns) : undefined;
      if (t.names.length) {
        for (const name of t.names) victims.push({ r: t.resource, ns: nsFor, name });
        continue;
      }
      if (!selector && !flags.all && !flags['field-selector'])
        throw new KubectlError(`resource(s) were provided, but no name was specified`);
      const list = await session.client.list(t.resource, nsFor, {
        labelSelector: selector,
        fieldSelector: flags['field-selector'] as string | undefined,
      });
      for (const o of list.items ?? [])
        victims.push({ r: t.resource, ns: o.metadata.namespace, name: o.metadata.name });
    }
    if (!victims.length) {
      io.err(
        `No resources found${targets[0]?.resource.namespaced && !allNs ? ` in ${ns} namespace` : ''}\n`,
      );
      return 0;
    }
  }
  if (grace === 0 && flags.force)
    io.err(
      'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n',
    );
  const waits: Promise<void>[] = [];
  for (const v of victims) {
    try {
      let deleted: any;
      if (dryRun !== 'client') {
        deleted = await session.client.call(
          'DELETE',
          objectPath(v.r, v.ns, v.name) +
            queryString({ dryRun: dryRun === 'server' ? 'All' : undefined }),
          { body },
        );
      } else await session.client.get(v.r, v.ns, v.name);
      io.out(`${kindDotGroup(v.r)} "${v.name}" deleted${dryRunSuffix(dryRun)}\n`);
      const uid = deleted?.metadata?.uid ?? deleted?.details?.uid;
      if (wait && uid) waits.push(gone(ctx, v.r, v.ns, v.name, uid));
    } catch (e) {
      if (e instanceof ApiError && e.httpStatus === 404 && flags['ignore-not-found']) continue;
      failed = true;
      if (e instanceof ApiError) io.err(formatApiError(e));
      else throw e;
    }
  }
  await Promise.all(waits);
  return failed ? 1 : 0;
}

export const deleteCommand: Command = {
  name: 'delete',
  summary:
    'Delete resources by file names, stdin, resources and names, or by resources and label selector',
  help: HELP,
  flags: FLAGS,
  run,
};

register(deleteCommand);
