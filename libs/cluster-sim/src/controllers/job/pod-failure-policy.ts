// pkg/controller/job/pod_failure_policy.go: which rule a failed pod matches, and what it means
// (fail the Job with a message, fail its index, ignore the failure, or count it).

export type PodFailureAction = 'FailJob' | 'FailIndex' | 'Ignore' | 'Count';

export interface PodFailureMatch {
  /** The Job failure message of a FailJob rule. */
  failJobMessage?: string;
  /** Whether the failure counts towards backoffLimit (and backoffLimitPerIndex). */
  countFailed: boolean;
  action?: PodFailureAction;
}

function matchingTerminated(statuses: any[] | undefined, req: any): any | undefined {
  for (const cs of statuses ?? []) {
    const t = cs.state?.terminated;
    // A container still terminating has no exit code to match.
    if (!t) continue;
    if (req.containerName !== undefined && req.containerName !== cs.name) continue;
    if (t.exitCode === 0) continue;
    const listed = (req.values ?? []).includes(t.exitCode);
    if (req.operator === 'In' ? listed : req.operator === 'NotIn' ? !listed : false) return cs;
  }
  return undefined;
}

export function matchPodFailurePolicy(policy: any, pod: any): PodFailureMatch {
  if (!policy) return { countFailed: true };
  const rules: any[] = policy.rules ?? [];
  for (let index = 0; index < rules.length; index++) {
    const rule = rules[index];
    let what: string | undefined;
    if (rule.onExitCodes) {
      const cs =
        matchingTerminated(pod.status?.containerStatuses, rule.onExitCodes) ??
        matchingTerminated(pod.status?.initContainerStatuses, rule.onExitCodes);
      if (!cs) continue;
      what = `Container ${cs.name} for pod ${pod.metadata.namespace}/${pod.metadata.name} failed with exit code ${cs.state.terminated.exitCode} matching FailJob rule at index ${index}`;
    } else if (rule.onPodConditions) {
      const cond = (pod.status?.conditions ?? []).find((c: any) =>
        rule.onPodConditions.some(
          (p: any) => p.type === c.type && (p.status ?? 'True') === c.status,
        ),
      );
      if (!cond) continue;
      what = `Pod ${pod.metadata.namespace}/${pod.metadata.name} has condition ${cond.type} matching FailJob rule at index ${index}`;
    } else continue;
    switch (rule.action) {
      case 'Ignore':
        return { countFailed: false, action: 'Ignore' };
      case 'FailIndex':
        return { countFailed: true, action: 'FailIndex' };
      case 'Count':
        return { countFailed: true, action: 'Count' };
      case 'FailJob':
        return { countFailed: true, action: 'FailJob', failJobMessage: what };
    }
  }
  return { countFailed: true };
}
