import {
  FieldError,
  GoValue,
  duplicate,
  goStringMap,
  invalid,
  isDNS1123Label,
  isQualifiedName,
  isValidLabelValue,
  labelSelectorAsSelector,
  notSupported,
  required,
  tooMany,
  type FieldErrorType,
} from '@kubelab/apimachinery';
import { jsonEqual } from '../../util/equal';
import { goLabelSelector, validateNonNegative } from '../apps/workload-validation';
import { validatePodSpec } from '../core/pod-spec-validation';
import { goPodTemplateSpec } from './go-pod-template';

// pkg/apis/batch/validation/validation.go (Kubernetes 1.32): Job and job template specs, pod
// failure and success policies, and the generated selector, with their field paths and texts.

export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
export const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const LEGACY_JOB_NAME_LABEL = 'job-name';
export const LEGACY_CONTROLLER_UID_LABEL = 'controller-uid';

const MAX_PARALLELISM_INDEXED = 100_000;
const MAX_FAILED_INDEXES = 100_000;
const COMPLETIONS_SOFT_LIMIT = 100_000;
const PARALLELISM_LIMIT_HIGH_COMPLETIONS = 10_000;
const MAX_FAILED_INDEXES_HIGH_COMPLETIONS = 10_000;
const MAX_POD_FAILURE_POLICY_RULES = 20;
const MAX_ON_EXIT_CODES_VALUES = 255;
const MAX_ON_POD_CONDITIONS_PATTERNS = 20;
const MAX_MANAGED_BY_LENGTH = 63;
const MAX_SUCCESS_POLICY_RULES = 20;
const MAX_SUCCEEDED_INDEXES_LENGTH = 64 * 1024;

const POD_FAILURE_ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'];
const ON_EXIT_CODES_OPERATORS = ['In', 'NotIn'];
const CONDITION_STATUSES = ['False', 'True', 'Unknown'];
const POD_REPLACEMENT_POLICIES = ['Failed', 'TerminatingOrFailed'];

/** An error whose value Go leaves out (field.OmitValueType): "Invalid value: <detail>". */
const invalidOmitValue = (field: string, detail: string) =>
  new FieldError('FieldValueInvalid' as FieldErrorType, field, undefined, detail);

const goList = (type: string, v: unknown[] | undefined) =>
  new GoValue(v ? `[]${type}{${v.join(', ')}}` : `[]${type}(nil)`);

/** Parses "1,3-5" as validateIndexesFormat does: the number of indexes, or its error text. */
export function validateIndexesFormat(
  indexes: string,
  completions: number,
): { total: number; error?: string } {
  if (!indexes) return { total: 0 };
  let last: number | undefined;
  let total = 0;
  const int = (s: string) => (/^[+-]?\d+$/.test(s) ? Number(s) : undefined);
  for (const part of indexes.split(',')) {
    const limits = part.split('-');
    if (limits.length > 2)
      return {
        total: 0,
        error: `the fragment ${JSON.stringify(part)} violates the requirement that an index interval can have at most two parts separated by '-'`,
      };
    const x = int(limits[0]!);
    if (x === undefined)
      return {
        total: 0,
        error: `cannot convert string to integer for index: ${JSON.stringify(limits[0])}`,
      };
    if (x >= completions)
      return { total: 0, error: `too large index: ${JSON.stringify(limits[0])}` };
    if (last !== undefined && last >= x)
      return { total: 0, error: `non-increasing order, previous: ${last}, current: ${x}` };
    total++;
    last = x;
    if (limits.length > 1) {
      const y = int(limits[1]!);
      if (y === undefined)
        return {
          total: 0,
          error: `cannot convert string to integer for index: ${JSON.stringify(limits[1])}`,
        };
      if (y >= completions)
        return { total: 0, error: `too large index: ${JSON.stringify(limits[1])}` };
      if (last >= y)
        return { total: 0, error: `non-increasing order, previous: ${last}, current: ${y}` };
      total += y - x;
      last = y;
    }
  }
  return { total };
}

