// pkg/registry/core/persistentvolume/strategy.go with the core/v1 defaults
// (SetDefaults_PersistentVolume) and ValidatePersistentVolume(Update) of 1.32.

import { forbidden, formatTime, GoValue, invalid, type FieldError } from '@kubelab/apimachinery';
import { ALL_VERBS, type ResourceType } from '../../registry/resource-type';
import { jsonEqual } from '../../util/equal';
import { goDiff, gPtr, gPtrStr, gStr, gStrMap, gStruct, type GoVal } from './go-diff';
import { PV_SOURCES, validatePersistentVolumeSpec } from './persistent-volume-validation';

/** Go's field names of core.PersistentVolumeSource, in declaration order. */
const SOURCE_FIELDS: [string, string][] = [
  ['gcePersistentDisk', 'GCEPersistentDisk'],
  ['awsElasticBlockStore', 'AWSElasticBlockStore'],
  ['hostPath', 'HostPath'],
  ['glusterfs', 'Glusterfs'],
  ['nfs', 'NFS'],
  ['rbd', 'RBD'],
  ['iscsi', 'ISCSI'],
  ['fc', 'FC'],
  ['cinder', 'Cinder'],
  ['cephfs', 'CephFS'],
  ['flexVolume', 'FlexVolume'],
  ['flocker', 'Flocker'],
  ['azureFile', 'AzureFile'],
  ['vsphereVolume', 'VsphereVolume'],
  ['quobyte', 'Quobyte'],
  ['azureDisk', 'AzureDisk'],
  ['photonPersistentDisk', 'PhotonPersistentDisk'],
  ['portworxVolume', 'PortworxVolume'],
  ['scaleIO', 'ScaleIO'],
  ['local', 'Local'],
  ['storageos', 'StorageOS'],
  ['csi', 'CSI'],
];

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A volume source as a Go value: the common ones field by field, others from their JSON. */
function sourceValue(key: string, s: any): GoVal {
  if (s == null) return gPtr(null);
  switch (key) {
    case 'hostPath':
      return gPtr(
        gStruct('core.HostPathVolumeSource', [
          ['Path', gStr(s.path)],
          ['Type', gPtrStr(s.type)],
        ]),
      );
    case 'nfs':
      return gPtr(
        gStruct('core.NFSVolumeSource', [
          ['Server', gStr(s.server)],
          ['Path', gStr(s.path)],
          ['ReadOnly', { k: 'bool', v: !!s.readOnly }],
        ]),
      );
    case 'local':
      return gPtr(
        gStruct('core.LocalVolumeSource', [
          ['Path', gStr(s.path)],
          ['FSType', gPtrStr(s.fsType)],
        ]),
      );
    case 'csi':
      return gPtr(
        gStruct('core.CSIPersistentVolumeSource', [
          ['Driver', gStr(s.driver)],
          ['VolumeHandle', gStr(s.volumeHandle)],
          ['ReadOnly', { k: 'bool', v: !!s.readOnly }],
          ['FSType', gStr(s.fsType)],
          ['VolumeAttributes', gStrMap('map[string]string', s.volumeAttributes)],
        ]),
      );
    default:
      return gPtr(
        gStruct(
          `core.${SOURCE_FIELDS.find(([k]) => k === key)![1]}VolumeSource`,
          Object.keys(s).map((f) => [capitalize(f), gStr(JSON.stringify(s[f]))]),
        ),
      );
  }
}

function sourceStruct(spec: any): GoVal & { k: 'struct' } {
  return gStruct(
    'core.PersistentVolumeSource',
    SOURCE_FIELDS.map(([key, goName]) => [goName, sourceValue(key, spec?.[key])]),
  ) as GoVal & { k: 'struct' };
}

function validatePv(pv: any): FieldError[] {
  return validatePersistentVolumeSpec(pv.spec ?? {});
}

