import {
  apply as serverSideApply,
  applyJsonPatch,
  applyMergePatch,
  decodeWithRootSchema,
  deepClone,
  recordUpdate,
  schemaFor,
  strategicMergePatch,
  type KubeObject,
} from '@kubelab/apimachinery';
import type { ResourceType } from '../registry/resource-type';
import type { Machinery, ManagedFieldsEntry } from './machinery';

// The API server's schema-aware machinery, from libs/apimachinery: strict decoding against
// Kubernetes' schemas, JSON/merge/strategic-merge patches, and server-side apply field ownership.
// Kinds without a schema (the simulator's internal records) pass through untouched.

const apiVersionOf = (t: ResourceType) => (t.group ? `${t.group}/${t.version}` : t.version);
const schemaOf = (t: ResourceType) =>
  t.internal ? undefined : schemaFor(t.group, t.version, t.kind);

export const kubeMachinery: Machinery = {
  decode(type, body, mode) {
    const schema = schemaOf(type);
    if (!schema) return { object: deepClone(body as KubeObject), warnings: [] };
    const res = decodeWithRootSchema(
      body,
      { group: type.group, version: type.version, kind: type.kind },
      schema,
      mode,
    );
    return { object: res.object as KubeObject, warnings: res.warnings };
  },
  jsonPatch: (_t, original, patch) => applyJsonPatch(original, patch) as unknown as KubeObject,
  mergePatch: (_t, original, patch) => applyMergePatch(original, patch) as unknown as KubeObject,
  strategicMergePatch: (t, original, patch) =>
    strategicMergePatch(original, patch, schemaOf(t)) as unknown as KubeObject,
  apply(type, live, config, manager, force, now) {
    const schema = schemaOf(type);
    if (!schema) return (live ? { ...live, ...config } : config) as KubeObject;
    return serverSideApply({
      live,
      config,
      manager,
      force,
      apiVersion: apiVersionOf(type),
      kind: type.kind,
      time: now,
      schema,
    }).object as unknown as KubeObject;
  },
  recordUpdate(type, before, after, manager, now, subresource) {
    const schema = schemaOf(type);
    if (!schema) return undefined;
    return recordUpdate({
      live: before,
      updated: after,
      manager,
      apiVersion: apiVersionOf(type),
      time: now,
      schema,
      subresource,
    }) as ManagedFieldsEntry[] | undefined;
  },
};