function validatePodFailurePolicy(spec: any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const rules: any[] = spec.podFailurePolicy?.rules ?? [];
  if (rules.length > MAX_POD_FAILURE_POLICY_RULES)
    errs.push(tooMany(`${path}.rules`, rules.length, MAX_POD_FAILURE_POLICY_RULES));
  const containers = new Set<string>(
    [
      ...(spec.template?.spec?.containers ?? []),
      ...(spec.template?.spec?.initContainers ?? []),
    ].map((c: any) => c.name),
  );
  rules.forEach((rule, i) => {
    const rp = `${path}.rules[${i}]`;
    if (!rule.action)
      errs.push(
        required(
          `${rp}.action`,
          `valid values: [${POD_FAILURE_ACTIONS.map((a) => JSON.stringify(a)).join(' ')}]`,
        ),
      );
    else if (rule.action === 'FailIndex') {
      if (spec.backoffLimitPerIndex === undefined || spec.backoffLimitPerIndex === null)
        errs.push(
          invalid(`${rp}.action`, rule.action, 'requires the backoffLimitPerIndex to be set'),
        );
    } else if (!POD_FAILURE_ACTIONS.includes(rule.action))
      errs.push(notSupported(`${rp}.action`, rule.action, POD_FAILURE_ACTIONS));
    const onExit = rule.onExitCodes;
    if (onExit) {
      const ep = `${rp}.onExitCodes`;
      if (!onExit.operator)
        errs.push(
          required(
            `${ep}.operator`,
            `valid values: [${ON_EXIT_CODES_OPERATORS.map((a) => JSON.stringify(a)).join(' ')}]`,
          ),
        );
      else if (!ON_EXIT_CODES_OPERATORS.includes(onExit.operator))
        errs.push(notSupported(`${ep}.operator`, onExit.operator, ON_EXIT_CODES_OPERATORS));
      if (onExit.containerName !== undefined && !containers.has(onExit.containerName))
        errs.push(
          invalid(
            `${ep}.containerName`,
            onExit.containerName,
            'must be one of the container or initContainer names in the pod template',
          ),
        );
      const values: number[] = onExit.values ?? [];
      if (!values.length)
        errs.push(
          invalid(`${ep}.values`, goList('int32', onExit.values), 'at least one value is required'),
        );
      else if (values.length > MAX_ON_EXIT_CODES_VALUES)
        errs.push(tooMany(`${ep}.values`, values.length, MAX_ON_EXIT_CODES_VALUES));
      const seen = new Set<number>();
      let ordered = true;
      values.forEach((v, j) => {
        if (onExit.operator === 'In' && v === 0)
          errs.push(invalid(`${ep}.values[${j}]`, v, 'must not be 0 for the In operator'));
        if (seen.has(v)) errs.push(duplicate(`${ep}.values[${j}]`, v));
        else seen.add(v);
        if (j > 0 && values[j - 1]! > v) ordered = false;
      });
      if (!ordered) errs.push(invalid(`${ep}.values`, goList('int32', values), 'must be ordered'));
    }
    const onConds: any[] = rule.onPodConditions ?? [];
    if (onConds.length) {
      const cp = `${rp}.onPodConditions`;
      if (onConds.length > MAX_ON_POD_CONDITIONS_PATTERNS)
        errs.push(tooMany(cp, onConds.length, MAX_ON_POD_CONDITIONS_PATTERNS));
      onConds.forEach((p, j) => {
        for (const m of isQualifiedName(p.type ?? ''))
          errs.push(invalid(`${cp}[${j}].type`, p.type ?? '', m));
        if (!p.status)
          errs.push(
            required(
              `${cp}[${j}].status`,
              `valid values: [${CONDITION_STATUSES.map((a) => JSON.stringify(a)).join(' ')}]`,
            ),
          );
        else if (!CONDITION_STATUSES.includes(p.status))
          errs.push(notSupported(`${cp}[${j}].status`, p.status, CONDITION_STATUSES));
      });
    }
    if (onExit && onConds.length)
      errs.push(
        invalidOmitValue(rp, 'specifying both OnExitCodes and OnPodConditions is not supported'),
      );
    if (!onExit && !onConds.length)
      errs.push(
        invalidOmitValue(rp, 'specifying one of OnExitCodes and OnPodConditions is required'),
      );
  });
  return errs;
}

