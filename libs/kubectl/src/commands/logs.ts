import { mostActiveFirst } from './pod-ranking';
import { parseArgs } from '../cli/flags';
import { queryString } from '../client';
import { ApiError, KubectlError } from '../errors';
import { objectPath } from '../resources/discovery';
import type { Command, CommandContext } from './command';
import { register } from './registry';

// kubectl logs: a pod's container log (or the first pod of a workload, or every pod matching a
// selector), with -c, -f, --tail, --previous, --since, --timestamps.

const FLAGS = [
  { name: 'container', short: 'c', type: 'string' as const },
  { name: 'follow', short: 'f', type: 'bool' as const },
  { name: 'tail', type: 'int' as const },
  { name: 'previous', short: 'p', type: 'bool' as const },
  { name: 'since', type: 'string' as const },
  { name: 'timestamps', type: 'bool' as const },
  { name: 'selector', short: 'l', type: 'string' as const },
  { name: 'all-containers', type: 'bool' as const },
  { name: 'prefix', type: 'bool' as const },
  { name: 'max-log-requests', type: 'int' as const },
  { name: 'ignore-errors', type: 'bool' as const },
  { name: 'limit-bytes', type: 'int' as const },
  { name: 'pod-running-timeout', type: 'string' as const },
];

const HELP = `Print the logs for a container in a pod or specified resource. If the pod has only one container, the container name is optional.

Examples:
  # Return snapshot logs from pod nginx with only one container
  kubectl logs nginx

  # Return snapshot logs of the previous terminated ruby container logs from pod web-1
  kubectl logs -p -c ruby web-1

  # Begin streaming the logs of the ruby container in pod web-1
  kubectl logs -f -c ruby web-1

  # Display only the most recent 20 lines of output in pod nginx
  kubectl logs --tail=20 nginx

  # Return snapshot logs from first container of a deployment named nginx
  kubectl logs deployment/nginx

Usage:
  kubectl logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER] [options]`;

function sinceSeconds(s: unknown): string | undefined {
  if (!s) return undefined;
  const m = /^(\d+)(s|m|h)$/.exec(String(s));
  if (!m)
    throw new KubectlError(
      `invalid argument "${s}" for "--since" flag: time: invalid duration "${s}"`,
    );
  return String(Number(m[1]) * (m[2] === 's' ? 1 : m[2] === 'm' ? 60 : 3600));
}

async function podsFor(
  ctx: CommandContext,
  arg: string | undefined,
  ns: string,
  selector?: string,
): Promise<any[]> {
  const { client } = ctx.session;
  const [pods] = await client.discovery.resolve('pods');
  if (selector) return (await client.list(pods!, ns, { labelSelector: selector })).items ?? [];
  if (!arg)
    throw new KubectlError(
      'expected POD or TYPE/NAME is a required argument for the logs command',
      "See 'kubectl logs -h' for help and examples",
    );
  if (
    !arg.includes('/') ||
    arg.startsWith('pod/') ||
    arg.startsWith('pods/') ||
    arg.startsWith('po/')
  )
    return [await client.get(pods!, ns, arg.slice(arg.indexOf('/') + 1))];
  const [type, name] = [arg.slice(0, arg.indexOf('/')), arg.slice(arg.indexOf('/') + 1)];
  const [r] = await client.discovery.resolve(type);
  const owner = await client.get(r!, ns, name);
  const sel =
    owner.spec?.selector?.matchLabels ??
    (owner.kind === 'Service' ? owner.spec?.selector : undefined);
  if (!sel) throw new KubectlError(`cannot get the logs from ${r!.kind}`);
  const labelSelector = Object.entries(sel)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const list = (await client.list(pods!, ns, { labelSelector })).items ?? [];
  if (!list.length) throw new KubectlError(`timed out waiting for the condition`);
  const [first] = mostActiveFirst<any>(list);
  if (list.length > 1) ctx.io.err(`Found ${list.length} pods, using pod/${first.metadata.name}\n`);
  return [first];
}

async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { args, flags } = parseArgs(argv, FLAGS);
  const ns = (flags.namespace as string | undefined) ?? ctx.session.namespace;
  let container = flags.container as string | undefined;
  if (args.length > 1 && !container) container = args[1];
  const pods = await podsFor(ctx, args[0], ns, flags.selector as string | undefined);
  const [podRes] = await ctx.session.client.discovery.resolve('pods');
  const many = pods.length > 1 || !!flags.prefix;
  if (!pods.length) {
    ctx.io.err('No resources found in ' + ns + ' namespace.\n');
    return 0;
  }
  const follow = async (pod: any, c: string) => {
    const q = queryString({
      container: c,
      follow: flags.follow ? 'true' : undefined,
      tailLines:
        flags.tail !== undefined && (flags.tail as number) >= 0
          ? String(flags.tail)
          : flags.selector && flags.tail === undefined
            ? '10'
            : undefined,
      previous: flags.previous ? 'true' : undefined,
      sinceSeconds: sinceSeconds(flags.since),
      timestamps: flags.timestamps ? 'true' : undefined,
    });
    const path = `${objectPath(podRes!, ns, pod.metadata.name)}/log${q}`;
    const prefix = many ? `[pod/${pod.metadata.name}/${c}] ` : '';
    let pending = '';
    const code = await ctx.session.transport.stream(
      path,
      (chunk) => {
        pending += chunk;
        const lines = pending.split('\n');
        pending = lines.pop()!;
        for (const l of lines) ctx.io.out(prefix + l + '\n');
      },
      ctx.io.signal,
    );
    if (code >= 400) {
      let status: any;
      try {
        status = JSON.parse(pending);
      } catch {
        status = { message: pending };
      }
      throw new ApiError(status, code);
    }
    if (pending) ctx.io.out(prefix + pending);
  };
  const jobs: Promise<void>[] = [];
  for (const pod of pods) {
    const names: string[] = (pod.spec?.containers ?? []).map((c: any) => c.name);
    let cs = [container ?? names[0]!];
    if (flags['all-containers'])
      cs = [...(pod.spec?.initContainers ?? []).map((c: any) => c.name), ...names];
    else if (!container && names.length > 1)
      ctx.io.err(`Defaulted container "${names[0]}" out of: ${names.join(', ')}\n`);
    for (const c of cs) {
      const job = follow(pod, c);
      if (flags.follow && many) jobs.push(job);
      else await job;
    }
  }
  await Promise.all(jobs);
  return 0;
}

export const logsCommand: Command = {
  name: 'logs',
  summary: 'Print the logs for a container in a pod',
  help: HELP,
  flags: FLAGS,
  run,
};

register(logsCommand);
