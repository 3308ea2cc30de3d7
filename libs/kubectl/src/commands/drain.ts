import { DRY_RUN_FLAG } from '../cli/common-flags';
import { FlagError, parseArgs, type FlagSpec } from '../cli/flags';
import { queryString } from '../client';
import { ApiError } from '../errors';
import type { Command, CommandContext } from './command';
import { cordonNodes, nodesOf } from './cordon';
import { dryRunOf, dryRunSuffix, named, type DryRun } from './mutation';
import { register } from './registry';

// kubectl drain (k8s.io/kubectl/pkg/cmd/drain and k8s.io/kubectl/pkg/drain): cordons the nodes,
// then evicts their pods through the Eviction API — except mirror pods, and refusing DaemonSet
// pods, pods with emptyDir data and bare pods unless told otherwise — retrying every 5 s while a
// PodDisruptionBudget says no, and waits for each pod to be gone.

const FLAGS: FlagSpec[] = [
  DRY_RUN_FLAG,
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'pod-selector', type: 'string' },
  { name: 'force', type: 'bool' },
  { name: 'ignore-daemonsets', type: 'bool' },
  { name: 'ignore-errors', type: 'bool' },
  { name: 'delete-emptydir-data', type: 'bool' },
  { name: 'delete-local-data', type: 'bool' },
  { name: 'grace-period', type: 'int' },
  { name: 'timeout', type: 'string' },
  { name: 'disable-eviction', type: 'bool' },
  { name: 'skip-wait-for-delete-timeout', type: 'int' },
  { name: 'chunk-size', type: 'int' },
];

const HELP = `Drain node in preparation for maintenance.

 The given node will be marked unschedulable to prevent new pods from arriving. 'drain' evicts the
pods if the API server supports https://kubernetes.io/docs/concepts/workloads/pods/disruptions/
eviction. Otherwise, it will use normal DELETE to delete the pods. The 'drain' evicts or deletes
all pods except mirror pods (which cannot be deleted through the API server).  If there are
daemon set-managed pods, drain will not proceed without --ignore-daemonsets, and regardless it
will not delete any daemon set-managed pods, because those pods would be immediately replaced by
the daemon set controller, which ignores unschedulable markings.  If there are any pods that are
neither mirror pods nor managed by a replication controller, replica set, daemon set, stateful
set, or job, then drain will not delete any pods unless you use --force.  --force will also allow
deletion to proceed if the managing resource of one or more pods is missing.

 'drain' waits for graceful termination. You should not operate on the machine until the command
completes.

 When you are ready to put the node back into service, use kubectl uncordon, which will make the
node schedulable again.

Examples:
  # Drain node "foo", even if there are pods not managed by a replication controller, replica set, job, daemon set, or stateful set on it
  kubectl drain foo --force

  # As above, but abort if there are pods not managed by a replication controller, replica set, job, daemon set, or stateful set, and use a grace period of 15 minutes
  kubectl drain foo --grace-period=900

Options:
    --delete-emptydir-data=false:
	Continue even if there are pods using emptyDir (local data that will be deleted when the node
	is drained).

    --disable-eviction=false:
	Force drain to use delete, even if eviction is supported. This will bypass checking
	PodDisruptionBudgets, use with caution.

    --force=false:
	Continue even if there are pods that do not declare a controller.

    --grace-period=-1:
	Period of time in seconds given to each pod to terminate gracefully. If negative, the default
	value specified in the pod will be used.

    --ignore-daemonsets=false:
	Ignore DaemonSet-managed pods.

    --pod-selector='':
	Label selector to filter pods on the node

    -l, --selector='':
	Selector (label query) to filter on

    --timeout=0s:
	The length of time to wait before giving up, zero means infinite

Usage:
  kubectl drain NODE [options]`;

// Messages of k8s.io/kubectl/pkg/drain/filters.go.
const DAEMONSET_FATAL = 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)';
const DAEMONSET_WARNING = 'ignoring DaemonSet-managed Pods';
const LOCAL_STORAGE_FATAL = 'Pods with local storage (use --delete-emptydir-data to override)';
const LOCAL_STORAGE_WARNING = 'deleting Pods with local storage';
const UNMANAGED_FATAL = 'cannot delete Pods that declare no controller (use --force to override)';
const UNMANAGED_WARNING = 'deleting Pods that declare no controller';

interface Options {
  force: boolean;
  ignoreDaemonSets: boolean;
  deleteEmptyDirData: boolean;
  gracePeriod: number;
  timeoutMs: number;
  podSelector?: string;
  disableEviction: boolean;
  skipWaitSeconds: number;
  dryRun: DryRun;
}

interface PodDelete {
  pod: any;
  delete: boolean;
  reason: 'Okay' | 'Skip' | 'Warning' | 'Error';
  message: string;
}

