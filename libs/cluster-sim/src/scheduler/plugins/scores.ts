import { controllerRef } from '@kubelab/apimachinery';
import type { ScorePlugin } from '../framework';
import { nodeMatchesTerms, tolerates } from './filters';

// Score plugins of the default profile, with its weights.

/** LeastAllocated: prefer nodes with more free cpu and memory. */
export const leastAllocated: ScorePlugin = {
  name: 'NodeResourcesFit',
  weight: 1,
  score(ctx, n) {
    const cpu = n.allocatable.cpu
      ? (n.allocatable.cpu - n.nonZeroRequested.cpu - ctx.podRequests.cpu) / n.allocatable.cpu
      : 0;
    const mem = n.allocatable.memory
      ? (n.allocatable.memory - n.nonZeroRequested.memory - ctx.podRequests.memory) /
        n.allocatable.memory
      : 0;
    return Math.max(0, ((cpu + mem) / 2) * 100);
  },
};

/** BalancedAllocation: prefer nodes whose cpu and memory use stay even. */
export const balancedAllocation: ScorePlugin = {
  name: 'NodeResourcesBalancedAllocation',
  weight: 1,
  score(ctx, n) {
    const cpu = n.allocatable.cpu
      ? (n.nonZeroRequested.cpu + ctx.podRequests.cpu) / n.allocatable.cpu
      : 0;
    const mem = n.allocatable.memory
      ? (n.nonZeroRequested.memory + ctx.podRequests.memory) / n.allocatable.memory
      : 0;
    return (1 - Math.abs(cpu - mem) / 2) * 100;
  },
};

/** TaintToleration: fewer intolerable PreferNoSchedule taints is better. */
export const preferNoSchedule: ScorePlugin = {
  name: 'TaintToleration',
  weight: 3,
  score(ctx, n, feasible) {
    const count = (x: typeof n) =>
      (x.node.spec?.taints ?? []).filter(
        (t: any) => t.effect === 'PreferNoSchedule' && !tolerates(ctx.pod.spec?.tolerations, t),
      ).length;
    const max = Math.max(0, ...feasible.map(count));
    return max ? (1 - count(n) / max) * 100 : 100;
  },
};

/** NodeAffinity: preferredDuringSchedulingIgnoredDuringExecution weights. */
export const preferredNodeAffinity: ScorePlugin = {
  name: 'NodeAffinity',
  weight: 2,
  score(ctx, n, feasible) {
    const prefs =
      ctx.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    if (!prefs.length) return 0;
    const raw = (x: typeof n) =>
      prefs.reduce(
        (s: number, p: any) => s + (nodeMatchesTerms([p.preference], x.node) ? p.weight : 0),
        0,
      );
    const max = Math.max(0, ...feasible.map(raw));
    return max ? (raw(n) / max) * 100 : 0;
  },
};

/**
 * Default spreading (PodTopologySpread's system defaults / the old SelectorSpread): pods of the
 * same owner prefer nodes where fewer of their siblings run.
 */
export const spreadSiblings: ScorePlugin = {
  name: 'PodTopologySpread',
  weight: 2,
  score(ctx, n, feasible) {
    const owner = controllerRef(ctx.pod)?.uid;
    if (!owner) return 100;
    const count = (x: typeof n) =>
      x.pods.filter((p) => controllerRef(p)?.uid === owner && !p.metadata.deletionTimestamp).length;
    const max = Math.max(0, ...feasible.map(count));
    return max ? (1 - count(n) / (max + 1)) * 100 : 100;
  },
};

/** ImageLocality: nodes that already have the images start the pod sooner. */
export const imageLocality: ScorePlugin = {
  name: 'ImageLocality',
  weight: 1,
  score(ctx, n) {
    const images = new Set<string>(
      (n.node.status?.images ?? []).flatMap((i: any) => i.names ?? []),
    );
    const wanted = (ctx.pod.spec?.containers ?? []).map((c: any) => c.image);
    if (!wanted.length) return 0;
    return (
      (wanted.filter((w: string) =>
        [...images].some((i) => i === w || i.endsWith(`/${w}`) || i.endsWith(`/library/${w}`)),
      ).length /
        wanted.length) *
      100
    );
  },
};

export const DEFAULT_SCORES: ScorePlugin[] = [
  leastAllocated,
  balancedAllocation,
  preferNoSchedule,
  preferredNodeAffinity,
  spreadSiblings,
  imageLocality,
];
