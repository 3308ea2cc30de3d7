import { Quantity } from '@kubelab/apimachinery';
import { add, q, type ResourceList } from '../../quota/resources';

// pkg/apis/core/helper/qos (GetPodQOS): the class the API server records in status.qosClass
// when a pod is created, from the requests and limits of cpu and memory only, once any
// LimitRange defaults have been applied. Zero quantities count as unset; the comparison of
// requests with limits is on the pod's sums, not container by container.

export type QosClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

const QOS_RESOURCES = ['cpu', 'memory'];

/** The pod's QoS class: Guaranteed, Burstable or BestEffort. */
export function podQosClass(spec: any): QosClass {
  let requests: ResourceList = {};
  let limits: ResourceList = {};
  let guaranteed = true;
  const containers = [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])];
  for (const c of containers) {
    for (const [name, v] of Object.entries(c.resources?.requests ?? {})) {
      if (!QOS_RESOURCES.includes(name)) continue;
      const quantity = q(v);
      if (quantity.sign > 0) requests = add(requests, { [name]: quantity });
    }
    const limitsFound = new Set<string>();
    for (const [name, v] of Object.entries(c.resources?.limits ?? {})) {
      if (!QOS_RESOURCES.includes(name)) continue;
      const quantity = q(v);
      if (quantity.sign > 0) {
        limitsFound.add(name);
        limits = add(limits, { [name]: quantity });
      }
    }
    // Every container must limit both cpu and memory for the pod to be Guaranteed.
    if (!QOS_RESOURCES.every((r) => limitsFound.has(r))) guaranteed = false;
  }
  if (!Object.keys(requests).length && !Object.keys(limits).length) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of Object.entries(requests)) {
      const lim: Quantity | undefined = limits[name];
      if (!lim || lim.cmp(req) !== 0) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && Object.keys(requests).length === Object.keys(limits).length
    ? 'Guaranteed'
    : 'Burstable';
}
