import { isDNS1123Label } from '@kubelab/apimachinery';
import { validateNonNegative } from '../apps/workload-validation';
import { ALL_VERBS, type ResourceType } from '../../registry/resource-type';
import { defaultPodTemplate } from '../core/pod-spec-defaults';
import {
  CONTROLLER_UID_LABEL,
  JOB_NAME_LABEL,
  LEGACY_CONTROLLER_UID_LABEL,
  LEGACY_JOB_NAME_LABEL,
  validateJob,
  validateJobUpdate,
} from './job-validation';

// pkg/registry/batch/job/strategy.go with the batch/v1 defaults (pkg/apis/batch/v1/defaults.go):
// a Job's selector and its template's labels are generated from its uid unless manualSelector.

const MAX_INT32 = 2147483647;

/** SetDefaults_Job. */
export function defaultJob(job: any): void {
  const spec = (job.spec ??= {});
  // A non-parallel Job may leave both unset: both become 1.
  if (spec.completions == null && spec.parallelism == null) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  // With a per-index limit the global one no longer bounds anything.
  spec.backoffLimit ??= spec.backoffLimitPerIndex != null ? MAX_INT32 : 6;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  spec.manualSelector ??= false;
  for (const rule of spec.podFailurePolicy?.rules ?? [])
    for (const p of rule.onPodConditions ?? []) p.status ||= 'True';
  spec.podReplacementPolicy ??= spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  spec.template ??= {};
  defaultPodTemplate(spec.template);
  copyTemplateLabels(job);
}

/** WarningsOnCreate: the name becomes pod names and hostnames, so a DNS label is advised. */
export function dnsLabelNameWarning(name: string): string[] {
  const all = isDNS1123Label(name ?? '');
  const tooLong = all.filter((m) => m.startsWith('must be no more than'));
  let rest = all.filter((m) => !tooLong.includes(m));
  // IsDNS1123Label says "must not contain dots" of a name that is a subdomain but no label.
  if (rest.length && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(name))
    rest = ['must not contain dots'];
  const msgs = [...tooLong, ...rest];
  return msgs.length
    ? [
        `metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [${msgs.join(' ')}]`,
      ]
    : [];
}

/** A Job without labels of its own takes its template's (SetDefaults_Job). */
function copyTemplateLabels(job: any): void {
  const labels = job.spec?.template?.metadata?.labels;
  if (labels && !Object.keys(job.metadata.labels ?? {}).length) job.metadata.labels = { ...labels };
}

/** generateSelector: job-name and controller-uid labels on the template; select the uid. */
function generateSelector(job: any): void {
  const tpl = job.spec.template;
  tpl.metadata ??= {};
  const labels = (tpl.metadata.labels ??= {});
  // Labels the user set are kept; a conflict is refused by validation.
  for (const k of [LEGACY_JOB_NAME_LABEL, JOB_NAME_LABEL]) labels[k] ??= job.metadata.name;
  for (const k of [LEGACY_CONTROLLER_UID_LABEL, CONTROLLER_UID_LABEL])
    labels[k] ??= job.metadata.uid;
  job.spec.selector ??= {};
  job.spec.selector.matchLabels ??= {};
  job.spec.selector.matchLabels[CONTROLLER_UID_LABEL] ??= job.metadata.uid;
}

export const jobType: ResourceType = {
  group: 'batch',
  version: 'v1',
  kind: 'Job',
  plural: 'jobs',
  singular: 'job',
  namespaced: true,
  verbs: ALL_VERBS,
  categories: ['all'],
  hasStatus: true,
  generation: 'spec',
  subresources: [{ name: 'status', verbs: ['get', 'patch', 'update'] }],
  strategy: {
    defaults: defaultJob,
    prepareForCreate(job) {
      if (job.spec.manualSelector !== true) generateSelector(job);
      copyTemplateLabels(job);
      job.status = {};
    },
    validate: (job) => validateJob(job),
    validateUpdate: (job, old) => [
      ...validateJobUpdate(job, old),
      ...validateNonNegative(job.status?.active, 'status.active'),
      ...validateNonNegative(job.status?.succeeded, 'status.succeeded'),
      ...validateNonNegative(job.status?.failed, 'status.failed'),
    ],
    warnings: (job, old) => (old ? [] : dnsLabelNameWarning(job.metadata.name)),
  },
};
