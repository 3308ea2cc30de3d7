// autoscaling/v1 <-> autoscaling/v2 HorizontalPodAutoscaler conversion, as
// pkg/apis/autoscaling/v1/conversion.go does it through the internal type: v1 only has a CPU
// utilization target; everything else travels in the autoscaling.alpha.kubernetes.io/*
// annotations (in the v1beta-style metric shape v1 uses there).

export const METRICS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/metrics';
export const CURRENT_METRICS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/current-metrics';
export const CONDITIONS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/conditions';
export const BEHAVIOR_ANNOTATION = 'autoscaling.alpha.kubernetes.io/behavior';
const ROUND_TRIP = [
  METRICS_ANNOTATION,
  CURRENT_METRICS_ANNOTATION,
  CONDITIONS_ANNOTATION,
  BEHAVIOR_ANNOTATION,
];

const V1_SPEC_FIELDS = [
  'scaleTargetRef',
  'minReplicas',
  'maxReplicas',
  'targetCPUUtilizationPercentage',
];

const clean = <T extends Record<string, unknown>>(o: T): T => {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
};

function parseJSON(s: string | undefined): any[] | any | undefined {
  if (!s) return undefined;
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

/** A v2 target as the v1 (v2beta1) fields name it. */
function targetToV1(t: any = {}): any {
  return clean({
    targetAverageUtilization: t.averageUtilization,
    targetAverageValue: t.averageValue,
    targetValue: t.value,
  });
}

function targetFromV1(m: any): any {
  if (m.targetAverageUtilization != null)
    return { type: 'Utilization', averageUtilization: m.targetAverageUtilization };
  if (m.targetAverageValue != null)
    return { type: 'AverageValue', averageValue: m.targetAverageValue };
  return clean({ type: 'Value', value: m.targetValue });
}

function metricSpecToV1(m: any): any {
  switch (m.type) {
    case 'Resource':
      return {
        type: m.type,
        resource: clean({ name: m.resource?.name, ...targetToV1(m.resource?.target) }),
      };
    case 'ContainerResource':
      return {
        type: m.type,
        containerResource: clean({
          name: m.containerResource?.name,
          container: m.containerResource?.container,
          ...targetToV1(m.containerResource?.target),
        }),
      };
    case 'Pods':
      return {
        type: m.type,
        pods: clean({
          metricName: m.pods?.metric?.name,
          targetAverageValue: m.pods?.target?.averageValue,
          selector: m.pods?.metric?.selector,
        }),
      };
    case 'Object':
      return {
        type: m.type,
        object: clean({
          target: m.object?.describedObject,
          metricName: m.object?.metric?.name,
          targetValue: m.object?.target?.value,
          selector: m.object?.metric?.selector,
          averageValue: m.object?.target?.averageValue,
        }),
      };
    case 'External':
      return {
        type: m.type,
        external: clean({
          metricName: m.external?.metric?.name,
          metricSelector: m.external?.metric?.selector,
          targetValue: m.external?.target?.value,
          targetAverageValue: m.external?.target?.averageValue,
        }),
      };
  }
  return m;
}

function metricSpecFromV1(m: any): any {
  switch (m.type) {
    case 'Resource':
      return {
        type: m.type,
        resource: { name: m.resource?.name, target: targetFromV1(m.resource ?? {}) },
      };
    case 'ContainerResource':
      return {
        type: m.type,
        containerResource: {
          name: m.containerResource?.name,
          container: m.containerResource?.container,
          target: targetFromV1(m.containerResource ?? {}),
        },
      };
    case 'Pods':
      return {
        type: m.type,
        pods: {
          metric: clean({ name: m.pods?.metricName, selector: m.pods?.selector }),
          target: { type: 'AverageValue', averageValue: m.pods?.targetAverageValue },
        },
      };
    case 'Object':
      return {
        type: m.type,
        object: {
          describedObject: m.object?.target,
          metric: clean({ name: m.object?.metricName, selector: m.object?.selector }),
          target:
            m.object?.averageValue != null
              ? { type: 'AverageValue', averageValue: m.object.averageValue }
              : { type: 'Value', value: m.object?.targetValue },
        },
      };
    case 'External':
      return {
        type: m.type,
        external: {
          metric: clean({ name: m.external?.metricName, selector: m.external?.metricSelector }),
          target:
            m.external?.targetAverageValue != null
              ? { type: 'AverageValue', averageValue: m.external.targetAverageValue }
              : { type: 'Value', value: m.external?.targetValue },
        },
      };
  }
  return m;
}

function currentToV1(c: any = {}): any {
  return clean({
    currentAverageUtilization: c.averageUtilization,
    currentAverageValue: c.averageValue,
    currentValue: c.value,
  });
}

function metricStatusToV1(s: any): any {
  const key =
    s.type === 'Resource'
      ? 'resource'
      : s.type === 'ContainerResource'
        ? 'containerResource'
        : s.type === 'Pods'
          ? 'pods'
          : s.type === 'Object'
            ? 'object'
            : 'external';
  const src = s[key] ?? {};
  if (key === 'resource')
    return { type: s.type, resource: clean({ name: src.name, ...currentToV1(src.current) }) };
  if (key === 'containerResource')
    return {
      type: s.type,
      containerResource: clean({
        name: src.name,
        container: src.container,
        ...currentToV1(src.current),
      }),
    };
  return {
    type: s.type,
    [key]: clean({
      metricName: src.metric?.name,
      selector: src.metric?.selector,
      target: src.describedObject,
      ...currentToV1(src.current),
    }),
  };
}

function metricStatusFromV1(s: any): any {
  if (s.type === 'Resource' || s.type === 'ContainerResource') {
    const key = s.type === 'Resource' ? 'resource' : 'containerResource';
    const src = s[key] ?? {};
    return {
      type: s.type,
      [key]: clean({
        name: src.name,
        container: src.container,
        current: clean({
          averageUtilization: src.currentAverageUtilization,
          averageValue: src.currentAverageValue,
        }),
      }),
    };
  }
  const key = s.type === 'Pods' ? 'pods' : s.type === 'Object' ? 'object' : 'external';
  const src = s[key] ?? {};
  return {
    type: s.type,
    [key]: clean({
      describedObject: src.target,
      metric: clean({ name: src.metricName, selector: src.selector }),
      current: clean({ value: src.currentValue, averageValue: src.currentAverageValue }),
    }),
  };
}

const isCpuUtilization = (m: any) =>
  m?.type === 'Resource' &&
  m.resource?.name === 'cpu' &&
  m.resource?.target?.averageUtilization != null;

/** Stored (v2) -> served as autoscaling/v1. */
export function hpaV2ToV1(o: any): any {
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries<string>(o.metadata?.annotations ?? {}))
    if (!ROUND_TRIP.includes(k)) annotations[k] = v;
  const metrics: any[] = o.spec?.metrics ?? [];
  const cpu = metrics.find(isCpuUtilization);
  const others = metrics.filter((m) => !isCpuUtilization(m));
  const status = o.status ?? {};
  if (others.length) annotations[METRICS_ANNOTATION] = JSON.stringify(others.map(metricSpecToV1));
  if (status.currentMetrics?.length)
    annotations[CURRENT_METRICS_ANNOTATION] = JSON.stringify(
      status.currentMetrics.map(metricStatusToV1),
    );
  if (o.spec?.behavior) annotations[BEHAVIOR_ANNOTATION] = JSON.stringify(o.spec.behavior);
  if (status.conditions?.length)
    annotations[CONDITIONS_ANNOTATION] = JSON.stringify(
      status.conditions.map((c: any) =>
        clean({
          type: c.type,
          status: c.status,
          lastTransitionTime: c.lastTransitionTime,
          reason: c.reason,
          message: c.message,
        }),
      ),
    );
  const metadata = { ...o.metadata };
  if (Object.keys(annotations).length) metadata.annotations = annotations;
  else delete metadata.annotations;
  const cpuStatus = (status.currentMetrics ?? []).find(
    (s: any) => s.type === 'Resource' && s.resource?.name === 'cpu',
  );
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'HorizontalPodAutoscaler',
    metadata,
    spec: clean({
      scaleTargetRef: o.spec?.scaleTargetRef,
      minReplicas: o.spec?.minReplicas,
      maxReplicas: o.spec?.maxReplicas,
      targetCPUUtilizationPercentage: cpu?.resource.target.averageUtilization,
    }),
    status: clean({
      observedGeneration: status.observedGeneration,
      lastScaleTime: status.lastScaleTime,
      currentReplicas: status.currentReplicas ?? 0,
      desiredReplicas: status.desiredReplicas ?? 0,
      currentCPUUtilizationPercentage: cpuStatus?.resource?.current?.averageUtilization,
    }),
  };
}

