import { DRY_RUN_FLAG } from '../cli/common-flags';
import { parseArgs, type FlagSpec } from '../cli/flags';
import { queryString } from '../client';
import { ApiError, KubectlError, formatApiError } from '../errors';
import { objectPath, type ResourceInfo } from '../resources/discovery';
import type { Command, CommandContext } from './command';
import { dryRunOf, dryRunSuffix, named } from './mutation';
import { register } from './registry';

// kubectl taint (k8s.io/kubectl/pkg/cmd/taint): `key=value:Effect` adds, `key:Effect-` and
// `key-` remove, on named nodes, `-l selector` or `--all`; the node is patched with its new taints.

const FLAGS: FlagSpec[] = [
  DRY_RUN_FLAG,
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'overwrite', type: 'bool' },
  { name: 'all', type: 'bool' },
  { name: 'output', short: 'o', type: 'string' },
  { name: 'validate', type: 'string', noValue: 'true' },
  { name: 'field-manager', type: 'string' },
];

const HELP = `Update the taints on one or more nodes.

  *  A taint consists of a key, value, and effect. As an argument here, it is expressed as
key=value:effect.
  *  The key must begin with a letter or number, and may contain letters, numbers, hyphens, dots,
and underscores, up to 253 characters.
  *  Optionally, the key can begin with a DNS subdomain prefix and a single '/', like
example.com/my-app.
  *  The value is optional. If given, it must begin with a letter or number, and may contain
letters, numbers, hyphens, dots, and underscores, up to 63 characters.
  *  The effect must be NoSchedule, PreferNoSchedule or NoExecute.
  *  Currently taint can only apply to node.

Examples:
  # Update node 'foo' with a taint with key 'dedicated' and value 'special-user' and effect 'NoSchedule'
  # If a taint with that key and effect already exists, its value is replaced as specified
  kubectl taint nodes foo dedicated=special-user:NoSchedule

  # Remove from node 'foo' the taint with key 'dedicated' and effect 'NoSchedule' if one exists
  kubectl taint nodes foo dedicated:NoSchedule-

  # Remove from node 'foo' all the taints with key 'dedicated'
  kubectl taint nodes foo dedicated-

  # Add a taint with key 'dedicated' on nodes having label myLabel=X
  kubectl taint node -l myLabel=X  dedicated=foo:PreferNoSchedule

  # Add to node 'foo' a taint with key 'bar' and no value
  kubectl taint nodes foo bar:NoSchedule

Options:
    --all=false:
	Select all nodes in the cluster

    --overwrite=false:
	If true, allow taints to be overwritten, otherwise reject taint updates that overwrite
	existing taints.

    -l, --selector='':
	Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2)

Usage:
  kubectl taint NODE NAME KEY_1=VAL_1:TAINT_EFFECT_1 ... KEY_N=VAL_N:TAINT_EFFECT_N [options]`;

interface Taint {
  key: string;
  value?: string;
  effect?: string;
  timeAdded?: string;
}

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** validation.IsQualifiedName's first complaint about a taint key, if any. */
function keyProblem(key: string): string | undefined {
  const parts = key.split('/');
  const name = parts.length === 2 ? parts[1]! : parts[0]!;
  if (parts.length > 2)
    return "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
  if (parts.length === 2) {
    if (!parts[0]) return 'prefix part must be non-empty';
    if (!DNS_SUBDOMAIN.test(parts[0]) || parts[0].length > 253)
      return "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
  }
  if (!name) return 'name part must be non-empty';
  if (name.length > 63) return 'name part must be no more than 63 characters';
  if (!QUALIFIED_NAME.test(name))
    return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
  return undefined;
}

