// The compact schema data infra/codegen/k8s-openapi-models.ts writes to ./generated/*.json, and
// the one place that loads it. Types are named by Kubernetes' OpenAPI definition names
// ("io.k8s.api.apps.v1.DeploymentSpec") because short names collide across groups (core/v1 Event
// and events.k8s.io/v1 Event, autoscaling v1 and v2 HorizontalPodAutoscaler).
import type { SchemaType } from './schema-node';
import apps from './generated/apps.json';
import authentication from './generated/authentication.json';
import authorization from './generated/authorization.json';
import autoscaling from './generated/autoscaling.json';
import batch from './generated/batch.json';
import coordination from './generated/coordination.json';
import core from './generated/core.json';
import discovery from './generated/discovery.json';
import events from './generated/events.json';
import meta from './generated/meta.json';
import networking from './generated/networking.json';
import policy from './generated/policy.json';
import rbac from './generated/rbac.json';
import scheduling from './generated/scheduling.json';
import storage from './generated/storage.json';

/** A value's type: a field's, an array's element's, or a map's value's. */
export interface ValueSpec {
  type: SchemaType;
  /** int32, int64, double, byte, date-time. */
  format?: string;
  /** The model or leaf definition this value is (object, quantity, int-or-string, date-time, any). */
  ref?: string;
  /** array: the element. */
  items?: ValueSpec;
  /** map: the value. */
  values?: ValueSpec;
}

export interface FieldSpec extends ValueSpec {
  required?: boolean;
  description?: string;
}

/** A struct: its fields in declaration order (Kubernetes' OpenAPI sorts them by name). */
export interface ObjectModelSpec {
  description?: string;
  fields: Record<string, FieldSpec>;
}

/** A Kubernetes type with its own (un)marshalling: Time, MicroTime, Quantity, IntOrString, … */
export interface LeafModelSpec {
  type: SchemaType;
  format?: string;
  description?: string;
}

export type ModelSpec = ObjectModelSpec | LeafModelSpec;

export const isObjectModel = (m: ModelSpec): m is ObjectModelSpec => 'fields' in m;

interface GeneratedFile {
  models: Record<string, ModelSpec>;
}

const FILES: readonly GeneratedFile[] = [
  core,
  meta,
  apps,
  batch,
  networking,
  storage,
  autoscaling,
  policy,
  scheduling,
  discovery,
  events,
  coordination,
  rbac,
  authorization,
  authentication,
] as unknown as GeneratedFile[];

let merged: ReadonlyMap<string, ModelSpec> | undefined;

/** Every model and leaf, by definition name. */
export function allModels(): ReadonlyMap<string, ModelSpec> {
  if (!merged) {
    const m = new Map<string, ModelSpec>();
    for (const f of FILES) for (const [name, spec] of Object.entries(f.models)) m.set(name, spec);
    merged = m;
  }
  return merged;
}

export function modelSpec(definition: string): ModelSpec | undefined {
  return allModels().get(definition);
}

/** "io.k8s.api.apps.v1.DeploymentSpec" -> "DeploymentSpec". */
export const shortName = (definition: string) => definition.slice(definition.lastIndexOf('.') + 1);

/**
 * The Go package a definition lives in, as our patch and Go-type tables key it:
 * "io.k8s.api.apps.v1.X" -> "apps/v1", "io.k8s.apimachinery.pkg.apis.meta.v1.X" -> "meta/v1".
 */
export function packageOf(definition: string): string {
  const parts = definition.split('.');
  if (definition.startsWith('io.k8s.api.')) return `${parts[3]}/${parts[4]}`;
  if (definition.startsWith('io.k8s.apimachinery.pkg.apis.meta.')) return `meta/${parts[6]}`;
  return parts.slice(0, -1).join('.');
}
