// HorizontalPodAutoscaler: pkg/registry/autoscaling/horizontalpodautoscaler/strategy.go, the
// autoscaling/v2 defaults (pkg/apis/autoscaling/v2/defaults.go) and
// pkg/apis/autoscaling/validation/validation.go. Stored as autoscaling/v2 (preferred);
// autoscaling/v1 is served as a view of the same objects (see hpa-conversion.ts).
import {
  forbidden,
  invalid,
  isDNS1123Label,
  notSupported,
  parseQuantity,
  required,
  type FieldError,
} from '@kubelab/apimachinery';
import { ALL_VERBS, type ResourceType } from '../../registry/resource-type';
import { isPathSegmentName } from '../networking/validation';
import { hpaV1ToV2, hpaV2ToV1 } from './hpa-conversion';

export const DEFAULT_CPU_UTILIZATION = 80;
const MAX_PERIOD_SECONDS = 1800;
const MAX_STABILIZATION_WINDOW_SECONDS = 3600;
const METRIC_SOURCE_TYPES = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
const SELECT_POLICIES = ['Disabled', 'Max', 'Min'];
const POLICY_TYPES = ['Percent', 'Pods'];

/** GenerateHPAScaleUpRules: 0 s window, the larger of +4 pods or +100% per 15 s. */
export function defaultScaleUpRules(r: any = {}): any {
  return {
    stabilizationWindowSeconds: r.stabilizationWindowSeconds ?? 0,
    selectPolicy: r.selectPolicy ?? 'Max',
    policies: r.policies ?? [
      { type: 'Pods', value: 4, periodSeconds: 15 },
      { type: 'Percent', value: 100, periodSeconds: 15 },
    ],
  };
}

/**
 * GenerateHPAScaleDownRules: up to -100% per 15 s. The window stays unset: the controller uses
 * its --horizontal-pod-autoscaler-downscale-stabilization (5 min) for it.
 */
export function defaultScaleDownRules(r: any = {}): any {
  const out: any = {};
  if (r.stabilizationWindowSeconds != null)
    out.stabilizationWindowSeconds = r.stabilizationWindowSeconds;
  out.selectPolicy = r.selectPolicy ?? 'Max';
  out.policies = r.policies ?? [{ type: 'Percent', value: 100, periodSeconds: 15 }];
  return out;
}

const positive = (q: unknown): boolean => {
  try {
    return parseQuantity(q as string).sign === 1;
  } catch {
    return false;
  }
};

function validateCrossVersionRef(ref: any, f: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const key of ['kind', 'name']) {
    if (!ref?.[key]) errs.push(required(`${f}.${key}`));
    else
      for (const m of isPathSegmentName(ref[key])) errs.push(invalid(`${f}.${key}`, ref[key], m));
  }
  return errs;
}

function validateTarget(t: any = {}, f: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!t.type) errs.push(required(`${f}.type`, 'must specify a metric target type'));
  if (!['Utilization', 'Value', 'AverageValue'].includes(t.type))
    errs.push(
      invalid(`${f}.type`, t.type ?? '', 'must be either Utilization, Value, or AverageValue'),
    );
  if (t.value != null && !positive(t.value))
    errs.push(invalid(`${f}.value`, t.value, 'must be positive'));
  if (t.averageValue != null && !positive(t.averageValue))
    errs.push(invalid(`${f}.averageValue`, t.averageValue, 'must be positive'));
  if (t.averageUtilization != null && t.averageUtilization < 1)
    errs.push(invalid(`${f}.averageUtilization`, t.averageUtilization, 'must be greater than 0'));
  return errs;
}

function validateIdentifier(id: any = {}, f: string): FieldError[] {
  if (!id.name) return [required(`${f}.name`, 'must specify a metric name')];
  return isPathSegmentName(id.name).map((m) => invalid(`${f}.name`, id.name, m));
}

