import { OUTPUT_FLAGS } from '../cli/common-flags';
import { parseArgs } from '../cli/flags';
import { TABLE_ACCEPT, queryString } from '../client';
import { ApiError, KubectlError, formatApiError } from '../errors';
import { basePath, kindDotGroup, type ResourceInfo } from '../resources/discovery';
import { resolveTargets } from '../resources/targets';
import { forOutput, parseOutput, printObjects } from '../printers/output';
import { TabWriter } from '../printers/tabwriter';
import { printTable, type Table } from '../printers/table';
import { toGoYaml } from '../printers/go-yaml';
import type { Command, CommandContext } from './command';
import { register } from './registry';

// kubectl get: tables from the server's Table form, or objects in another -o format; -w keeps
// printing the changes.

const HELP = `Display one or many resources.

 Prints a table of the most important information about the specified resources. You can filter
the list using a label selector and the --selector flag. If the desired resource type is
namespaced you will only see results in the current namespace unless you pass --all-namespaces.

Examples:
  # List all pods in ps output format
  kubectl get pods

  # List all pods in ps output format with more information (such as node name)
  kubectl get pods -o wide

  # List deployments and services together
  kubectl get deploy,svc

  # List a single pod in JSON output format
  kubectl get -o json pod web-pod-13je7

  # List all pods with the label app=web, and watch for changes
  kubectl get pods -l app=web -w

  # Get the names of all pods
  kubectl get pods -o jsonpath='{.items[*].metadata.name}'

Options:
  -A, --all-namespaces=false: list the requested objects across all namespaces.
      --field-selector='': filter on fields (e.g. --field-selector status.phase=Running).
  -L, --label-columns=[]: labels to show as columns.
      --no-headers=false: don't print headers.
  -o, --output='': json, yaml, name, wide, jsonpath=..., custom-columns=....
  -l, --selector='': label selector (e.g. -l key1=value1,key2=value2).
      --show-labels=false: show all labels as the last column.
  -w, --watch=false: after listing, watch for changes.
      --watch-only=false: watch for changes without listing first.

Usage:
  kubectl get [(-o|--output=)json|yaml|name|wide|custom-columns=...|jsonpath=...] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags] [options]`;

const FLAGS = [
  ...OUTPUT_FLAGS,
  { name: 'watch', short: 'w', type: 'bool' as const },
  { name: 'watch-only', type: 'bool' as const },
  { name: 'output-watch-events', type: 'bool' as const },
  { name: 'raw', type: 'string' as const },
  { name: 'filename', short: 'f', type: 'strings' as const },
];

function noResources(ns: string | undefined, r: ResourceInfo | undefined, all: boolean): string {
  if (all || !r?.namespaced || !ns) return 'No resources found\n';
  return `No resources found in ${ns} namespace.\n`;
}

