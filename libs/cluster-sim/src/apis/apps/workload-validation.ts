import {
  GoValue,
  goStringMap,
  invalid,
  labelSelectorAsSelector,
  notSupported,
  required,
  type FieldError,
} from '@kubelab/apimachinery';
import { validatePodSpec } from '../core/pod-spec-validation';

// Shared by Deployment, ReplicaSet (and part 2's StatefulSet, DaemonSet): the selector/template
// rules of pkg/apis/apps/validation.

/** How Go prints a metav1.LabelSelector value in an error (%#v). */
export function goLabelSelector(s: any): GoValue {
  const ml = goStringMap(s?.matchLabels);
  const me = s?.matchExpressions?.length
    ? `[]v1.LabelSelectorRequirement{${s.matchExpressions
        .map(
          (e: any) =>
            `v1.LabelSelectorRequirement{Key:${JSON.stringify(e.key)}, Operator:${JSON.stringify(e.operator)}, Values:${e.values ? `[]string{${e.values.map((v: string) => JSON.stringify(v)).join(', ')}}` : '[]string(nil)'}}`,
        )
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return new GoValue(`v1.LabelSelector{MatchLabels:${ml.text}, MatchExpressions:${me}}`);
}

export function validateNonNegative(v: unknown, field: string): FieldError[] {
  return typeof v === 'number' && v < 0
    ? [invalid(field, v, 'must be greater than or equal to 0')]
    : [];
}

/** Selector present, non-empty, valid, and matching the template's labels; template valid. */
export function validateSelectorAndTemplate(
  spec: any,
  kindLabel: string,
  restartPolicies = ['Always'],
): FieldError[] {
  const errs: FieldError[] = [];
  let selector:
    { matches(l: Record<string, string> | undefined): boolean; empty(): boolean } | undefined;
  if (!spec.selector) {
    errs.push(required('spec.selector'));
  } else {
    const n =
      Object.keys(spec.selector.matchLabels ?? {}).length +
      (spec.selector.matchExpressions ?? []).length;
    if (n === 0)
      errs.push(
        invalid(
          'spec.selector',
          goLabelSelector(spec.selector),
          `empty selector is invalid for ${kindLabel}`,
        ),
      );
    try {
      selector = labelSelectorAsSelector(spec.selector);
    } catch (e) {
      errs.push(
        invalid(
          'spec.selector',
          goLabelSelector(spec.selector),
          (e as Error).message || 'invalid label selector',
        ),
      );
    }
  }
  const labels = spec.template?.metadata?.labels;
  // A missing selector selects nothing, so no template can match it (as in Go).
  if (!spec.selector || (selector && !selector.empty())) {
    if (!selector || !selector.matches(labels ?? {})) {
      errs.push(
        invalid(
          'spec.template.metadata.labels',
          goStringMap(labels),
          '`selector` does not match template `labels`',
        ),
      );
    }
  }
  if (!spec.template) errs.push(required('spec.template'));
  else {
    errs.push(...validatePodSpec(spec.template.spec, 'spec.template.spec'));
    const rp = spec.template.spec?.restartPolicy;
    if (rp !== undefined && !restartPolicies.includes(rp))
      errs.push(notSupported('spec.template.spec.restartPolicy', rp, restartPolicies));
    if (spec.template.spec?.activeDeadlineSeconds !== undefined)
      errs.push(
        invalid(
          'spec.template.spec.activeDeadlineSeconds',
          spec.template.spec.activeDeadlineSeconds,
          'activeDeadlineSeconds in ReplicaSet is not Supported',
        ),
      );
  }
  return errs;
}

export function validateSelectorImmutable(spec: any, old: any): FieldError[] {
  return JSON.stringify(spec?.selector ?? null) === JSON.stringify(old?.selector ?? null)
    ? []
    : [invalid('spec.selector', goLabelSelector(spec?.selector), 'field is immutable')];
}
