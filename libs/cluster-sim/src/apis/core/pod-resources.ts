import { add, toList, type ResourceList } from '../../quota/resources';

// staging/src/k8s.io/component-helpers/resource/helpers.go (PodRequests, PodLimits): a pod's
// resources are its containers' summed, at least the peak of any init container (sidecars,
// init containers with restartPolicy Always, keep running and add up), plus the RuntimeClass
// overhead. LimitRanger's per-Pod limits and ResourceQuota both read them.

function maxList(a: ResourceList, b: ResourceList): ResourceList {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) if (!out[k] || v.cmp(out[k]!) > 0) out[k] = v;
  return out;
}

function aggregate(pod: any, field: 'requests' | 'limits'): ResourceList {
  let total: ResourceList = {};
  for (const c of pod.spec?.containers ?? []) total = add(total, toList(c.resources?.[field]));
  let sidecars: ResourceList = {};
  let initPeak: ResourceList = {};
  for (const c of pod.spec?.initContainers ?? []) {
    let own = toList(c.resources?.[field]);
    if (c.restartPolicy === 'Always') {
      total = add(total, own);
      sidecars = add(sidecars, own);
      own = sidecars;
    } else {
      own = add(own, sidecars);
    }
    initPeak = maxList(initPeak, own);
  }
  return maxList(total, initPeak);
}

/** The pod's requests, without overhead (LimitRanger) or with it (quota). */
export function podRequests(pod: any, withOverhead = false): ResourceList {
  const reqs = aggregate(pod, 'requests');
  return withOverhead ? add(reqs, toList(pod.spec?.overhead)) : reqs;
}

/** The pod's limits; overhead only adds to resources that already have a limit. */
export function podLimits(pod: any, withOverhead = false): ResourceList {
  const limits = aggregate(pod, 'limits');
  if (!withOverhead) return limits;
  for (const [k, v] of Object.entries(toList(pod.spec?.overhead)))
    if (limits[k]) limits[k] = limits[k]!.add(v);
  return limits;
}
