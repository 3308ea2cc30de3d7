import { jsonEqual } from '../../util/equal';
import type { Controller } from '../controller';

// The cloud controller manager's service controller: a LoadBalancer Service gets an address
// from the cluster profile's pool, if it has one; otherwise its EXTERNAL-IP stays <pending>.

const SOURCE = { component: 'service-controller' };

export const loadBalancerController: Controller = {
  name: 'service-lb',
  reconcile(ctx) {
    const pool = ctx.profile.loadBalancerIPs;
    const services = ctx.state.list('', 'Service') as any[];
    const used = new Set(
      services.flatMap((s) => (s.status?.loadBalancer?.ingress ?? []).map((i: any) => i.ip)),
    );
    for (const svc of services) {
      const current = svc.status?.loadBalancer?.ingress;
      if (svc.spec?.type !== 'LoadBalancer') {
        if (current?.length)
          ctx.api.mutate(svc, (c: any) => (c.status = { loadBalancer: {} }), true);
        continue;
      }
      if (current?.length || !pool.length) continue;
      const ip = pool.find((p) => !used.has(p));
      if (!ip) {
        ctx.api.event(svc, {
          type: 'Warning',
          reason: 'SyncLoadBalancerFailed',
          message:
            'Error syncing load balancer: failed to ensure load balancer: no available IPs in the pool',
          source: SOURCE,
        });
        continue;
      }
      used.add(ip);
      ctx.api.event(svc, {
        type: 'Normal',
        reason: 'EnsuringLoadBalancer',
        message: 'Ensuring load balancer',
        source: SOURCE,
      });
      const status = { loadBalancer: { ingress: [{ ip, ipMode: 'VIP' }] } };
      if (!jsonEqual(svc.status, status))
        ctx.api.mutate(svc, (c: any) => (c.status = status), true);
      ctx.api.event(svc, {
        type: 'Normal',
        reason: 'EnsuredLoadBalancer',
        message: 'Ensured load balancer',
        source: SOURCE,
      });
    }
    return undefined;
  },
};
