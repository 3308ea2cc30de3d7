// printHorizontalPodAutoscaler and formatHPAMetrics of pkg/printers/internalversion/printers.go.
import { ageColumn, column, doc, nameColumn, printer, type PrinterEntry } from './columns';
import { age, int, quantityPtr } from './format';

const UNKNOWN = '<unknown>';
const has = (v: unknown) => v !== undefined && v !== null;
const percent = (v: unknown) => `${int(v)}%`;

/** One metric as "current/target"; the status at the same index is the metric's current value. */
function formatMetric(spec: any, status: any): string {
  switch (spec?.type) {
    case 'External':
    case 'Object': {
      const key = spec.type === 'External' ? 'external' : 'object';
      const target = spec[key]?.target ?? {};
      const current = status?.[key] ? status[key].current : undefined;
      if (has(target.averageValue)) {
        const cur = has(current?.averageValue) ? quantityPtr(current.averageValue) : UNKNOWN;
        return `${cur}/${quantityPtr(target.averageValue)} (avg)`;
      }
      const cur = status?.[key] ? quantityPtr(current?.value) : UNKNOWN;
      return `${cur}/${quantityPtr(target.value)}`;
    }
    case 'Pods': {
      const cur = status?.pods ? quantityPtr(status.pods.current?.averageValue) : UNKNOWN;
      return `${cur}/${quantityPtr(spec.pods?.target?.averageValue)}`;
    }
    case 'Resource':
    case 'ContainerResource': {
      const key = spec.type === 'Resource' ? 'resource' : 'containerResource';
      const source = spec[key] ?? {};
      const target = source.target ?? {};
      const current = status?.[key] ? (status[key].current ?? {}) : undefined;
      if (has(target.averageValue)) {
        const cur = current ? quantityPtr(current.averageValue) : UNKNOWN;
        return `${source.name ?? ''}: ${cur}/${quantityPtr(target.averageValue)}`;
      }
      const cur = has(current?.averageUtilization) ? percent(current.averageUtilization) : UNKNOWN;
      // No utilization target: the controller's default applies.
      const tgt = has(target.averageUtilization) ? percent(target.averageUtilization) : '<auto>';
      return `${source.name ?? ''}: ${cur}/${tgt}`;
    }
  }
  return '<unknown type>';
}

/** TARGETS: at most two metrics, then " + N more...", "<none>" without metrics. */
export function formatHPAMetrics(specs: any[] | undefined, statuses: any[] | undefined): string {
  const list = (specs ?? []).map((s, i) => formatMetric(s, (statuses ?? [])[i]));
  if (list.length === 0) return '<none>';
  const max = 2;
  return list.length > max
    ? `${list.slice(0, max).join(', ')} + ${list.length - max} more...`
    : list.join(', ');
}

/**
 * The metrics of an autoscaling/v1 object, as its conversion to the internal type makes them:
 * the CPU utilization target and its current value become Resource metrics.
 */
function v1Metrics(hpa: any): { specs: any[]; statuses: any[] } {
  const target = hpa.spec?.targetCPUUtilizationPercentage;
  const current = hpa.status?.currentCPUUtilizationPercentage;
  return {
    specs: has(target)
      ? [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } },
          },
        ]
      : [],
    statuses: has(current)
      ? [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: current } } }]
      : [],
  };
}

export const autoscalingPrinters: PrinterEntry[] = [
  {
    group: 'autoscaling',
    kind: 'HorizontalPodAutoscaler',
    printer: printer(
      () => [
        nameColumn(),
        column('Reference', 'string', doc('HorizontalPodAutoscalerSpec', 'scaleTargetRef')),
        column('Targets', 'string', doc('HorizontalPodAutoscalerSpec', 'metrics')),
        column('MinPods', 'string', doc('HorizontalPodAutoscalerSpec', 'minReplicas')),
        column('MaxPods', 'string', doc('HorizontalPodAutoscalerSpec', 'maxReplicas')),
        column('Replicas', 'string', doc('HorizontalPodAutoscalerStatus', 'currentReplicas')),
        ageColumn(),
      ],
      (hpa, now) => {
        const spec = hpa.spec ?? {};
        const v1 = hpa.apiVersion === 'autoscaling/v1' || has(spec.targetCPUUtilizationPercentage);
        const { specs, statuses } = v1
          ? v1Metrics(hpa)
          : { specs: spec.metrics, statuses: hpa.status?.currentMetrics };
        return [
          hpa.metadata?.name ?? '',
          `${spec.scaleTargetRef?.kind ?? ''}/${spec.scaleTargetRef?.name ?? ''}`,
          formatHPAMetrics(specs, statuses),
          has(spec.minReplicas) ? String(int(spec.minReplicas)) : '<unset>',
          int(spec.maxReplicas),
          int(hpa.status?.currentReplicas),
          age(hpa, now),
        ];
      },
    ),
  },
];