function validateSuccessPolicy(spec: any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const rules: any[] = spec.successPolicy?.rules ?? [];
  if (!rules.length)
    errs.push(
      required(
        `${path}.rules`,
        'at least one rules must be specified when the successPolicy is specified',
      ),
    );
  if (rules.length > MAX_SUCCESS_POLICY_RULES)
    errs.push(tooMany(`${path}.rules`, rules.length, MAX_SUCCESS_POLICY_RULES));
  rules.forEach((rule, i) => {
    const rp = `${path}.rules[${i}]`;
    if (rule.succeededCount === undefined && rule.succeededIndexes === undefined)
      errs.push(
        required(rp, 'at least one of succeededCount or succeededIndexes must be specified'),
      );
    let total = 0;
    if (rule.succeededIndexes !== undefined) {
      const ip = `${rp}.succeededIndexes`;
      if (String(rule.succeededIndexes).length > MAX_SUCCEEDED_INDEXES_LENGTH)
        errs.push(
          new FieldError(
            'FieldValueTooLong',
            ip,
            undefined,
            `may not be more than ${MAX_SUCCEEDED_INDEXES_LENGTH} bytes`,
          ),
        );
      const r = validateIndexesFormat(rule.succeededIndexes, spec.completions ?? 0);
      if (r.error)
        errs.push(invalid(ip, rule.succeededIndexes, `error parsing succeededIndexes: ${r.error}`));
      total = r.total;
    }
    if (rule.succeededCount !== undefined) {
      const cp = `${rp}.succeededCount`;
      errs.push(...validateNonNegative(rule.succeededCount, cp));
      if (rule.succeededCount > (spec.completions ?? 0))
        errs.push(
          invalid(
            cp,
            rule.succeededCount,
            `must be less than or equal to ${spec.completions ?? 0} (the number of specified completions)`,
          ),
        );
      if (rule.succeededIndexes !== undefined && rule.succeededCount > total)
        errs.push(
          invalid(
            cp,
            rule.succeededCount,
            `must be less than or equal to ${total} (the number of indexes in the specified succeededIndexes field)`,
          ),
        );
    }
  });
  return errs;
}

const isSet = (v: unknown) => v !== undefined && v !== null;

