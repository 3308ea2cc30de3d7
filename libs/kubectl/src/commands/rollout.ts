import { parseArgs } from '../cli/flags';
import { queryString } from '../client';
import { ApiError, KubectlError, formatApiError } from '../errors';
import { objectPath, resourceDotGroup } from '../resources/discovery';
import type { Command, CommandContext } from './command';
import { named } from './mutation';
import { findObjects, type Found } from './objects';
import { register } from './registry';
import {
  daemonSetStatus,
  revisionHistory,
  revisionUndo,
  statefulSetStatus,
} from './rollout-workloads';

// kubectl rollout: status (follows the Deployment until its rollout ends, printing what it waits
// for), history (the revisions of its ReplicaSets), undo (the template of an earlier revision back
// in the Deployment), restart, pause and resume.

const FLAGS = [
  { name: 'to-revision', type: 'int' as const },
  { name: 'revision', type: 'int' as const },
  { name: 'watch', short: 'w', type: 'bool' as const },
  { name: 'timeout', type: 'string' as const },
  { name: 'selector', short: 'l', type: 'string' as const },
  { name: 'dry-run', type: 'string' as const, noValue: 'unchanged' },
  { name: 'output', short: 'o', type: 'string' as const },
  { name: 'filename', short: 'f', type: 'strings' as const },
];

const HELP = `Manage the rollout of one or many resources.
        
 Valid resource types include:

  *  deployments
  *  daemonsets
  *  statefulsets

Examples:
  # Rollback to the previous deployment
  kubectl rollout undo deployment/abc
  
  # Check the rollout status of a daemonset
  kubectl rollout status daemonset/foo
  
  # Restart a deployment
  kubectl rollout restart deployment/abc
  
  # Restart deployments with the 'app=nginx' label
  kubectl rollout restart deployment --selector=app=nginx

Available Commands:
  history       View rollout history
  pause         Mark the provided resource as paused
  restart       Restart a resource
  resume        Resume a paused resource
  status        Show the status of the rollout
  undo          Undo a previous rollout

Usage:
  kubectl rollout SUBCOMMAND [options]`;

const REVISION = 'deployment.kubernetes.io/revision';
const CHANGE_CAUSE = 'kubernetes.io/change-cause';