/** An error as kubectl's utilerrors.Aggregate prints it: one as is, several as [a, b]. */
interface Failure {
  aggregate: boolean;
  errors: string[];
}
const failureText = (f: Failure) =>
  f.errors.length === 1 ? f.errors[0]! : `[${f.errors.join(', ')}]`;

const UNITS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1e3,
  m: 6e4,
  h: 3.6e6,
};

/** time.ParseDuration, in ms. */
export function parseGoDuration(text: string, flag: string): number {
  if (text === '0') return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;
  let ms = 0;
  let i = 0;
  while (i < text.length) {
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) break;
    ms += Number(m[1]) * UNITS[m[2]!]!;
    i = re.lastIndex;
  }
  if (!text || i !== text.length)
    throw new FlagError(
      `invalid argument "${text}" for "--${flag}" flag: time: invalid duration "${text}"`,
    );
  return ms;
}

/** time.Duration.String: 30s, 1m0s, 1h30m0s, 500ms. */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3.6e6);
  const m = Math.floor((ms % 3.6e6) / 6e4);
  const s = (ms % 6e4) / 1000;
  const secs = `${Number.isInteger(s) ? s : s.toFixed(3).replace(/0+$/, '')}s`;
  if (h) return `${h}h${m}m${secs}`;
  if (m) return `${m}m${secs}`;
  return secs;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

const podsPath = (ns: string, name?: string) =>
  `/api/v1/namespaces/${encodeURIComponent(ns)}/pods${name ? `/${encodeURIComponent(name)}` : ''}`;
const controllerOf = (pod: any) =>
  (pod.metadata.ownerReferences ?? []).find((r: any) => r.controller);
const finished = (pod: any) => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

/** The filters of drain.Helper, in their order; the first that says "do not delete" wins. */
async function filterPod(
  ctx: CommandContext,
  pod: any,
  o: Options,
  now: number,
): Promise<PodDelete> {
  const ok = (): PodDelete => ({ pod, delete: true, reason: 'Okay', message: '' });
  const skip = (): PodDelete => ({ pod, delete: false, reason: 'Skip', message: '' });
  const warn = (del: boolean, message: string): PodDelete => ({
    pod,
    delete: del,
    reason: 'Warning',
    message,
  });
  const error = (message: string): PodDelete => ({ pod, delete: false, reason: 'Error', message });
  let status = ok();
  const steps: (() => Promise<PodDelete> | PodDelete)[] = [
    // skipDeletedFilter
    () => {
      const ts = Date.parse(pod.metadata.deletionTimestamp ?? '');
      return o.skipWaitSeconds > 0 && ts && (now - ts) / 1000 > o.skipWaitSeconds ? skip() : ok();
    },
    // daemonSetFilter
    async () => {
      const ref = controllerOf(pod);
      if (!ref || ref.kind !== 'DaemonSet' || finished(pod)) return ok();
      try {
        await ctx.session.client.call(
          'GET',
          `/apis/apps/v1/namespaces/${encodeURIComponent(pod.metadata.namespace)}/daemonsets/${encodeURIComponent(ref.name)}`,
        );
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        const msg = e.status.message ?? '';
        return e.httpStatus === 404 && o.force ? warn(true, msg) : error(msg);
      }
      return o.ignoreDaemonSets ? warn(false, DAEMONSET_WARNING) : error(DAEMONSET_FATAL);
    },
    // mirrorPodFilter
    () => (pod.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined ? skip() : ok()),
    // localStorageFilter
    () => {
      if (!(pod.spec?.volumes ?? []).some((v: any) => v.emptyDir) || finished(pod)) return ok();
      return o.deleteEmptyDirData ? warn(true, LOCAL_STORAGE_WARNING) : error(LOCAL_STORAGE_FATAL);
    },
    // unreplicatedFilter
    () => {
      if (finished(pod) || controllerOf(pod)) return ok();
      return o.force ? warn(true, UNMANAGED_WARNING) : error(UNMANAGED_FATAL);
    },
  ];
  for (const step of steps) {
    status = await step();
    if (!status.delete) break;
  }
  return status;
}

/** GetPodsForDeletion: every pod of the node through the filters, and the errors they raise. */
async function podsForDeletion(
  ctx: CommandContext,
  node: string,
  o: Options,
): Promise<{ list: PodDelete[]; errors: string[] }> {
  const list = await ctx.session.client.call(
    'GET',
    `/api/v1/pods${queryString({ labelSelector: o.podSelector, fieldSelector: `spec.nodeName=${node}` })}`,
  );
  const now = ctx.session.now();
  const out: PodDelete[] = [];
  for (const pod of list.items ?? []) out.push(await filterPod(ctx, pod, o, now));
  const failed = new Map<string, string[]>();
  for (const p of out)
    if (p.reason === 'Error') {
      const msg = p.message || 'unexpected error';
      failed.set(msg, [
        ...(failed.get(msg) ?? []),
        `${p.pod.metadata.namespace}/${p.pod.metadata.name}`,
      ]);
    }
  const errors = [...failed].map(([msg, pods]) =>
    msg.toLowerCase().startsWith('cannot delete')
      ? `${msg}: ${pods.join(', ')}`
      : `cannot delete ${msg}: ${pods.join(', ')}`,
  );
  return { list: out, errors };
}

