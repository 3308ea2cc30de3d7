import { labelSelectorAsSelector } from '@kubelab/apimachinery';
import type { FilterPlugin, FilterResult } from '../framework';
import { volumeBinding } from './volume-binding';
import { volumeRestrictions } from './volume-restrictions';

// Filter plugins in the default profile's order (pkg/scheduler/framework/plugins/...).

const unresolvable = (...reasons: string[]): FilterResult => ({
  code: 'UnschedulableAndUnresolvable',
  reasons,
});
const unschedulable = (...reasons: string[]): FilterResult => ({ code: 'Unschedulable', reasons });

export function tolerates(tolerations: any[] | undefined, taint: any): boolean {
  return (tolerations ?? []).some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (!t.key) return t.operator === 'Exists';
    if (t.key !== taint.key) return false;
    if (t.operator === 'Exists') return true;
    return (t.value ?? '') === (taint.value ?? '');
  });
}

/** nodeunschedulable */
export const nodeUnschedulable: FilterPlugin = {
  name: 'NodeUnschedulable',
  filter(ctx, n) {
    if (!n.node.spec?.unschedulable) return null;
    if (
      tolerates(ctx.pod.spec?.tolerations, {
        key: 'node.kubernetes.io/unschedulable',
        effect: 'NoSchedule',
      })
    )
      return null;
    return unresolvable('node(s) were unschedulable');
  },
};

/** tainttoleration: NoSchedule and NoExecute taints need a toleration. */
export const taintToleration: FilterPlugin = {
  name: 'TaintToleration',
  filter(ctx, n) {
    for (const taint of n.node.spec?.taints ?? []) {
      if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
      if (!tolerates(ctx.pod.spec?.tolerations, taint))
        return unresolvable(`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`);
    }
    return null;
  },
};

