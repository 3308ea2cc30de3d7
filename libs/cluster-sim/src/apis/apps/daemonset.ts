import {
  GoValue,
  forbidden,
  goStringMap,
  invalid,
  isQualifiedName,
  isValidLabelValue,
  labelSelectorAsSelector,
  notSupported,
  required,
  type FieldError,
} from '@kubelab/apimachinery';
import { jsonEqual } from '../../util/equal';
import { ALL_VERBS, type ResourceType } from '../../registry/resource-type';
import { defaultPodTemplate } from '../core/pod-spec-defaults';
import { validatePodSpec } from '../core/pod-spec-validation';
import { isPercent } from './intstr';
import { goLabelSelector, validateNonNegative } from './workload-validation';

// pkg/registry/apps/daemonset/strategy.go with the apps/v1 defaults (SetDefaults_DaemonSet) and
// pkg/apis/apps/validation (ValidateDaemonSet, ValidateDaemonSetUpdate) of 1.32.

/**
 * apps/v1 has no spec.templateGeneration: the internal field travels in this annotation, which
 * the strategy owns (set to 1 on create, bumped with every template change).
 */
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

export function templateGenerationOf(ds: any): number {
  const v = Number(ds.metadata?.annotations?.[TEMPLATE_GENERATION_ANNOTATION]);
  return Number.isInteger(v) ? v : 0;
}

function setTemplateGeneration(ds: any, generation: number): void {
  ds.metadata.annotations = {
    ...(ds.metadata.annotations ?? {}),
    [TEMPLATE_GENERATION_ANNOTATION]: String(generation),
  };
}

