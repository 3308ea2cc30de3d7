// pkg/registry/core/replicationcontroller/strategy.go with core/v1 defaults and
// ValidateReplicationController (pkg/apis/core/validation).
import {
  goStringMap,
  invalid,
  notSupported,
  required,
  type FieldError,
} from '@kubelab/apimachinery';
import { ALL_VERBS, type ResourceType } from '../../registry/resource-type';
import { validateNonNegative } from '../apps/workload-validation';
import { defaultPodTemplate } from './pod-spec-defaults';
import { validatePodSpec } from './pod-spec-validation';

const SCALE = { group: 'autoscaling', version: 'v1', kind: 'Scale' };

const selectorMatches = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

function validateSpec(rc: any): FieldError[] {
  const spec = rc.spec ?? {};
  const selector: Record<string, string> = spec.selector ?? {};
  const errs: FieldError[] = [...validateNonNegative(spec.minReadySeconds, 'spec.minReadySeconds')];
  if (!Object.keys(selector).length) errs.push(required('spec.selector'));
  errs.push(...validateNonNegative(spec.replicas, 'spec.replicas'));
  const t = spec.template;
  if (!t) {
    errs.push(required('spec.template'));
    return errs;
  }
  const labels = t.metadata?.labels ?? {};
  if (Object.keys(selector).length && !selectorMatches(selector, labels))
    errs.push(
      invalid(
        'spec.template.metadata.labels',
        goStringMap(t.metadata?.labels),
        '`selector` does not match template `labels`',
      ),
    );
  errs.push(...validatePodSpec(t.spec ?? {}, 'spec.template.spec'));
  const rp = t.spec?.restartPolicy;
  if (rp !== undefined && rp !== 'Always')
    errs.push(notSupported('spec.template.spec.restartPolicy', rp, ['Always']));
  if (t.spec?.activeDeadlineSeconds !== undefined)
    errs.push(
      invalid(
        'spec.template.spec.activeDeadlineSeconds',
        t.spec.activeDeadlineSeconds,
        'activeDeadlineSeconds in ReplicationController is not Supported',
      ),
    );
  return errs;
}

export const replicationControllerType: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'ReplicationController',
  plural: 'replicationcontrollers',
  singular: 'replicationcontroller',
  shortNames: ['rc'],
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
    // SetDefaults_ReplicationController: the selector and the labels come from the template's.
    defaults(rc) {
      const spec = (rc.spec ??= {});
      const labels = spec.template?.metadata?.labels;
      if (labels) {
        if (!Object.keys(spec.selector ?? {}).length) spec.selector = { ...labels };
        if (!Object.keys(rc.metadata.labels ?? {}).length) rc.metadata.labels = { ...labels };
      }
      spec.replicas ??= 1;
      defaultPodTemplate(spec.template);
    },
    prepareForCreate(rc) {
      rc.status = { replicas: 0 };
    },
    validate: validateSpec,
    validateUpdate: validateSpec,
  },
};
