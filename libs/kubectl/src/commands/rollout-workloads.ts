import { queryString } from '../client';
import { KubectlError } from '../errors';
import { objectPath } from '../resources/discovery';
import type { CommandContext } from './command';
import { named } from './mutation';
import type { Found } from './objects';

// kubectl rollout for StatefulSets and DaemonSets (k8s.io/kubectl/pkg/polymorphichelpers:
// StatefulSetStatusViewer, DaemonSetStatusViewer, the ControllerRevision history viewers and
// rollbackers): status from the object's status, history and undo from its ControllerRevisions.

export interface StatusLine {
  text: string;
  done: boolean;
  error?: string;
}

const ONLY_ROLLING = 'rollout status is only available for RollingUpdate strategy type';

export function statefulSetStatus(sts: any): StatusLine {
  const spec = sts.spec ?? {};
  const st = sts.status ?? {};
  if (spec.updateStrategy?.type !== 'RollingUpdate')
    return { text: '', done: true, error: ONLY_ROLLING };
  if (!st.observedGeneration || (sts.metadata.generation ?? 0) > st.observedGeneration)
    return { text: 'Waiting for statefulset spec update to be observed...\n', done: false };
  const replicas = spec.replicas;
  if (replicas !== undefined && (st.readyReplicas ?? 0) < replicas)
    return {
      text: `Waiting for ${replicas - (st.readyReplicas ?? 0)} pods to be ready...\n`,
      done: false,
    };
  const ru = spec.updateStrategy.rollingUpdate;
  if (ru) {
    if (replicas !== undefined && ru.partition !== undefined) {
      const want = replicas - ru.partition;
      if ((st.updatedReplicas ?? 0) < want)
        return {
          text: `Waiting for partitioned roll out to finish: ${st.updatedReplicas ?? 0} out of ${want} new pods have been updated...\n`,
          done: false,
        };
    }
    return {
      text: `partitioned roll out complete: ${st.updatedReplicas ?? 0} new pods have been updated...\n`,
      done: true,
    };
  }
  if (st.updateRevision !== st.currentRevision)
    return {
      text: `waiting for statefulset rolling update to complete ${st.updatedReplicas ?? 0} pods at revision ${st.updateRevision}...\n`,
      done: false,
    };
  return {
    text: `statefulset rolling update complete ${st.currentReplicas ?? 0} pods at revision ${st.currentRevision}...\n`,
    done: true,
  };
}

export function daemonSetStatus(ds: any): StatusLine {
  const st = ds.status ?? {};
  const name = ds.metadata.name;
  if (ds.spec?.updateStrategy?.type !== 'RollingUpdate')
    return { text: '', done: true, error: ONLY_ROLLING };
  if ((ds.metadata.generation ?? 0) > (st.observedGeneration ?? 0))
    return { text: 'Waiting for daemon set spec update to be observed...\n', done: false };
  const desired = st.desiredNumberScheduled ?? 0;
  if ((st.updatedNumberScheduled ?? 0) < desired)
    return {
      text: `Waiting for daemon set "${name}" rollout to finish: ${st.updatedNumberScheduled ?? 0} out of ${desired} new pods have been updated...\n`,
      done: false,
    };
  if ((st.numberAvailable ?? 0) < desired)
    return {
      text: `Waiting for daemon set "${name}" rollout to finish: ${st.numberAvailable ?? 0} of ${desired} updated pods are available...\n`,
      done: false,
    };
  return { text: `daemon set "${name}" successfully rolled out\n`, done: true };
}

/** controlledHistories: the ControllerRevisions the object controls. */
async function revisionsOf(ctx: CommandContext, f: Found): Promise<any[]> {
  const [res] = await ctx.session.client.discovery.resolve('controllerrevisions.apps');
  const list = await ctx.session.client.list(res!, f.namespace);
  return (list.items ?? []).filter((cr: any) =>
    (cr.metadata.ownerReferences ?? []).some(
      (o: any) => o.controller && o.uid === f.object.metadata.uid,
    ),
  );
}

const CHANGE_CAUSE = 'kubernetes.io/change-cause';

/** printHistory: REVISION and CHANGE-CAUSE of each ControllerRevision. */
export async function revisionHistory(ctx: CommandContext, f: Found): Promise<void> {
  const byRevision = new Map<number, any>();
  for (const cr of await revisionsOf(ctx, f)) byRevision.set(Number(cr.revision ?? 0), cr);
  ctx.io.out(`${named(f.resource, f.object.metadata.name)} \n`);
  if (!byRevision.size) {
    ctx.io.out('No rollout history found.\n');
    return;
  }
  const rows = [
    ['REVISION', 'CHANGE-CAUSE'],
    ...[...byRevision.keys()]
      .sort((a, b) => a - b)
      .map((r) => [String(r), byRevision.get(r).metadata.annotations?.[CHANGE_CAUSE] || '<none>']),
  ];
  const w = Math.max(...rows.map((r) => r[0]!.length)) + 2;
  ctx.io.out(rows.map((r) => r[0]!.padEnd(w) + r[1]).join('\n') + '\n\n');
}

/** The object's own "$patch: replace" snapshot, to compare with a revision's data. */
function patchOf(obj: any): any {
  return { spec: { template: { ...obj.spec.template, $patch: 'replace' } } };
}

const canonical = (v: any): string =>
  Array.isArray(v)
    ? `[${v.map(canonical).join(',')}]`
    : v && typeof v === 'object'
      ? `{${Object.keys(v)
          .filter((k) => v[k] !== undefined)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
          .join(',')}}`
      : JSON.stringify(v);

/** The rollbackers: the chosen revision's data, as a strategic merge patch, back on the object. */
export async function revisionUndo(
  ctx: CommandContext,
  f: Found,
  toRevision: number,
): Promise<void> {
  const notFound = () =>
    new KubectlError(`unable to find specified revision ${toRevision} in history`);
  if (toRevision < 0) throw notFound();
  const history = (await revisionsOf(ctx, f)).sort(
    (a, b) => Number(a.revision ?? 0) - Number(b.revision ?? 0),
  );
  let target: any;
  if (toRevision === 0) target = history.length > 1 ? history[history.length - 2] : undefined;
  else target = history.find((cr) => Number(cr.revision ?? 0) === toRevision);
  if (!target) throw notFound();
  const name = f.object.metadata.name;
  if (canonical(patchOf(f.object)) === canonical(target.data)) {
    ctx.io.out(
      `${named(f.resource, name)} skipped rollback (current template already matches revision ${toRevision})\n`,
    );
    return;
  }
  await ctx.session.client.call(
    'PATCH',
    objectPath(f.resource, f.namespace, name) + queryString({ fieldManager: 'kubectl-rollout' }),
    { body: target.data, contentType: 'application/strategic-merge-patch+json' },
  );
  ctx.io.out(`${named(f.resource, name)} rolled back\n`);
}
