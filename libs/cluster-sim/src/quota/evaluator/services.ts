import { count, one, type ResourceList } from '../resources';
import { matchesNoScope, type Evaluator } from './evaluator';

// pkg/quota/v1/evaluator/core/services.go: a Service counts once, a LoadBalancer once more, and
// NodePort and LoadBalancer Services count their node ports (one per port).

const SERVICE_RESOURCES = new Set([
  'count/services',
  'services',
  'services.loadbalancers',
  'services.nodeports',
]);

export const serviceEvaluator: Evaluator = {
  group: '',
  kind: 'Service',
  matchingResources: (hard) => hard.filter((r) => SERVICE_RESOURCES.has(r)),
  usage(svc) {
    let ports = (svc.spec?.ports ?? []).length;
    const out: ResourceList = {
      'count/services': one(),
      services: one(),
      'services.loadbalancers': count(0),
      'services.nodeports': count(0),
    };
    if (svc.spec?.type === 'NodePort') out['services.nodeports'] = count(ports);
    if (svc.spec?.type === 'LoadBalancer') {
      if (svc.spec.allocateLoadBalancerNodePorts === false) ports = 0;
      out['services.nodeports'] = count(ports);
      out['services.loadbalancers'] = one();
    }
    return out;
  },
  matchesScope: matchesNoScope,
  // A type change (ClusterIP → LoadBalancer) is charged on update.
  handles: () => true,
};
