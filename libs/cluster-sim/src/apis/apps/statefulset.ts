import {
  GoValue,
  forbidden,
  goStringMap,
  invalid,
  isDNS1123Label,
  isDNS1123Subdomain,
  labelSelectorAsSelector,
  notSupported,
  required,
  type FieldError,
} from '@kubelab/apimachinery';
import { jsonEqual } from '../../util/equal';
import { ALL_VERBS, type ResourceType } from '../../registry/resource-type';
import { defaultPodTemplate } from '../core/pod-spec-defaults';
import { isPercent } from './intstr';
import { goLabelSelector, validateNonNegative } from './workload-validation';

// pkg/registry/apps/statefulset/strategy.go with the apps/v1 defaults (SetDefaults_StatefulSet)
// and pkg/apis/apps/validation (ValidateStatefulSet, ValidateStatefulSetUpdate) of 1.32.

const SCALE = { group: 'autoscaling', version: 'v1', kind: 'Scale' };

/** The embedded PersistentVolumeClaim defaults of a volumeClaimTemplates item (core/v1). */
function defaultClaimTemplate(t: any): void {
  // The API server serializes templates as whole PVC objects, type meta included.
  t.apiVersion ??= 'v1';
  t.kind ??= 'PersistentVolumeClaim';
  t.metadata ??= {};
  if (t.metadata.creationTimestamp === undefined) t.metadata.creationTimestamp = null;
  t.spec ??= {};
  t.spec.volumeMode ??= 'Filesystem';
  t.status ??= {};
  t.status.phase ??= 'Pending';
}

export function defaultStatefulSet(sts: any): void {
  const spec = (sts.spec ??= {});
  spec.podManagementPolicy ??= 'OrderedReady';
  spec.updateStrategy ??= {};
  if (!spec.updateStrategy.type) {
    spec.updateStrategy.type = 'RollingUpdate';
    spec.updateStrategy.rollingUpdate ??= {};
  }
  if (spec.updateStrategy.type === 'RollingUpdate' && spec.updateStrategy.rollingUpdate)
    spec.updateStrategy.rollingUpdate.partition ??= 0;
  spec.persistentVolumeClaimRetentionPolicy ??= {};
  spec.persistentVolumeClaimRetentionPolicy.whenDeleted ||= 'Retain';
  spec.persistentVolumeClaimRetentionPolicy.whenScaled ||= 'Retain';
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  defaultPodTemplate(spec.template);
  for (const t of spec.volumeClaimTemplates ?? []) defaultClaimTemplate(t);
}

/**
 * MaxUnavailableStatefulSet is alpha (off) in 1.32: the strategy drops maxUnavailable unless the
 * stored object already uses it (dropStatefulSetDisabledFields).
 */
function dropDisabledFields(sts: any, old: any | undefined): void {
  const inUse = old?.spec?.updateStrategy?.rollingUpdate?.maxUnavailable !== undefined;
  const ru = sts.spec?.updateStrategy?.rollingUpdate;
  if (ru && !inUse) delete ru.maxUnavailable;
}

/** How Go prints the internal RollingUpdateStatefulSetStrategy in an error. */
function goRollingUpdate(ru: any): GoValue {
  const mu =
    ru?.maxUnavailable === undefined
      ? '(*intstr.IntOrString)(nil)'
      : '(*intstr.IntOrString)(0xc000a1e2c0)';
  return new GoValue(
    `apps.RollingUpdateStatefulSetStrategy{Partition:${ru?.partition ?? 0}, MaxUnavailable:${mu}}`,
  );
}

const RETENTION = ['Retain', 'Delete'];

