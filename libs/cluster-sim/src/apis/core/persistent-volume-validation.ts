// pkg/apis/core/validation (ValidatePersistentVolumeSpec, ValidatePersistentVolumeClaimSpec and
// their helpers) of 1.32: the field errors a learner gets for a bad PV or PVC.

import {
  forbidden,
  GoValue,
  invalid,
  isDNS1123Subdomain,
  isQualifiedName,
  labelSelectorAsSelector,
  notSupported,
  required,
  type FieldError,
} from '@kubelab/apimachinery';
import { quantity } from '../../storage/helpers';

export const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
export const VOLUME_MODES = ['Block', 'Filesystem'];
export const RECLAIM_POLICIES = ['Delete', 'Recycle', 'Retain'];
const HOST_PATH_TYPES = [
  '',
  'BlockDevice',
  'CharDevice',
  'Directory',
  'DirectoryOrCreate',
  'File',
  'FileOrCreate',
  'Socket',
];

/** ValidateClassName (a DNS-1123 subdomain), as an Invalid error per message. */
export function validateClassName(name: string, field: string): FieldError[] {
  return isDNS1123Subdomain(name).map((m) => invalid(field, name, m));
}

export function validateAccessModes(modes: unknown, field: string, claim: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const list = Array.isArray(modes) ? (modes as string[]) : [];
  if (!list.length) errs.push(required(field, claim ? 'at least 1 access mode is required' : ''));
  let rwop = false;
  let other = false;
  for (const m of list) {
    if (!ACCESS_MODES.includes(m)) errs.push(notSupported(field, m, ACCESS_MODES));
    if (m === 'ReadWriteOncePod') rwop = true;
    else if (ACCESS_MODES.includes(m)) other = true;
  }
  if (rwop && other)
    errs.push(forbidden(field, 'may not use ReadWriteOncePod with other access modes'));
  return errs;
}

/** ValidatePositiveQuantityValue and validateBasicResource for one quantity. */
export function validatePositiveQuantity(v: unknown, field: string): FieldError[] {
  const q = quantity(v);
  if (q.sign <= 0) return [invalid(field, q.toString(), 'must be greater than zero')];
  return [];
}

/** validateVolumeNodeAffinity / ValidateNodeSelector. */
export function validateVolumeNodeAffinity(na: any, field: string): FieldError[] {
  if (!na.required)
    return [required(`${field}.required`, 'must specify required node constraints')];
  const termsPath = `${field}.required.nodeSelectorTerms`;
  const terms: any[] = na.required.nodeSelectorTerms ?? [];
  if (!terms.length) return [required(termsPath, 'must have at least one node selector term')];
  const errs: FieldError[] = [];
  terms.forEach((t, i) => {
    (t.matchExpressions ?? []).forEach((r: any, j: number) =>
      errs.push(...validateRequirement(r, `${termsPath}[${i}].matchExpressions[${j}]`, false)),
    );
    (t.matchFields ?? []).forEach((r: any, j: number) =>
      errs.push(...validateRequirement(r, `${termsPath}[${i}].matchFields[${j}]`, true)),
    );
  });
  return errs;
}

function validateRequirement(r: any, path: string, field: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const values: unknown[] = r.values ?? [];
  switch (r.operator) {
    case 'In':
    case 'NotIn':
      if (!values.length)
        errs.push(
          required(`${path}.values`, "must be specified when `operator` is 'In' or 'NotIn'"),
        );
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length)
        errs.push(
          forbidden(
            `${path}.values`,
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
          ),
        );
      break;
    case 'Gt':
    case 'Lt':
      if (values.length !== 1)
        errs.push(
          required(
            `${path}.values`,
            "must be specified single value when `operator` is 'Lt' or 'Gt'",
          ),
        );
      break;
    default:
      errs.push(invalid(`${path}.operator`, r.operator ?? '', 'not a valid selector operator'));
  }
  if (field) {
    if (r.key !== 'metadata.name')
      errs.push(notSupported(`${path}.key`, r.key ?? '', ['metadata.name']));
  } else
    for (const m of isQualifiedName(r.key ?? '')) errs.push(invalid(`${path}.key`, r.key ?? '', m));
  return errs;
}

function validateHostPath(hp: any, path: string): FieldError[] {
  if (!hp.path) return [required(`${path}.path`)];
  const errs: FieldError[] = [];
  if (String(hp.path).split('/').includes('..'))
    errs.push(invalid(`${path}.path`, hp.path, "must not contain '..'"));
  if (hp.type != null && !HOST_PATH_TYPES.includes(hp.type))
    errs.push(notSupported(`${path}.type`, hp.type, HOST_PATH_TYPES));
  return errs;
}

/** The few sources learners write by hand, checked as upstream does; the rest pass. */
const SOURCE_CHECKS: Record<string, (s: any, path: string) => FieldError[]> = {
  hostPath: validateHostPath,
  nfs: (s, path) => {
    const errs: FieldError[] = [];
    if (!s.server) errs.push(required(`${path}.server`));
    if (!s.path) errs.push(required(`${path}.path`));
    else if (!String(s.path).startsWith('/'))
      errs.push(invalid(`${path}.path`, s.path, 'must be an absolute path'));
    return errs;
  },
  local: (s, path) => {
    if (!s.path) return [required(`${path}.path`)];
    if (String(s.path).split('/').includes('..'))
      return [invalid(`${path}.path`, s.path, "must not contain '..'")];
    return [];
  },
  csi: (s, path) => {
    const errs: FieldError[] = [];
    if (!s.driver) errs.push(required(`${path}.driver`));
    if (!s.volumeHandle) errs.push(required(`${path}.volumeHandle`));
    return errs;
  },
};

