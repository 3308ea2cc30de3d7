import { Injectable } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { notFound } from '@kubelab/platform';
import { ReconcileQueue, TenantClients, type ReconcileJob } from '@kubelab/server';

// The admin's view of the background work: the reconcile and clock queues, seen through the
// caller's organisation only (the queues are shared by every tenant, so jobs are filtered by the
// orgId they carry; nothing of another tenant is counted or shown).

const STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
type State = (typeof STATES)[number];

/** How many jobs per state are looked at; queues of idle clusters are empty. */
const SCAN = 2000;

export interface FailedJobView {
  queue: string;
  id: string;
  clusterId: string;
  clusterName: string | null;
  attemptsMade: number;
  failedReason: string;
  failedAt: string | null;
}

@Injectable()
export class QueuesService {
  constructor(
    private readonly queues: ReconcileQueue,
    private readonly tenants: TenantClients,
  ) {}

  private all(): Queue<ReconcileJob>[] {
    return [this.queues.queue, this.queues.clock];
  }

  private byName(name: string): Queue<ReconcileJob> {
    const q = this.all().find((x) => x.name === name);
    if (!q) throw notFound('queue');
    return q;
  }

  async overview(orgId: string) {
    const queues = [];
    const failed: FailedJobView[] = [];
    for (const q of this.all()) {
      const counts = Object.fromEntries(STATES.map((s) => [s, 0])) as Record<State, number>;
      for (const state of STATES) {
        const jobs = (await q.getJobs([state], 0, SCAN - 1)).filter((j) => j?.data.orgId === orgId);
        counts[state] = jobs.length;
        if (state === 'failed') failed.push(...jobs.map((j) => this.failedView(q.name, j)));
      }
      queues.push({ name: q.name, counts });
    }
    const names = await this.clusterNames(
      orgId,
      failed.map((f) => f.clusterId),
    );
    for (const f of failed) f.clusterName = names.get(f.clusterId) ?? null;
    failed.sort((a, b) => (b.failedAt ?? '').localeCompare(a.failedAt ?? ''));
    return { queues, failed };
  }

  /** Runs a failed job of the caller's organisation again. */
  async retry(orgId: string, queue: string, id: string) {
    const q = this.byName(queue);
    const job = await q.getJob(id);
    if (!job || job.data.orgId !== orgId || !(await job.isFailed())) throw notFound('failed job');
    await job.retry('failed');
    return { queue, id, retried: true };
  }

  private failedView(queue: string, j: Job<ReconcileJob>): FailedJobView {
    return {
      queue,
      id: j.id!,
      clusterId: j.data.clusterId,
      clusterName: null,
      attemptsMade: j.attemptsMade,
      failedReason: j.failedReason,
      failedAt: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
    };
  }

  private async clusterNames(orgId: string, ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await this.tenants.for(orgId).cluster.findMany({
      where: { id: { in: [...new Set(ids)] } },
      select: { id: true, name: true },
    });
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
