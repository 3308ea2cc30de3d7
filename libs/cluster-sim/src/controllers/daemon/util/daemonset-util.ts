import { deepClone } from '@kubelab/apimachinery';
import { nodeMatchesTerms, tolerates } from '../../../scheduler/plugins/filters';
import { CONTROLLER_REVISION_HASH_LABEL } from '../../history/controller-history';

// pkg/controller/daemon/util/daemonset_util.go and the predicates of daemon_controller.go
// (NodeShouldRunDaemonPod): which nodes a DaemonSet's pods belong on, the tolerations every
// daemon pod gets, and the node affinity that pins a pod to its node.

export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';

/** AddOrUpdateDaemonPodTolerations: daemons survive node conditions other pods are evicted for. */
const DAEMON_TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];
const HOST_NETWORK_TOLERATION = {
  key: 'node.kubernetes.io/network-unavailable',
  operator: 'Exists',
  effect: 'NoSchedule',
};

/** AddOrUpdateTolerationInPodSpec: an identical toleration is replaced, a new one appended. */
function addOrUpdateToleration(spec: any, t: any): void {
  const list: any[] = (spec.tolerations ??= []);
  const same = (x: any) =>
    (x.key ?? '') === t.key &&
    (x.operator ?? 'Equal') === t.operator &&
    (x.value ?? '') === '' &&
    (x.effect ?? '') === t.effect;
  const i = list.findIndex(same);
  if (i >= 0) list[i] = { ...t };
  else list.push({ ...t });
}

export function addDaemonPodTolerations(spec: any): void {
  for (const t of DAEMON_TOLERATIONS) addOrUpdateToleration(spec, t);
  if (spec.hostNetwork) addOrUpdateToleration(spec, HOST_NETWORK_TOLERATION);
}

/** CreatePodTemplate: the DaemonSet's template with the daemon tolerations and revision labels. */
export function createPodTemplate(template: any, generation: number, hash: string): any {
  const t = deepClone(template ?? {});
  t.metadata ??= {};
  t.spec ??= {};
  addDaemonPodTolerations(t.spec);
  t.metadata.labels = {
    ...(t.metadata.labels ?? {}),
    [TEMPLATE_GENERATION_LABEL]: String(generation),
    [CONTROLLER_REVISION_HASH_LABEL]: hash,
  };
  return t;
}

/**
 * ReplaceDaemonSetPodNodeNameNodeAffinity: the pod's required node affinity becomes exactly
 * `metadata.name In [node]`, so the default scheduler can only bind it there.
 */
export function pinToNode(spec: any, nodeName: string): void {
  const term = {
    matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }],
  };
  spec.affinity ??= {};
  spec.affinity.nodeAffinity ??= {};
  spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = {
    nodeSelectorTerms: [term],
  };
}

/** GetTargetNodeName: the node a daemon pod is bound to, or the one its affinity names. */
export function targetNodeName(pod: any): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms =
    pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
      ?.nodeSelectorTerms ?? [];
  for (const t of terms)
    for (const f of t.matchFields ?? [])
      if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1)
        return f.values[0];
  return undefined;
}

/**
 * NodeShouldRunDaemonPod: whether a daemon pod should be placed on the node, and whether one
 * already there may stay (it may while it tolerates the node's NoExecute taints).
 */
export function nodeShouldRunDaemonPod(
  node: any,
  ds: any,
): { shouldRun: boolean; shouldContinueRunning: boolean } {
  const spec = deepClone(ds.spec?.template?.spec ?? {});
  addDaemonPodTolerations(spec);
  const name = node.metadata.name;
  if (spec.nodeName && spec.nodeName !== name)
    return { shouldRun: false, shouldContinueRunning: false };
  // nodeaffinity.GetRequiredNodeAffinity(pod).Match(node): nodeSelector and required terms.
  const labels = node.metadata.labels ?? {};
  const selectorOk = Object.entries(spec.nodeSelector ?? {}).every(([k, v]) => labels[k] === v);
  const terms =
    spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  const affinityOk = !terms?.length || nodeMatchesTerms(terms, node);
  if (!selectorOk || !affinityOk) return { shouldRun: false, shouldContinueRunning: false };
  const taints: any[] = node.spec?.taints ?? [];
  const untolerated = (effects: string[]) =>
    taints.some((t) => effects.includes(t.effect) && !tolerates(spec.tolerations, t));
  if (untolerated(['NoSchedule', 'NoExecute']))
    return { shouldRun: false, shouldContinueRunning: !untolerated(['NoExecute']) };
  return { shouldRun: true, shouldContinueRunning: true };
}

/** IsPodUpdated: the pod carries the current revision's hash or template generation. */
export function isPodUpdated(pod: any, hash: string, templateGeneration: number): boolean {
  const labels = pod.metadata?.labels ?? {};
  return (
    (!!hash && labels[CONTROLLER_REVISION_HASH_LABEL] === hash) ||
    labels[TEMPLATE_GENERATION_LABEL] === String(templateGeneration)
  );
}
