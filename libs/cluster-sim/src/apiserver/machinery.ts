import type { KubeObject } from '@kubelab/apimachinery';
import type { ResourceType } from '../registry/resource-type';

// What the API server core needs from the schema-aware machinery in libs/apimachinery (strict
// decoding, patches, server-side apply). Injected, so the core stays independent of how those are
// built and tests can run with or without schemas.

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: unknown;
  subresource?: string;
}

export interface Machinery {
  /** Decodes a body into the type: drops unknown fields (Strict: throws), checks field types. */
  decode(
    type: ResourceType,
    body: unknown,
    mode: FieldValidation,
  ): { object: KubeObject; warnings: string[] };
  jsonPatch(type: ResourceType, original: KubeObject, patch: unknown): KubeObject;
  mergePatch(type: ResourceType, original: KubeObject, patch: unknown): KubeObject;
  strategicMergePatch(type: ResourceType, original: KubeObject, patch: unknown): KubeObject;
  /** Server-side apply: merge, field ownership, conflicts (throws a 409 unless force). */
  apply(
    type: ResourceType,
    live: KubeObject | undefined,
    config: KubeObject,
    manager: string,
    force: boolean,
    now: string,
  ): KubeObject;
  /** Records a non-apply write's field ownership in metadata.managedFields. */
  recordUpdate(
    type: ResourceType,
    before: KubeObject | undefined,
    after: KubeObject,
    manager: string,
    now: string,
    subresource?: string,
  ): ManagedFieldsEntry[] | undefined;
}

/** Minimal machinery without schemas: JSON decoding as-is, RFC 7386 merge for every patch. */
export const schemalessMachinery: Machinery = {
  decode: (_t, body) => ({ object: structuredClone(body) as KubeObject, warnings: [] }),
  jsonPatch: () => {
    throw new Error('JSON patch needs the schema machinery');
  },
  mergePatch: (_t, o, p) => mergePatch(o, p) as KubeObject,
  strategicMergePatch: (_t, o, p) => mergePatch(o, p) as KubeObject,
  apply: (_t, live, config) => (live ? (mergePatch(live, config) as KubeObject) : config),
  recordUpdate: () => undefined,
};

function mergePatch(target: unknown, patch: unknown): unknown {
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) return structuredClone(patch);
  const out: Record<string, unknown> =
    target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as object) } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}