function matchNodeSelectorTerm(term: any, node: any): boolean {
  const labels = node.metadata.labels ?? {};
  for (const e of term.matchExpressions ?? []) {
    const v = labels[e.key];
    const has = e.key in labels;
    switch (e.operator) {
      case 'In':
        if (!has || !(e.values ?? []).includes(v)) return false;
        break;
      case 'NotIn':
        if (has && (e.values ?? []).includes(v)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      case 'Gt':
      case 'Lt': {
        const n = Number(v);
        const target = Number(e.values?.[0]);
        if (!has || Number.isNaN(n) || (e.operator === 'Gt' ? !(n > target) : !(n < target)))
          return false;
        break;
      }
      default:
        return false;
    }
  }
  for (const f of term.matchFields ?? []) {
    if (f.key !== 'metadata.name') return false;
    const inList = (f.values ?? []).includes(node.metadata.name);
    if ((f.operator === 'In' && !inList) || (f.operator === 'NotIn' && inList)) return false;
  }
  return (term.matchExpressions ?? []).length + (term.matchFields ?? []).length > 0;
}

export function nodeMatchesTerms(terms: any[], node: any): boolean {
  return terms.some((t) => matchNodeSelectorTerm(t, node));
}

/** nodeaffinity: spec.nodeSelector and requiredDuringSchedulingIgnoredDuringExecution. */
export const nodeAffinity: FilterPlugin = {
  name: 'NodeAffinity',
  filter(ctx, n) {
    const sel = ctx.pod.spec?.nodeSelector ?? {};
    const labels = n.node.metadata.labels ?? {};
    const selOk = Object.entries(sel).every(([k, v]) => labels[k] === v);
    const req =
      ctx.pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    const affOk =
      !req?.nodeSelectorTerms?.length || nodeMatchesTerms(req.nodeSelectorTerms, n.node);
    return selOk && affOk
      ? null
      : unresolvable("node(s) didn't match Pod's node affinity/selector");
  },
};

/** nodeports: host ports must be free on the node. */
export const nodePorts: FilterPlugin = {
  name: 'NodePorts',
  filter(ctx, n) {
    for (const c of ctx.pod.spec?.containers ?? []) {
      for (const p of c.ports ?? []) {
        if (!p.hostPort) continue;
        const proto = p.protocol ?? 'TCP';
        const ip = p.hostIP ?? '0.0.0.0';
        const clash = [...n.usedHostPorts].some((u) => {
          const [uproto, uip, uport] = u.split('/');
          return (
            uproto === proto &&
            Number(uport) === p.hostPort &&
            (uip === ip || uip === '0.0.0.0' || ip === '0.0.0.0')
          );
        });
        if (clash)
          return unschedulable("node(s) didn't have free ports for the requested pod ports");
      }
    }
    return null;
  },
};

/** noderesources Fit: requests within allocatable minus what is already requested. */
export const nodeResourcesFit: FilterPlugin = {
  name: 'NodeResourcesFit',
  filter(ctx, n) {
    const reasons: string[] = [];
    if (n.pods.length + 1 > n.allocatable.pods) reasons.push('Too many pods');
    const r = ctx.podRequests;
    if (r.cpu > 0 && n.requested.cpu + r.cpu > n.allocatable.cpu) reasons.push('Insufficient cpu');
    if (r.memory > 0 && n.requested.memory + r.memory > n.allocatable.memory)
      reasons.push('Insufficient memory');
    if (
      r.ephemeralStorage > 0 &&
      n.requested.ephemeralStorage + r.ephemeralStorage > n.allocatable.ephemeralStorage
    )
      reasons.push('Insufficient ephemeral-storage');
    return reasons.length ? unschedulable(...reasons) : null;
  },
};

function podsMatching(ctx: { allPods: any[] }, namespace: string, selector: any): any[] {
  let sel;
  try {
    sel = labelSelectorAsSelector(selector);
  } catch {
    return [];
  }
  return ctx.allPods.filter(
    (p) =>
      p.metadata.namespace === namespace &&
      p.spec?.nodeName &&
      sel.matches(p.metadata.labels ?? {}) &&
      !p.metadata.deletionTimestamp,
  );
}

/** podtopologyspread: hard constraints (whenUnsatisfiable: DoNotSchedule). */
export const podTopologySpread: FilterPlugin = {
  name: 'PodTopologySpread',
  filter(ctx, n) {
    for (const c of ctx.pod.spec?.topologySpreadConstraints ?? []) {
      if ((c.whenUnsatisfiable ?? 'DoNotSchedule') !== 'DoNotSchedule') continue;
      const key = c.topologyKey;
      const value = n.node.metadata.labels?.[key];
      if (value === undefined)
        return unresolvable(
          "node(s) didn't match pod topology spread constraints (missing required label)",
        );
      const eligible = ctx.nodes.filter((x) => x.node.metadata.labels?.[key] !== undefined);
      const counts = new Map<string, number>();
      for (const x of eligible) counts.set(x.node.metadata.labels[key], 0);
      for (const p of podsMatching(ctx, ctx.pod.metadata.namespace, c.labelSelector)) {
        const node = ctx.nodes.find((x) => x.name === p.spec.nodeName);
        const v = node?.node.metadata.labels?.[key];
        if (v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
      }
      const min = Math.min(...counts.values(), Infinity);
      const selfMatch = (() => {
        try {
          return labelSelectorAsSelector(c.labelSelector).matches(ctx.pod.metadata.labels ?? {})
            ? 1
            : 0;
        } catch {
          return 0;
        }
      })();
      const skew = (counts.get(value) ?? 0) + selfMatch - (min === Infinity ? 0 : min);
      if (skew > (c.maxSkew ?? 1))
        return unschedulable("node(s) didn't match pod topology spread constraints");
    }
    return null;
  },
};

/** interpodaffinity: required pod affinity and anti-affinity by topology. */
export const interPodAffinity: FilterPlugin = {
  name: 'InterPodAffinity',
  filter(ctx, n) {
    const aff = ctx.pod.spec?.affinity;
    const topologyOf = (nodeName: string, key: string) =>
      ctx.nodes.find((x) => x.name === nodeName)?.node.metadata.labels?.[key];
    for (const term of aff?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
      const here = n.node.metadata.labels?.[term.topologyKey];
      if (here === undefined) continue;
      const namespaces = term.namespaces?.length ? term.namespaces : [ctx.pod.metadata.namespace];
      const clash = namespaces.some((ns: string) =>
        podsMatching(ctx, ns, term.labelSelector).some(
          (p: any) => topologyOf(p.spec.nodeName, term.topologyKey) === here,
        ),
      );
      if (clash) return unschedulable("node(s) didn't match pod anti-affinity rules");
    }
    for (const term of aff?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
      const here = n.node.metadata.labels?.[term.topologyKey];
      const namespaces = term.namespaces?.length ? term.namespaces : [ctx.pod.metadata.namespace];
      const matches = namespaces.flatMap((ns: string) => podsMatching(ctx, ns, term.labelSelector));
      if (!matches.length) {
        // The first pod of a group may go anywhere if it matches its own term.
        let self = false;
        try {
          self = labelSelectorAsSelector(term.labelSelector).matches(ctx.pod.metadata.labels ?? {});
        } catch {}
        if (self) continue;
        return unschedulable("node(s) didn't match pod affinity rules");
      }
      if (
        here === undefined ||
        !matches.some((p: any) => topologyOf(p.spec.nodeName, term.topologyKey) === here)
      )
        return unschedulable("node(s) didn't match pod affinity rules");
    }
    return null;
  },
};

export const DEFAULT_FILTERS: FilterPlugin[] = [
  nodeUnschedulable,
  taintToleration,
  nodeAffinity,
  nodePorts,
  nodeResourcesFit,
  volumeRestrictions,
  volumeBinding,
  podTopologySpread,
  interPodAffinity,
];