function validateSource(type: string, src: any, f: string): FieldError[] {
  const errs: FieldError[] = [];
  const target = src.target ?? {};
  switch (type) {
    case 'object':
      errs.push(...validateCrossVersionRef(src.describedObject, `${f}.describedObject`));
      errs.push(
        ...validateIdentifier(src.metric, `${f}.metric`),
        ...validateTarget(target, `${f}.target`),
      );
      if (target.value == null && target.averageValue == null)
        errs.push(
          required(`${f}.target.averageValue`, 'must set either a target value or averageValue'),
        );
      break;
    case 'external':
      errs.push(
        ...validateIdentifier(src.metric, `${f}.metric`),
        ...validateTarget(target, `${f}.target`),
      );
      if (target.value == null && target.averageValue == null)
        errs.push(
          required(
            `${f}.target.averageValue`,
            'must set either a target value for metric or a per-pod target',
          ),
        );
      if (target.value != null && target.averageValue != null)
        errs.push(
          forbidden(
            `${f}.target.value`,
            'may not set both a target value for metric and a per-pod target',
          ),
        );
      break;
    case 'pods':
      errs.push(
        ...validateIdentifier(src.metric, `${f}.metric`),
        ...validateTarget(target, `${f}.target`),
      );
      if (target.averageValue == null)
        errs.push(
          required(`${f}.target.averageValue`, 'must specify a positive target averageValue'),
        );
      break;
    case 'resource':
    case 'containerResource':
      if (!src.name) errs.push(required(`${f}.name`, 'must specify a resource name'));
      if (type === 'containerResource') {
        if (!src.container) errs.push(required(`${f}.container`, 'must specify a container'));
        else
          for (const m of isDNS1123Label(src.container))
            errs.push(invalid(`${f}.container`, src.container, m));
      }
      errs.push(...validateTarget(target, `${f}.target`));
      if (target.averageUtilization == null && target.averageValue == null)
        errs.push(
          required(
            `${f}.target.averageUtilization`,
            'must set either a target raw value or a target utilization',
          ),
        );
      if (target.averageUtilization != null && target.averageValue != null)
        errs.push(
          forbidden(
            `${f}.target.averageValue`,
            'may not set both a target raw value and a target utilization',
          ),
        );
      break;
  }
  return errs;
}

function validateMetricSpec(m: any, f: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!m.type) errs.push(required(`${f}.type`, 'must specify a metric source type'));
  if (!METRIC_SOURCE_TYPES.includes(m.type))
    errs.push(notSupported(`${f}.type`, m.type ?? '', METRIC_SOURCE_TYPES));
  const present: string[] = [];
  for (const key of ['object', 'external', 'pods', 'resource', 'containerResource'])
    if (m[key] != null) {
      present.push(key);
      if (present.length === 1) errs.push(...validateSource(key, m[key], `${f}.${key}`));
    }
  const expected = m.type ? m.type[0].toLowerCase() + m.type.slice(1) : '';
  if (METRIC_SOURCE_TYPES.includes(m.type)) {
    if (m[expected] == null)
      errs.push(
        required(`${f}.${expected}`, 'must populate information for the given metric source'),
      );
  } else if (m.type) errs.push(notSupported(`${f}.type`, m.type, METRIC_SOURCE_TYPES));
  if (present.length !== 1)
    for (const key of present)
      if (key !== expected)
        errs.push(forbidden(`${f}.${key}`, 'must populate the given metric source only'));
  return errs;
}

