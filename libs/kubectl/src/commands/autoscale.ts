import { DRY_RUN_FLAG } from '../cli/common-flags';
import { parseArgs } from '../cli/flags';
import { queryString } from '../client';
import { ApiError, KubectlError, formatApiError } from '../errors';
import { forOutput, parseOutput, printObjects } from '../printers/output';
import { basePath } from '../resources/discovery';
import type { Command, CommandContext } from './command';
import { dryRunOf, dryRunSuffix } from './mutation';
import { findObjects } from './objects';
import { register } from './registry';

// kubectl autoscale (k8s.io/kubectl/pkg/cmd/autoscale): an autoscaling/v1 HorizontalPodAutoscaler
// for a workload with a scale subresource, between --min and --max pods, at --cpu-percent.

const FLAGS = [
  DRY_RUN_FLAG,
  { name: 'min', type: 'int' as const },
  { name: 'max', type: 'int' as const },
  { name: 'cpu-percent', type: 'int' as const },
  { name: 'name', type: 'string' as const },
  { name: 'output', short: 'o', type: 'string' as const },
  { name: 'filename', short: 'f', type: 'strings' as const },
  { name: 'field-manager', type: 'string' as const },
  { name: 'save-config', type: 'bool' as const },
  { name: 'record', type: 'bool' as const },
];

const HELP = `Creates an autoscaler that automatically chooses and sets the number of pods that run in a Kubernetes cluster.

 Looks up a deployment, replica set, stateful set, or replication controller by name and creates an autoscaler that uses the given resource as a reference. An autoscaler can automatically increase or decrease number of pods deployed within the system as needed.

Examples:
  # Auto scale a deployment "foo", with the number of pods between 2 and 10, no target CPU utilization specified so a default autoscaling policy will be used
  kubectl autoscale deployment foo --min=2 --max=10

  # Auto scale a replication controller "foo", with the number of pods between 1 and 5, target CPU utilization at 80%
  kubectl autoscale rc foo --max=5 --cpu-percent=80

Options:
    --cpu-percent=-1:
	The target average CPU utilization (represented as a percent of requested CPU) over all the pods. If it's not
	specified or negative, a default autoscaling policy will be used.

    --max=-1:
	The upper limit for the number of pods that can be set by the autoscaler. Required.

    --min=-1:
	The lower limit for the number of pods that can be set by the autoscaler. If it's not specified or negative,
	the server will apply a default value.

    --name='':
	The name for the newly created object. If not specified, the name of the input resource will be used.

Usage:
  kubectl autoscale (-f FILENAME | TYPE NAME | TYPE/NAME) [--min=MINPODS] --max=MAXPODS [--cpu-percent=CPU] [options]`;

async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { args, flags } = parseArgs(argv, FLAGS);
  const max = (flags.max as number | undefined) ?? -1;
  const min = (flags.min as number | undefined) ?? -1;
  const cpu = (flags['cpu-percent'] as number | undefined) ?? -1;
  if (max < 1)
    throw new KubectlError(`--max=MAXPODS is required and must be at least 1, max: ${max}`);
  if (max < min)
    throw new KubectlError(
      `--max=MAXPODS must be larger or equal to --min=MINPODS, max: ${max}, min: ${min}`,
    );
  const dryRun = dryRunOf(flags['dry-run']);
  const { found, failed } = await findObjects(ctx, args, {
    namespace: flags.namespace as string | undefined,
    verb: 'autoscale',
  });
  if (failed) return 1;
  if (!found.length) throw new KubectlError('no objects passed to autoscale');
  const [hpaRes] = await ctx.session.client.discovery.resolve(
    'horizontalpodautoscalers.v1.autoscaling',
  );
  let bad = false;
  for (const f of found) {
    if (!f.resource.subresources.includes('scale'))
      throw new KubectlError(
        `cannot autoscale a ${f.resource.kind}: no scale subresource for ${f.resource.resource}${f.resource.group ? `.${f.resource.group}` : ''}`,
      );
    const ref = f.object.metadata.name;
    const spec: Record<string, unknown> = {
      scaleTargetRef: {
        apiVersion: f.resource.group
          ? `${f.resource.group}/${f.resource.version}`
          : f.resource.version,
        kind: f.resource.kind,
        name: ref,
      },
    };
    if (min > 0) spec.minReplicas = min;
    spec.maxReplicas = max;
    if (cpu >= 0) spec.targetCPUUtilizationPercentage = cpu;
    const hpa = {
      kind: 'HorizontalPodAutoscaler',
      apiVersion: 'autoscaling/v1',
      metadata: { name: (flags.name as string | undefined) ?? ref, creationTimestamp: null },
      spec,
      status: { currentReplicas: 0, desiredReplicas: 0 },
    };
    let result: any = hpa;
    if (dryRun !== 'client') {
      try {
        result = await ctx.session.client.call(
          'POST',
          basePath(hpaRes!, f.namespace) +
            queryString({
              dryRun: dryRun === 'server' ? 'All' : undefined,
              fieldManager: (flags['field-manager'] as string | undefined) ?? 'kubectl-autoscale',
            }),
          { body: hpa },
        );
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        ctx.io.err(formatApiError(e));
        bad = true;
        continue;
      }
    }
    if (flags.output)
      ctx.io.out(
        printObjects(
          parseOutput(flags.output as string),
          [{ object: forOutput(result, hpaRes!), resource: hpaRes! }],
          true,
        ),
      );
    else
      ctx.io.out(
        `horizontalpodautoscaler.autoscaling/${hpa.metadata.name} ${dryRun === 'client' ? 'created' : 'autoscaled'}${dryRunSuffix(dryRun)}\n`,
      );
  }
  return bad ? 1 : 0;
}

export const autoscaleCommand: Command = {
  name: 'autoscale',
  summary: 'Auto-scale a deployment, replica set, stateful set, or replication controller',
  help: HELP,
  flags: FLAGS,
  run,
};

register(autoscaleCommand);
