import { Quantity, parseQuantity } from '@kubelab/apimachinery';
import { parseArgs } from '../cli/flags';
import { queryString } from '../client';
import { ApiError, KubectlError, formatApiError } from '../errors';
import { TabWriter } from '../printers/tabwriter';
import type { Command, CommandContext } from './command';
import { register } from './registry';

// kubectl top node|pod (k8s.io/kubectl/pkg/cmd/top and pkg/metricsutil): usage from the
// metrics.k8s.io API, CPU in millicores and memory in MiB, nodes with their share of
// allocatable. Metrics come a little after a pod starts: an empty answer for pods older than
// two minutes names the first of them.

const METRICS_GROUP = 'metrics.k8s.io';
const METRICS_BASE = `/apis/${METRICS_GROUP}/v1beta1`;
const METRICS_CREATION_DELAY_MS = 2 * 60_000;

const TOP_HELP = `Display resource (CPU/memory) usage.

 The top command allows you to see the resource consumption for nodes or pods.

 This command requires Metrics Server to be correctly configured and working on the server.

Available Commands:
  node          Display resource (CPU/memory) usage of nodes
  pod           Display resource (CPU/memory) usage of pods

Usage:
  kubectl top [flags] [options]

Use "kubectl top <command> --help" for more information about a command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

const POD_HELP = `Display resource (CPU/memory) usage of pods.

 The 'top pod' command allows you to see the resource consumption of pods.

 Due to the metrics pipeline delay, they may be unavailable for a few minutes since pod creation.

Aliases:
pod, pods, po

Examples:
  # Show metrics for all pods in the default namespace
  kubectl top pod

  # Show metrics for all pods in the given namespace
  kubectl top pod --namespace=NAMESPACE

  # Show metrics for a given pod and its containers
  kubectl top pod POD_NAME --containers

  # Show metrics for the pods defined by label name=myLabel
  kubectl top pod -l name=myLabel

Options:
    -A, --all-namespaces=false:
	If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even
	if specified with --namespace.

    --containers=false:
	If present, print usage of containers within a pod.

    --field-selector='':
	Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector
	key1=value1,key2=value2). The server only supports a limited number of field queries per type.

    --no-headers=false:
	If present, print output without headers.

    -l, --selector='':
	Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l
	key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label
	constraints.

    --sort-by='':
	If non-empty, sort pods list using specified field. The field can be either 'cpu' or 'memory'.

    --sum=false:
	Print the sum of the resource usage

    --use-protocol-buffers=true:
	Enables using protocol-buffers to access Metrics API.

Usage:
  kubectl top pod [NAME | -l label] [options]`;

const NODE_HELP = `Display resource (CPU/memory) usage of nodes.

 The top-node command allows you to see the resource consumption of nodes.

Aliases:
node, nodes, no

Examples:
  # Show metrics for all nodes
  kubectl top node

  # Show metrics for a given node
  kubectl top node NODE_NAME

Options:
    --no-headers=false:
	If present, print output without headers

    -l, --selector='':
	Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l
	key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label
	constraints.

    --show-capacity=false:
	Print node resources based on Capacity instead of Allocatable(default) of the nodes.

    --sort-by='':
	If non-empty, sort nodes list using specified field. The field can be either 'cpu' or 'memory'.

    --use-protocol-buffers=true:
	Enables using protocol-buffers to access Metrics API.

