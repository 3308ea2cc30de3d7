import { DRY_RUN_FLAG } from '../cli/common-flags';
import { parseArgs } from '../cli/flags';
import { queryString } from '../client';
import { KubectlError } from '../errors';
import { forOutput, parseOutput, printObjects } from '../printers/output';
import { basePath } from '../resources/discovery';
import type { Command, CommandContext } from './command';
import { dryRunOf, dryRunSuffix } from './mutation';
import { findObjects } from './objects';
import { register } from './registry';

// kubectl expose: a Service for a workload, a pod or another Service, with its selector and,
// unless given, the port the object declares.

const FLAGS = [
  DRY_RUN_FLAG,
  { name: 'port', type: 'string' as const },
  { name: 'target-port', type: 'string' as const },
  { name: 'protocol', type: 'string' as const },
  { name: 'type', type: 'string' as const },
  { name: 'name', type: 'string' as const },
  { name: 'selector', type: 'string' as const },
  { name: 'labels', short: 'l', type: 'string' as const },
  { name: 'external-ip', type: 'string' as const },
  { name: 'cluster-ip', type: 'string' as const },
  { name: 'output', short: 'o', type: 'string' as const },
  { name: 'filename', short: 'f', type: 'strings' as const },
];

const HELP = `Expose a resource as a new Kubernetes service.

Examples:
  # Create a service for an nginx deployment, which serves on port 80 and connects to the containers on port 8000
  kubectl expose deployment nginx --port=80 --target-port=8000

  # Create a NodePort service for the same deployment
  kubectl expose deployment nginx --port=80 --type=NodePort --name=nginx-np

Usage:
  kubectl expose (-f FILENAME | TYPE NAME) [--port=port] [--protocol=TCP|UDP|SCTP] [--target-port=number-or-name] [--name=name] [--external-ip=external-ip-of-service] [--type=type] [options]`;

const SERVICE_TYPES: Record<string, string> = {
  clusterip: 'ClusterIP',
  nodeport: 'NodePort',
  loadbalancer: 'LoadBalancer',
  externalname: 'ExternalName',
};

function selectorOf(o: any): Record<string, string> | undefined {
  if (o.kind === 'Service') return o.spec?.selector;
  if (o.kind === 'Pod') return o.metadata?.labels;
  const sel = o.spec?.selector;
  if (!sel) return undefined;
  if (sel.matchExpressions?.length) return undefined;
  return sel.matchLabels ?? sel;
}

function declaredPorts(o: any): { port: number; protocol: string }[] {
  if (o.kind === 'Service')
    return (o.spec?.ports ?? []).map((p: any) => ({ port: p.port, protocol: p.protocol ?? 'TCP' }));
  const spec = o.kind === 'Pod' ? o.spec : o.spec?.template?.spec;
  return (spec?.containers ?? []).flatMap((c: any) =>
    (c.ports ?? []).map((p: any) => ({ port: p.containerPort, protocol: p.protocol ?? 'TCP' })),
  );
}

async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { args, flags } = parseArgs(argv, FLAGS);
  const dryRun = dryRunOf(flags['dry-run']);
  const { found, failed } = await findObjects(ctx, args, {
    namespace: flags.namespace as string | undefined,
    verb: 'expose',
  });
  if (failed) return 1;
  for (const f of found) {
    const kinds = [
      'Deployment',
      'ReplicaSet',
      'Pod',
      'Service',
      'ReplicationController',
      'StatefulSet',
    ];
    if (!kinds.includes(f.object.kind)) throw new KubectlError(`cannot expose a ${f.object.kind}`);
    const selector = flags.selector
      ? Object.fromEntries(
          String(flags.selector)
            .split(',')
            .map((kv) => kv.split('=') as [string, string]),
        )
      : selectorOf(f.object);
    if (!selector || !Object.keys(selector).length)
      throw new KubectlError(
        `couldn't retrieve selectors via --selector flag or introspection: the ${f.object.kind} has no selector kubectl can use`,
      );
    let ports: { port: number; protocol: string; targetPort?: number | string }[];
    if (flags.port)
      ports = String(flags.port)
        .split(',')
        .map((p) => ({ port: Number(p), protocol: (flags.protocol as string) ?? 'TCP' }));
    else ports = declaredPorts(f.object);
    if (!ports.length)
      throw new KubectlError(
        `couldn't find port via --port flag or introspection`,
        "See 'kubectl expose -h' for help and examples",
      );
    const target = flags['target-port'] as string | undefined;
    const servicePorts = ports.map((p, i) => ({
      ...(ports.length > 1 ? { name: `port-${i + 1}` } : {}),
      port: p.port,
      protocol: p.protocol,
      targetPort: target !== undefined ? (/^\d+$/.test(target) ? Number(target) : target) : p.port,
    }));
    const name = (flags.name as string | undefined) ?? f.object.metadata.name;
    const type = flags.type ? SERVICE_TYPES[String(flags.type).toLowerCase()] : undefined;
    if (flags.type && !type) throw new KubectlError(`invalid service type "${flags.type}"`);
    const labels = flags.labels
      ? Object.fromEntries(
          String(flags.labels)
            .split(',')
            .map((kv) => kv.split('=') as [string, string]),
        )
      : f.object.metadata.labels;
    const service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { creationTimestamp: null, ...(labels ? { labels } : {}), name },
      spec: {
        ports: servicePorts,
        selector,
        ...(type ? { type } : {}),
        ...(flags['cluster-ip'] ? { clusterIP: flags['cluster-ip'] } : {}),
        ...(flags['external-ip'] ? { externalIPs: [flags['external-ip']] } : {}),
      },
      status: { loadBalancer: {} },
    };
    const [svcRes] = await ctx.session.client.discovery.resolve('services');
    let result: any = service;
    if (dryRun !== 'client')
      result = await ctx.session.client.call(
        'POST',
        basePath(svcRes!, f.namespace) +
          queryString({
            dryRun: dryRun === 'server' ? 'All' : undefined,
            fieldManager: 'kubectl-expose',
          }),
        { body: service },
      );
    if (flags.output)
      ctx.io.out(
        printObjects(
          parseOutput(flags.output as string),
          [{ object: forOutput(result, svcRes!), resource: svcRes! }],
          true,
        ),
      );
    else ctx.io.out(`service/${name} exposed${dryRunSuffix(dryRun)}\n`);
  }
  return 0;
}

export const exposeCommand: Command = {
  name: 'expose',
  summary:
    'Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service',
  help: HELP,
  flags: FLAGS,
  run,
};

register(exposeCommand);
