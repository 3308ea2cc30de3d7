// pkg/registry/core/podtemplate/strategy.go: a stored pod template (ValidatePodTemplate).
import { required, type FieldError } from '@kubelab/apimachinery';
import { ALL_VERBS, type ResourceType } from '../../registry/resource-type';
import { defaultPodTemplate } from './pod-spec-defaults';
import { validatePodSpec } from './pod-spec-validation';

function validatePodTemplate(pt: any): FieldError[] {
  if (!pt.template) return [required('template')];
  return validatePodSpec(pt.template.spec ?? {}, 'template.spec');
}

export const podTemplateType: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'PodTemplate',
  plural: 'podtemplates',
  singular: 'podtemplate',
  namespaced: true,
  verbs: ALL_VERBS,
  hasStatus: false,
  // Any change to the template bumps metadata.generation (PrepareForUpdate).
  generation: 'data',
  strategy: {
    defaults(pt) {
      if (pt.template) defaultPodTemplate(pt.template);
    },
    validate: validatePodTemplate,
    validateUpdate: validatePodTemplate,
  },
};
