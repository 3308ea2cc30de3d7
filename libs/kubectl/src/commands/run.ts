import { DRY_RUN_FLAG } from '../cli/common-flags';
import { parseArgs } from '../cli/flags';
import { queryString } from '../client';
import { KubectlError } from '../errors';
import { forOutput, parseOutput, printObjects } from '../printers/output';
import { basePath } from '../resources/discovery';
import type { Command, CommandContext } from './command';
import { dryRunOf, dryRunSuffix } from './mutation';
import { register } from './registry';

// kubectl run NAME --image=IMAGE: one pod, labelled run=NAME, arguments after `--`.

const FLAGS = [
  DRY_RUN_FLAG,
  { name: 'image', type: 'string' as const },
  { name: 'restart', type: 'string' as const },
  { name: 'port', type: 'string' as const },
  { name: 'labels', short: 'l', type: 'string' as const },
  { name: 'env', type: 'strings' as const },
  { name: 'command', type: 'bool' as const },
  { name: 'output', short: 'o', type: 'string' as const },
  { name: 'image-pull-policy', type: 'string' as const },
  { name: 'stdin', short: 'i', type: 'bool' as const },
  { name: 'tty', short: 't', type: 'bool' as const },
  { name: 'rm', type: 'bool' as const },
  { name: 'expose', type: 'bool' as const },
  { name: 'annotations', type: 'strings' as const },
];

const HELP = `Create and run a particular image in a pod.

Examples:
  # Start a nginx pod
  kubectl run nginx --image=nginx

  # Start a busybox pod that runs a command and stops
  kubectl run hello --image=busybox --restart=Never -- sh -c 'echo hello'

  # Print the pod's manifest instead of creating it
  kubectl run nginx --image=nginx --dry-run=client -o yaml

Usage:
  kubectl run NAME --image=image [--env="key=value"] [--port=port] [--dry-run=server|client] [--command] -- [COMMAND] [args...] [options]`;

const pairs = (s: string) =>
  Object.fromEntries(
    s.split(',').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );

async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { args, flags, dashArgs } = parseArgs(argv, FLAGS);
  const name = args[0];
  if (!name)
    throw new KubectlError(
      'NAME is required for run',
      "See 'kubectl run -h' for help and examples",
    );
  const image = flags.image as string | undefined;
  if (!image) throw new KubectlError('required flag(s) "image" not set');
  if (flags.stdin || flags.tty)
    throw new KubectlError(
      'interactive pods (-i/-t) are not available in the lab; create the pod, then run commands in it with kubectl exec POD -- <command>',
    );
  const restart = (flags.restart as string | undefined) ?? 'Always';
  if (!['Always', 'OnFailure', 'Never'].includes(restart))
    throw new KubectlError(`invalid restart policy: ${restart}`);
  const extra = [...(dashArgs ?? []), ...args.slice(1)];
  const container: any = { name, image, resources: {} };
  if (extra.length) container[flags.command ? 'command' : 'args'] = extra;
  if (flags.port) container.ports = [{ containerPort: Number(flags.port) }];
  if (flags.env)
    container.env = (flags.env as string[]).map((e) => ({
      name: e.slice(0, e.indexOf('=')),
      value: e.slice(e.indexOf('=') + 1),
    }));
  if (flags['image-pull-policy']) container.imagePullPolicy = flags['image-pull-policy'];
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      creationTimestamp: null,
      labels: flags.labels ? pairs(flags.labels as string) : { run: name },
      name,
      ...(flags.annotations
        ? { annotations: pairs((flags.annotations as string[]).join(',')) }
        : {}),
    },
    spec: { containers: [container], dnsPolicy: 'ClusterFirst', restartPolicy: restart },
    status: {},
  };
  const dryRun = dryRunOf(flags['dry-run']);
  const [podRes] = await ctx.session.client.discovery.resolve('pods');
  const ns = (flags.namespace as string | undefined) ?? ctx.session.namespace;
  let result: any = pod;
  if (dryRun !== 'client')
    result = await ctx.session.client.call(
      'POST',
      basePath(podRes!, ns) +
        queryString({
          dryRun: dryRun === 'server' ? 'All' : undefined,
          fieldManager: 'kubectl-run',
        }),
      { body: pod },
    );
  if (flags.output)
    ctx.io.out(
      printObjects(
        parseOutput(flags.output as string),
        [{ object: forOutput(result, podRes!), resource: podRes! }],
        true,
      ),
    );
  else ctx.io.out(`pod/${name} created${dryRunSuffix(dryRun)}\n`);
  return 0;
}

export const runCommand: Command = {
  name: 'run',
  summary: 'Run a particular image on the cluster',
  help: HELP,
  flags: FLAGS,
  run,
};

register(runCommand);
