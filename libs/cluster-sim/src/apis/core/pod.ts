import { invalid, type FieldError } from '@kubelab/apimachinery';
import { ALL_VERBS, type ResourceType } from '../../registry/resource-type';
import { defaultPod } from './pod-spec-defaults';
import { validatePodSpec, validatePodSpecUpdate } from './pod-spec-validation';
import { podQosClass } from './qos';

// pkg/registry/core/pod/strategy.go

export const podType: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'Pod',
  plural: 'pods',
  singular: 'pod',
  shortNames: ['po'],
  namespaced: true,
  verbs: ALL_VERBS,
  categories: ['all'],
  hasStatus: true,
  generation: 'spec',
  subresources: [
    {
      name: 'attach',
      verbs: ['create', 'get'],
      responseKind: { group: '', version: 'v1', kind: 'PodAttachOptions' },
    },
    {
      name: 'binding',
      verbs: ['create'],
      responseKind: { group: '', version: 'v1', kind: 'Binding' },
    },
    { name: 'ephemeralcontainers', verbs: ['get', 'patch', 'update'] },
    {
      name: 'eviction',
      verbs: ['create'],
      responseKind: { group: 'policy', version: 'v1', kind: 'Eviction' },
    },
    {
      name: 'exec',
      verbs: ['create', 'get'],
      responseKind: { group: '', version: 'v1', kind: 'PodExecOptions' },
    },
    { name: 'log', verbs: ['get'] },
    {
      name: 'portforward',
      verbs: ['create', 'get'],
      responseKind: { group: '', version: 'v1', kind: 'PodPortForwardOptions' },
    },
    {
      name: 'proxy',
      verbs: ['create', 'delete', 'get', 'patch', 'update'],
      responseKind: { group: '', version: 'v1', kind: 'PodProxyOptions' },
    },
    { name: 'status', verbs: ['get', 'patch', 'update'] },
  ],
  strategy: {
    defaults: (pod) => defaultPod(pod),
    prepareForCreate(pod) {
      // Mirror pods of static pods are posted by their kubelet with the status it sees.
      if (pod.metadata.annotations?.['kubernetes.io/config.mirror'] && pod.status?.phase) return;
      pod.status = { phase: 'Pending', qosClass: podQosClass(pod.spec) };
      // A gated pod says so from the start (applySchedulingGatedCondition).
      if (pod.spec?.schedulingGates?.length)
        pod.status.conditions = [
          {
            type: 'PodScheduled',
            status: 'False',
            lastProbeTime: null,
            lastTransitionTime: pod.metadata.creationTimestamp,
            reason: 'SchedulingGated',
            message: 'Scheduling is blocked due to non-empty scheduling gates',
          },
        ];
    },
    validate: (pod): FieldError[] => validatePodSpec(pod.spec, 'spec'),
    validateUpdate(pod, old): FieldError[] {
      const errs = validatePodSpec(pod.spec, 'spec');
      if (old.spec?.nodeName && pod.spec?.nodeName !== old.spec.nodeName)
        errs.push(invalid('spec.nodeName', pod.spec?.nodeName ?? '', 'field is immutable'));
      return errs.length ? errs : validatePodSpecUpdate(pod.spec, old.spec);
    },
  },
};
