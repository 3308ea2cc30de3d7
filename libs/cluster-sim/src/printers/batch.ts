// printJob and printCronJob of pkg/printers/internalversion/printers.go (Kubernetes 1.32 columns).
import { formatLabelSelector } from '@kubelab/apimachinery';
import {
  CONTAINERS_DOC,
  IMAGES_DOC,
  ageColumn,
  column,
  doc,
  nameColumn,
  printer,
  wide,
  type PrinterEntry,
} from './columns';
import { humanDuration } from './duration';
import { age, boolPtr, containerCells, int, parseTime, since } from './format';

/** hasJobCondition: the first condition of that type decides, and only when True. */
const hasCondition = (job: any, type: string) =>
  (job.status?.conditions ?? []).find((c: any) => c?.type === type)?.status === 'True';

/** STATUS of a Job: its terminal condition first, then Terminating, Suspended, FailureTarget. */
export function jobStatus(job: any): string {
  if (hasCondition(job, 'Complete')) return 'Complete';
  if (hasCondition(job, 'Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  if (hasCondition(job, 'Suspended')) return 'Suspended';
  if (hasCondition(job, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

/** COMPLETIONS: "succeeded/completions"; a work queue job (no completions) needs one success. */
export function jobCompletions(job: any): string {
  const succeeded = int(job.status?.succeeded);
  if (job.spec?.completions !== undefined && job.spec?.completions !== null)
    return `${succeeded}/${int(job.spec.completions)}`;
  const parallelism = int(job.spec?.parallelism);
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

/** DURATION: from start to completion, or to now while running; blank before it starts. */
export function jobDuration(job: any, now: number): string {
  const start = parseTime(job.status?.startTime);
  if (start === undefined) return '';
  const end = parseTime(job.status?.completionTime);
  return humanDuration((end ?? now) - start);
}

export const batchPrinters: PrinterEntry[] = [
  {
    group: 'batch',
    kind: 'Job',
    printer: printer(
      () => [
        nameColumn(),
        column('Status', 'string', 'Status of the job.'),
        column('Completions', 'string', doc('JobStatus', 'succeeded')),
        column('Duration', 'string', 'Time required to complete the job.'),
        ageColumn(),
        wide('Containers', 'string', CONTAINERS_DOC),
        wide('Images', 'string', IMAGES_DOC),
        wide('Selector', 'string', doc('JobSpec', 'selector')),
      ],
      (job, now) => [
        job.metadata?.name ?? '',
        jobStatus(job),
        jobCompletions(job),
        jobDuration(job, now),
        age(job, now),
        ...containerCells(job.spec?.template?.spec?.containers),
        formatLabelSelector(job.spec?.selector),
      ],
    ),
  },
  {
    group: 'batch',
    kind: 'CronJob',
    printer: printer(
      () => [
        nameColumn(),
        column('Schedule', 'string', doc('CronJobSpec', 'schedule')),
        column('Timezone', 'string', doc('CronJobSpec', 'timeZone')),
        column('Suspend', 'boolean', doc('CronJobSpec', 'suspend')),
        column('Active', 'integer', doc('CronJobStatus', 'active')),
        column('Last Schedule', 'string', doc('CronJobStatus', 'lastScheduleTime')),
        ageColumn(),
        wide('Containers', 'string', CONTAINERS_DOC),
        wide('Images', 'string', IMAGES_DOC),
        wide('Selector', 'string', doc('JobSpec', 'selector')),
      ],
      (cj, now) => {
        const jobSpec = cj.spec?.jobTemplate?.spec ?? {};
        const last = cj.status?.lastScheduleTime;
        return [
          cj.metadata?.name ?? '',
          cj.spec?.schedule ?? '',
          cj.spec?.timeZone ?? '<none>',
          boolPtr(cj.spec?.suspend),
          (cj.status?.active ?? []).length,
          last === undefined || last === null ? '<none>' : since(last, now),
          age(cj, now),
          ...containerCells(jobSpec.template?.spec?.containers),
          formatLabelSelector(jobSpec.selector),
        ];
      },
    ),
  },
];