/** parseTaint: `key`, `key:effect` or `key=value:effect`. */
function parseTaint(spec: string): Taint {
  const parts = spec.split(':');
  let key: string;
  let value: string | undefined;
  let effect: string | undefined;
  if (parts.length === 1) key = parts[0]!;
  else if (parts.length === 2) {
    effect = parts[1]!;
    if (!EFFECTS.includes(effect))
      throw new KubectlError(`invalid taint effect: ${effect}, unsupported taint effect`);
    const kv = parts[0]!.split('=');
    if (kv.length > 2) throw new KubectlError(`invalid taint spec: ${spec}`);
    key = kv[0]!;
    if (kv.length === 2) {
      value = kv[1]!;
      if (value.length > 63)
        throw new KubectlError(`invalid taint spec: ${spec}, must be no more than 63 characters`);
      if (!LABEL_VALUE.test(value))
        throw new KubectlError(
          `invalid taint spec: ${spec}, a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
        );
    }
  } else throw new KubectlError(`invalid taint spec: ${spec}`);
  const problem = keyProblem(key);
  if (problem) throw new KubectlError(`invalid taint spec: ${spec}, ${problem}`);
  return { key, ...(value !== undefined ? { value } : {}), ...(effect ? { effect } : {}) };
}

/** Taint.ToString: key=value:effect, key:effect, key=value or key. */
const taintString = (t: Taint) =>
  `${t.key}${t.value ? `=${t.value}` : ''}${t.effect ? `:${t.effect}` : ''}`;

function parseTaints(specs: string[]): { add: Taint[]; remove: Taint[] } {
  const add: Taint[] = [];
  const remove: Taint[] = [];
  for (const spec of specs) {
    if (spec.endsWith('-')) {
      const t = parseTaint(spec.slice(0, -1));
      remove.push({ key: t.key, ...(t.effect ? { effect: t.effect } : {}) });
      continue;
    }
    const t = parseTaint(spec);
    if (!t.effect) throw new KubectlError(`invalid taint spec: ${spec}`);
    if (add.some((x) => x.key === t.key && x.effect === t.effect))
      throw new KubectlError(
        `duplicated taints with the same key and effect: {${t.key} ${t.value ?? ''} ${t.effect} <nil>}`,
      );
    add.push(t);
  }
  return { add, remove };
}

const matchTaint = (a: Taint, b: Taint) => a.key === b.key && a.effect === b.effect;

/** reorganizeTaints: the node's new taints and how to say what happened. */
function reorganize(
  current: Taint[],
  overwrite: boolean,
  add: Taint[],
  remove: Taint[],
): { operation: string; taints: Taint[]; errors: string[] } {
  let taints: Taint[] = [...add];
  for (const old of current) if (!taints.some((t) => matchTaint(t, old))) taints.push(old);
  const added = current.length !== taints.length;
  const errors: string[] = [];
  let deleted = false;
  for (const r of remove) {
    const before = taints.length;
    taints = taints.filter((t) => !(t.key === r.key && (!r.effect || t.effect === r.effect)));
    deleted = taints.length !== before;
    if (!deleted) errors.push(`taint "${taintString(r)}" not found`);
  }
  const operation = (added && deleted) || overwrite ? 'modified' : added ? 'tainted' : 'untainted';
  return { operation, taints, errors };
}

async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { args, flags } = parseArgs(argv, FLAGS);
  const dryRun = dryRunOf(flags['dry-run']);
  const resources: string[] = [];
  const specs: string[] = [];
  for (const a of args) {
    const isTaint = a.includes('=') || a.includes(':') || a.endsWith('-');
    if (isTaint) specs.push(a);
    else if (specs.length)
      throw new KubectlError(`all resources must be specified before taint changes: ${a}`);
    else resources.push(a);
  }
  if (!resources.length)
    throw new KubectlError('one or more resources must be specified as <resource> <name>');
  if (!specs.length) throw new KubectlError('at least one taint update is required');
  const { add, remove } = parseTaints(specs);
  let resource: ResourceInfo;
  try {
    [resource] = (await ctx.session.client.discovery.resolve(resources[0]!)) as [ResourceInfo];
  } catch {
    throw new KubectlError(`the server doesn't have a resource type "${resources[0]}"`);
  }
  if (!resource || resource.kind !== 'Node')
    throw new KubectlError(
      `invalid resource type ${resources[0]!.toLowerCase()}, only node types are supported`,
    );
  const conflicts = add.flatMap((a) =>
    remove
      .filter((r) => r.key === a.key && (!r.effect || r.effect === a.effect))
      .map((r) => `{"${r.key}":"${r.effect ?? ''}"}`),
  );
  if (conflicts.length)
    throw new KubectlError(
      `can not both modify and remove the following taint(s) in the same command: ${conflicts.join(', ')}`,
    );
  const selector = flags.selector as string | undefined;
  if (flags.all && selector)
    throw new KubectlError("setting 'all' parameter with a non empty selector is prohibited");
  if (!flags.all && !selector && resources.length < 2)
    throw new KubectlError(
      "at least one resource name must be specified since 'all' parameter is not set",
    );
  const nodes: any[] = [];
  let bad = false;
  if (flags.all || selector) {
    const list = await ctx.session.client.list(resource, undefined, { labelSelector: selector });
    nodes.push(...(list.items ?? []));
  } else
    for (const name of resources.slice(1)) {
      try {
        nodes.push(await ctx.session.client.get(resource, undefined, name));
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        bad = true;
        ctx.io.err(formatApiError(e));
      }
    }
  for (const node of nodes) {
    const current: Taint[] = node.spec?.taints ?? [];
    if (!flags.overwrite) {
      const exists = add
        .filter((a) => current.some((t) => matchTaint(t, a)))
        .map((a) => a.key)
        .join(',');
      if (exists) {
        ctx.io.err(
          `error: node ${node.metadata.name} already has ${exists} taint(s) with same effect(s) and --overwrite is false\n`,
        );
        bad = true;
        continue;
      }
    }
    const { operation, taints, errors } = reorganize(current, !!flags.overwrite, add, remove);
    if (errors.length) {
      ctx.io.err(`error: ${errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`}\n`);
      bad = true;
      continue;
    }
    try {
      if (dryRun !== 'client')
        await ctx.session.client.call(
          'PATCH',
          objectPath(resource, undefined, node.metadata.name) +
            queryString({
              dryRun: dryRun === 'server' ? 'All' : undefined,
              fieldManager: (flags['field-manager'] as string | undefined) ?? 'kubectl-taint',
            }),
          {
            body: { spec: { taints: taints.length ? taints : null } },
            contentType: 'application/strategic-merge-patch+json',
          },
        );
      ctx.io.out(`${named(resource, node.metadata.name)} ${operation}${dryRunSuffix(dryRun)}\n`);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      bad = true;
      ctx.io.err(formatApiError(e));
    }
  }
  return bad ? 1 : 0;
}

export const taintCommand: Command = {
  name: 'taint',
  summary: 'Update the taints on one or more nodes',
  help: HELP,
  flags: FLAGS,
  run,
};

register(taintCommand);