/** validateJobSpec: everything but the selector (shared by Jobs and CronJobs' job templates). */
export function validateJobSpecFields(spec: any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...validateNonNegative(spec.parallelism, `${path}.parallelism`));
  errs.push(...validateNonNegative(spec.completions, `${path}.completions`));
  errs.push(...validateNonNegative(spec.activeDeadlineSeconds, `${path}.activeDeadlineSeconds`));
  errs.push(...validateNonNegative(spec.backoffLimit, `${path}.backoffLimit`));
  errs.push(
    ...validateNonNegative(spec.ttlSecondsAfterFinished, `${path}.ttlSecondsAfterFinished`),
  );
  errs.push(...validateNonNegative(spec.backoffLimitPerIndex, `${path}.backoffLimitPerIndex`));
  if (isSet(spec.maxFailedIndexes)) {
    errs.push(...validateNonNegative(spec.maxFailedIndexes, `${path}.maxFailedIndexes`));
    if (!isSet(spec.backoffLimitPerIndex))
      errs.push(required(`${path}.backoffLimitPerIndex`, 'when maxFailedIndexes is specified'));
  }
  if (isSet(spec.managedBy)) {
    const mb = String(spec.managedBy);
    if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/.+$/i.test(mb) || mb.split('/')[0]!.includes('..'))
      errs.push(
        invalid(`${path}.managedBy`, mb, 'must be a domain-prefixed path (such as "acme.io/foo")'),
      );
    if (mb.length > MAX_MANAGED_BY_LENGTH)
      errs.push(
        new FieldError(
          'FieldValueTooLong',
          `${path}.managedBy`,
          undefined,
          `may not be more than ${MAX_MANAGED_BY_LENGTH} bytes`,
        ),
      );
  }
  const mode = spec.completionMode;
  if (isSet(mode)) {
    if (mode !== 'NonIndexed' && mode !== 'Indexed')
      errs.push(notSupported(`${path}.completionMode`, mode, ['NonIndexed', 'Indexed']));
    if (mode === 'Indexed') {
      if (!isSet(spec.completions))
        errs.push(required(`${path}.completions`, 'when completion mode is Indexed'));
      if (isSet(spec.parallelism) && spec.parallelism > MAX_PARALLELISM_INDEXED)
        errs.push(
          invalid(
            `${path}.parallelism`,
            spec.parallelism,
            `must be less than or equal to ${MAX_PARALLELISM_INDEXED} when completion mode is Indexed`,
          ),
        );
      if (
        isSet(spec.completions) &&
        isSet(spec.maxFailedIndexes) &&
        spec.maxFailedIndexes > spec.completions
      )
        errs.push(
          invalid(
            `${path}.maxFailedIndexes`,
            spec.maxFailedIndexes,
            'must be less than or equal to completions',
          ),
        );
      if (isSet(spec.maxFailedIndexes) && spec.maxFailedIndexes > MAX_FAILED_INDEXES)
        errs.push(
          invalid(
            `${path}.maxFailedIndexes`,
            spec.maxFailedIndexes,
            `must be less than or equal to ${MAX_FAILED_INDEXES}`,
          ),
        );
      if (
        isSet(spec.completions) &&
        spec.completions > COMPLETIONS_SOFT_LIMIT &&
        isSet(spec.backoffLimitPerIndex)
      ) {
        if (!isSet(spec.maxFailedIndexes))
          errs.push(
            required(
              `${path}.maxFailedIndexes`,
              `must be specified when completions is above ${COMPLETIONS_SOFT_LIMIT}`,
            ),
          );
        if (isSet(spec.parallelism) && spec.parallelism > PARALLELISM_LIMIT_HIGH_COMPLETIONS)
          errs.push(
            invalid(
              `${path}.parallelism`,
              spec.parallelism,
              `must be less than or equal to ${PARALLELISM_LIMIT_HIGH_COMPLETIONS} when completions are above ${COMPLETIONS_SOFT_LIMIT} and used with backoff limit per index`,
            ),
          );
        if (
          isSet(spec.maxFailedIndexes) &&
          spec.maxFailedIndexes > MAX_FAILED_INDEXES_HIGH_COMPLETIONS
        )
          errs.push(
            invalid(
              `${path}.maxFailedIndexes`,
              spec.maxFailedIndexes,
              `must be less than or equal to ${MAX_FAILED_INDEXES_HIGH_COMPLETIONS} when completions are above ${COMPLETIONS_SOFT_LIMIT} and used with backoff limit per index`,
            ),
          );
      }
    }
  }
  if (!isSet(mode) || mode === 'NonIndexed') {
    if (isSet(spec.backoffLimitPerIndex))
      errs.push(
        invalid(
          `${path}.backoffLimitPerIndex`,
          spec.backoffLimitPerIndex,
          'requires indexed completion mode',
        ),
      );
    if (isSet(spec.maxFailedIndexes))
      errs.push(
        invalid(
          `${path}.maxFailedIndexes`,
          spec.maxFailedIndexes,
          'requires indexed completion mode',
        ),
      );
  }
  if (isSet(spec.podFailurePolicy))
    errs.push(...validatePodFailurePolicy(spec, `${path}.podFailurePolicy`));
  if (isSet(spec.successPolicy)) {
    if (mode !== 'Indexed')
      errs.push(
        invalid(
          `${path}.successPolicy`,
          new GoValue(`batch.SuccessPolicy{Rules:[]batch.SuccessPolicyRule{...}}`),
          'requires indexed completion mode',
        ),
      );
    else errs.push(...validateSuccessPolicy(spec, `${path}.successPolicy`));
  }
  if (isSet(spec.podReplacementPolicy)) {
    const p = spec.podReplacementPolicy;
    if (isSet(spec.podFailurePolicy)) {
      if (p !== 'Failed') errs.push(notSupported(`${path}.podReplacementPolicy`, p, ['Failed']));
    } else if (!POD_REPLACEMENT_POLICIES.includes(p))
      errs.push(notSupported(`${path}.podReplacementPolicy`, p, POD_REPLACEMENT_POLICIES));
  }
  // ValidatePodTemplateSpec, then the restart policies a Job may use. The API server defaults a
  // missing restartPolicy to Always, so both read as "not chosen".
  const tpl = spec.template;
  // ValidatePodTemplateSpec checks the template's labels at `<template>.labels`.
  for (const [k, v] of Object.entries(tpl?.metadata?.labels ?? {})) {
    for (const m of isQualifiedName(k)) errs.push(invalid(`${path}.template.labels`, k, m));
    for (const m of isValidLabelValue(String(v)))
      errs.push(invalid(`${path}.template.labels`, v, m));
  }
  errs.push(...validatePodSpec(tpl?.spec ?? {}, `${path}.template.spec`));
  const rp = tpl?.spec?.restartPolicy;
  const rpPath = `${path}.template.spec.restartPolicy`;
  if (rp === 'Always' || rp === undefined || rp === '')
    errs.push(required(rpPath, 'valid values: "OnFailure", "Never"'));
  else if (rp !== 'OnFailure' && rp !== 'Never')
    errs.push(notSupported(rpPath, rp, ['OnFailure', 'Never']));
  else if (isSet(spec.podFailurePolicy) && rp !== 'Never')
    errs.push(invalid(rpPath, rp, 'only "Never" is supported when podFailurePolicy is specified'));
  return errs;
}