async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { session, io } = ctx;
  const { args, flags } = parseArgs(argv, FLAGS);
  const client = session.client;
  if (flags.raw) {
    const r = await client.transport.request('GET', flags.raw as string);
    if (r.status >= 400)
      throw new ApiError(r.body?.kind === 'Status' ? r.body : { message: r.text }, r.status);
    io.out(r.text.endsWith('\n') ? r.text : r.text + '\n');
    return 0;
  }
  if (!args.length) {
    io.err(
      `You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n`,
    );
    throw new KubectlError(
      'Required resource not specified.',
      `Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples`,
    );
  }
  const allNs = !!flags['all-namespaces'];
  const ns = allNs ? undefined : ((flags.namespace as string | undefined) ?? session.namespace);
  const format = parseOutput(
    flags.output as string | undefined,
    flags.template as string | undefined,
  );
  const targets = await resolveTargets(client.discovery, args);
  const multiKind = targets.length > 1 || !!flags['show-kind'];
  const labelSelector = flags.selector as string | undefined;
  const fieldSelector = flags['field-selector'] as string | undefined;
  if (targets.some((t) => t.names.length) && labelSelector)
    throw new KubectlError('name cannot be provided when a selector is specified');
  const watch = !!flags.watch || !!flags['watch-only'];
  if (watch && targets.length > 1)
    throw new KubectlError('you may only specify a single resource type');
  let failed = false;
  let printedAny = false;

  if (format.kind === 'table') {
    const writer = new TabWriter();
    const tables: string[] = [];
    let resourceVersion: string | undefined;
    for (const t of targets) {
      const nsFor = t.resource.namespaced ? ns : undefined;
      const q = { labelSelector, fieldSelector };
      let table: Table | undefined;
      if (t.names.length) {
        for (const name of t.names) {
          try {
            const one = await client.table(t.resource, nsFor, name);
            if (!table) table = one;
            else table.rows.push(...one.rows);
          } catch (e) {
            if (e instanceof ApiError && e.httpStatus === 404 && flags['ignore-not-found'])
              continue;
            if (e instanceof ApiError) {
              failed = true;
              io.err(formatApiError(e));
              continue;
            }
            throw e;
          }
        }
      } else if (!flags['watch-only']) {
        table = await client.table(t.resource, nsFor, undefined, q);
        resourceVersion = (table as { metadata?: { resourceVersion?: string } }).metadata
          ?.resourceVersion;
      }
      if (!table || !table.rows.length) continue;
      tables.push(
        printTable(
          table,
          {
            wide: format.wide,
            noHeaders: !!flags['no-headers'],
            showLabels: !!flags['show-labels'],
            labelColumns: flags['label-columns'] as string[] | undefined,
            withNamespace: allNs && t.resource.namespaced,
            kindPrefix: multiKind ? kindDotGroup(t.resource) : undefined,
          },
          multiKind ? new TabWriter() : writer,
        ),
      );
    }
    if (tables.length) {
      io.out(tables.join('\n'));
      printedAny = true;
    } else if (!failed && !targets.some((t) => t.names.length) && !flags['watch-only'])
      io.err(noResources(ns, targets[0]?.resource, allNs));
    if (watch) {
      const t = targets[0]!;
      await watchTable(ctx, t.resource, t.resource.namespaced ? ns : undefined, t.names[0], {
        labelSelector,
        fieldSelector,
        resourceVersion,
        wide: format.wide,
        withNamespace: allNs && t.resource.namespaced,
        headers: !printedAny && !flags['no-headers'],
        writer,
      });
    }
    return failed ? 1 : 0;
  }

  // Other formats work on the objects themselves.
  const objects: { object: any; resource: ResourceInfo }[] = [];
  let single = false;
  let listRv: string | undefined;
  for (const t of targets) {
    const nsFor = t.resource.namespaced ? ns : undefined;
    if (t.names.length) {
      for (const name of t.names) {
        try {
          objects.push({ object: await client.get(t.resource, nsFor, name), resource: t.resource });
        } catch (e) {
          if (e instanceof ApiError && e.httpStatus === 404 && flags['ignore-not-found']) continue;
          if (e instanceof ApiError) {
            failed = true;
            io.err(formatApiError(e));
            continue;
          }
          throw e;
        }
      }
      single = targets.length === 1 && t.names.length === 1;
    } else {
      const list = await client.list(t.resource, nsFor, { labelSelector, fieldSelector });
      listRv = list.metadata?.resourceVersion;
      for (const o of list.items ?? []) objects.push({ object: o, resource: t.resource });
    }
  }
  const shown = objects.map((o) => ({
    resource: o.resource,
    object: forOutput(o.object, o.resource, !!flags['show-managed-fields']),
  }));
  if (single && shown.length === 1) io.out(printObjects(format, shown, true));
  else if (shown.length || format.kind !== 'name') {
    if (
      !shown.length &&
      !failed &&
      (format.kind === 'custom-columns' || format.kind === 'jsonpath')
    )
      io.err(noResources(ns, targets[0]?.resource, allNs));
    else if (shown.length || !failed) io.out(printObjects(format, shown, false));
  }
  if (!shown.length && !failed && format.kind === 'name' && !targets.some((t) => t.names.length))
    io.err(noResources(ns, targets[0]?.resource, allNs));
  if (watch) {
    const t = targets[0]!;
    await watchObjects(ctx, t.resource, t.resource.namespaced ? ns : undefined, format.kind, {
      labelSelector,
      fieldSelector,
      resourceVersion: listRv,
    });
  }
  return failed ? 1 : 0;
}

async function watchTable(
  ctx: CommandContext,
  r: ResourceInfo,
  ns: string | undefined,
  name: string | undefined,
  o: {
    labelSelector?: string;
    fieldSelector?: string;
    resourceVersion?: string;
    wide: boolean;
    withNamespace: boolean;
    headers: boolean;
    writer: TabWriter;
  },
): Promise<void> {
  const fieldSelector = [o.fieldSelector, name ? `metadata.name=${name}` : undefined]
    .filter(Boolean)
    .join(',');
  const path =
    basePath(r, ns) +
    queryString({
      watch: 'true',
      labelSelector: o.labelSelector,
      fieldSelector: fieldSelector || undefined,
      resourceVersion: o.resourceVersion ?? (name ? undefined : '0'),
    });
  let headers = o.headers;
  await ctx.session.transport.watch(
    path,
    (e) => {
      if (e.type === 'ERROR' || e.type === 'BOOKMARK') return;
      const table = e.object as Table;
      if (!table?.rows) return;
      ctx.io.out(
        printTable(
          table,
          { wide: o.wide, noHeaders: !headers, withNamespace: o.withNamespace },
          o.writer,
        ),
      );
      headers = false;
    },
    ctx.io.signal,
    TABLE_ACCEPT,
  );
}

async function watchObjects(
  ctx: CommandContext,
  r: ResourceInfo,
  ns: string | undefined,
  kind: string,
  q: { labelSelector?: string; fieldSelector?: string; resourceVersion?: string },
): Promise<void> {
  const path = basePath(r, ns) + queryString({ watch: 'true', ...q });
  await ctx.session.transport.watch(
    path,
    (e) => {
      if (e.type === 'ERROR' || e.type === 'BOOKMARK') return;
      const object = forOutput(e.object, r);
      ctx.io.out(
        kind === 'yaml'
          ? `---\n${toGoYaml(object)}`
          : printObjects({ kind: kind as 'name' }, [{ object, resource: r }], true),
      );
    },
    ctx.io.signal,
  );
}

export const getCommand: Command = {
  name: 'get',
  summary: 'Display one or many resources',
  help: HELP,
  flags: FLAGS,
  run,
};

register(getCommand);
