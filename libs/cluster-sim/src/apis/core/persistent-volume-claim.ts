// pkg/registry/core/persistentvolumeclaim/strategy.go with the core/v1 defaults
// (SetDefaults_PersistentVolumeClaim) and ValidatePersistentVolumeClaim(Update) of 1.32.

import { deepClone, forbidden, invalid, type FieldError } from '@kubelab/apimachinery';
import { ALL_VERBS, type ResourceType } from '../../registry/resource-type';
import { ANN_BETA_STORAGE_CLASS, quantity } from '../../storage/helpers';
import {
  goDiff,
  gPtr,
  gPtrStr,
  gQuantity,
  gStr,
  gStrMap,
  gStrSlice,
  gStruct,
  type GoVal,
} from './go-diff';
import { validatePersistentVolumeClaimSpec } from './persistent-volume-validation';

function resourceList(m: Record<string, unknown> | undefined): GoVal {
  if (m == null) return { k: 'map', type: 'core.ResourceList', entries: null };
  return {
    k: 'map',
    type: 'core.ResourceList',
    typedKeys: true,
    entries: Object.keys(m).map((key) => {
      const q = quantity(m[key]);
      return [key, gQuantity(q.toString(), q.format || 'DecimalSI')];
    }),
  };
}

function labelSelector(sel: any): GoVal {
  if (!sel) return gPtr(null);
  return gPtr(
    gStruct('v1.LabelSelector', [
      ['MatchLabels', gStrMap('map[string]string', sel.matchLabels)],
      [
        'MatchExpressions',
        sel.matchExpressions
          ? {
              k: 'slice',
              type: '[]v1.LabelSelectorRequirement',
              items: sel.matchExpressions.map((e: any) =>
                gStruct('v1.LabelSelectorRequirement', [
                  ['Key', gStr(e.key)],
                  ['Operator', gStr(e.operator)],
                  ['Values', gStrSlice('[]string', e.values)],
                ]),
              ),
            }
          : { k: 'slice', type: '[]v1.LabelSelectorRequirement', items: null },
      ],
    ]),
  );
}

function dataSource(ds: any, type: string, namespaced: boolean): GoVal {
  if (!ds) return gPtr(null);
  const fields: [string, GoVal][] = [
    ['APIGroup', gPtrStr(ds.apiGroup)],
    ['Kind', gStr(ds.kind)],
    ['Name', gStr(ds.name)],
  ];
  if (namespaced) fields.push(['Namespace', gPtrStr(ds.namespace)]);
  return gPtr(gStruct(type, fields));
}

/** The internal core.PersistentVolumeClaimSpec of a v1 spec, for cmp.Diff-style reports. */
export function claimSpecValue(spec: any): GoVal & { k: 'struct' } {
  return gStruct('core.PersistentVolumeClaimSpec', [
    ['AccessModes', gStrSlice('[]core.PersistentVolumeAccessMode', spec.accessModes)],
    ['Selector', labelSelector(spec.selector)],
    [
      'Resources',
      gStruct('core.VolumeResourceRequirements', [
        ['Limits', resourceList(spec.resources?.limits)],
        ['Requests', resourceList(spec.resources?.requests)],
      ]),
    ],
    ['VolumeName', gStr(spec.volumeName)],
    ['StorageClassName', gPtrStr(spec.storageClassName)],
    ['VolumeMode', gPtrStr(spec.volumeMode)],
    ['DataSource', dataSource(spec.dataSource, 'core.TypedLocalObjectReference', false)],
    ['DataSourceRef', dataSource(spec.dataSourceRef, 'core.TypedObjectReference', true)],
    ['VolumeAttributesClassName', gPtrStr(spec.volumeAttributesClassName)],
  ]) as GoVal & { k: 'struct' };
}

/** pvcutil.DropDisabledFields: VolumeAttributesClass is beta but off in 1.32 — the field is dropped. */
function dropDisabledFields(spec: any, old: any | undefined): void {
  if (spec && old?.volumeAttributesClassName == null) delete spec.volumeAttributesClassName;
}

/** A dataSource other than a claim or a VolumeSnapshot is dropped (dataSourceRef is for those). */
function enforceDataSourceBackwardsCompatibility(spec: any, old: any | undefined): void {
  if (!spec?.dataSource || old?.dataSource) return;
  const ds = spec.dataSource;
  const ok =
    (ds.kind === 'PersistentVolumeClaim' && !ds.apiGroup) ||
    (ds.kind === 'VolumeSnapshot' && ds.apiGroup === 'snapshot.storage.k8s.io');
  if (!ok) delete spec.dataSource;
}

