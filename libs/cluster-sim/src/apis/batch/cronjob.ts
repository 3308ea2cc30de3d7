import { invalid, notSupported, required, type FieldError } from '@kubelab/apimachinery';
import { validateNonNegative } from '../apps/workload-validation';
import { ALL_VERBS, type ResourceType } from '../../registry/resource-type';
import { defaultPodTemplate } from '../core/pod-spec-defaults';
import { isKnownTimeZone, scheduleError } from './cron-schedule';
import { dnsLabelNameWarning } from './job';
import { validateJobTemplateSpec } from './job-validation';

// pkg/registry/batch/cronjob/strategy.go with SetDefaults_CronJob and validateCronJobSpec.

/** kubectl's and the controller's job names append `-<minutes>` (11 characters) to 63. */
const MAX_CRONJOB_NAME_LENGTH = 52;

/** IANA naming rules (validTimeZoneCharacters), before asking the tz database. */
const TZ_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

function validateTimeZone(tz: unknown): FieldError[] {
  if (tz === undefined || tz === null) return [];
  const path = 'spec.timeZone';
  const s = String(tz);
  if (s === '') return [invalid(path, s, 'timeZone must be nil or non-empty string')];
  for (const part of s.split('/'))
    if (part === '.' || part === '..' || part.startsWith('-') || !TZ_PART.test(part))
      return [invalid(path, s, `unknown time zone ${s}`)];
  const errs: FieldError[] = [];
  if (s.toLowerCase() === 'local')
    errs.push(
      invalid(
        path,
        s,
        'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
      ),
    );
  else if (!isKnownTimeZone(s)) errs.push(invalid(path, s, `unknown time zone ${s}`));
  return errs;
}

function validateCronJobSpec(spec: any, oldSpec: any | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const schedule: string = spec.schedule ?? '';
  if (!schedule) errs.push(required('spec.schedule'));
  else {
    const err = scheduleError(schedule);
    if (err) errs.push(invalid('spec.schedule', schedule, err));
    // TZ/CRON_TZ in the schedule is refused, but kept working for objects that already had it.
    const allowTZ = !!oldSpec && String(oldSpec.schedule ?? '').includes('TZ');
    if (allowTZ && schedule.includes('TZ') && spec.timeZone != null)
      errs.push(
        invalid(
          'spec.schedule',
          schedule,
          'cannot use both timeZone field and TZ or CRON_TZ in schedule',
        ),
      );
    else if (!allowTZ && schedule.includes('TZ'))
      errs.push(
        invalid(
          'spec.schedule',
          schedule,
          'cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
        ),
      );
  }
  errs.push(...validateNonNegative(spec.startingDeadlineSeconds, 'spec.startingDeadlineSeconds'));
  if (!oldSpec || (oldSpec.timeZone ?? null) !== (spec.timeZone ?? null))
    errs.push(...validateTimeZone(spec.timeZone));
  const cp = spec.concurrencyPolicy;
  if (!cp) errs.push(required('spec.concurrencyPolicy'));
  else if (!['Allow', 'Forbid', 'Replace'].includes(cp))
    errs.push(notSupported('spec.concurrencyPolicy', cp, ['Allow', 'Forbid', 'Replace']));
  errs.push(...validateJobTemplateSpec(spec.jobTemplate, 'spec.jobTemplate'));
  errs.push(
    ...validateNonNegative(spec.successfulJobsHistoryLimit, 'spec.successfulJobsHistoryLimit'),
  );
  errs.push(...validateNonNegative(spec.failedJobsHistoryLimit, 'spec.failedJobsHistoryLimit'));
  return errs;
}

/** SetDefaults_CronJob, and the pod template defaults inside its job template. */
export function defaultCronJob(cj: any): void {
  const spec = (cj.spec ??= {});
  spec.concurrencyPolicy ??= 'Allow';
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  spec.jobTemplate ??= {};
  spec.jobTemplate.metadata ??= {};
  if (spec.jobTemplate.metadata.creationTimestamp === undefined)
    spec.jobTemplate.metadata.creationTimestamp = null;
  spec.jobTemplate.spec ??= {};
  spec.jobTemplate.spec.template ??= {};
  defaultPodTemplate(spec.jobTemplate.spec.template);
}

export const cronJobType: ResourceType = {
  group: 'batch',
  version: 'v1',
  kind: 'CronJob',
  plural: 'cronjobs',
  singular: 'cronjob',
  shortNames: ['cj'],
  namespaced: true,
  verbs: ALL_VERBS,
  categories: ['all'],
  hasStatus: true,
  generation: 'spec',
  subresources: [{ name: 'status', verbs: ['get', 'patch', 'update'] }],
  strategy: {
    defaults: defaultCronJob,
    prepareForCreate(cj) {
      cj.status = {};
    },
    validate(cj) {
      const errs = validateCronJobSpec(cj.spec ?? {}, undefined);
      if ((cj.metadata.name ?? '').length > MAX_CRONJOB_NAME_LENGTH)
        errs.push(invalid('metadata.name', cj.metadata.name, 'must be no more than 52 characters'));
      return errs;
    },
    // The 52-character limit is not checked on update, so older long names stay editable.
    validateUpdate: (cj, old) => validateCronJobSpec(cj.spec ?? {}, old.spec ?? {}),
    warnings(cj, old) {
      const out = old ? [] : dnsLabelNameWarning(cj.metadata.name);
      // (The path is upstream's, "spec.spec.schedule", as it prints it.)
      if (String(cj.spec?.schedule ?? '').includes('TZ'))
        out.push(
          'CRON_TZ or TZ used in spec.spec.schedule is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details',
        );
      return out;
    },
  },
};
