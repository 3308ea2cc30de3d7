import { formatTime } from '@kubelab/apimachinery';
import { jsonEqual } from '../../util/equal';
import type { Controller, ControllerContext } from '../controller';
import {
  TRIGGER_TIME,
  managesEndpoints,
  podIsReadyForService,
  resolvePort,
  selectedPods,
} from './service-pods';

// pkg/controller/endpoint/endpoints_controller.go: an Endpoints object per Service with a
// selector, listing ready pods as addresses and the others as notReadyAddresses, repacked
// into subsets by port set (endpoints.RepackSubsets).

const ipKey = (ip: string) =>
  ip
    .split('.')
    .map((p) => p.padStart(3, '0'))
    .join('.');

export function buildSubsets(
  ctx: { list(g: string, k: string, ns?: string): any[] },
  svc: any,
): any[] {
  const groups = new Map<string, { ports: any[]; ready: any[]; notReady: any[] }>();
  const headless = svc.spec?.clusterIP === 'None';
  for (const pod of selectedPods(ctx, svc)) {
    if (pod.metadata.deletionTimestamp && !svc.spec?.publishNotReadyAddresses) continue;
    const ports: any[] = [];
    for (const sp of svc.spec?.ports ?? []) {
      const port = resolvePort(sp, pod);
      if (port === undefined) continue;
      const ep: any = { port, protocol: sp.protocol ?? 'TCP' };
      if (sp.name) ep.name = sp.name;
      if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
      ports.push(ep);
    }
    if (!ports.length && (svc.spec?.ports ?? []).length) continue;
    const address: any = { ip: pod.status.podIP };
    if (pod.spec?.nodeName) address.nodeName = pod.spec.nodeName;
    address.targetRef = {
      kind: 'Pod',
      namespace: pod.metadata.namespace,
      name: pod.metadata.name,
      uid: pod.metadata.uid,
    };
    if (headless && pod.spec?.hostname && pod.spec?.subdomain === svc.metadata.name)
      address.hostname = pod.spec.hostname;
    const key = JSON.stringify(ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports, ready: [], notReady: [] }));
    (podIsReadyForService(pod, svc) ? g.ready : g.notReady).push(address);
  }
  const subsets: any[] = [];
  for (const g of groups.values()) {
    const s: any = {};
    if (g.ready.length)
      s.addresses = g.ready.sort((a, b) => ipKey(a.ip).localeCompare(ipKey(b.ip)));
    if (g.notReady.length)
      s.notReadyAddresses = g.notReady.sort((a, b) => ipKey(a.ip).localeCompare(ipKey(b.ip)));
    if (g.ports.length) s.ports = g.ports;
    subsets.push(s);
  }
  return subsets;
}

export const endpointsController: Controller = {
  name: 'endpoints',
  reconcile(ctx: ControllerContext) {
    const services = ctx.state.list('', 'Service') as any[];
    const live = new Set(services.map((s) => `${s.metadata.namespace}/${s.metadata.name}`));
    for (const svc of services) {
      if (!managesEndpoints(svc) || svc.metadata.deletionTimestamp) continue;
      const subsets = buildSubsets(ctx.state, svc);
      const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}) };
      if (svc.spec?.clusterIP === 'None') labels['service.kubernetes.io/headless'] = '';
      const existing: any = ctx.state.get(
        '',
        'Endpoints',
        svc.metadata.namespace,
        svc.metadata.name,
      );
      if (
        existing &&
        jsonEqual(existing.subsets ?? [], subsets) &&
        jsonEqual(existing.metadata.labels ?? {}, labels)
      )
        continue;
      const body: any = {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: {
          name: svc.metadata.name,
          namespace: svc.metadata.namespace,
          labels,
          annotations: { [TRIGGER_TIME]: formatTime(ctx.now) },
        },
      };
      if (!Object.keys(labels).length) delete body.metadata.labels;
      if (subsets.length) body.subsets = subsets;
      if (existing)
        ctx.api.mutate(existing, (c: any) => {
          c.metadata.labels = body.metadata.labels;
          c.metadata.annotations = {
            ...(c.metadata.annotations ?? {}),
            [TRIGGER_TIME]: formatTime(ctx.now),
          };
          if (subsets.length) c.subsets = subsets;
          else delete c.subsets;
        });
      else ctx.api.create(body);
    }
    // Endpoints we made for Services that are gone.
    for (const ep of ctx.state.list('', 'Endpoints') as any[]) {
      if (
        ep.metadata.annotations?.[TRIGGER_TIME] &&
        !live.has(`${ep.metadata.namespace}/${ep.metadata.name}`)
      )
        ctx.api.delete(ep);
    }
    return undefined;
  },
};