/** NormalizeDataSources (AnyVolumeDataSource): dataSource and dataSourceRef mirror each other. */
function normalizeDataSources(spec: any): void {
  if (!spec) return;
  const copy = (r: any) => ({
    ...(r.apiGroup != null ? { apiGroup: r.apiGroup } : {}),
    kind: r.kind,
    name: r.name,
  });
  if (spec.dataSource && !spec.dataSourceRef) spec.dataSourceRef = copy(spec.dataSource);
  else if (spec.dataSourceRef && !spec.dataSource && !spec.dataSourceRef.namespace)
    spec.dataSource = copy(spec.dataSourceRef);
}

const validatePvc = (pvc: any): FieldError[] => validatePersistentVolumeClaimSpec(pvc.spec ?? {});

/** ValidatePersistentVolumeClaimUpdate: a claim's spec is fixed, but for what binding and expansion change. */
export function validateClaimUpdate(pvc: any, old: any): FieldError[] {
  const errs = validatePvc(pvc);
  const next = deepClone(pvc.spec ?? {});
  const prev = deepClone(old.spec ?? {});
  // The PV controller sets volumeName, once.
  if (!prev.volumeName) {
    if (next.volumeName === undefined) delete prev.volumeName;
    else prev.volumeName = next.volumeName;
  }
  const oldAnn = old.metadata?.annotations?.[ANN_BETA_STORAGE_CLASS];
  const newAnn = pvc.metadata?.annotations?.[ANN_BETA_STORAGE_CLASS];
  if (oldAnn !== newAnn)
    errs.push(
      invalid(
        `metadata.annotations[${ANN_BETA_STORAGE_CLASS}]`,
        newAnn ?? '',
        'field is immutable',
      ),
    );
  // Retroactive default class: a claim created without a class may be given one.
  if (oldAnn === undefined && prev.storageClassName == null && next.storageClassName)
    prev.storageClassName = next.storageClassName;
  // Bound claims may ask for more storage (expansion), and change their attributes class.
  if (pvc.status?.phase === 'Bound' && next.resources?.requests)
    next.resources.requests.storage = old.spec?.resources?.requests?.storage;
  if (next.volumeAttributesClassName === undefined) delete prev.volumeAttributesClassName;
  else prev.volumeAttributesClassName = next.volumeAttributesClassName;
  const [before, after] = [claimSpecValue(prev), claimSpecValue(next)];
  if (JSON.stringify(before) !== JSON.stringify(after))
    errs.push(
      forbidden(
        'spec',
        `spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n${goDiff(before, after)}`,
      ),
    );
  const oldSize = quantity(old.spec?.resources?.requests?.storage);
  const newSize = quantity(pvc.spec?.resources?.requests?.storage);
  // RecoverVolumeExpansionFailure (beta, on): shrinking back towards status.capacity is allowed.
  if (newSize.cmp(oldSize) < 0 && newSize.cmp(quantity(old.status?.capacity?.storage)) <= 0)
    errs.push(
      forbidden('spec.resources.requests.storage', 'field can not be less than status.capacity'),
    );
  if ((pvc.spec?.volumeMode ?? null) !== (old.spec?.volumeMode ?? null))
    errs.push(invalid('volumeMode', pvc.spec?.volumeMode ?? null, 'field is immutable'));
  if (old.spec?.volumeAttributesClassName != null) {
    if (pvc.spec?.volumeAttributesClassName == null)
      errs.push(
        forbidden(
          'spec.volumeAttributesClassName',
          'update from non-nil value to nil is forbidden',
        ),
      );
    else if (pvc.spec.volumeAttributesClassName === '')
      errs.push(
        forbidden(
          'spec.volumeAttributesClassName',
          'update from non-nil value to an empty string is forbidden',
        ),
      );
  }
  return errs;
}

export const persistentVolumeClaimType: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'PersistentVolumeClaim',
  plural: 'persistentvolumeclaims',
  singular: 'persistentvolumeclaim',
  shortNames: ['pvc'],
  namespaced: true,
  verbs: ALL_VERBS,
  hasStatus: true,
  generation: 'none',
  subresources: [{ name: 'status', verbs: ['get', 'patch', 'update'] }],
  strategy: {
    defaults(pvc) {
      const spec = (pvc.spec ??= {});
      spec.volumeMode ??= 'Filesystem';
    },
    prepareForCreate(pvc) {
      // Status is the controller's; the v1 defaulter shows a new claim as Pending.
      pvc.status = { phase: 'Pending' };
      dropDisabledFields(pvc.spec, undefined);
      enforceDataSourceBackwardsCompatibility(pvc.spec, undefined);
      normalizeDataSources(pvc.spec);
    },
    prepareForUpdate(pvc, old) {
      dropDisabledFields(pvc.spec, old.spec);
      enforceDataSourceBackwardsCompatibility(pvc.spec, old.spec);
      normalizeDataSources(pvc.spec);
    },
    validate: validatePvc,
    validateUpdate: validateClaimUpdate,
  },
};