/** ValidateJobSpec: the fields, then the selector and whether it selects the template. */
export function validateJobSpec(spec: any, path: string): FieldError[] {
  const errs = validateJobSpecFields(spec, path);
  if (!spec.selector) errs.push(required(`${path}.selector`));
  let selector;
  try {
    selector = spec.selector ? labelSelectorAsSelector(spec.selector) : undefined;
  } catch (e) {
    errs.push(invalid(`${path}.selector`, goLabelSelector(spec.selector), (e as Error).message));
  }
  if (selector) {
    const labels = spec.template?.metadata?.labels;
    if (!selector.matches(labels ?? {}))
      errs.push(
        invalid(
          `${path}.template.metadata.labels`,
          goStringMap(labels),
          '`selector` does not match template `labels`',
        ),
      );
  }
  return errs;
}

/** validateGeneratedSelector: with no manualSelector, the generated labels must be there. */
export function validateGeneratedSelector(job: any): FieldError[] {
  const spec = job.spec ?? {};
  if (spec.manualSelector === true || !spec.selector) return [];
  const errs: FieldError[] = [];
  const labels = spec.template?.metadata?.labels ?? {};
  const uid = job.metadata.uid ?? '';
  const name = job.metadata.name ?? '';
  // apivalidation.ValidateHasLabel
  const hasLabel = (key: string, value: string) => {
    const field = `spec.template.metadata.labels[${key}]`;
    if (labels[key] === undefined) errs.push(required(field, `must be '${value}'`));
    else if (labels[key] !== value)
      errs.push(invalid(field, goStringMap(labels), `must be '${value}'`));
  };
  hasLabel(LEGACY_CONTROLLER_UID_LABEL, uid);
  hasLabel(LEGACY_JOB_NAME_LABEL, name);
  hasLabel(CONTROLLER_UID_LABEL, uid);
  hasLabel(JOB_NAME_LABEL, name);
  const expected = {
    [CONTROLLER_UID_LABEL]: uid,
    [JOB_NAME_LABEL]: name,
    [LEGACY_CONTROLLER_UID_LABEL]: uid,
    [LEGACY_JOB_NAME_LABEL]: name,
  };
  try {
    if (!labelSelectorAsSelector(spec.selector).matches(expected))
      errs.push(
        invalid('spec.selector', goLabelSelector(spec.selector), '`selector` not auto-generated'),
      );
  } catch {
    // A malformed selector is reported by validateJobSpec.
  }
  return errs;
}

/** ValidateJob: metadata (by the API server), the generated selector, the spec. */
export function validateJob(job: any): FieldError[] {
  const spec = job.spec ?? {};
  const errs = [...validateGeneratedSelector(job), ...validateJobSpec(spec, 'spec')];
  if (spec.completionMode === 'Indexed' && isSet(spec.completions) && spec.completions > 0) {
    // The controller names pod hostnames <job>-<index>: the largest must be a DNS label.
    const host = `${job.metadata.name}-${spec.completions - 1}`;
    if (isDNS1123Label(host).length)
      errs.push(
        invalid(
          'metadata.name',
          job.metadata.name,
          `will not able to create pod with invalid DNS label: ${host}`,
        ),
      );
  }
  return errs;
}