function warnings(list: PodDelete[]): string {
  const by = new Map<string, string[]>();
  for (const p of list)
    if (p.reason === 'Warning')
      by.set(p.message, [
        ...(by.get(p.message) ?? []),
        `${p.pod.metadata.namespace}/${p.pod.metadata.name}`,
      ]);
  return [...by].map(([msg, pods]) => `${msg}: ${pods.join(', ')}`).join('; ');
}

/** waitForDelete: polls each second until the pod is gone (or replaced by a namesake). */
async function waitForDelete(
  ctx: CommandContext,
  pod: any,
  usingEviction: boolean,
  deadline: number,
  o: Options,
): Promise<string | undefined> {
  for (;;) {
    let gone: boolean;
    try {
      const p = await ctx.session.client.call(
        'GET',
        podsPath(pod.metadata.namespace, pod.metadata.name),
      );
      gone = p?.metadata?.uid !== pod.metadata.uid;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.httpStatus !== 404) return e.status.message ?? '';
      gone = true;
    }
    if (gone) {
      ctx.io.out(`pod/${pod.metadata.name} ${usingEviction ? 'evicted' : 'deleted'}\n`);
      return undefined;
    }
    if (Date.now() >= deadline) return `global timeout reached: ${formatGoDuration(o.timeoutMs)}`;
    if (ctx.io.signal.aborted) return 'interrupted';
    await sleep(1000, ctx.io.signal);
  }
}

function deleteOptions(o: Options) {
  return {
    ...(o.gracePeriod >= 0 ? { gracePeriodSeconds: o.gracePeriod } : {}),
    ...(o.dryRun === 'server' ? { dryRun: ['All'] } : {}),
  };
}

/** evictPods: one loop per pod, all at once, as kubectl's goroutines. */
async function evictPods(ctx: CommandContext, pods: any[], o: Options): Promise<string[]> {
  const deadline = o.timeoutMs ? Date.now() + o.timeoutMs : Infinity;
  const one = async (pod: any): Promise<string | undefined> => {
    const { namespace, name } = pod.metadata;
    for (;;) {
      ctx.io.out(
        `evicting pod ${namespace}/${name}${o.dryRun === 'server' ? ' (server dry run)' : ''}\n`,
      );
      if (Date.now() >= deadline)
        return `error when evicting pods/"${name}" -n "${namespace}": global timeout reached: ${formatGoDuration(o.timeoutMs)}`;
      if (ctx.io.signal.aborted)
        return `error when evicting pods/"${name}" -n "${namespace}": interrupted`;
      try {
        await ctx.session.client.call('POST', `${podsPath(namespace, name)}/eviction`, {
          body: {
            apiVersion: 'policy/v1',
            kind: 'Eviction',
            metadata: { name, namespace },
            deleteOptions: deleteOptions(o),
          },
        });
        break;
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        if (e.httpStatus === 404) return undefined;
        if (e.httpStatus !== 429)
          return `error when evicting pods/"${name}" -n "${namespace}": ${e.status.message}`;
        ctx.io.err(
          `error when evicting pods/"${name}" -n "${namespace}" (will retry after 5s): ${e.status.message}\n`,
        );
        await sleep(5000, ctx.io.signal);
      }
    }
    if (o.dryRun === 'server') return undefined;
    const err = await waitForDelete(ctx, pod, true, deadline, o);
    return (
      err && `error when waiting for pod "${name}" in namespace "${namespace}" to terminate: ${err}`
    );
  };
  const results = await Promise.all(pods.map(one));
  return results.filter((r): r is string => !!r);
}

/** deletePods (--disable-eviction): plain deletes, then one wait for them all. */
async function deletePods(
  ctx: CommandContext,
  pods: any[],
  o: Options,
): Promise<Failure | undefined> {
  const deadline = o.timeoutMs ? Date.now() + o.timeoutMs : Infinity;
  for (const pod of pods) {
    try {
      await ctx.session.client.call(
        'DELETE',
        podsPath(pod.metadata.namespace, pod.metadata.name) +
          queryString({ dryRun: o.dryRun === 'server' ? 'All' : undefined }),
        { body: deleteOptions(o) },
      );
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.httpStatus !== 404) return { aggregate: false, errors: [e.status.message ?? ''] };
    }
  }
  if (o.dryRun === 'server') return undefined;
  for (const pod of pods) {
    const err = await waitForDelete(ctx, pod, false, deadline, o);
    if (err) return { aggregate: false, errors: [err] };
  }
  return undefined;
}

