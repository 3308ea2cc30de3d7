import { selectorFromSet } from '@kubelab/apimachinery';
import { isPodReady } from '../util/pods';

// What the endpoints controllers share: a Service's selected pods and its ports resolved against
// each pod (named target ports look up the container port of that name).

export function selectedPods(
  state: { list(g: string, k: string, ns?: string): any[] },
  svc: any,
): any[] {
  const sel = svc.spec?.selector;
  if (!sel || !Object.keys(sel).length) return [];
  const s = selectorFromSet(sel);
  return state
    .list('', 'Pod', svc.metadata.namespace)
    .filter(
      (p) =>
        s.matches(p.metadata.labels ?? {}) &&
        p.status?.podIP &&
        p.status?.phase !== 'Succeeded' &&
        p.status?.phase !== 'Failed',
    );
}

export function resolvePort(svcPort: any, pod: any): number | undefined {
  const t = svcPort.targetPort ?? svcPort.port;
  if (typeof t === 'number') return t;
  const asNumber = Number(t);
  if (Number.isInteger(asNumber) && String(asNumber) === String(t)) return asNumber;
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? [])
      if (p.name === t && (p.protocol ?? 'TCP') === (svcPort.protocol ?? 'TCP'))
        return p.containerPort;
  }
  return undefined;
}

export const podIsReadyForService = (pod: any, svc: any) =>
  !pod.metadata.deletionTimestamp && (isPodReady(pod) || !!svc.spec?.publishNotReadyAddresses);

export const managesEndpoints = (svc: any) =>
  svc.spec?.type !== 'ExternalName' &&
  svc.spec?.selector &&
  Object.keys(svc.spec.selector).length > 0;

export const TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';
