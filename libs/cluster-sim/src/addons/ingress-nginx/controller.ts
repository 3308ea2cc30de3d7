// ingress-nginx (kubernetes/ingress-nginx, internal/ingress/controller and its status syncer),
// when the cluster profile installs it: its namespace and IngressClass come with it; every
// Ingress of its class gets a Normal "Sync" event ("Scheduled for sync") when the controller
// sees it or it changes, and at the next periodic status sync (60 s) the controller's address
// in status.loadBalancer.ingress — which is itself a change, hence a second Sync event.
import type { KubeObject } from '@kubelab/apimachinery';
import { DEFAULT_CLASS_ANNOTATION } from '../../apis/networking/ingress-class';
import type { Controller, ControllerContext } from '../../controllers/controller';
import { readMemory, writeMemory } from '../../controllers/util/memory';
import type { IngressControllerProfile } from '../../profile/cluster-profile';
import { isIPv4Address } from '../../util/ip';
import { jsonEqual } from '../../util/equal';
import { rememberProfile } from '../../network/kubelet-port';
import { ingressesOf } from './router';

export const INGRESS_NGINX_NAMESPACE = 'ingress-nginx';
const MEMORY = 'ingress-nginx';
const DEFAULT_STATUS_SYNC_MS = 60_000;
const LABELS = {
  'app.kubernetes.io/component': 'controller',
  'app.kubernetes.io/instance': 'ingress-nginx',
  'app.kubernetes.io/name': 'ingress-nginx',
  'app.kubernetes.io/part-of': 'ingress-nginx',
  'app.kubernetes.io/version': '1.12.0',
};

interface SyncMemory {
  /** The Ingress's state the controller last saw (generation, annotations, status). */
  seen: string;
}

/** What the installation creates, once: its namespace and its IngressClass. */
function install(ctx: ControllerContext, c: IngressControllerProfile): void {
  if (ctx.state.get('', 'Namespace', '', INGRESS_NGINX_NAMESPACE)) return;
  ctx.api.create({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: INGRESS_NGINX_NAMESPACE,
      labels: {
        'app.kubernetes.io/instance': 'ingress-nginx',
        'app.kubernetes.io/name': 'ingress-nginx',
      },
    },
  } as KubeObject);
  if (ctx.state.get('networking.k8s.io', 'IngressClass', '', c.className)) return;
  ctx.api.create({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: {
      name: c.className,
      labels: LABELS,
      ...(c.defaultClass ? { annotations: { [DEFAULT_CLASS_ANNOTATION]: 'true' } } : {}),
    },
    spec: { controller: c.controller },
  } as unknown as KubeObject);
}

const seenState = (ing: any) =>
  JSON.stringify([
    ing.metadata.generation,
    ing.metadata.annotations ?? {},
    ing.metadata.labels ?? {},
    ing.status ?? {},
  ]);

export const ingressNginxController: Controller = {
  name: 'ingress-nginx',
  reconcile(ctx) {
    // Runs before the kubelet: containers' requests in this reconcile see this cluster's network.
    rememberProfile(ctx.state, ctx.profile);
    const c = ctx.profile.ingressController;
    if (!c) return undefined;
    install(ctx, c);
    const period = c.statusSyncMs ?? DEFAULT_STATUS_SYNC_MS;
    const tick = Math.floor(ctx.now / period) * period;
    const address = isIPv4Address(c.address) ? { ip: c.address } : { hostname: c.address };
    let wake: number | undefined;
    for (const ing of ingressesOf(ctx.state, c)) {
      const mem = readMemory<SyncMemory>(ctx, MEMORY, ing);
      const seen = seenState(ing);
      if (mem?.seen !== seen) {
        ctx.api.event(ing, {
          type: 'Normal',
          reason: 'Sync',
          message: 'Scheduled for sync',
          source: { component: 'nginx-ingress-controller' },
        });
      }
      const want = [address];
      let current: any = ing;
      if (!jsonEqual(ing.status?.loadBalancer?.ingress ?? [], want)) {
        if (ctx.now === tick) {
          const r = ctx.api.mutate(
            ing as KubeObject,
            (o: any) => {
              o.status = { loadBalancer: { ingress: want } };
            },
            true,
          );
          if (!(r instanceof Error)) current = r;
        } else wake = Math.min(wake ?? Infinity, tick + period);
      }
      // The status write is a change the controller sees in turn: one more Sync event next pass.
      writeMemory(ctx, MEMORY, current, { seen });
    }
    return wake;
  },
};