async function evictionSupported(ctx: CommandContext): Promise<boolean> {
  const [pods] = await ctx.session.client.discovery.resolve('pods');
  const groups = await ctx.session.client.call('GET', '/apis');
  return (
    (groups?.groups ?? []).some((g: any) => g.name === 'policy') &&
    !!pods?.subresources.includes('eviction')
  );
}

/** deleteOrEvictPodsSimple for one node: undefined when drained. */
async function drainNode(
  ctx: CommandContext,
  node: string,
  o: Options,
): Promise<Failure | undefined> {
  const { list, errors } = await podsForDeletion(ctx, node, o);
  if (errors.length) return { aggregate: true, errors };
  const w = warnings(list);
  if (w) ctx.io.err(`Warning: ${w}\n`);
  const pods = list.filter((p) => p.delete).map((p) => p.pod);
  if (o.dryRun === 'client') {
    for (const p of pods)
      ctx.io.out(`evicting pod ${p.metadata.namespace}/${p.metadata.name} (dry run)\n`);
    return undefined;
  }
  if (!pods.length) return undefined;
  let failure: Failure | undefined;
  if (!o.disableEviction && (await evictionSupported(ctx))) {
    const errs = await evictPods(ctx, pods, o);
    if (errs.length) failure = { aggregate: true, errors: errs };
  } else failure = await deletePods(ctx, pods, o);
  if (!failure) return undefined;
  const pending = await podsForDeletion(ctx, node, o).catch(() => undefined);
  const left = pending?.list.filter((p) => p.delete) ?? [];
  if (left.length) {
    ctx.io.err(
      `There are pending pods in node "${node}" when an error occurred: ${failureText(failure)}\n`,
    );
    for (const p of left) ctx.io.err(`pod/${p.pod.metadata.name}\n`);
  }
  if (pending?.errors.length)
    ctx.io.err(
      `Following errors occurred while getting the list of pods to delete:\n${failureText({ aggregate: true, errors: pending.errors })}`,
    );
  return failure;
}

async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { args, flags, given } = parseArgs(argv, FLAGS);
  const dryRun = dryRunOf(flags['dry-run']);
  if (given.has('delete-local-data'))
    ctx.io.err(
      'Flag --delete-local-data has been deprecated, This option is deprecated and will be deleted. Use --delete-emptydir-data.\n',
    );
  const o: Options = {
    force: !!flags.force,
    ignoreDaemonSets: !!flags['ignore-daemonsets'],
    deleteEmptyDirData: !!flags['delete-emptydir-data'] || !!flags['delete-local-data'],
    gracePeriod: (flags['grace-period'] as number | undefined) ?? -1,
    timeoutMs: parseGoDuration(String(flags.timeout ?? '0s'), 'timeout'),
    podSelector: (flags['pod-selector'] as string | undefined) || undefined,
    disableEviction: !!flags['disable-eviction'],
    skipWaitSeconds: (flags['skip-wait-for-delete-timeout'] as number | undefined) ?? 0,
    dryRun,
  };
  const { nodes, failed } = await nodesOf(ctx, 'drain', args, flags.selector as string | undefined);
  await cordonNodes(ctx, nodes, true, dryRun);
  const fatal: Failure[] = [];
  const remaining: string[] = [];
  for (const { resource, node } of nodes) {
    const name = node.metadata.name;
    const failure = await drainNode(ctx, name, o);
    if (!failure) {
      ctx.io.out(`${named(resource, name)} drained${dryRunSuffix(dryRun)}\n`);
      continue;
    }
    ctx.io.err(
      `error: unable to drain node "${name}" due to error: ${failureText(failure)}, continuing command...\n`,
    );
    fatal.push(failure);
    remaining.push(name);
  }
  if (remaining.length) {
    ctx.io.err('There are pending nodes to be drained:\n');
    for (const n of remaining) ctx.io.err(` ${n}\n`);
  }
  // cmdutil.CheckErr: an aggregate prints one line per error, without "error: ".
  if (fatal.length === 1) {
    const f = fatal[0]!;
    if (f.aggregate) for (const e of f.errors) ctx.io.err(`${e}\n`);
    else ctx.io.err(`error: ${f.errors[0]}\n`);
  } else for (const f of fatal) ctx.io.err(`${failureText(f)}\n`);
  return fatal.length || failed ? 1 : 0;
}

export const drainCommand: Command = {
  name: 'drain',
  summary: 'Drain node in preparation for maintenance',
  help: HELP,
  flags: FLAGS,
  run,
};

register(drainCommand);