export function defaultDaemonSet(ds: any): void {
  const spec = (ds.spec ??= {});
  const us = (spec.updateStrategy ??= {});
  us.type ||= 'RollingUpdate';
  if (us.type === 'RollingUpdate') {
    us.rollingUpdate ??= {};
    us.rollingUpdate.maxUnavailable ??= 1;
    us.rollingUpdate.maxSurge ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
  defaultPodTemplate(spec.template);
}

/** How Go prints an intstr.IntOrString value (%#v: it has no value-receiver String method). */
export function goIntOrString(v: number | string): GoValue {
  return typeof v === 'number'
    ? new GoValue(`intstr.IntOrString{Type:0, IntVal:${v}, StrVal:""}`)
    : new GoValue(`intstr.IntOrString{Type:1, IntVal:0, StrVal:${JSON.stringify(v)}}`);
}

const intOrPercentValue = (v: unknown): number =>
  typeof v === 'number' ? v : isPercent(v) ? parseInt(v, 10) : 0;

function validatePositiveIntOrPercent(v: unknown, field: string): FieldError[] {
  if (v === undefined || v === null) return [];
  if (typeof v === 'number') return validateNonNegative(v, field);
  if (!isPercent(v))
    return [
      invalid(
        field,
        goIntOrString(String(v)),
        "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      ),
    ];
  return parseInt(v, 10) > 100
    ? [invalid(field, goIntOrString(v), 'must not be greater than 100%')]
    : [];
}

function validateUpdateStrategy(us: any): FieldError[] {
  const f = 'spec.updateStrategy';
  if (us?.type === 'OnDelete') return [];
  if (us?.type === 'RollingUpdate') {
    const ru = us.rollingUpdate;
    if (!ru) return [required(`${f}.rollingUpdate`)];
    const errs = [
      ...validatePositiveIntOrPercent(ru.maxUnavailable, `${f}.rollingUpdate.maxUnavailable`),
      ...validatePositiveIntOrPercent(ru.maxSurge, `${f}.rollingUpdate.maxSurge`),
    ];
    const hasUnavailable = intOrPercentValue(ru.maxUnavailable) !== 0;
    const hasSurge = intOrPercentValue(ru.maxSurge) !== 0;
    if (hasUnavailable && hasSurge)
      errs.push(
        invalid(
          `${f}.rollingUpdate.maxSurge`,
          goIntOrString(ru.maxSurge),
          'may not be set when maxUnavailable is non-zero',
        ),
      );
    else if (!hasUnavailable && !hasSurge)
      errs.push(required(`${f}.rollingUpdate.maxUnavailable`, 'cannot be 0 when maxSurge is 0'));
    return errs;
  }
  const ru = us?.rollingUpdate
    ? '(*apps.RollingUpdateDaemonSet)(0xc000a1e2c0)'
    : '(*apps.RollingUpdateDaemonSet)(nil)';
  return [
    notSupported(
      f,
      new GoValue(
        `apps.DaemonSetUpdateStrategy{Type:${JSON.stringify(us?.type ?? '')}, RollingUpdate:${ru}}`,
      ),
      ['RollingUpdate', 'OnDelete'],
    ),
  ];
}

/** ValidatePodTemplateSpec's metadata checks: template labels and annotations. */
function validateTemplateMeta(meta: any): FieldError[] {
  const errs: FieldError[] = [];
  const f = 'spec.template.metadata.labels';
  for (const [k, v] of Object.entries(meta?.labels ?? {})) {
    for (const p of isQualifiedName(k)) errs.push(invalid(f, k, p));
    for (const p of isValidLabelValue(String(v))) errs.push(invalid(f, v, p));
  }
  for (const k of Object.keys(meta?.annotations ?? {}))
    for (const p of isQualifiedName(k.toLowerCase()))
      errs.push(invalid('spec.template.metadata.annotations', k, p));
  return errs;
}

function validateSpec(spec: any): FieldError[] {
  const errs: FieldError[] = [];
  let selector: ReturnType<typeof labelSelectorAsSelector> | undefined;
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
  // A missing selector selects nothing, so no template matches it.
  const labels = spec.template?.metadata?.labels;
  if (selector && (!spec.selector || !selector.matches(labels ?? {})))
    errs.push(
      invalid(
        'spec.template.metadata.labels',
        goStringMap(labels),
        '`selector` does not match template `labels`',
      ),
    );
  if (
    spec.selector &&
    Object.keys(spec.selector.matchLabels ?? {}).length +
      (spec.selector.matchExpressions ?? []).length ===
      0
  )
    errs.push(
      invalid(
        'spec.selector',
        goLabelSelector(spec.selector),
        'empty selector is invalid for daemonset',
      ),
    );
  if (!spec.template) errs.push(required('spec.template'));
  else {
    errs.push(...validateTemplateMeta(spec.template.metadata));
    errs.push(...validatePodSpec(spec.template.spec, 'spec.template.spec'));
  }
  const rp = spec.template?.spec?.restartPolicy ?? '';
  if (rp !== 'Always') errs.push(notSupported('spec.template.spec.restartPolicy', rp, ['Always']));
  if (spec.template?.spec?.activeDeadlineSeconds !== undefined)
    errs.push(
      forbidden(
        'spec.template.spec.activeDeadlineSeconds',
        'activeDeadlineSeconds in DaemonSet is not Supported',
      ),
    );
  errs.push(...validateNonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...validateUpdateStrategy(spec.updateStrategy));
  errs.push(...validateNonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  return errs;
}

export const daemonSetType: ResourceType = {
  group: 'apps',
  version: 'v1',
  kind: 'DaemonSet',
  plural: 'daemonsets',
  singular: 'daemonset',
  shortNames: ['ds'],
  namespaced: true,
  verbs: ALL_VERBS,
  categories: ['all'],
  hasStatus: true,
  generation: 'spec',
  subresources: [{ name: 'status', verbs: ['get', 'patch', 'update'] }],
  strategy: {
    defaults: defaultDaemonSet,
    prepareForCreate(ds) {
      // The four counts of DaemonSetStatus are not omitempty.
      ds.status = {
        currentNumberScheduled: 0,
        numberMisscheduled: 0,
        desiredNumberScheduled: 0,
        numberReady: 0,
      };
      setTemplateGeneration(ds, Math.max(1, templateGenerationOf(ds)));
    },
    prepareForUpdate(ds, old) {
      // Clients may not set the template generation; a template change bumps it.
      const changed = !jsonEqual(ds.spec?.template, old.spec?.template);
      setTemplateGeneration(ds, Math.max(1, templateGenerationOf(old)) + (changed ? 1 : 0));
    },
    validate: (ds) => validateSpec(ds.spec ?? {}),
    validateUpdate(ds, old) {
      const errs = validateSpec(ds.spec ?? {});
      if (JSON.stringify(ds.spec?.selector ?? null) !== JSON.stringify(old.spec?.selector ?? null))
        errs.push(
          invalid('spec.selector', goLabelSelector(ds.spec?.selector), 'field is immutable'),
        );
      return errs;
    },
  },
};
