// SchemaNodes for Kubernetes' built-in types, built lazily from ./generated (field names, types,
// descriptions, required fields) and ./patch-metadata.ts (patch strategies, list and map types),
// the way Kubernetes' OpenAPI documents describe them: a field whose type is another struct
// carries the field's own description and patch metadata, and otherwise is that struct.
// Types are recursive (JSONSchemaProps, and in general any type reachable from itself), so nodes
// are built on first access and shared: one node per struct, one per struct field.
import type { GroupVersionKind } from '../meta/types';
import { goEnum, goFieldType } from './go-types';
import { KIND_MODELS } from './kind-models';
import {
  allModels,
  isObjectModel,
  modelSpec,
  packageOf,
  shortName,
  type FieldSpec,
  type ObjectModelSpec,
  type ValueSpec,
} from './model-data';
import { fieldPatchMetadata, isAtomicStruct } from './patch-metadata';
import type { SchemaNode, SchemaType } from './schema-node';

/**
 * A SchemaNode of the registry. Besides the SchemaNode contract it names the Kubernetes
 * definition it stands for and the Go type encoding/json would decode into (for error texts).
 */
export interface RegistrySchemaNode extends SchemaNode {
  /** The OpenAPI definition of the type, for structs and Kubernetes' special types. */
  readonly definition?: string;
  /** Go's name of the type, as reflect prints it: "v1.DeploymentSpec", "int32", "[]string". */
  readonly goType: string;
  field(name: string): RegistrySchemaNode | undefined;
  readonly items?: RegistrySchemaNode;
  readonly values?: RegistrySchemaNode;
}

type Mutable<T> = { -readonly [K in keyof T]?: T[K] };

/** Go's package name of a definition: "v1" for io.k8s.api.apps.v1.X, "intstr" for intstr. */
const goPackageName = (definition: string) => {
  const parts = definition.split('.');
  return parts[parts.length - 2]!;
};

function defaultGoType(spec: ValueSpec): string {
  switch (spec.type) {
    case 'integer':
      return spec.format === 'int32' ? 'int32' : 'int64';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
    case 'string':
      return spec.format === 'byte' ? '[]uint8' : 'string';
    case 'array':
      return `[]${spec.items ? defaultGoType(spec.items) : 'interface {}'}`;
    case 'map':
      return `map[string]${spec.values ? defaultGoType(spec.values) : 'interface {}'}`;
    default:
      return spec.ref
        ? `${goPackageName(spec.ref)}.${shortName(spec.ref)}`
        : 'map[string]interface {}';
  }
}

/** The element type of "[]T", or the value type of "map[K]V"; undefined for named types. */
function innerGoType(goType: string | undefined, kind: 'array' | 'map'): string | undefined {
  if (!goType) return undefined;
  if (kind === 'array') return goType.startsWith('[]') ? goType.slice(2) : undefined;
  if (!goType.startsWith('map[')) return undefined;
  let depth = 0;
  for (let i = 3; i < goType.length; i++) {
    if (goType[i] === '[') depth++;
    else if (goType[i] === ']' && --depth === 0) return goType.slice(i + 1);
  }
  return undefined;
}

class Node implements RegistrySchemaNode {
  // `declare`: only the properties a node has are set (no own `undefined` properties).
  declare readonly type: SchemaType;
  declare readonly typeName?: string;
  declare readonly description?: string;
  declare readonly format?: string;
  declare readonly enum?: readonly string[];
  declare readonly required?: readonly string[];
  declare readonly items?: Node;
  declare readonly values?: Node;
  declare readonly patchStrategy?: string;
  declare readonly patchMergeKey?: string;
  declare readonly listType?: 'atomic' | 'set' | 'map';
  declare readonly listMapKeys?: readonly string[];
  declare readonly mapType?: 'granular' | 'atomic';
  declare readonly definition?: string;
  declare readonly goType: string;
  /** The struct whose fields this node has (its own, or the referenced type's for a field). */
  declare readonly structFields?: StructFields;

  constructor(props: Mutable<Node>) {
    for (const [k, v] of Object.entries(props))
      if (v !== undefined) Object.assign(this, { [k]: v });
  }

  field(name: string): Node | undefined {
    return this.structFields?.field(name);
  }

  fieldNames(): readonly string[] {
    return this.structFields?.names ?? [];
  }
}

/** The fields of one struct, built on first use and shared by every node of that type. */
class StructFields {
  readonly names: readonly string[];
  private readonly built = new Map<string, Node>();

  constructor(
    readonly registry: Registry,
    readonly definition: string,
    readonly spec: ObjectModelSpec,
  ) {
    this.names = Object.keys(spec.fields);
  }

  field(name: string): Node | undefined {
    const cached = this.built.get(name);
    if (cached) return cached;
    if (!Object.prototype.hasOwnProperty.call(this.spec.fields, name)) return undefined;
    const node = this.registry.fieldNode(this.definition, name, this.spec.fields[name]!);
    this.built.set(name, node);
    return node;
  }
}

class Registry {
  private readonly structs = new Map<string, Node>();

