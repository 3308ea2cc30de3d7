import type { ControllerContext } from '../../controllers/controller';
import { bindVolumeToClaim } from '../../controllers/volume/persistentvolume/binder';
import {
  ANN_BIND_COMPLETED,
  ANN_SELECTED_NODE,
  findMatchingVolume,
  isDelayBindingMode,
  isVolumeBoundToClaim,
  NOT_SUPPORTED_PROVISIONER,
  nodeSelectorTermsMatch,
  podClaimNames,
  volumeFitsNode,
  type StorageView,
} from '../../storage/helpers';
import type { FilterPlugin, FilterResult, SchedulingContext } from '../framework';

// pkg/scheduler/framework/plugins/volumebinding (volume_binding.go, binder.go): a pod's claims
// must exist and, unless their class waits for a consumer, already be bound (PreFilter); bound
// volumes must be reachable from the node, and claims that wait for a consumer must find a
// matching volume there or be provisionable (Filter); and before the pod is bound, the scheduler
// binds the static volumes it chose and hands the node to the provisioner through the claim's
// `volume.kubernetes.io/selected-node` annotation, then waits for the claims to be bound (PreBind).

export const ERR_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";
export const ERR_NODE_CONFLICT = 'node(s) had volume node affinity conflict';
export const ERR_PV_NOT_EXIST =
  'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)';
export const ERR_UNBOUND_IMMEDIATE = 'pod has unbound immediate PersistentVolumeClaims';

const unresolvable = (...reasons: string[]): FilterResult => ({
  code: 'UnschedulableAndUnresolvable',
  reasons,
});

/** isPVCFullyBound: bound by name and marked complete by the PV controller. */
export const isClaimFullyBound = (pvc: any) =>
  !!pvc.spec?.volumeName && !!pvc.metadata?.annotations?.[ANN_BIND_COMPLETED];

interface PodClaims {
  bound: any[];
  delayed: any[];
  immediate: any[];
}

/** GetPodVolumeClaims: the pod's claims by binding state; a string when one cannot be used. */
export function podVolumeClaims(view: StorageView, pod: any): PodClaims | string {
  const out: PodClaims = { bound: [], delayed: [], immediate: [] };
  for (const c of podClaimNames(pod)) {
    const ephemeral = (pod.spec?.volumes ?? []).some(
      (v: any) => v.name === c.volume && v.ephemeral,
    );
    const pvc = view.get('', 'PersistentVolumeClaim', pod.metadata.namespace, c.claim);
    if (!pvc)
      return ephemeral
        ? `waiting for ephemeral volume controller to create the persistentvolumeclaim "${c.claim}"`
        : `persistentvolumeclaim "${c.claim}" not found`;
    if (pvc.status?.phase === 'Lost')
      return `persistentvolumeclaim "${c.claim}" bound to non-existent persistentvolume "${pvc.spec?.volumeName ?? ''}"`;
    if (pvc.metadata.deletionTimestamp)
      return `persistentvolumeclaim "${c.claim}" is being deleted`;
    if (isClaimFullyBound(pvc)) out.bound.push(pvc);
    else if (isDelayBindingMode(pvc, view) && !pvc.spec?.volumeName) out.delayed.push(pvc);
    // Claims naming their volume are treated as immediate: the PV controller binds them.
    else out.immediate.push(pvc);
  }
  return out;
}

/** checkVolumeProvisions: could the claim's class provision a volume for this node? */
function provisionable(view: StorageView, pvc: any, node: any): boolean {
  const cls = pvc.spec?.storageClassName;
  const sc = cls ? view.get('storage.k8s.io', 'StorageClass', '', cls) : undefined;
  if (!sc?.provisioner || sc.provisioner === NOT_SUPPORTED_PROVISIONER) return false;
  const topologies = sc.allowedTopologies ?? [];
  if (!topologies.length) return true;
  const terms = topologies.map((t: any) => ({
    matchExpressions: (t.matchLabelExpressions ?? []).map((e: any) => ({
      key: e.key,
      operator: 'In',
      values: e.values,
    })),
  }));
  return nodeSelectorTermsMatch(terms, node);
}

export const volumeBinding: FilterPlugin = {
  name: 'VolumeBinding',
  preFilter(ctx: SchedulingContext) {
    const claims = podVolumeClaims(ctx.state, ctx.pod);
    if (typeof claims === 'string') return claims;
    // The PV controller binds these; the pod comes back when it has.
    if (claims.immediate.length) return ERR_UNBOUND_IMMEDIATE;
    return null;
  },
  filter(ctx, n) {
    const claims = podVolumeClaims(ctx.state, ctx.pod);
    if (typeof claims === 'string') return unresolvable(claims);
    const reasons: string[] = [];
    for (const pvc of claims.bound) {
      const pv = ctx.state.get('', 'PersistentVolume', '', pvc.spec.volumeName);
      if (!pv) {
        reasons.push(ERR_PV_NOT_EXIST);
        break;
      }
      if (!volumeFitsNode(pv, n.node)) {
        reasons.push(ERR_NODE_CONFLICT);
        break;
      }
    }
    const volumes = ctx.state.list('', 'PersistentVolume');
    const chosen = new Set<string>();
    for (const pvc of claims.delayed) {
      const selected = pvc.metadata.annotations?.[ANN_SELECTED_NODE];
      if (selected) {
        if (selected !== n.name) {
          reasons.push(ERR_BIND_CONFLICT);
          break;
        }
        continue;
      }
      const pv = findMatchingVolume(pvc, volumes, n.node, true, chosen);
      if (pv) {
        chosen.add(pv.metadata.name);
        continue;
      }
      if (!provisionable(ctx.state, pvc, n.node)) {
        reasons.push(ERR_BIND_CONFLICT);
        break;
      }
    }
    return reasons.length ? unresolvable(...new Set(reasons)) : null;
  },
};

/**
 * PreBind: binds the static volumes chosen for the node's claims, marks the rest for provisioning
 * on that node, and says whether every claim is bound yet (only then is the pod bound).
 */
export function volumeBindingPreBind(ctx: ControllerContext, pod: any, nodeName: string): boolean {
  const claims = podVolumeClaims(ctx.state, pod);
  if (typeof claims === 'string') return false;
  if (!claims.delayed.length && !claims.immediate.length) return true;
  const node = ctx.state.get('', 'Node', '', nodeName);
  const volumes = ctx.state.list('', 'PersistentVolume');
  const chosen = new Set<string>();
  for (const pvc of claims.delayed) {
    if (pvc.metadata.annotations?.[ANN_SELECTED_NODE]) continue;
    const pv = findMatchingVolume(pvc, volumes, node, true, chosen);
    if (pv) {
      chosen.add(pv.metadata.name);
      if (!isVolumeBoundToClaim(pv, pvc) || pv.spec.claimRef?.uid !== pvc.metadata.uid)
        bindVolumeToClaim(ctx, pv, pvc);
      continue;
    }
    ctx.api.mutate(pvc, (c: any) => {
      c.metadata.annotations = { ...(c.metadata.annotations ?? {}), [ANN_SELECTED_NODE]: nodeName };
    });
  }
  return false;
}
