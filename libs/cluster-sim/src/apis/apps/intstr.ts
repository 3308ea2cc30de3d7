// intstr.GetScaledValueFromIntOrPercent: "25%" of a total, rounded up (surge) or down (unavailable).

export function isPercent(v: unknown): v is string {
  return typeof v === 'string' && /^[0-9]+%$/.test(v);
}

export function scaledValue(
  v: number | string | undefined,
  total: number,
  roundUp: boolean,
): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return v;
  if (isPercent(v)) {
    const pct = parseInt(v, 10);
    const exact = (pct * total) / 100;
    return roundUp ? Math.ceil(exact) : Math.floor(exact);
  }
  const n = Number(v);
  return Number.isFinite(n) ? n : 0;
}

/** MaxSurge and MaxUnavailable of a rolling Deployment (deploymentutil.ResolveFenceposts). */
export function resolveFenceposts(
  maxSurge: number | string | undefined,
  maxUnavailable: number | string | undefined,
  desired: number,
): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge ?? '25%', desired, true);
  let unavailable = scaledValue(maxUnavailable ?? '25%', desired, false);
  // Both zero would deadlock a rollout: one pod may be unavailable.
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}