function statusLine(d: any): { text: string; done: boolean; error?: string } {
  const name = d.metadata.name;
  const st = d.status ?? {};
  if ((d.metadata.generation ?? 0) > (st.observedGeneration ?? 0))
    return { text: 'Waiting for deployment spec update to be observed...\n', done: false };
  const progressing = (st.conditions ?? []).find((c: any) => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded')
    return { text: '', done: true, error: `deployment "${name}" exceeded its progress deadline` };
  const want = d.spec?.replicas ?? 1;
  const updated = st.updatedReplicas ?? 0;
  if (updated < want)
    return {
      text: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${want} new replicas have been updated...\n`,
      done: false,
    };
  if ((st.replicas ?? 0) > updated)
    return {
      text: `Waiting for deployment "${name}" rollout to finish: ${(st.replicas ?? 0) - updated} old replicas are pending termination...\n`,
      done: false,
    };
  if ((st.availableReplicas ?? 0) < updated)
    return {
      text: `Waiting for deployment "${name}" rollout to finish: ${st.availableReplicas ?? 0} of ${updated} updated replicas are available...\n`,
      done: false,
    };
  return { text: `deployment "${name}" successfully rolled out\n`, done: true };
}

function parseTimeout(t: unknown): number | undefined {
  if (!t) return undefined;
  const m = /^(\d+)(ms|s|m|h)?$/.exec(String(t));
  if (!m)
    throw new KubectlError(
      `invalid argument "${t}" for "--timeout" flag: time: invalid duration "${t}"`,
    );
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  const ms =
    unit === 'ms' ? n : unit === 's' ? n * 1000 : unit === 'm' ? n * 60_000 : n * 3_600_000;
  return ms || undefined;
}

async function status(
  ctx: CommandContext,
  f: Found,
  watch: boolean,
  timeout?: number,
): Promise<number> {
  const deadline = timeout ? Date.now() + timeout : Infinity;
  let last = '';
  for (;;) {
    const d = await ctx.session.client.get(f.resource, f.namespace, f.object.metadata.name);
    const s =
      d.kind === 'StatefulSet'
        ? statefulSetStatus(d)
        : d.kind === 'DaemonSet'
          ? daemonSetStatus(d)
          : statusLine(d);
    if (s.error) throw new KubectlError(s.error);
    if (s.text !== last) ctx.io.out(s.text);
    last = s.text;
    if (s.done || !watch) return 0;
    if (ctx.io.signal.aborted) return 130;
    if (Date.now() > deadline) throw new KubectlError('timed out waiting for the condition');
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function replicaSetsOf(ctx: CommandContext, f: Found): Promise<any[]> {
  const [rsRes] = await ctx.session.client.discovery.resolve('replicasets.apps');
  const list = await ctx.session.client.list(rsRes!, f.namespace);
  return (list.items ?? []).filter((rs: any) =>
    (rs.metadata.ownerReferences ?? []).some(
      (o: any) => o.controller && o.uid === f.object.metadata.uid,
    ),
  );
}

const revisionOf = (o: any) => Number(o.metadata?.annotations?.[REVISION] ?? 0);

async function history(ctx: CommandContext, f: Found): Promise<void> {
  const sets = (await replicaSetsOf(ctx, f)).sort((a, b) => revisionOf(a) - revisionOf(b));
  const rows = [
    ['REVISION', 'CHANGE-CAUSE'],
    ...sets.map((rs) => [
      String(revisionOf(rs)),
      rs.metadata.annotations?.[CHANGE_CAUSE] ?? '<none>',
    ]),
  ];
  const w = Math.max(...rows.map((r) => r[0]!.length)) + 2;
  ctx.io.out(`${named(f.resource, f.object.metadata.name)} \n`);
  ctx.io.out(rows.map((r) => r[0]!.padEnd(w) + r[1]).join('\n') + '\n\n');
}

function withoutHash(template: any): any {
  const t = structuredClone(template);
  if (t.metadata?.labels) delete t.metadata.labels['pod-template-hash'];
  return t;
}

const sameJson = (a: unknown, b: unknown) =>
  JSON.stringify(sortDeep(a)) === JSON.stringify(sortDeep(b));
function sortDeep(v: any): any {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortDeep(v[k])]),
    );
  return v;
}

async function undo(ctx: CommandContext, f: Found, toRevision: number): Promise<void> {
  const d = f.object;
  if (d.spec?.paused)
    throw new KubectlError(
      `you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again`,
    );
  const sets = await replicaSetsOf(ctx, f);
  const current = revisionOf(d);
  let target: any;
  if (toRevision) {
    target = sets.find((rs) => revisionOf(rs) === toRevision);
    if (!target)
      throw new KubectlError(`unable to find specified revision ${toRevision} in history`);
  } else {
    target = sets
      .filter((rs) => revisionOf(rs) < current)
      .sort((a, b) => revisionOf(b) - revisionOf(a))[0];
    if (!target)
      throw new KubectlError(`no rollout history found for deployment "${d.metadata.name}"`);
  }
  const template = withoutHash(target.spec.template);
  if (sameJson(template, d.spec.template)) {
    ctx.io.out(
      `${named(f.resource, d.metadata.name)} skipped rollback (current template already matches revision ${revisionOf(target)})\n`,
    );
    return;
  }
  const annotations = { ...(d.metadata.annotations ?? {}) };
  const cause = target.metadata.annotations?.[CHANGE_CAUSE];
  if (cause) annotations[CHANGE_CAUSE] = cause;
  else delete annotations[CHANGE_CAUSE];
  await ctx.session.client.call(
    'PATCH',
    objectPath(f.resource, f.namespace, d.metadata.name) +
      queryString({ fieldManager: 'kubectl-rollout' }),
    {
      body: [
        { op: 'replace', path: '/spec/template', value: template },
        { op: 'replace', path: '/metadata/annotations', value: annotations },
      ],
      contentType: 'application/json-patch+json',
    },
  );
  ctx.io.out(`${named(f.resource, d.metadata.name)} rolled back\n`);
}

async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const [sub, ...rest] = argv;
  const subs = ['status', 'history', 'undo', 'restart', 'pause', 'resume'];
  if (!sub || !subs.includes(sub)) {
    if (sub) ctx.io.err(`error: unknown command "${sub}" for "kubectl rollout"\n`);
    ctx.io.out(HELP + '\n');
    return sub ? 1 : 0;
  }
  const { args, flags } = parseArgs(rest, FLAGS);
  const { found, failed } = await findObjects(ctx, args, {
    namespace: flags.namespace as string | undefined,
    selector: flags.selector as string | undefined,
    verb: `rollout ${sub}`,
  });
  let bad = failed;
  for (const f of found) {
    const revisioned = f.object.kind === 'StatefulSet' || f.object.kind === 'DaemonSet';
    if (revisioned && (sub === 'pause' || sub === 'resume')) {
      bad = true;
      ctx.io.err(
        `error: ${resourceDotGroup(f.resource)} "${f.object.metadata.name}" ${sub === 'pause' ? 'pausing' : 'resuming'} is not supported\n`,
      );
      continue;
    }
    if (f.object.kind !== 'Deployment' && !revisioned) {
      bad = true;
      ctx.io.err(
        `error: no ${sub === 'history' ? 'history viewer' : sub === 'status' ? 'status viewer' : 'rollbacker'} has been implemented for "${f.object.kind}" in the lab yet\n`,
      );
      continue;
    }
    const path = objectPath(f.resource, f.namespace, f.object.metadata.name);
    try {
      switch (sub) {
        case 'status':
          await status(ctx, f, flags.watch !== false, parseTimeout(flags.timeout));
          break;
        case 'history':
          if (flags.revision)
            throw new KubectlError(
              `--revision is not available in the lab yet; use kubectl get ${revisioned ? 'controllerrevisions' : 'rs'} -o yaml`,
            );
          await (revisioned ? revisionHistory(ctx, f) : history(ctx, f));
          break;
        case 'undo':
          await (revisioned ? revisionUndo : undo)(
            ctx,
            f,
            (flags['to-revision'] as number | undefined) ?? 0,
          );
          break;
        case 'restart':
          if (f.object.spec?.paused)
            throw new KubectlError(`can't restart paused deployment (run rollout resume first)`);
          await ctx.session.client.call(
            'PATCH',
            path + queryString({ fieldManager: 'kubectl-rollout' }),
            {
              body: {
                spec: {
                  template: {
                    metadata: {
                      annotations: {
                        'kubectl.kubernetes.io/restartedAt': new Date(ctx.session.now())
                          .toISOString()
                          .replace(/\.\d+Z$/, 'Z'),
                      },
                    },
                  },
                },
              },
              contentType: 'application/strategic-merge-patch+json',
            },
          );
          ctx.io.out(`${named(f.resource, f.object.metadata.name)} restarted\n`);
          break;
        case 'pause':
        case 'resume': {
          const pause = sub === 'pause';
          if (!!f.object.spec?.paused === pause)
            throw new KubectlError(
              `${resourceDotGroup(f.resource)} "${f.object.metadata.name}" is ${pause ? 'already paused' : 'not paused'}`,
            );
          await ctx.session.client.call(
            'PATCH',
            path + queryString({ fieldManager: 'kubectl-rollout' }),
            {
              body: { spec: { paused: pause } },
              contentType: 'application/merge-patch+json',
            },
          );
          ctx.io.out(
            `${named(f.resource, f.object.metadata.name)} ${pause ? 'paused' : 'resumed'}\n`,
          );
          break;
        }
      }
    } catch (e) {
      if (e instanceof ApiError) {
        bad = true;
        ctx.io.err(formatApiError(e));
      } else if (e instanceof KubectlError) {
        bad = true;
        ctx.io.err(`error: ${e.message}\n`);
      } else throw e;
    }
  }
  return bad ? 1 : 0;
}

export const rolloutCommand: Command = {
  name: 'rollout',
  summary: 'Manage the rollout of a resource',
  help: HELP,
  flags: FLAGS,
  run,
};

register(rolloutCommand);
