import { parseArgs } from '../cli/flags';
import { mostActiveFirst } from './pod-ranking';
import { KubectlError } from '../errors';
import { objectPath } from '../resources/discovery';
import type { Command, CommandContext } from './command';
import { register } from './registry';

// kubectl exec POD -- COMMAND: runs a command in the simulated container over the exec
// WebSocket; its output streams back and its exit code is kubectl's.

const FLAGS = [
  { name: 'container', short: 'c', type: 'string' as const },
  { name: 'stdin', short: 'i', type: 'bool' as const },
  { name: 'tty', short: 't', type: 'bool' as const },
  { name: 'quiet', short: 'q', type: 'bool' as const },
  { name: 'pod-running-timeout', type: 'string' as const },
  { name: 'filename', short: 'f', type: 'strings' as const },
];

const HELP = `Execute a command in a container.

Examples:
  # Get output from running the 'date' command from pod mypod, using the first container by default
  kubectl exec mypod -- date

  # Get output from running the 'date' command in ruby-container from pod mypod
  kubectl exec mypod -c ruby-container -- date

  # Switch to raw terminal mode; sends stdin to 'sh' in ruby-container from pod mypod
  kubectl exec mypod -c ruby-container -i -t -- sh

Usage:
  kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...] [options]`;

async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { args, flags, dashArgs } = parseArgs(argv, FLAGS);
  const ns = (flags.namespace as string | undefined) ?? ctx.session.namespace;
  const target = args[0];
  if (!target) throw new KubectlError('pod, type/name or --filename must be specified');
  const command = dashArgs ?? args.slice(1);
  if (!command.length)
    throw new KubectlError('you must specify at least one command for the container');
  if (!dashArgs)
    ctx.io.err(
      'kubectl exec [POD] [COMMAND] is DEPRECATED and will be removed in a future version. Use kubectl exec [POD] -- [COMMAND] instead.\n',
    );
  const { client } = ctx.session;
  const [podRes] = await client.discovery.resolve('pods');
  let pod: any;
  if (target.includes('/') && !/^(pod|pods|po)\//.test(target)) {
    const [r] = await client.discovery.resolve(target.slice(0, target.indexOf('/')));
    const owner = await client.get(r!, ns, target.slice(target.indexOf('/') + 1));
    const sel = owner.spec?.selector?.matchLabels ?? {};
    const pods =
      (
        await client.list(podRes!, ns, {
          labelSelector: Object.entries(sel)
            .map(([k, v]) => `${k}=${v}`)
            .join(','),
        })
      ).items ?? [];
    pod = mostActiveFirst(pods)[0];
    if (!pod) throw new KubectlError(`cannot exec into ${target}: no pods`);
  } else pod = await client.get(podRes!, ns, target.slice(target.indexOf('/') + 1));
  const names: string[] = (pod.spec?.containers ?? []).map((c: any) => c.name);
  const container = (flags.container as string | undefined) ?? names[0]!;
  if (!flags.container && names.length > 1 && !flags.quiet)
    ctx.io.err(`Defaulted container "${names[0]}" out of: ${names.join(', ')}\n`);
  if (pod.status?.phase !== 'Running')
    throw new KubectlError(
      `cannot exec into a container in a completed pod; current phase is ${pod.status?.phase}`,
    );
  const q = [
    `container=${encodeURIComponent(container)}`,
    ...command.map((c) => `command=${encodeURIComponent(c)}`),
    'stdout=true',
    'stderr=true',
    ...(flags.stdin && ctx.io.stdin !== undefined ? ['stdin=true'] : []),
  ];
  const path = `${objectPath(podRes!, ns, pod.metadata.name)}/exec?${q.join('&')}`;
  const code = await ctx.session.transport.exec(
    path,
    { stdout: (t) => ctx.io.out(t), stderr: (t) => ctx.io.err(t) },
    ctx.io.signal,
    flags.stdin ? ctx.io.stdin : undefined,
  );
  if (code !== 0) ctx.io.err(`command terminated with exit code ${code}\n`);
  return code;
}

export const execCommand: Command = {
  name: 'exec',
  summary: 'Execute a command in a container',
  help: HELP,
  flags: FLAGS,
  run,
};

register(execCommand);
