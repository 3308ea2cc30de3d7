import { deepClone, formatTime, type KubeObject } from '@kubelab/apimachinery';
import { resolveFenceposts } from '../../apis/apps/intstr';
import { jsonEqual } from '../../util/equal';
import { computePodTemplateHash } from '../../util/names';

// pkg/controller/deployment/util/deployment_util.go: revisions, the template hash, surge and
// unavailability arithmetic, and the Deployment's conditions.

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
export const HASH_LABEL = 'pod-template-hash';

/** Annotations a Deployment never copies onto its ReplicaSets. */
const NOT_COPIED = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  REVISION_HISTORY,
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  'deprecated.deployment.rollback.to',
]);

export const revisionOf = (rs: KubeObject): number =>
  Number(rs.metadata.annotations?.[REVISION] ?? 0) || 0;

export function maxRevision(rss: KubeObject[]): number {
  return rss.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);
}

/** Templates equal apart from the pod-template-hash label (EqualIgnoreHash). */
export function equalIgnoreHash(a: any, b: any): boolean {
  const strip = (t: any) => {
    const c = deepClone(t ?? {});
    if (c.metadata?.labels) {
      delete c.metadata.labels[HASH_LABEL];
      if (!Object.keys(c.metadata.labels).length) delete c.metadata.labels;
    }
    return c;
  };
  return jsonEqual(strip(a), strip(b));
}

export function templateHash(d: any): string {
  return computePodTemplateHash(d.spec.template, d.status?.collisionCount);
}

export function fenceposts(d: any): { surge: number; unavailable: number } {
  if (d.spec.strategy?.type !== 'RollingUpdate') return { surge: 0, unavailable: 0 };
  const ru = d.spec.strategy.rollingUpdate ?? {};
  return resolveFenceposts(ru.maxSurge, ru.maxUnavailable, d.spec.replicas ?? 1);
}

export function maxUnavailable(d: any): number {
  const replicas = d.spec.replicas ?? 1;
  if (d.spec.strategy?.type !== 'RollingUpdate' || replicas === 0) return 0;
  return Math.min(fenceposts(d).unavailable, replicas);
}

export function copyAnnotationsToReplicaSet(d: any, rs: any): boolean {
  let changed = false;
  rs.metadata.annotations ??= {};
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (NOT_COPIED.has(k) || rs.metadata.annotations[k] === v) continue;
    rs.metadata.annotations[k] = v;
    changed = true;
  }
  return changed;
}

export const sum = (rss: any[], f: (rs: any) => number) =>
  rss.reduce((n, rs) => n + (f(rs) || 0), 0);
export const specReplicas = (rs: any) => rs.spec?.replicas ?? 0;
export const statusReplicas = (rs: any) => rs.status?.replicas ?? 0;

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastUpdateTime: string;
  lastTransitionTime: string;
}

export function newCondition(
  type: string,
  status: Condition['status'],
  reason: string,
  message: string,
  now: number,
): Condition {
  const t = formatTime(now);
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

export const getCondition = (status: any, type: string): Condition | undefined =>
  (status?.conditions ?? []).find((c: Condition) => c.type === type);

/**
 * SetDeploymentCondition: a condition with the same status and reason is left alone;
 * otherwise the old one is removed and the new one appended (keeping the transition time when
 * the status did not change).
 */
export function setCondition(status: any, c: Condition): void {
  const current = getCondition(status, c.type);
  if (current && current.status === c.status && current.reason === c.reason) return;
  if (current && current.status === c.status) c.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((x: Condition) => x.type !== c.type), c];
}

export function removeCondition(status: any, type: string): void {
  status.conditions = (status.conditions ?? []).filter((x: Condition) => x.type !== type);
}