const immutable = (field: string, value: unknown) => invalid(field, value, 'field is immutable');
const same = (a: unknown, b: unknown) => jsonEqual(a ?? null, b ?? null);

/** The fields of a suspended Job that never started which may still change (scheduling directives). */
function comparableTemplate(tpl: any, old: any, mutableScheduling: boolean): any {
  if (!mutableScheduling || !tpl || !old) return old;
  const o = JSON.parse(JSON.stringify(old));
  o.metadata ??= {};
  o.spec ??= {};
  o.metadata.labels = tpl.metadata?.labels;
  o.metadata.annotations = tpl.metadata?.annotations;
  o.spec.nodeSelector = tpl.spec?.nodeSelector;
  o.spec.tolerations = tpl.spec?.tolerations;
  o.spec.schedulingGates = tpl.spec?.schedulingGates;
  if (tpl.spec?.affinity || o.spec.affinity) {
    const a = { ...(o.spec.affinity ?? {}) };
    if (tpl.spec?.affinity?.nodeAffinity) a.nodeAffinity = tpl.spec.affinity.nodeAffinity;
    else delete a.nodeAffinity;
    o.spec.affinity = Object.keys(a).length ? a : undefined;
  }
  for (const k of Object.keys(o.metadata)) if (o.metadata[k] === undefined) delete o.metadata[k];
  for (const k of Object.keys(o.spec)) if (o.spec[k] === undefined) delete o.spec[k];
  return o;
}

/** ValidateJobSpecUpdate: what may not change once a Job exists. */
export function validateJobUpdate(job: any, old: any): FieldError[] {
  const spec = job.spec ?? {};
  const os = old.spec ?? {};
  const errs = validateJob(job);
  const indexed = spec.completionMode === 'Indexed';
  if (!same(spec.completions, os.completions)) {
    // Elastic Indexed Jobs: completions may change together with parallelism.
    if (!indexed) errs.push(immutable('spec.completions', spec.completions ?? null));
    else if (isSet(spec.completions) && spec.completions !== spec.parallelism)
      errs.push(
        invalid(
          'spec.completions',
          spec.completions,
          'can only be modified in tandem with spec.parallelism',
        ),
      );
  }
  if (!same(spec.selector, os.selector))
    errs.push(immutable('spec.selector', goLabelSelector(spec.selector)));
  const mutableScheduling = os.suspend === true && !old.status?.startTime;
  if (!same(spec.template, comparableTemplate(spec.template, os.template, mutableScheduling)))
    errs.push(immutable('spec.template', goPodTemplateSpec(spec.template)));
  if (!same(spec.completionMode, os.completionMode))
    errs.push(immutable('spec.completionMode', spec.completionMode ?? null));
  if (!same(spec.podFailurePolicy, os.podFailurePolicy))
    errs.push(immutable('spec.podFailurePolicy', new GoValue('batch.PodFailurePolicy{...}')));
  if (!same(spec.backoffLimitPerIndex, os.backoffLimitPerIndex))
    errs.push(immutable('spec.backoffLimitPerIndex', spec.backoffLimitPerIndex ?? null));
  if (!same(spec.managedBy, os.managedBy))
    errs.push(immutable('spec.managedBy', spec.managedBy ?? null));
  if (!same(spec.successPolicy, os.successPolicy))
    errs.push(immutable('spec.successPolicy', new GoValue('batch.SuccessPolicy{...}')));
  return errs;
}

/** ValidateJobTemplateSpec (a CronJob's jobTemplate): no selector of its own. */
export function validateJobTemplateSpec(tpl: any, path: string): FieldError[] {
  const spec = tpl?.spec ?? {};
  const errs = validateJobSpecFields(spec, `${path}.spec`);
  if (spec.selector)
    errs.push(
      invalid(
        `${path}.spec.selector`,
        goLabelSelector(spec.selector),
        '`selector` will be auto-generated',
      ),
    );
  if (spec.manualSelector === true)
    errs.push(notSupported(`${path}.spec.manualSelector`, true, ['nil', 'false']));
  return errs;
}