/** A request body in autoscaling/v1 -> the stored (v2) form. */
export function hpaV1ToV2(o: any): any {
  if (!o || typeof o !== 'object') return o;
  const annotations: Record<string, string> = { ...(o.metadata?.annotations ?? {}) };
  const otherMetrics = parseJSON(annotations[METRICS_ANNOTATION]);
  const currentMetrics = parseJSON(annotations[CURRENT_METRICS_ANNOTATION]);
  const conditions = parseJSON(annotations[CONDITIONS_ANNOTATION]);
  const behavior = parseJSON(annotations[BEHAVIOR_ANNOTATION]);
  for (const k of ROUND_TRIP) delete annotations[k];
  const spec = o.spec ?? {};
  const metrics: any[] = [];
  if (spec.targetCPUUtilizationPercentage != null)
    metrics.push({
      type: 'Resource',
      resource: {
        name: 'cpu',
        target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage },
      },
    });
  if (Array.isArray(otherMetrics)) metrics.push(...otherMetrics.map(metricSpecFromV1));
  const v2spec: any = clean({
    scaleTargetRef: spec.scaleTargetRef,
    minReplicas: spec.minReplicas,
    maxReplicas: spec.maxReplicas,
    metrics: metrics.length ? metrics : undefined,
    behavior: behavior ?? undefined,
  });
  // Fields v1 does not have stay, so strict decoding names them as the client wrote them.
  for (const [k, v] of Object.entries(spec)) if (!V1_SPEC_FIELDS.includes(k)) v2spec[k] = v;
  const metadata = { ...(o.metadata ?? {}) };
  if (Object.keys(annotations).length) metadata.annotations = annotations;
  else delete metadata.annotations;
  const out: any = { ...o, apiVersion: 'autoscaling/v2', metadata, spec: v2spec };
  if (o.status) {
    const st = o.status;
    let current = Array.isArray(currentMetrics)
      ? currentMetrics.map(metricStatusFromV1)
      : undefined;
    if (!current && st.currentCPUUtilizationPercentage != null)
      current = [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            current: { averageUtilization: st.currentCPUUtilizationPercentage },
          },
        },
      ];
    out.status = clean({
      observedGeneration: st.observedGeneration,
      lastScaleTime: st.lastScaleTime,
      currentReplicas: st.currentReplicas,
      desiredReplicas: st.desiredReplicas ?? 0,
      currentMetrics: current,
      conditions: Array.isArray(conditions) ? conditions : undefined,
    });
  }
  if (!o.metadata) delete out.metadata;
  return out;
}