/** Every PersistentVolumeSource field, in the order validation visits them. */
export const PV_SOURCES = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'glusterfs',
  'flocker',
  'nfs',
  'rbd',
  'quobyte',
  'cephfs',
  'iscsi',
  'cinder',
  'fc',
  'flexVolume',
  'azureFile',
  'vsphereVolume',
  'photonPersistentDisk',
  'portworxVolume',
  'azureDisk',
  'scaleIO',
  'local',
  'storageos',
  'csi',
];

export function validatePersistentVolumeSpec(spec: any): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...validateAccessModes(spec.accessModes, 'spec.accessModes', false));
  const cap = spec.capacity;
  const keys = Object.keys(cap ?? {});
  if (!keys.length) errs.push(required('spec.capacity'));
  if (!keys.includes('storage') || keys.length > 1)
    errs.push(
      notSupported(
        'spec.capacity',
        new GoValue(
          keys.length
            ? `core.ResourceList{${keys.map((k) => `${JSON.stringify(k)}:resource.Quantity{s:${JSON.stringify(String(cap[k]))}}`).join(', ')}}`
            : 'core.ResourceList(nil)',
        ),
        ['storage'],
      ),
    );
  for (const k of keys) errs.push(...validatePositiveQuantity(cap[k], `spec.capacity[${k}]`));
  const policy = spec.persistentVolumeReclaimPolicy;
  if (policy && !RECLAIM_POLICIES.includes(policy))
    errs.push(notSupported('spec.persistentVolumeReclaimPolicy', policy, RECLAIM_POLICIES));
  let affinity = false;
  if (spec.nodeAffinity) {
    affinity = true;
    errs.push(...validateVolumeNodeAffinity(spec.nodeAffinity, 'spec.nodeAffinity'));
  }
  let sources = 0;
  for (const s of PV_SOURCES) {
    if (spec[s] == null) continue;
    if (sources > 0 && s !== 'flexVolume') {
      errs.push(forbidden(`spec.${s}`, 'may not specify more than 1 volume type'));
      continue;
    }
    sources++;
    errs.push(...(SOURCE_CHECKS[s]?.(spec[s], `spec.${s}`) ?? []));
    if (s === 'local' && !affinity)
      errs.push(required('spec.nodeAffinity', 'Local volume requires node affinity'));
  }
  if (!sources) errs.push(required('spec', 'must specify a volume type'));
  if (spec.hostPath?.path && normalizePath(spec.hostPath.path) === '/' && policy === 'Recycle')
    errs.push(
      forbidden(
        'spec.persistentVolumeReclaimPolicy',
        "may not be 'recycle' for a hostPath mount of '/'",
      ),
    );
  if (spec.storageClassName)
    errs.push(...validateClassName(spec.storageClassName, 'spec.storageClassName'));
  if (spec.volumeMode != null && !VOLUME_MODES.includes(spec.volumeMode))
    errs.push(notSupported('spec.volumeMode', spec.volumeMode, VOLUME_MODES));
  return errs;
}

function normalizePath(p: string): string {
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (!seg || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return `/${parts.join('/')}`;
}

export function validatePersistentVolumeClaimSpec(spec: any, path = 'spec'): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.selector) {
    try {
      labelSelectorAsSelector(spec.selector);
    } catch (e) {
      errs.push(invalid(`${path}.selector`, spec.selector, (e as Error).message));
    }
  }
  errs.push(...validateAccessModes(spec.accessModes, `${path}.accessModes`, true));
  const storage = spec.resources?.requests?.storage;
  if (storage == null) errs.push(required(`${path}.resources[storage]`));
  else errs.push(...validatePositiveQuantity(storage, `${path}.resources[storage]`));
  if (spec.storageClassName)
    errs.push(...validateClassName(spec.storageClassName, `${path}.storageClassName`));
  if (spec.volumeMode != null && !VOLUME_MODES.includes(spec.volumeMode))
    errs.push(notSupported(`${path}.volumeMode`, spec.volumeMode, VOLUME_MODES));
  for (const key of ['dataSource', 'dataSourceRef']) {
    const ds = spec[key];
    if (!ds) continue;
    if (!ds.name) errs.push(required(`${path}.${key}.name`));
    if (!ds.kind) errs.push(required(`${path}.${key}.kind`));
    if (!ds.apiGroup && ds.kind !== 'PersistentVolumeClaim')
      errs.push(
        invalid(
          `${path}.${key}`,
          ds.kind ?? '',
          "must be 'PersistentVolumeClaim' when referencing the default apiGroup",
        ),
      );
    if (ds.apiGroup)
      for (const m of isDNS1123Subdomain(ds.apiGroup))
        errs.push(invalid(`${path}.${key}.apiGroup`, ds.apiGroup, m));
  }
  if (spec.volumeAttributesClassName)
    errs.push(
      ...validateClassName(spec.volumeAttributesClassName, `${path}.volumeAttributesClassName`),
    );
  return errs;
}