function validateScalingRules(r: any, f: string): FieldError[] {
  if (r == null) return [];
  const errs: FieldError[] = [];
  const w = r.stabilizationWindowSeconds;
  if (w != null && w < 0)
    errs.push(
      invalid(`${f}.stabilizationWindowSeconds`, w, 'must be greater than or equal to zero'),
    );
  if (w != null && w > MAX_STABILIZATION_WINDOW_SECONDS)
    errs.push(
      invalid(
        `${f}.stabilizationWindowSeconds`,
        w,
        `must be less than or equal to ${MAX_STABILIZATION_WINDOW_SECONDS}`,
      ),
    );
  if (r.selectPolicy != null && !SELECT_POLICIES.includes(r.selectPolicy))
    errs.push(notSupported(`${f}.selectPolicy`, r.selectPolicy, SELECT_POLICIES));
  const policies: any[] = r.policies ?? [];
  if (!policies.length) errs.push(required(`${f}.policies`, 'must specify at least one Policy'));
  policies.forEach((p, i) => {
    const pf = `${f}.policies[${i}]`;
    if (!POLICY_TYPES.includes(p.type))
      errs.push(notSupported(`${pf}.type`, p.type ?? '', POLICY_TYPES));
    if (!(p.value > 0))
      errs.push(invalid(`${pf}.value`, p.value ?? 0, 'must be greater than zero'));
    if (!(p.periodSeconds > 0))
      errs.push(invalid(`${pf}.periodSeconds`, p.periodSeconds ?? 0, 'must be greater than zero'));
    if (p.periodSeconds > MAX_PERIOD_SECONDS)
      errs.push(
        invalid(
          `${pf}.periodSeconds`,
          p.periodSeconds,
          `must be less than or equal to ${MAX_PERIOD_SECONDS}`,
        ),
      );
  });
  return errs;
}

function validateSpec(spec: any = {}, minReplicasLowerBound: number): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.minReplicas != null && spec.minReplicas < minReplicasLowerBound)
    errs.push(
      invalid(
        'spec.minReplicas',
        spec.minReplicas,
        `must be greater than or equal to ${minReplicasLowerBound}`,
      ),
    );
  const max = spec.maxReplicas ?? 0;
  if (max < 1) errs.push(invalid('spec.maxReplicas', max, 'must be greater than 0'));
  if (spec.minReplicas != null && max < spec.minReplicas)
    errs.push(invalid('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'));
  errs.push(...validateCrossVersionRef(spec.scaleTargetRef, 'spec.scaleTargetRef'));
  (spec.metrics ?? []).forEach((m: any, i: number) =>
    errs.push(...validateMetricSpec(m ?? {}, `spec.metrics[${i}]`)),
  );
  if (spec.behavior) {
    errs.push(...validateScalingRules(spec.behavior.scaleUp, 'spec.behavior.scaleUp'));
    errs.push(...validateScalingRules(spec.behavior.scaleDown, 'spec.behavior.scaleDown'));
  }
  return errs;
}

export const hpaType: ResourceType = {
  group: 'autoscaling',
  version: 'v2',
  kind: 'HorizontalPodAutoscaler',
  plural: 'horizontalpodautoscalers',
  singular: 'horizontalpodautoscaler',
  shortNames: ['hpa'],
  namespaced: true,
  verbs: ALL_VERBS,
  categories: ['all'],
  preferred: true,
  hasStatus: true,
  generation: 'none',
  subresources: [{ name: 'status', verbs: ['get', 'patch', 'update'] }],
  strategy: {
    defaults(hpa) {
      const spec = (hpa.spec ??= {});
      spec.minReplicas ??= 1;
      if (!spec.metrics?.length)
        spec.metrics = [
          {
            type: 'Resource',
            resource: {
              name: 'cpu',
              target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION },
            },
          },
        ];
      // Behavior is filled in only when the user gave one (SetDefaults_HorizontalPodAutoscalerBehavior).
      if (spec.behavior) {
        spec.behavior.scaleUp = defaultScaleUpRules(spec.behavior.scaleUp ?? {});
        spec.behavior.scaleDown = defaultScaleDownRules(spec.behavior.scaleDown ?? {});
      }
    },
    prepareForCreate(hpa) {
      // A create cannot set status; desiredReplicas is always written.
      hpa.status = { desiredReplicas: 0 };
    },
    validate: (hpa) => validateSpec(hpa.spec, 1),
    validateUpdate: (hpa, old) => validateSpec(hpa.spec, old.spec?.minReplicas === 0 ? 0 : 1),
  },
};

/** autoscaling/v1: the same objects, shown with targetCPUUtilizationPercentage. */
export const hpaV1Type: ResourceType = {
  ...hpaType,
  version: 'v1',
  preferred: false,
  strategy: undefined,
  storedAs: {
    group: 'autoscaling',
    kind: 'HorizontalPodAutoscaler',
    toStored: hpaV1ToV2,
    fromStored: hpaV2ToV1,
  },
};
