import { labelSelectorAsSelector } from '@kubelab/apimachinery';
import { podLimits, podRequests } from '../../apis/core/pod-resources';
import { podQosClass } from '../../apis/core/qos';
import { add, one, toList, type ResourceList } from '../resources';
import type { Evaluator, ScopeRequirement } from './evaluator';

// pkg/quota/v1/evaluator/core/pods.go: a pod consumes `pods` and its requests and limits while
// it is not finished (count/pods counts it for as long as it is stored); quotas on cpu or memory
// make every container state them; scopes select pods by QoS, deadline and PriorityClass.

const POD_RESOURCES = new Set([
  'count/pods',
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
]);
const PREFIXES = ['hugepages-', 'requests.hugepages-'];

/** The legacy rule: a quota on cpu or memory requires each container to state them. */
const VALIDATION_SET = new Set([
  'cpu',
  'memory',
  'requests.cpu',
  'requests.memory',
  'limits.cpu',
  'limits.memory',
]);

/** An extended resource ("example.com/foo"): quota tracks it as requests.example.com/foo. */
const isExtended = (name: string) =>
  name.includes('/') && !name.includes('kubernetes.io/') && !name.startsWith('requests.');

/** podComputeUsageHelper: what a set of requests and limits charges. */
function computeUsage(requests: ResourceList, limits: ResourceList): ResourceList {
  const out: ResourceList = { pods: one() };
  for (const r of ['cpu', 'memory', 'ephemeral-storage']) {
    if (requests[r]) {
      out[r] = requests[r]!;
      out[`requests.${r}`] = requests[r]!;
    }
    if (limits[r]) out[`limits.${r}`] = limits[r]!;
  }
  for (const [name, v] of Object.entries(requests)) {
    if (name.startsWith('hugepages-')) {
      out[name] = v;
      out[`requests.${name}`] = v;
    }
    if (isExtended(name)) out[`requests.${name}`] = v;
  }
  return out;
}

/** QuotaV1Pod: finished pods, and pods past their deletion grace period, are not charged. */
export function isQuotaChargedPod(pod: any, now: number): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Failed' || phase === 'Succeeded') return false;
  const m = pod.metadata ?? {};
  if (m.deletionTimestamp && m.deletionGracePeriodSeconds !== undefined) {
    const end = Date.parse(m.deletionTimestamp) + m.deletionGracePeriodSeconds * 1000;
    if (now > end) return false;
  }
  return true;
}

function hasCrossNamespaceAffinity(pod: any): boolean {
  const aff = pod.spec?.affinity ?? {};
  const terms = [
    ...(aff.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
    ...(aff.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
    ...(aff.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map(
      (w: any) => w.podAffinityTerm,
    ),
    ...(aff.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map(
      (w: any) => w.podAffinityTerm,
    ),
  ];
  return terms.some((t: any) => t && (t.namespaces?.length || t.namespaceSelector));
}

function matchesPriorityClass(scope: ScopeRequirement, pod: any): boolean {
  const name = pod.spec?.priorityClassName;
  const labels: Record<string, string> = name ? { PriorityClass: name } : {};
  try {
    return labelSelectorAsSelector({
      matchExpressions: [
        { key: 'PriorityClass', operator: scope.operator, values: scope.values ?? [] },
      ],
    }).matches(labels);
  } catch {
    return false;
  }
}

export const podEvaluator: Evaluator = {
  group: '',
  kind: 'Pod',
  matchingResources(hard) {
    return hard.filter(
      (r) =>
        POD_RESOURCES.has(r) ||
        PREFIXES.some((p) => r.startsWith(p)) ||
        (r.startsWith('requests.') && isExtended(r.slice('requests.'.length))),
    );
  },
  usage(pod, now) {
    const out: ResourceList = { 'count/pods': one() };
    if (!isQuotaChargedPod(pod, now)) return out;
    return add(out, computeUsage(podRequests(pod, true), podLimits(pod, true)));
  },
  matchesScope(scope, pod) {
    switch (scope.scopeName) {
      case 'Terminating':
        return pod.spec?.activeDeadlineSeconds !== undefined && pod.spec.activeDeadlineSeconds >= 0;
      case 'NotTerminating':
        return pod.spec?.activeDeadlineSeconds === undefined;
      case 'BestEffort':
        return podQosClass(pod.spec) === 'BestEffort';
      case 'NotBestEffort':
        return podQosClass(pod.spec) !== 'BestEffort';
      case 'PriorityClass':
        return matchesPriorityClass(scope, pod);
      case 'CrossNamespacePodAffinity':
        return hasCrossNamespaceAffinity(pod);
      default:
        return false;
    }
  },
  handles: (op) => op === 'create',
  constraints(required, pod) {
    const needed = required.filter((r) => VALIDATION_SET.has(r));
    if (!needed.length) return undefined;
    const missing = new Map<string, Set<string>>();
    for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
      const has = computeUsage(toList(c.resources?.requests), toList(c.resources?.limits));
      for (const r of needed)
        if (!has[r]) {
          if (!missing.has(r)) missing.set(r, new Set());
          missing.get(r)!.add(c.name);
        }
    }
    if (!missing.size) return undefined;
    const parts = [...missing.keys()]
      .sort()
      .map((r) => `${r} for: ${[...missing.get(r)!].sort().join(',')}`);
    return `must specify ${parts.join('; ')}`;
  },
};
