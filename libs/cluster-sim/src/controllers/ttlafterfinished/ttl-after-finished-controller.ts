import { isStatusError, type Controller, type ControllerContext } from '../controller';

// pkg/controller/ttlafterfinished: a Job with ttlSecondsAfterFinished is deleted that long after
// it completed or failed, in the foreground, so its pods go first (through the garbage collector).

/** jobFinishTime: when the Complete or Failed condition turned True. */
function finishTime(job: any): number | undefined {
  for (const c of job.status?.conditions ?? [])
    if ((c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')
      return Date.parse(c.lastTransitionTime);
  return undefined;
}

function processJob(ctx: ControllerContext, job: any): number | undefined {
  const ttl = job.spec?.ttlSecondsAfterFinished;
  if (ttl === undefined || ttl === null || job.metadata.deletionTimestamp) return undefined;
  const finishedAt = finishTime(job);
  if (finishedAt === undefined || Number.isNaN(finishedAt)) return undefined;
  const expireAt = finishedAt + ttl * 1000;
  if (ctx.now < expireAt) return expireAt;
  const err = ctx.api.delete(job, {
    propagationPolicy: 'Foreground',
    preconditions: { uid: job.metadata.uid },
  });
  if (isStatusError(err) && err.code !== 404) return ctx.now + 1000;
  return undefined;
}

export const ttlAfterFinishedController: Controller = {
  name: 'ttlafterfinished',
  reconcile(ctx) {
    let wake: number | undefined;
    for (const job of ctx.state.list('batch', 'Job')) {
      const at = processJob(ctx, job);
      if (at !== undefined && (wake === undefined || at < wake)) wake = at;
    }
    return wake;
  },
};
