import { forbidden, GoValue, invalid, notSupported, type FieldError } from '@kubelab/apimachinery';
import { ALL_VERBS, type ResourceType } from '../../registry/resource-type';
import { defaultPodTemplate } from '../core/pod-spec-defaults';
import { isPercent } from './intstr';
import {
  validateNonNegative,
  validateSelectorAndTemplate,
  validateSelectorImmutable,
} from './workload-validation';

// pkg/registry/apps/deployment/strategy.go with apps/v1 defaults and validation.

const SCALE = { group: 'autoscaling', version: 'v1', kind: 'Scale' };

function goIntOrString(v: unknown): GoValue | unknown {
  if (typeof v === 'number')
    return new GoValue(`intstr.IntOrString{Type:0, IntVal:${v}, StrVal:""}`);
  if (typeof v === 'string') return v;
  return v;
}

function validateIntOrPercent(v: unknown, field: string): FieldError[] {
  if (v === undefined) return [];
  if (typeof v === 'number')
    return v < 0 ? [invalid(field, v, 'must be greater than or equal to 0')] : [];
  if (typeof v === 'string') {
    if (!isPercent(v))
      return [
        invalid(
          field,
          v,
          "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
        ),
      ];
    if (parseInt(v, 10) > 100) return [invalid(field, v, 'must not be greater than 100%')];
  }
  return [];
}

const isZero = (v: unknown) => v === 0 || v === '0%';

function validateDeploymentSpec(d: any): FieldError[] {
  const spec = d.spec ?? {};
  const errs: FieldError[] = [
    ...validateNonNegative(spec.replicas, 'spec.replicas'),
    ...validateSelectorAndTemplate(spec, 'deployment'),
  ];
  const st = spec.strategy ?? {};
  if (!['Recreate', 'RollingUpdate'].includes(st.type))
    errs.push(notSupported('spec.strategy.type', st.type, ['Recreate', 'RollingUpdate']));
  if (st.type === 'Recreate' && st.rollingUpdate)
    errs.push(
      forbidden(
        'spec.strategy.rollingUpdate',
        "may not be specified when strategy `type` is 'Recreate'",
      ),
    );
  if (st.type === 'RollingUpdate' && st.rollingUpdate) {
    const ru = st.rollingUpdate;
    errs.push(
      ...validateIntOrPercent(ru.maxUnavailable, 'spec.strategy.rollingUpdate.maxUnavailable'),
    );
    errs.push(...validateIntOrPercent(ru.maxSurge, 'spec.strategy.rollingUpdate.maxSurge'));
    if (isZero(ru.maxSurge) && isZero(ru.maxUnavailable))
      errs.push(
        invalid(
          'spec.strategy.rollingUpdate.maxUnavailable',
          goIntOrString(ru.maxUnavailable),
          'may not be 0 when `maxSurge` is 0',
        ),
      );
  }
  errs.push(...validateNonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  errs.push(...validateNonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  if (spec.progressDeadlineSeconds !== undefined) {
    errs.push(...validateNonNegative(spec.progressDeadlineSeconds, 'spec.progressDeadlineSeconds'));
    if (spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0))
      errs.push(
        invalid(
          'spec.progressDeadlineSeconds',
          spec.progressDeadlineSeconds,
          'must be greater than minReadySeconds',
        ),
      );
  }
  return errs;
}

export const deploymentType: ResourceType = {
  group: 'apps',
  version: 'v1',
  kind: 'Deployment',
  plural: 'deployments',
  singular: 'deployment',
  shortNames: ['deploy'],
  namespaced: true,
  verbs: ALL_VERBS,
  categories: ['all'],
  hasStatus: true,
  generation: 'spec',
  subresources: [
    { name: 'scale', verbs: ['get', 'patch', 'update'], responseKind: SCALE },
    { name: 'status', verbs: ['get', 'patch', 'update'] },
  ],
  strategy: {
    defaults(d) {
      const spec = (d.spec ??= {});
      spec.replicas ??= 1;
      spec.strategy ??= {};
      spec.strategy.type ??= 'RollingUpdate';
      if (spec.strategy.type === 'RollingUpdate') {
        spec.strategy.rollingUpdate ??= {};
        spec.strategy.rollingUpdate.maxUnavailable ??= '25%';
        spec.strategy.rollingUpdate.maxSurge ??= '25%';
      }
      spec.revisionHistoryLimit ??= 10;
      spec.progressDeadlineSeconds ??= 600;
      defaultPodTemplate(spec.template);
    },
    prepareForCreate(d) {
      d.status = {};
    },
    validate: validateDeploymentSpec,
    validateUpdate: (d, old) => [
      ...validateDeploymentSpec(d),
      ...validateSelectorImmutable(d.spec, old.spec),
    ],
  },
};

export const replicaSetType: ResourceType = {
  group: 'apps',
  version: 'v1',
  kind: 'ReplicaSet',
  plural: 'replicasets',
  singular: 'replicaset',
  shortNames: ['rs'],
  namespaced: true,
  verbs: ALL_VERBS,
  categories: ['all'],
  hasStatus: true,
  generation: 'spec',
  subresources: [
    { name: 'scale', verbs: ['get', 'patch', 'update'], responseKind: SCALE },
    { name: 'status', verbs: ['get', 'patch', 'update'] },
  ],
  strategy: {
    defaults(rs) {
      rs.spec ??= {};
      rs.spec.replicas ??= 1;
      defaultPodTemplate(rs.spec.template);
    },
    prepareForCreate(rs) {
      rs.status = { replicas: 0 };
    },
    validate: (rs) => [
      ...validateNonNegative(rs.spec?.replicas, 'spec.replicas'),
      ...validateNonNegative(rs.spec?.minReadySeconds, 'spec.minReadySeconds'),
      ...validateSelectorAndTemplate(rs.spec ?? {}, 'replicaset'),
    ],
    validateUpdate: (rs, old) => [
      ...validateNonNegative(rs.spec?.replicas, 'spec.replicas'),
      ...validateSelectorAndTemplate(rs.spec ?? {}, 'replicaset'),
      ...validateSelectorImmutable(rs.spec, old.spec),
    ],
  },
};