Usage:
  kubectl top node [NAME | -l label] [options]`;

const POD_FLAGS = [
  { name: 'all-namespaces', short: 'A', type: 'bool' as const },
  { name: 'containers', type: 'bool' as const },
  { name: 'field-selector', type: 'string' as const },
  { name: 'no-headers', type: 'bool' as const },
  { name: 'selector', short: 'l', type: 'string' as const },
  { name: 'sort-by', type: 'string' as const },
  { name: 'sum', type: 'bool' as const },
  { name: 'use-protocol-buffers', type: 'bool' as const },
];

const NODE_FLAGS = [
  { name: 'no-headers', type: 'bool' as const },
  { name: 'selector', short: 'l', type: 'string' as const },
  { name: 'show-capacity', type: 'bool' as const },
  { name: 'sort-by', type: 'string' as const },
  { name: 'use-protocol-buffers', type: 'bool' as const },
];

const q = (v: unknown): Quantity => {
  try {
    return parseQuantity((v ?? '0') as string);
  } catch {
    return parseQuantity('0');
  }
};

/** "250m", "12Mi": how metricsutil prints one usage. */
const cpuText = (v: Quantity) => `${v.milliValue()}m`;
const memText = (v: Quantity) => `${Math.trunc(v.value() / (1024 * 1024))}Mi`;

/** Go's time.Duration.String() for a whole number of milliseconds. */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  const neg = ms < 0;
  let rest = Math.abs(ms);
  if (rest < 1000) return `${neg ? '-' : ''}${rest}ms`;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = (rest / 1000).toString();
  return `${neg ? '-' : ''}${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s}s`;
}

async function metricsAvailable(ctx: CommandContext): Promise<boolean> {
  const groups = await ctx.session.transport.request('GET', '/apis');
  return (groups.body?.groups ?? []).some(
    (g: any) =>
      g.name === METRICS_GROUP && (g.versions ?? []).some((v: any) => v.version === 'v1beta1'),
  );
}

function validateSort(sortBy: unknown) {
  if (sortBy && sortBy !== 'cpu' && sortBy !== 'memory')
    throw new KubectlError('--sort-by accepts only cpu or memory');
}

async function topPod(args: string[], ctx: CommandContext): Promise<number> {
  const { args: names, flags } = parseArgs(args, POD_FLAGS);
  if (names.length > 1)
    throw new KubectlError(
      `unexpected arguments: ${names.slice(1).join(' ')}`,
      "See 'kubectl top pod -h' for help and examples",
    );
  validateSort(flags['sort-by']);
  const name = names[0];
  const selector = (flags.selector as string | undefined) ?? '';
  const fieldSelector = (flags['field-selector'] as string | undefined) ?? '';
  if (name && (selector || fieldSelector))
    throw new KubectlError('only one of NAME or selector can be provided');
  if (!(await metricsAvailable(ctx))) throw new KubectlError('Metrics API not available');
  const all = !!flags['all-namespaces'];
  const ns = (flags.namespace as string | undefined) ?? ctx.session.namespace;
  const client = ctx.session.client;
  let items: any[];
  if (name) {
    try {
      items = [
        await client.call(
          'GET',
          `${METRICS_BASE}/namespaces/${encodeURIComponent(ns)}/pods/${encodeURIComponent(name)}`,
        ),
      ];
    } catch (e) {
      if (e instanceof ApiError && e.httpStatus === 404) {
        // metrics-server names the missing object by namespace/name.
        ctx.io.err(
          `Error from server (NotFound): podmetrics.metrics.k8s.io "${ns}/${name}" not found\n`,
        );
        return 1;
      }
      throw e;
    }
  } else {
    const path = all
      ? `${METRICS_BASE}/pods`
      : `${METRICS_BASE}/namespaces/${encodeURIComponent(ns)}/pods`;
    items =
      (await client.call('GET', path + queryString({ labelSelector: selector, fieldSelector })))
        ?.items ?? [];
  }
  if (!items.length) {
    // Why nothing: pods too young for metrics, or no pods at all.
    const pods: any[] = name
      ? [
          await client.call(
            'GET',
            `/api/v1/namespaces/${encodeURIComponent(ns)}/pods/${encodeURIComponent(name)}`,
          ),
        ]
      : ((
          await client.call(
            'GET',
            `/api/v1/namespaces/${encodeURIComponent(ns)}/pods${queryString({ labelSelector: selector, fieldSelector })}`,
          )
        )?.items ?? []);
    if (pods.length) {
      for (const p of pods) {
        const age = ctx.session.now() - Date.parse(p.metadata.creationTimestamp);
        if (age > METRICS_CREATION_DELAY_MS)
          throw new KubectlError(
            `Metrics not available for pod ${p.metadata.namespace}/${p.metadata.name}, age: ${goDuration(age)}`,
          );
      }
      throw new KubectlError('metrics not available yet');
    }
    ctx.io.err(all ? 'No resources found\n' : `No resources found in ${ns} namespace.\n`);
    return 0;
  }
  const sortBy = flags['sort-by'] as string | undefined;
  const podUsage = (m: any) => {
    let cpu = q('0');
    let mem = q('0');
    for (const c of m.containers ?? []) {
      cpu = cpu.add(q(c.usage?.cpu));
      mem = mem.add(q(c.usage?.memory));
    }
    return { cpu, mem };
  };
  const rows = items.map((m) => ({ m, ...podUsage(m) }));
  rows.sort((a, b) => {
    if (sortBy === 'cpu') return b.cpu.milliValue() - a.cpu.milliValue();
    if (sortBy === 'memory') return b.mem.value() - a.mem.value();
    if (all && a.m.metadata.namespace !== b.m.metadata.namespace)
      return a.m.metadata.namespace < b.m.metadata.namespace ? -1 : 1;
    return a.m.metadata.name < b.m.metadata.name
      ? -1
      : a.m.metadata.name > b.m.metadata.name
        ? 1
        : 0;
  });
  const containers = !!flags.containers;
  const lines: string[][] = [];
  // Every line ends with a tab in kubectl, so its last column is padded too.
  if (!flags['no-headers'])
    lines.push([
      ...(all ? ['NAMESPACE'] : []),
      ...(containers ? ['POD'] : []),
      'NAME',
      'CPU(cores)',
      'MEMORY(bytes)',
      '',
    ]);
  let totalCpu = q('0');
  let totalMem = q('0');
  for (const r of rows) {
    totalCpu = totalCpu.add(r.cpu);
    totalMem = totalMem.add(r.mem);
    if (!containers) {
      lines.push([
        ...(all ? [r.m.metadata.namespace] : []),
        r.m.metadata.name,
        cpuText(r.cpu),
        memText(r.mem),
        '',
      ]);
      continue;
    }
    const cs = [...(r.m.containers ?? [])].sort((a: any, b: any) => {
      if (sortBy === 'cpu') return q(b.usage?.cpu).milliValue() - q(a.usage?.cpu).milliValue();
      if (sortBy === 'memory') return q(b.usage?.memory).value() - q(a.usage?.memory).value();
      return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
    });
    for (const c of cs)
      lines.push([
        ...(all ? [r.m.metadata.namespace] : []),
        r.m.metadata.name,
        c.name,
        cpuText(q(c.usage?.cpu)),
        memText(q(c.usage?.memory)),
        '',
      ]);
  }
  if (flags.sum) {
    const width = 3 + (all ? 1 : 0) + (containers ? 1 : 0);
    lines.push([...Array(width - 2).fill(''), '________', '________', '']);
    lines.push([...Array(width - 3).fill(''), '', cpuText(totalCpu), memText(totalMem), '']);
  }
  ctx.io.out(new TabWriter().format(lines));
  return 0;
}

async function topNode(args: string[], ctx: CommandContext): Promise<number> {
  const { args: names, flags } = parseArgs(args, NODE_FLAGS);
  if (names.length > 1)
    throw new KubectlError(
      `unexpected arguments: ${names.slice(1).join(' ')}`,
      "See 'kubectl top node -h' for help and examples",
    );
  validateSort(flags['sort-by']);
  const name = names[0];
  const selector = (flags.selector as string | undefined) ?? '';
  if (name && selector) throw new KubectlError('only one of NAME or --selector can be provided');
  if (!(await metricsAvailable(ctx))) throw new KubectlError('Metrics API not available');
  const client = ctx.session.client;
  const items: any[] = name
    ? [await client.call('GET', `${METRICS_BASE}/nodes/${encodeURIComponent(name)}`)]
    : ((
        await client.call('GET', `${METRICS_BASE}/nodes${queryString({ labelSelector: selector })}`)
      )?.items ?? []);
  if (!items.length) throw new KubectlError('metrics not available yet');
  const nodes: any[] = name
    ? [await client.call('GET', `/api/v1/nodes/${encodeURIComponent(name)}`)]
    : ((await client.call('GET', `/api/v1/nodes${queryString({ labelSelector: selector })}`))
        ?.items ?? []);
  const available = new Map<string, any>(
    nodes.map((n) => [
      n.metadata.name,
      flags['show-capacity'] ? n.status?.capacity : n.status?.allocatable,
    ]),
  );
  const sortBy = flags['sort-by'] as string | undefined;
  const rows = [...items].sort((a, b) => {
    if (sortBy === 'cpu') return q(b.usage?.cpu).milliValue() - q(a.usage?.cpu).milliValue();
    if (sortBy === 'memory') return q(b.usage?.memory).value() - q(a.usage?.memory).value();
    return a.metadata.name < b.metadata.name ? -1 : 1;
  });
  const lines: string[][] = [];
  if (!flags['no-headers'])
    lines.push(['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)', '']);
  const pct = (used: number, of: number) => `${Math.trunc((used / of) * 100)}%`;
  for (const m of rows) {
    const cpu = q(m.usage?.cpu);
    const mem = q(m.usage?.memory);
    const avail = available.get(m.metadata.name);
    available.delete(m.metadata.name);
    const line = [m.metadata.name, cpuText(cpu)];
    if (avail?.cpu !== undefined) line.push(pct(cpu.milliValue(), q(avail.cpu).milliValue()));
    line.push(memText(mem));
    if (avail?.memory !== undefined) line.push(pct(mem.milliValue(), q(avail.memory).milliValue()));
    lines.push([...line, '']);
  }
  // Nodes without metrics yet.
  for (const n of available.keys())
    lines.push([n, '<unknown>', '<unknown>', '<unknown>', '<unknown>', '']);
  ctx.io.out(new TabWriter().format(lines));
  return 0;
}

export const topCommand: Command = {
  name: 'top',
  summary: 'Display resource (CPU/memory) usage',
  help: TOP_HELP,
  flags: [],
  async run(argv: string[], ctx: CommandContext) {
    const sub = argv.find((a) => !a.startsWith('-'));
    const rest = sub ? argv.filter((a, i) => i !== argv.indexOf(sub)) : argv;
    const help = rest.includes('--help') || rest.includes('-h');
    try {
      if (sub === 'pod' || sub === 'pods' || sub === 'po') {
        if (help) {
          ctx.io.out(`${POD_HELP}\n`);
          return 0;
        }
        return await topPod(rest, ctx);
      }
      if (sub === 'node' || sub === 'nodes' || sub === 'no') {
        if (help) {
          ctx.io.out(`${NODE_HELP}\n`);
          return 0;
        }
        return await topNode(rest, ctx);
      }
    } catch (e) {
      if (e instanceof ApiError) {
        ctx.io.err(formatApiError(e));
        return 1;
      }
      throw e;
    }
    ctx.io.err(TOP_HELP);
    return 1;
  },
};

register(topCommand);
