import { formatTime } from '@kubelab/apimachinery';
import { jsonEqual } from '../../util/equal';
import type { Controller, ControllerContext } from '../controller';
import {
  TRIGGER_TIME,
  managesEndpoints,
  resolvePort,
  selectedPods,
} from '../endpoints/service-pods';
import { isPodReady, ownerReferenceTo } from '../util/pods';

// pkg/controller/endpointslice: EndpointSlices per Service, named <service>-<5 chars>, listing
// every selected pod with its ready/serving/terminating conditions; a placeholder slice with no
// endpoints when nothing is selected.

const MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
const CONTROLLER = 'endpointslice-controller.k8s.io';
const SERVICE_NAME = 'kubernetes.io/service-name';

function desiredSlice(
  state: ControllerContext['state'],
  svc: any,
): { endpoints: any[]; ports: any[] | null } {
  const pods = selectedPods(state, svc);
  const svcPorts = svc.spec?.ports ?? [];
  let ports: any[] | null = null;
  const endpoints: any[] = [];
  for (const pod of pods) {
    const resolved = svcPorts.map((sp: any) => {
      const port = resolvePort(sp, pod);
      const p: any = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
      if (sp.appProtocol) p.appProtocol = sp.appProtocol;
      return p;
    });
    if (resolved.some((p: any) => p.port === undefined)) continue;
    ports ??= resolved;
    const terminating = !!pod.metadata.deletionTimestamp;
    const ready = isPodReady(pod);
    const ep: any = {
      addresses: [pod.status.podIP],
      conditions: { ready: ready && !terminating, serving: ready, terminating },
      targetRef: {
        kind: 'Pod',
        namespace: pod.metadata.namespace,
        name: pod.metadata.name,
        uid: pod.metadata.uid,
      },
    };
    if (pod.spec?.nodeName) ep.nodeName = pod.spec.nodeName;
    if (
      svc.spec?.clusterIP === 'None' &&
      pod.spec?.hostname &&
      pod.spec?.subdomain === svc.metadata.name
    )
      ep.hostname = pod.spec.hostname;
    endpoints.push(ep);
  }
  return { endpoints, ports };
}

export const endpointSliceController: Controller = {
  name: 'endpointslice',
  reconcile(ctx) {
    const slices = ctx.state.list('discovery.k8s.io', 'EndpointSlice') as any[];
    const ours = slices.filter((s) => s.metadata.labels?.[MANAGED_BY] === CONTROLLER);
    for (const svc of ctx.state.list('', 'Service') as any[]) {
      if (!managesEndpoints(svc) || svc.metadata.deletionTimestamp) continue;
      const { endpoints, ports } = desiredSlice(ctx.state, svc);
      const labels = {
        ...(svc.metadata.labels ?? {}),
        [SERVICE_NAME]: svc.metadata.name,
        [MANAGED_BY]: CONTROLLER,
      };
      if (svc.spec?.clusterIP === 'None') (labels as any)['service.kubernetes.io/headless'] = '';
      const mine = ours.filter(
        (s) =>
          s.metadata.namespace === svc.metadata.namespace &&
          s.metadata.labels?.[SERVICE_NAME] === svc.metadata.name,
      );
      const [slice, ...extra] = mine;
      for (const x of extra) ctx.api.delete(x);
      const body: any = { endpoints: endpoints.length ? endpoints : null, ports };
      if (slice) {
        if (
          jsonEqual(slice.endpoints ?? null, body.endpoints) &&
          jsonEqual(slice.ports ?? null, ports) &&
          jsonEqual(slice.metadata.labels, labels)
        )
          continue;
        ctx.api.mutate(slice, (c: any) => {
          c.metadata.labels = labels;
          c.metadata.annotations = {
            ...(c.metadata.annotations ?? {}),
            [TRIGGER_TIME]: formatTime(ctx.now),
          };
          c.endpoints = body.endpoints;
          c.ports = ports;
          if (c.endpoints === null) delete c.endpoints;
          if (c.ports === null) delete c.ports;
        });
      } else {
        const obj: any = {
          apiVersion: 'discovery.k8s.io/v1',
          kind: 'EndpointSlice',
          metadata: {
            generateName: `${svc.metadata.name}-`,
            namespace: svc.metadata.namespace,
            labels,
            annotations: { [TRIGGER_TIME]: formatTime(ctx.now) },
            ownerReferences: [ownerReferenceTo(svc)],
          },
          addressType: 'IPv4',
        };
        if (body.endpoints) obj.endpoints = body.endpoints;
        if (ports) obj.ports = ports;
        ctx.api.create(obj);
      }
    }
    return undefined;
  },
};
