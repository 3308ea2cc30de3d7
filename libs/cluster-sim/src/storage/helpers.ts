// k8s.io/component-helpers/storage/volume (helpers.go, pv_helpers.go): what the PV controller,
// the scheduler's volume binding and the kubelet all need to agree on about claims and volumes.

import { labelSelectorAsSelector, parseQuantity, type Quantity } from '@kubelab/apimachinery';
import { isDefaultStorageClass } from '../printers/storage';

export const ANN_BETA_STORAGE_CLASS = 'volume.beta.kubernetes.io/storage-class';
export const ANN_BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
export const ANN_BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
export const ANN_DYNAMICALLY_PROVISIONED = 'pv.kubernetes.io/provisioned-by';
export const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';
export const ANN_STORAGE_PROVISIONER = 'volume.kubernetes.io/storage-provisioner';
export const ANN_BETA_STORAGE_PROVISIONER = 'volume.beta.kubernetes.io/storage-provisioner';
export const ANN_STORAGE_RESIZER = 'volume.kubernetes.io/storage-resizer';
export const PVC_PROTECTION_FINALIZER = 'kubernetes.io/pvc-protection';
export const PV_PROTECTION_FINALIZER = 'kubernetes.io/pv-protection';
/** A class whose volumes only an administrator makes (local volumes). */
export const NOT_SUPPORTED_PROVISIONER = 'kubernetes.io/no-provisioner';

export interface StorageView {
  get(group: string, kind: string, namespace: string, name: string): any;
  list(group: string, kind: string, namespace?: string): any[];
}

/** GetPersistentVolumeClaimClass: the beta annotation still wins over spec.storageClassName. */
export function claimClass(pvc: any): string {
  const a = pvc.metadata?.annotations ?? {};
  if (Object.hasOwn(a, ANN_BETA_STORAGE_CLASS)) return a[ANN_BETA_STORAGE_CLASS];
  return pvc.spec?.storageClassName ?? '';
}

/** GetPersistentVolumeClass. */
export function volumeClass(pv: any): string {
  const a = pv.metadata?.annotations ?? {};
  if (Object.hasOwn(a, ANN_BETA_STORAGE_CLASS)) return a[ANN_BETA_STORAGE_CLASS];
  return pv.spec?.storageClassName ?? '';
}

/** PersistentVolumeClaimHasClass: a class was asked for, even "" (which means: no class). */
export function claimHasClass(pvc: any): boolean {
  const a = pvc.metadata?.annotations ?? {};
  return Object.hasOwn(a, ANN_BETA_STORAGE_CLASS) || pvc.spec?.storageClassName != null;
}

/** util.GetDefaultClass: the newest default class (several defaults: the newest wins, then by name). */
export function defaultStorageClass(view: StorageView): any | undefined {
  const defaults = view.list('storage.k8s.io', 'StorageClass').filter(isDefaultStorageClass);
  defaults.sort(
    (a, b) =>
      Date.parse(b.metadata.creationTimestamp) - Date.parse(a.metadata.creationTimestamp) ||
      (a.metadata.name < b.metadata.name ? -1 : 1),
  );
  return defaults[0];
}

/** IsDelayBindingMode: the claim's class binds when a pod needs it; a missing class binds at once. */
export function isDelayBindingMode(pvc: any, view: StorageView): boolean {
  const name = claimClass(pvc);
  if (!name) return false;
  const sc = view.get('storage.k8s.io', 'StorageClass', '', name);
  return sc?.volumeBindingMode === 'WaitForFirstConsumer';
}

/** IsDelayBindingProvisioning: the scheduler picked a node, provisioning may start there. */
export const isDelayBindingProvisioning = (pvc: any) =>
  !!pvc.metadata?.annotations?.[ANN_SELECTED_NODE];

export function storageRequest(pvc: any): Quantity {
  return quantity(pvc.spec?.resources?.requests?.storage);
}

export function quantity(v: unknown): Quantity {
  try {
    return parseQuantity((v ?? '0') as string);
  } catch {
    return parseQuantity('0');
  }
}

/** CheckAccessModes: the volume offers every mode the claim asks for. */
export function checkAccessModes(pvc: any, pv: any): boolean {
  const offered = new Set<string>(pv.spec?.accessModes ?? []);
  return (pvc.spec?.accessModes ?? []).every((m: string) => offered.has(m));
}

/** CheckVolumeModeMismatches (both default to Filesystem). */
export function volumeModeMismatch(pvc: any, pv: any): boolean {
  return (pvc.spec?.volumeMode ?? 'Filesystem') !== (pv.spec?.volumeMode ?? 'Filesystem');
}

/** IsVolumeBoundToClaim: the PV's claimRef names this claim (and its uid, once set). */
export function isVolumeBoundToClaim(pv: any, pvc: any): boolean {
  const ref = pv.spec?.claimRef;
  if (!ref) return false;
  if (ref.name !== pvc.metadata.name || ref.namespace !== pvc.metadata.namespace) return false;
  return !ref.uid || ref.uid === pvc.metadata.uid;
}

/** One NodeSelectorRequirement against a node's labels (or its name, for matchFields). */
function requirementMatches(r: any, value: string | undefined): boolean {
  const has = value !== undefined;
  const values: string[] = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return has && values.includes(value);
    case 'NotIn':
      return !has || !values.includes(value);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      const n = Number(value);
      const target = Number(values[0]);
      if (!has || Number.isNaN(n) || Number.isNaN(target)) return false;
      return r.operator === 'Gt' ? n > target : n < target;
    }
    default:
      return false;
  }
}