export const persistentVolumeType: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'PersistentVolume',
  plural: 'persistentvolumes',
  singular: 'persistentvolume',
  shortNames: ['pv'],
  namespaced: false,
  verbs: ALL_VERBS,
  hasStatus: true,
  generation: 'none',
  subresources: [{ name: 'status', verbs: ['get', 'patch', 'update'] }],
  strategy: {
    defaults(pv) {
      const spec = (pv.spec ??= {});
      spec.persistentVolumeReclaimPolicy ??= 'Retain';
      spec.volumeMode ??= 'Filesystem';
      if (spec.hostPath) spec.hostPath.type ??= '';
    },
    prepareForCreate(pv, ctx) {
      // The status is the controller's: a new volume is Pending until it is looked at.
      pv.status = { phase: 'Pending', lastPhaseTransitionTime: formatTime(ctx.now) };
      // VolumeAttributesClass is off in 1.32: the field is dropped.
      if (pv.spec) delete pv.spec.volumeAttributesClassName;
    },
    prepareForUpdate(pv, old, ctx) {
      if (pv.spec && old.spec?.volumeAttributesClassName == null)
        delete pv.spec.volumeAttributesClassName;
      // PersistentVolumeLastPhaseTransitionTime: stamped when the phase changes.
      const status = (pv.status ??= {});
      const oldStatus = old.status ?? {};
      if (status.phase === oldStatus.phase) {
        if (!status.lastPhaseTransitionTime && oldStatus.lastPhaseTransitionTime)
          status.lastPhaseTransitionTime = oldStatus.lastPhaseTransitionTime;
      } else if (
        !status.lastPhaseTransitionTime ||
        status.lastPhaseTransitionTime === oldStatus.lastPhaseTransitionTime
      )
        status.lastPhaseTransitionTime = formatTime(ctx.now);
    },
    validate: validatePv,
    validateUpdate(pv, old) {
      const errs = validatePv(pv);
      const changed = PV_SOURCES.some((k) => !jsonEqual(pv.spec?.[k], old.spec?.[k]));
      if (changed)
        errs.push(
          forbidden(
            'spec.persistentvolumesource',
            `spec.persistentvolumesource is immutable after creation\n${goDiff(sourceStruct(old.spec), sourceStruct(pv.spec))}`,
          ),
        );
      if (pv.spec?.volumeMode !== old.spec?.volumeMode)
        errs.push(invalid('volumeMode', pv.spec?.volumeMode ?? null, 'field is immutable'));
      if (old.spec?.nodeAffinity && !jsonEqual(pv.spec?.nodeAffinity, old.spec.nodeAffinity))
        errs.push(
          invalid(
            'nodeAffinity',
            new GoValue(
              pv.spec?.nodeAffinity
                ? `&core.VolumeNodeAffinity{Required:(*core.NodeSelector)(${JSON.stringify(pv.spec.nodeAffinity.required ?? null)})}`
                : '(*core.VolumeNodeAffinity)(nil)',
            ),
            'field is immutable',
          ),
        );
      return errs;
    },
    warnings(pv) {
      const out: string[] = [];
      if (pv.spec?.persistentVolumeReclaimPolicy === 'Recycle')
        out.push(
          'spec.persistentVolumeReclaimPolicy: The Recycle reclaim policy is deprecated. Instead, the recommended approach is to use dynamic provisioning.',
        );
      const deprecated: Record<string, string> = {
        cephfs: 'deprecated in v1.28, non-functional in v1.31+',
        photonPersistentDisk: 'deprecated in v1.11, non-functional in v1.16+',
        scaleIO: 'deprecated in v1.16, non-functional in v1.22+',
        storageos: 'deprecated in v1.22, non-functional in v1.25+',
        glusterfs: 'deprecated in v1.25, non-functional in v1.26+',
        rbd: 'deprecated in v1.28, non-functional in v1.31+',
      };
      for (const [k, text] of Object.entries(deprecated))
        if (pv.spec?.[k]) out.push(`spec.${k}: ${text}`);
      return out;
    },
  },
};
