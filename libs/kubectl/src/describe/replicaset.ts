import { formatLabelSelector, labelSelectorAsSelector } from '@kubelab/apimachinery';
import { controllerOf, getObject, listAll, type DescribeContext, type Describer } from './context';
import { describeEvents, refOf, searchEvents } from './events';
import { printAnnotations, printLabels } from './format';
import { describePodTemplate } from './pod-template';
import { LEVEL_0, LEVEL_1, tabbedString, type PrefixWriter } from './prefix-writer';

// kubectl describe replicaset: replicas, its pods counted by phase, the pod template, conditions.

export const describeReplicaSetObject: Describer = async (ctx, r, namespace, name) => {
  const rs = await getObject(ctx, r, namespace, name);
  let pods: Record<string, number> | undefined;
  let podError: string | undefined;
  try {
    pods = await podPhasesOf(ctx, rs);
  } catch (e) {
    podError = (e as Error).message;
  }
  const events = ctx.settings.showEvents
    ? await searchEvents(ctx, refOf(rs, 'ReplicaSet'))
    : undefined;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${rs.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${rs.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, `Selector:\t${formatLabelSelector(rs.spec?.selector)}\n`);
    printLabels(w, 'Labels', rs.metadata.labels);
    printAnnotations(w, 'Annotations', rs.metadata.annotations);
    const controller = controllerOf(rs);
    if (controller) w.write(LEVEL_0, `Controlled By:\t${controller.kind}/${controller.name}\n`);
    w.write(
      LEVEL_0,
      `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 0} desired\n`,
    );
    w.write(LEVEL_0, 'Pods Status:\t');
    if (podError !== undefined) w.write(LEVEL_0, `error in fetching pods: ${podError}\n`);
    else
      w.write(
        LEVEL_0,
        `${pods!.Running} Running / ${pods!.Pending} Waiting / ${pods!.Succeeded} Succeeded / ${pods!.Failed} Failed\n`,
      );
    describePodTemplate(rs.spec?.template, w);
    describeConditions(rs.status?.conditions, w);
    if (events) describeEvents(events, w, ctx.now);
  });
};

/** getPodStatusForController: the controller's own pods (by controller UID), counted by phase. */
async function podPhasesOf(ctx: DescribeContext, owner: any): Promise<Record<string, number>> {
  const counts: Record<string, number> = { Running: 0, Pending: 0, Succeeded: 0, Failed: 0 };
  const path = `/api/v1/namespaces/${encodeURIComponent(owner.metadata.namespace)}/pods`;
  const selector = labelSelectorAsSelector(owner.spec?.selector).toString();
  for (const pod of await listAll(ctx, path, { labelSelector: selector })) {
    if (controllerOf(pod)?.uid !== owner.metadata.uid) continue;
    const phase = pod.status?.phase;
    if (typeof phase === 'string' && phase in counts) counts[phase]!++;
  }
  return counts;
}

/** The Conditions table of Deployments and ReplicaSets. */
export function describeConditions(conditions: any[] | undefined, w: PrefixWriter): void {
  if (!conditions?.length) return;
  w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
  w.write(LEVEL_1, '----\t------\t------\n');
  for (const c of conditions) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
}