function validateSpec(spec: any): FieldError[] {
  const errs: FieldError[] = [];
  const pmp = spec.podManagementPolicy;
  if (!pmp) errs.push(required('spec.podManagementPolicy'));
  else if (pmp !== 'OrderedReady' && pmp !== 'Parallel')
    errs.push(invalid('spec.podManagementPolicy', pmp, "must be 'OrderedReady' or 'Parallel'"));

  const us = spec.updateStrategy ?? {};
  if (!us.type) errs.push(required('spec.updateStrategy'));
  else if (us.type === 'OnDelete') {
    if (us.rollingUpdate)
      errs.push(
        invalid(
          'spec.updateStrategy.rollingUpdate',
          goRollingUpdate(us.rollingUpdate),
          "only allowed for updateStrategy 'RollingUpdate'",
        ),
      );
  } else if (us.type === 'RollingUpdate') {
    if (us.rollingUpdate)
      errs.push(
        ...validateNonNegative(
          us.rollingUpdate.partition,
          'spec.updateStrategy.rollingUpdate.partition',
        ),
      );
    const mu = us.rollingUpdate?.maxUnavailable;
    if (mu !== undefined) {
      const f = 'spec.updateStrategy.rollingUpdate.maxUnavailable';
      if (typeof mu === 'number') errs.push(...validateNonNegative(mu, f));
      else if (!isPercent(mu))
        errs.push(
          invalid(
            f,
            mu,
            "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
          ),
        );
      if (mu === 0 || mu === '0%') errs.push(invalid(f, mu, 'cannot be 0'));
      if (isPercent(mu) && parseInt(mu, 10) > 100)
        errs.push(invalid(f, mu, 'must not be greater than 100%'));
    }
  } else {
    const ru = us.rollingUpdate
      ? '(*apps.RollingUpdateStatefulSetStrategy)(0xc000a1e2c0)'
      : '(*apps.RollingUpdateStatefulSetStrategy)(nil)';
    errs.push(
      invalid(
        'spec.updateStrategy',
        new GoValue(
          `apps.StatefulSetUpdateStrategy{Type:${JSON.stringify(us.type)}, RollingUpdate:${ru}}`,
        ),
        "must be 'RollingUpdate' or 'OnDelete'",
      ),
    );
  }

  const policy = spec.persistentVolumeClaimRetentionPolicy;
  if (policy) {
    for (const k of ['whenDeleted', 'whenScaled'])
      if (!RETENTION.includes(policy[k]))
        errs.push(
          notSupported(`spec.persistentVolumeClaimRetentionPolicy.${k}`, policy[k], RETENTION),
        );
  }

  errs.push(...validateNonNegative(spec.replicas, 'spec.replicas'));
  errs.push(...validateNonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  // Negative limits crash the 1.32 controller; 1.33 refuses them (kubernetes#129017).
  errs.push(...validateNonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  if (spec.ordinals) errs.push(...validateNonNegative(spec.ordinals.start, 'spec.ordinals.start'));

  let selector: ReturnType<typeof labelSelectorAsSelector> | undefined;
  if (!spec.selector) errs.push(required('spec.selector'));
  else {
    const n =
      Object.keys(spec.selector.matchLabels ?? {}).length +
      (spec.selector.matchExpressions ?? []).length;
    if (n === 0)
      errs.push(
        invalid(
          'spec.selector',
          goLabelSelector(spec.selector),
          'empty selector is invalid for statefulset',
        ),
      );
  }
  try {
    selector = labelSelectorAsSelector(spec.selector);
  } catch {
    errs.push(invalid('spec.selector', goLabelSelector(spec.selector), ''));
  }
  // The pod spec itself is not validated here (upstream's TODO): a bad template fails when the
  // controller creates the pod, with a FailedCreate event.
  if (selector && !selector.empty()) {
    const labels = spec.template?.metadata?.labels;
    if (!selector.matches(labels ?? {}))
      errs.push(
        invalid(
          'spec.template.metadata.labels',
          goStringMap(labels),
          '`selector` does not match template `labels`',
        ),
      );
  }
  const rp = spec.template?.spec?.restartPolicy ?? '';
  if (rp !== 'Always') errs.push(notSupported('spec.template.spec.restartPolicy', rp, ['Always']));
  if (spec.template?.spec?.activeDeadlineSeconds !== undefined)
    errs.push(
      forbidden(
        'spec.template.spec.activeDeadlineSeconds',
        'activeDeadlineSeconds in StatefulSet is not Supported',
      ),
    );
  return errs;
}

/** Spec without the fields an update may change (ValidateStatefulSetUpdate). */
function frozenSpec(spec: any): any {
  const {
    replicas: _r,
    template: _t,
    updateStrategy: _u,
    minReadySeconds: _m,
    ordinals: _o,
    persistentVolumeClaimRetentionPolicy: _p,
    ...rest
  } = spec ?? {};
  return rest;
}

export const statefulSetType: ResourceType = {
  group: 'apps',
  version: 'v1',
  kind: 'StatefulSet',
  plural: 'statefulsets',
  singular: 'statefulset',
  shortNames: ['sts'],
  namespaced: true,
  verbs: ALL_VERBS,
  categories: ['all'],
  hasStatus: true,
  generation: 'spec',
  subresources: [
    { name: 'scale', verbs: ['get', 'patch', 'update'], responseKind: SCALE },
    { name: 'status', verbs: ['get', 'patch', 'update'] },
  ],
  strategy: {
    defaults: defaultStatefulSet,
    prepareForCreate(sts) {
      // StatefulSetStatus's replicas and availableReplicas are not omitempty.
      sts.status = { replicas: 0, availableReplicas: 0 };
      dropDisabledFields(sts, undefined);
    },
    prepareForUpdate(sts, old) {
      dropDisabledFields(sts, old);
    },
    validate(sts) {
      // A StatefulSet's name becomes its pods' hostnames: a DNS label, not a subdomain.
      // (The generic subdomain check already reported names that are not even a subdomain.)
      const name = sts.metadata?.name;
      const errs =
        name && !isDNS1123Subdomain(name).length
          ? isDNS1123Label(name).map((p) => invalid('metadata.name', name, p))
          : [];
      return [...errs, ...validateSpec(sts.spec ?? {})];
    },
    validateUpdate(sts, old) {
      const errs = validateSpec(sts.spec ?? {});
      if (!jsonEqual(frozenSpec(sts.spec), frozenSpec(old.spec)))
        errs.push(
          forbidden(
            'spec',
            "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
          ),
        );
      return errs;
    },
  },
};
