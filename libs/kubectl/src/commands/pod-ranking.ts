// Which pod `kubectl logs|exec|attach TYPE/NAME` picks when an owner selects several: kubectl
// sorts them most active first (the reverse of the controller's ActivePods order) with a stable
// sort for small lists, so ties keep the API server's order (by name).

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

const isReady = (p: any): boolean =>
  (p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');

const readyTime = (p: any): number => {
  const c = (p.status?.conditions ?? []).find((x: any) => x.type === 'Ready');
  return c?.lastTransitionTime ? Date.parse(c.lastTransitionTime) : 0;
};

const maxRestarts = (p: any): number =>
  Math.max(0, ...(p.status?.containerStatuses ?? []).map((c: any) => c.restartCount ?? 0));

/** Go's afterOrZero: a zero time sorts first, else the later time. */
const afterOrZero = (a: number, b: number): boolean => (a === 0 || b === 0 ? a === 0 : a > b);

/** ActivePods.Less: is `a` less active than `b`? */
function lessActive(a: any, b: any): boolean {
  const na = a.spec?.nodeName ?? '';
  const nb = b.spec?.nodeName ?? '';
  if (na !== nb && (!na || !nb)) return !na;
  const pa = PHASE_ORDINAL[a.status?.phase] ?? 0;
  const pb = PHASE_ORDINAL[b.status?.phase] ?? 0;
  if (pa !== pb) return pa < pb;
  if (isReady(a) !== isReady(b)) return !isReady(a);
  if (isReady(a) && isReady(b) && readyTime(a) !== readyTime(b))
    return afterOrZero(readyTime(a), readyTime(b));
  if (maxRestarts(a) !== maxRestarts(b)) return maxRestarts(a) > maxRestarts(b);
  const ca = Date.parse(a.metadata?.creationTimestamp ?? '') || 0;
  const cb = Date.parse(b.metadata?.creationTimestamp ?? '') || 0;
  if (ca !== cb) return afterOrZero(ca, cb);
  return false;
}

/** The pods ordered as kubectl ranks them for logs/exec/attach; the first is the one it uses. */
export function mostActiveFirst<T>(pods: T[]): T[] {
  return [...pods].sort((a, b) => (lessActive(b, a) ? -1 : lessActive(a, b) ? 1 : 0));
}