/** v1helper.MatchNodeSelectorTerms: terms are ORed, a term's requirements ANDed; an empty term matches nothing. */
export function nodeSelectorTermsMatch(terms: any[], node: any): boolean {
  const labels = node.metadata?.labels ?? {};
  return terms.some((t: any) => {
    const exprs = t.matchExpressions ?? [];
    const fields = t.matchFields ?? [];
    if (!exprs.length && !fields.length) return false;
    return (
      exprs.every((r: any) => requirementMatches(r, labels[r.key])) &&
      fields.every(
        (r: any) => r.key === 'metadata.name' && requirementMatches(r, node.metadata?.name),
      )
    );
  });
}

/** CheckNodeAffinity: a PV without node affinity is reachable from every node. */
export function volumeFitsNode(pv: any, node: any): boolean {
  const terms = pv.spec?.nodeAffinity?.required?.nodeSelectorTerms;
  if (!terms) return true;
  return nodeSelectorTermsMatch(terms, node);
}

function selectorMatches(pvc: any, pv: any): boolean {
  if (!pvc.spec?.selector) return true;
  try {
    return labelSelectorAsSelector(pvc.spec.selector).matches(pv.metadata.labels ?? {});
  } catch {
    return false;
  }
}

/**
 * FindMatchingVolume: a volume pre-bound to the claim if there is one, otherwise the smallest
 * Available volume of the claim's class that is big enough (and, on the scheduler's path,
 * reachable from `node` and offering the claim's access modes).
 */
export function findMatchingVolume(
  pvc: any,
  volumes: any[],
  node: any | undefined,
  delayBinding: boolean,
  excluded: Set<string> = new Set(),
): any | undefined {
  const requested = storageRequest(pvc);
  const cls = claimClass(pvc);
  let smallest: any | undefined;
  let smallestQty: Quantity | undefined;
  for (const pv of volumes) {
    if (excluded.has(pv.metadata.name)) continue;
    if (pv.spec?.claimRef && !isVolumeBoundToClaim(pv, pvc)) continue;
    const qty = quantity(pv.spec?.capacity?.storage);
    if (qty.cmp(requested) < 0) continue;
    if (volumeModeMismatch(pvc, pv)) continue;
    if (pv.metadata.deletionTimestamp) continue;
    const affinityOk = node ? volumeFitsNode(pv, node) : true;
    if (isVolumeBoundToClaim(pv, pvc)) return affinityOk ? pv : undefined;
    if (!node && delayBinding) continue;
    if (pv.status?.phase !== 'Available') continue;
    if (!selectorMatches(pvc, pv)) continue;
    if (volumeClass(pv) !== cls) continue;
    if (!affinityOk) continue;
    if (node && !checkAccessModes(pvc, pv)) continue;
    if (!smallest || smallestQty!.cmp(qty) > 0) {
      smallest = pv;
      smallestQty = qty;
    }
  }
  return smallest;
}

/**
 * persistentVolumeOrderedIndex.findBestMatchForClaim (the PV controller's path): volumes are
 * grouped by their access modes, and the groups offering the fewest modes that still cover the
 * claim's are searched first.
 */
export function findBestMatchForClaim(pvc: any, volumes: any[], delayBinding: boolean): any {
  const groups = new Map<string, any[]>();
  for (const pv of volumes) {
    const key = [...new Set<string>(pv.spec?.accessModes ?? [])].sort().join(',');
    const list = groups.get(key) ?? [];
    list.push(pv);
    groups.set(key, list);
  }
  const wanted: string[] = pvc.spec?.accessModes ?? [];
  const candidates = [...groups.entries()]
    .filter(([key]) => {
      const modes = new Set(key.split(','));
      return wanted.every((m) => modes.has(m));
    })
    .sort((a, b) => a[0].split(',').length - b[0].split(',').length);
  for (const [, list] of candidates) {
    const pv = findMatchingVolume(pvc, list, undefined, delayBinding);
    if (pv) return pv;
  }
  return undefined;
}

/** The claims a pod's volumes name (persistentVolumeClaim and generic ephemeral volumes). */
export function podClaimNames(pod: any): { volume: string; claim: string; readOnly: boolean }[] {
  const out: { volume: string; claim: string; readOnly: boolean }[] = [];
  for (const v of pod.spec?.volumes ?? []) {
    if (v.persistentVolumeClaim?.claimName)
      out.push({
        volume: v.name,
        claim: v.persistentVolumeClaim.claimName,
        readOnly: !!v.persistentVolumeClaim.readOnly,
      });
    else if (v.ephemeral)
      out.push({ volume: v.name, claim: `${pod.metadata.name}-${v.name}`, readOnly: false });
  }
  return out;
}

/** Pods that reference the claim by name (any phase). */
export function podsUsingClaim(view: StorageView, pvc: any): any[] {
  return view
    .list('', 'Pod', pvc.metadata.namespace)
    .filter((p) => podClaimNames(p).some((c) => c.claim === pvc.metadata.name));
}

/** util.IsPodTerminated: a finished pod no longer needs its volumes. */
export function isPodTerminated(pod: any): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Failed' || phase === 'Succeeded') return true;
  if (!pod.metadata.deletionTimestamp) return false;
  return (pod.status?.containerStatuses ?? []).every((s: any) => !s.state?.running);
}
