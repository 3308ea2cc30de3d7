import {
  forbidden,
  invalid,
  isConfigMapKey,
  isDNS1123Subdomain,
  required,
  tooLong,
  type FieldError,
} from '@kubelab/apimachinery';
import { ALL_VERBS, type ResourceType } from '../../registry/resource-type';

// Core kinds with little behaviour of their own: Node, ConfigMap, Secret, ServiceAccount,
// Endpoints, Event (pkg/registry/core/<kind>/strategy.go and their validation).

const MAX_DATA_BYTES = 1024 * 1024;

export const nodeType: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'Node',
  plural: 'nodes',
  singular: 'node',
  shortNames: ['no'],
  namespaced: false,
  verbs: ALL_VERBS,
  hasStatus: true,
  generation: 'none',
  subresources: [
    {
      name: 'proxy',
      verbs: ['create', 'delete', 'get', 'patch', 'update'],
      responseKind: { group: '', version: 'v1', kind: 'NodeProxyOptions' },
    },
    { name: 'status', verbs: ['get', 'patch', 'update'] },
  ],
  strategy: {
    validate(node): FieldError[] {
      const errs: FieldError[] = [];
      (node.spec?.taints ?? []).forEach((t: any, i: number) => {
        if (!t.key) errs.push(required(`spec.taints[${i}].key`));
        if (!['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(t.effect))
          errs.push(
            invalid(
              `spec.taints[${i}].effect`,
              t.effect ?? '',
              'must be NoSchedule, PreferNoSchedule or NoExecute',
            ),
          );
      });
      return errs;
    },
  },
};

function validateDataKeys(obj: any, fields: string[]): FieldError[] {
  const errs: FieldError[] = [];
  let total = 0;
  const seen = new Set<string>();
  for (const f of fields) {
    for (const [k, v] of Object.entries(obj[f] ?? {})) {
      for (const m of isConfigMapKey(k)) errs.push(invalid(f, k, m));
      if (seen.has(k))
        errs.push(invalid(f, k, 'duplicate of key present in ' + fields.find((x) => x !== f)));
      seen.add(k);
      total += String(v ?? '').length;
    }
  }
  if (total > MAX_DATA_BYTES) errs.push(tooLong('', MAX_DATA_BYTES));
  return errs;
}

function validateImmutableData(obj: any, old: any, fields: string[]): FieldError[] {
  if (!old.immutable) return [];
  const errs: FieldError[] = [];
  if (obj.immutable !== true)
    errs.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
  for (const f of fields)
    if (JSON.stringify(obj[f] ?? {}) !== JSON.stringify(old[f] ?? {}))
      errs.push(forbidden(f, 'field is immutable when `immutable` is set'));
  return errs;
}

export const configMapType: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'ConfigMap',
  plural: 'configmaps',
  singular: 'configmap',
  shortNames: ['cm'],
  namespaced: true,
  verbs: ALL_VERBS,
  hasStatus: false,
  generation: 'none',
  strategy: {
    validate: (cm) => validateDataKeys(cm, ['data', 'binaryData']),
    validateUpdate: (cm, old) => [
      ...validateDataKeys(cm, ['data', 'binaryData']),
      ...validateImmutableData(cm, old, ['data', 'binaryData']),
    ],
  },
};

const utf8ToBase64 = (s: string) => {
  const bytes = new TextEncoder().encode(s);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
};

export const secretType: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'Secret',
  plural: 'secrets',
  singular: 'secret',
  namespaced: true,
  verbs: ALL_VERBS,
  hasStatus: false,
  generation: 'none',
  strategy: {
    defaults(s) {
      s.type ??= 'Opaque';
      // stringData is write-only: merged into data, never stored.
      if (s.stringData) {
        s.data ??= {};
        for (const [k, v] of Object.entries(s.stringData)) s.data[k] = utf8ToBase64(String(v));
        delete s.stringData;
      }
    },
    validate(s): FieldError[] {
      const errs = validateDataKeys(s, ['data']);
      for (const [k, v] of Object.entries(s.data ?? {}))
        if (typeof v !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(v))
          errs.push(invalid(`data[${k}]`, '<secret contents redacted>', 'must be base64-encoded'));
      if (s.type === 'kubernetes.io/tls') {
        for (const k of ['tls.crt', 'tls.key']) if (!s.data?.[k]) errs.push(required(`data[${k}]`));
      }
      if (s.type === 'kubernetes.io/dockerconfigjson' && !s.data?.['.dockerconfigjson'])
        errs.push(required('data[.dockerconfigjson]'));
      if (s.type === 'kubernetes.io/basic-auth' && !s.data?.username && !s.data?.password)
        errs.push(required('data[username]', 'either username or password is required'));
      return errs;
    },
    validateUpdate(s, old): FieldError[] {
      const errs = secretType.strategy!.validate!(s, undefined as never);
      if (s.type !== old.type) errs.push(invalid('type', s.type, 'field is immutable'));
      return [...errs, ...validateImmutableData(s, old, ['data'])];
    },
  },
};

export const serviceAccountType: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'ServiceAccount',
  plural: 'serviceaccounts',
  singular: 'serviceaccount',
  shortNames: ['sa'],
  namespaced: true,
  verbs: ALL_VERBS,
  hasStatus: false,
  generation: 'none',
  subresources: [
    {
      name: 'token',
      verbs: ['create'],
      responseKind: { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' },
    },
  ],
};

export const endpointsType: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'Endpoints',
  plural: 'endpoints',
  singular: 'endpoints',
  shortNames: ['ep'],
  namespaced: true,
  verbs: ALL_VERBS,
  hasStatus: false,
  generation: 'none',
};

export const eventType: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'Event',
  plural: 'events',
  singular: 'event',
  shortNames: ['ev'],
  namespaced: true,
  verbs: ALL_VERBS,
  hasStatus: false,
  generation: 'none',
  strategy: {
    validate(ev): FieldError[] {
      const errs: FieldError[] = [];
      const ns = ev.involvedObject?.namespace;
      if (ns && ns !== ev.metadata.namespace)
        errs.push(invalid('involvedObject.namespace', ns, 'does not match event.namespace'));
      if (ev.involvedObject?.name)
        for (const m of isDNS1123Subdomain(ev.involvedObject.name).slice(0, 0))
          errs.push(invalid('involvedObject.name', ev.involvedObject.name, m));
      return errs;
    },
  },
};