  /** The node of a definition: a struct, or one of Kubernetes' special leaf types. */
  typeNode(definition: string): Node | undefined {
    const cached = this.structs.get(definition);
    if (cached) return cached;
    const spec = modelSpec(definition);
    if (!spec) return undefined;
    let node: Node;
    if (isObjectModel(spec)) {
      const required = Object.entries(spec.fields)
        .filter(([, f]) => f.required)
        .map(([n]) => n);
      node = new Node({
        type: 'object',
        typeName: shortName(definition),
        description: spec.description,
        required: required.length ? required : undefined,
        mapType: isAtomicStruct(packageOf(definition), shortName(definition))
          ? 'atomic'
          : undefined,
        definition,
        goType: `${goPackageName(definition)}.${shortName(definition)}`,
        structFields: new StructFields(this, definition, spec),
      });
    } else {
      node = new Node({
        type: spec.type,
        typeName: shortName(definition),
        description: spec.description,
        format: spec.format,
        definition,
        goType: `${goPackageName(definition)}.${shortName(definition)}`,
      });
    }
    this.structs.set(definition, node);
    return node;
  }

  fieldNode(owner: string, name: string, spec: FieldSpec): Node {
    const pkg = packageOf(owner);
    const typeName = shortName(owner);
    const meta = fieldPatchMetadata(pkg, typeName, name) ?? {};
    const goType = goFieldType(pkg, typeName, name);
    return this.valueNode(spec, {
      description: spec.description,
      enum: goEnum(pkg, goType),
      patchStrategy: meta.patchStrategy,
      patchMergeKey: meta.patchMergeKey,
      listType: meta.listType,
      listMapKeys: meta.listMapKeys,
      mapType: meta.mapType,
      goType,
    });
  }

  /** A node for a value of the given spec; `own` holds what belongs to the field itself. */
  valueNode(spec: ValueSpec, own: Mutable<Node> = {}): Node {
    const target = spec.ref ? this.typeNode(spec.ref) : undefined;
    if (spec.ref && !target) throw new Error(`schema data refers to missing ${spec.ref}`);
    const goType = own.goType ?? target?.goType ?? defaultGoType(spec);
    const base: Mutable<Node> = {
      type: spec.type,
      format: spec.format ?? target?.format,
      enum: own.enum,
      description: own.description ?? target?.description,
      patchStrategy: own.patchStrategy,
      patchMergeKey: own.patchMergeKey,
      listType: own.listType,
      listMapKeys: own.listMapKeys,
      mapType: own.mapType ?? target?.mapType,
      goType,
    };
    if (target) {
      return new Node({
        ...base,
        typeName: target.typeName,
        required: target.required,
        definition: target.definition,
        structFields: target.structFields,
      });
    }
    if (spec.type === 'array' && spec.items) {
      const inner = innerGoType(goType, 'array');
      base.items = this.elementNode(spec.items, inner);
    } else if (spec.type === 'map' && spec.values) {
      const inner = innerGoType(goType, 'map');
      base.values = this.elementNode(spec.values, inner);
    }
    return new Node(base);
  }

  /** Array elements and map values: the struct's own node when they are structs. */
  private elementNode(spec: ValueSpec, goType: string | undefined): Node {
    if (spec.ref) {
      const t = this.typeNode(spec.ref);
      if (!t) throw new Error(`schema data refers to missing ${spec.ref}`);
      if (!goType || goType === t.goType) return t;
    }
    return this.valueNode(spec, goType ? { goType } : {});
  }
}

const registry = new Registry();

const kindIndex = new Map<string, string>(
  KIND_MODELS.map((k) => [`${k.group}/${k.version}/${k.kind}`, k.definition]),
);

/** The schema of a built-in kind, e.g. schemaFor('apps', 'v1', 'Deployment'). */
export function schemaFor(
  group: string,
  version: string,
  kind: string,
): RegistrySchemaNode | undefined {
  const def = kindIndex.get(`${group}/${version}/${kind}`);
  return def ? registry.typeNode(def) : undefined;
}

// Short names are ambiguous across packages (Event, HorizontalPodAutoscaler, EndpointPort); the
// first package in this order wins, following which version kubectl and the API prefer.
const PACKAGE_PREFERENCE = [
  'meta/v1',
  'core/v1',
  'apps/v1',
  'batch/v1',
  'networking/v1',
  'storage/v1',
  'autoscaling/v2',
  'autoscaling/v1',
  'policy/v1',
  'scheduling/v1',
  'discovery/v1',
  'events/v1',
  'coordination/v1',
  'rbac/v1',
  'authorization/v1',
  'authentication/v1',
];

let shortIndex: Map<string, string> | undefined;

/**
 * A type by its definition name ("io.k8s.api.apps.v1.DeploymentSpec") or short name
 * ("DeploymentSpec"; for names several packages use, see PACKAGE_PREFERENCE).
 */
export function schemaByTypeName(name: string): RegistrySchemaNode | undefined {
  if (name.includes('.')) return registry.typeNode(name);
  if (!shortIndex) {
    const rank = (def: string) => {
      const i = PACKAGE_PREFERENCE.indexOf(packageOf(def));
      return i < 0 ? PACKAGE_PREFERENCE.length : i;
    };
    const defs = [...allModels().keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    shortIndex = new Map();
    for (const d of defs) if (!shortIndex.has(shortName(d))) shortIndex.set(shortName(d), d);
  }
  const def = shortIndex.get(name);
  return def ? registry.typeNode(def) : undefined;
}

/** Every group/version/kind with a schema, in KIND_MODELS order. */
export function rootKinds(): readonly GroupVersionKind[] {
  return KIND_MODELS.map(({ group, version, kind }) => ({ group, version, kind }));
}
