import { getObject, type Describer } from './context';
import { describeEvents, refOf, searchEvents } from './events';
import { printAnnotations, printLabels } from './format';
import {
  LEVEL_0,
  LEVEL_1,
  LEVEL_2,
  LEVEL_3,
  tabbedString,
  type PrefixWriter,
} from './prefix-writer';
import { rfc1123z } from './time';

// kubectl describe hpa (describeHorizontalPodAutoscalerV2 of k8s.io/kubectl/pkg/describe): the
// metrics as "current / target", the replica bounds, the behavior when one is set, the current
// and desired pod counts and the controller's conditions.

const UNKNOWN = '<unknown>';

function printDirectionBehavior(w: PrefixWriter, direction: string, rules: any): void {
  if (!rules) return;
  w.write(LEVEL_1, `${direction}:\n`);
  if (rules.stabilizationWindowSeconds != null)
    w.write(LEVEL_2, `Stabilization Window: ${rules.stabilizationWindowSeconds} seconds\n`);
  if (rules.policies?.length) {
    w.write(LEVEL_2, `Select Policy: ${rules.selectPolicy ?? 'Max'}\n`);
    w.write(LEVEL_2, 'Policies:\n');
    for (const p of rules.policies)
      w.write(
        LEVEL_3,
        `- Type: ${p.type}\tValue: ${p.value}\tPeriod: ${p.periodSeconds} seconds\n`,
      );
  }
}

function printMetric(w: PrefixWriter, metric: any, status: any): void {
  switch (metric.type) {
    case 'External': {
      const t = metric.external?.target ?? {};
      const name = JSON.stringify(metric.external?.metric?.name ?? '');
      if (t.averageValue != null) {
        const current = status?.external?.current?.averageValue ?? UNKNOWN;
        w.write(LEVEL_1, `${name} (target average value):\t${current} / ${t.averageValue}\n`);
      } else {
        const current = status?.external ? (status.external.current?.value ?? '0') : UNKNOWN;
        w.write(LEVEL_1, `${name} (target value):\t${current} / ${t.value ?? '0'}\n`);
      }
      return;
    }
    case 'Pods': {
      const current = status?.pods ? (status.pods.current?.averageValue ?? '0') : UNKNOWN;
      w.write(
        LEVEL_1,
        `${JSON.stringify(metric.pods?.metric?.name ?? '')} on pods:\t${current} / ${metric.pods?.target?.averageValue ?? '0'}\n`,
      );
      return;
    }
    case 'Object': {
      const o = metric.object ?? {};
      w.write(
        LEVEL_1,
        `"${o.metric?.name ?? ''}" on ${o.describedObject?.kind ?? ''}/${o.describedObject?.name ?? ''} `,
      );
      if (o.target?.type === 'AverageValue') {
        const current = status?.object ? (status.object.current?.averageValue ?? '0') : UNKNOWN;
        w.write(LEVEL_0, `(target average value):\t${current} / ${o.target.averageValue ?? '0'}\n`);
      } else {
        const current = status?.object ? (status.object.current?.value ?? '0') : UNKNOWN;
        w.write(LEVEL_0, `(target value):\t${current} / ${o.target?.value ?? '0'}\n`);
      }
      return;
    }
    case 'Resource':
    case 'ContainerResource': {
      const container = metric.type === 'ContainerResource';
      const src = (container ? metric.containerResource : metric.resource) ?? {};
      const cur = (container ? status?.containerResource : status?.resource) ?? undefined;
      w.write(
        LEVEL_1,
        container
          ? `resource ${src.name} of container "${src.container}" on pods`
          : `resource ${src.name} on pods`,
      );
      if (src.target?.averageValue != null) {
        const current = cur ? (cur.current?.averageValue ?? '0') : UNKNOWN;
        w.write(LEVEL_0, `:\t${current} / ${src.target.averageValue}\n`);
      } else {
        const current =
          cur?.current?.averageUtilization != null
            ? `${cur.current.averageUtilization}% (${cur.current.averageValue ?? '0'})`
            : UNKNOWN;
        const target =
          src.target?.averageUtilization != null ? `${src.target.averageUtilization}%` : '<auto>';
        w.write(LEVEL_1, `(as a percentage of request):\t${current} / ${target}\n`);
      }
      return;
    }
  }
  w.write(LEVEL_1, `<unknown metric type ${JSON.stringify(metric.type ?? '')}>\n`);
}

export const describeHorizontalPodAutoscalerObject: Describer = async (ctx, r, namespace, name) => {
  // kubectl reads the autoscaling/v2 form whichever version was named.
  const v2 = r.version === 'v2' ? r : { ...r, version: 'v2' };
  const hpa = await getObject(ctx, v2, namespace, name);
  const events = ctx.settings.showEvents
    ? await searchEvents(ctx, refOf(hpa, 'HorizontalPodAutoscaler'))
    : undefined;
  return tabbedString((w) => {
    const spec = hpa.spec ?? {};
    const status = hpa.status ?? {};
    w.write(LEVEL_0, `Name:\t${hpa.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${hpa.metadata.namespace ?? ''}\n`);
    printLabels(w, 'Labels', hpa.metadata.labels);
    printAnnotations(w, 'Annotations', hpa.metadata.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(hpa.metadata.creationTimestamp)}\n`);
    w.write(
      LEVEL_0,
      `Reference:\t${spec.scaleTargetRef?.kind ?? ''}/${spec.scaleTargetRef?.name ?? ''}\n`,
    );
    w.write(LEVEL_0, 'Metrics:\t( current / target )\n');
    (spec.metrics ?? []).forEach((m: any, i: number) =>
      printMetric(w, m, status.currentMetrics?.[i]),
    );
    w.write(LEVEL_0, `Min replicas:\t${spec.minReplicas ?? '<unset>'}\n`);
    w.write(LEVEL_0, `Max replicas:\t${spec.maxReplicas ?? 0}\n`);
    if (spec.behavior) {
      w.write(LEVEL_0, 'Behavior:\n');
      printDirectionBehavior(w, 'Scale Up', spec.behavior.scaleUp);
      printDirectionBehavior(w, 'Scale Down', spec.behavior.scaleDown);
    }
    w.write(LEVEL_0, `${spec.scaleTargetRef?.kind ?? ''} pods:\t`);
    w.write(
      LEVEL_0,
      `${status.currentReplicas ?? 0} current / ${status.desiredReplicas ?? 0} desired\n`,
    );
    if (status.conditions?.length) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t------\t-------\n');
      for (const c of status.conditions)
        w.write(LEVEL_1, `${c.type}\t${c.status}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
    }
    if (events) describeEvents(events, w, ctx.now);
  });
};
