// The OpenAPI documents our API server serves, shaped like kube-apiserver's:
// - GET /openapi/v3: {"paths": {"api/v1": {"serverRelativeURL": "/openapi/v3/api/v1?hash=…"}, …}}
// - GET /openapi/v3/apis/<group>/<version>: an OpenAPI 3.0 document with the group-version's
//   paths and every schema they reach under Kubernetes' definition names
//   ("io.k8s.api.apps.v1.DeploymentSpec"), each kind's schema tagged with
//   x-kubernetes-group-version-kind;
// - GET /openapi/v2: the same content as Swagger 2.0.
// What kubectl 1.32 reads from them (k8s.io/cli-runtime query_param_verifier_v3.go and
// k8s.io/kubectl pkg/explain/v2/templates/plaintext.tmpl):
// - apply/create/replace/edit: the PATCH operation whose x-kubernetes-group-version-kind is the
//   object's GVK must list a `fieldValidation` query parameter; kubectl then leaves validation
//   to the server (fieldValidation=Strict). It looks at the first such PATCH only, so every
//   PATCH (also /status, /scale) carries the parameter.
// - explain: the GVK of a resource comes from an operation on its list or item path; the schema
//   is the components.schemas entry whose x-kubernetes-group-version-kind contains it; type
//   names come from $refs (`<DeploymentSpec>`, `<[]Container>`, `<map[string]string>`), from
//   referenced schemas without a type (`<IntOrString>`, `<Quantity>`), or from `type` (`<string>`
//   for Time). A $ref with a description beside it is wrapped in allOf, as kube-openapi does.
// Descriptions of parameters and of the Patch body are our own words.
import { KIND_MODELS } from './kind-models';
import {
  allModels,
  isObjectModel,
  packageOf,
  shortName,
  type FieldSpec,
  type ModelSpec,
  type ValueSpec,
} from './model-data';
import { fieldDefault, goEnum, goFieldType } from './go-types';
import { FIELD_PATCH_METADATA, isAtomicStruct } from './patch-metadata';

/** A resource our server serves, as discovery lists it. */
export interface ServedResource {
  group: string;
  version: string;
  kind: string;
  /** The resource name in URLs: "deployments". */
  plural: string;
  namespaced: boolean;
  /** Discovery verbs: get, list, watch, create, update, patch, delete, deletecollection. */
  verbs: readonly string[];
  /** Subresources served, e.g. ["status", "scale"]. */
  subresources?: readonly string[];
}

export interface OpenApiOptions {
  /** info.version of the documents (kube-apiserver: "unversioned" in v3, its version in v2). */
  serverVersion?: string;
  /** The opaque cache key in serverRelativeURL; default: documentHash. */
  hash?: (documentText: string) => string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface OpenApiV3Index {
  paths: Record<string, { serverRelativeURL: string }>;
}

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const PATCH_DEF = `${META}.Patch`;
const PATCH_CONTENT_TYPES = [
  'application/apply-patch+yaml',
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
];

// Definitions only our documents need (client-node has no model for Patch).
const EXTRA_DEFINITIONS: Record<string, ModelSpec> = {
  [PATCH_DEF]: {
    type: 'any',
    description:
      'Patch is the body of a PATCH request: a JSON patch, a JSON merge patch, a strategic merge patch or an apply configuration, as the Content-Type says.',
  },
};

/** The kinds a subresource speaks, when it is not the resource's own kind. */
const SUBRESOURCE_KINDS: Record<string, { group: string; version: string; kind: string }> = {
  scale: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
  eviction: { group: 'policy', version: 'v1', kind: 'Eviction' },
  binding: { group: '', version: 'v1', kind: 'Binding' },
  token: { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' },
};
/** Subresources that read and write the resource itself. */
const SELF_SUBRESOURCES = new Set(['status', 'ephemeralcontainers', 'resize']);
/** Subresources that are only created (POST). */
const CREATE_ONLY_SUBRESOURCES = new Set(['eviction', 'binding', 'token']);

const kindDefinitions = new Map<string, string>();
const listDefinitions = new Map<string, string>();
for (const k of KIND_MODELS) {
  kindDefinitions.set(`${k.group}/${k.version}/${k.kind}`, k.definition);
  if (k.listDefinition) listDefinitions.set(`${k.group}/${k.version}/${k.kind}`, k.listDefinition);
}
const gvkKey = (g: { group: string; version: string; kind: string }) =>
  `${g.group}/${g.version}/${g.kind}`;

/** "api/v1" for the core group, "apis/<group>/<version>" otherwise. */
export const groupVersionPath = (group: string, version: string) =>
  group ? `apis/${group}/${version}` : `api/${version}`;

/** A stable, opaque 64-bit hex digest (cyrb53-style), for serverRelativeURL cache keys. */
export function documentHash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  return (hex(h2) + hex(h1)).toUpperCase();
}

// ---------------------------------------------------------------------------------------------
// Schemas

type Flavor = 'v3' | 'v2';

const refTo = (flavor: Flavor, def: string) =>
  flavor === 'v3' ? `#/components/schemas/${def}` : `#/definitions/${def}`;

/** The default kube-openapi gives array elements and map values (they are never pointers). */
function elementDefault(spec: ValueSpec): Json | undefined {
  if (spec.ref) return {};
  switch (spec.type) {
    case 'string':
      return spec.format === 'byte' ? undefined : '';
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return false;
    default:
      return undefined;
  }
}

/** A value's schema; `extra` (description, extensions, default) goes beside it. */
function valueSchema(
  flavor: Flavor,
  spec: ValueSpec,
  extra: JsonObject,
  refs: Set<string>,
): JsonObject {
  if (spec.ref) {
    refs.add(spec.ref);
    const ref = refTo(flavor, spec.ref);
    if (flavor === 'v2') return { ...extra, $ref: ref };
    // OpenAPI 3.0 ignores siblings of $ref: wrap it when anything stands beside it.
    return Object.keys(extra).length ? { ...extra, allOf: [{ $ref: ref }] } : { $ref: ref };
  }
  const s: JsonObject = {};
  switch (spec.type) {
    case 'array': {
      s.type = 'array';
      const items = spec.items ?? { type: 'any' };
      const d = elementDefault(items);
      s.items = valueSchema(flavor, items, d === undefined ? {} : { default: d }, refs);
      break;
    }
    case 'map': {
      s.type = 'object';
      const values = spec.values ?? { type: 'any' };
      const d = elementDefault(values);
      s.additionalProperties = valueSchema(
        flavor,
        values,
        d === undefined ? {} : { default: d },
        refs,
      );
      break;
    }
    case 'integer':
    case 'number':
    case 'boolean':
    case 'string':
      s.type = spec.type;
      if (spec.format) s.format = spec.format;
      break;
    case 'object':
    case 'any':
      s.type = 'object';
      break;
    default:
      // Leaf types are always referenced; a bare one (not in our data) stays untyped.
      break;
  }
  return { ...s, ...extra };
}

function fieldSchema(
  flavor: Flavor,
  owner: string,
  name: string,
  spec: FieldSpec,
  refs: Set<string>,
): JsonObject {
  const extra: JsonObject = {};
  if (spec.description) extra.description = spec.description;
  const pkg = packageOf(owner);
  const d = fieldDefault(pkg, shortName(owner), name);
  if (d !== undefined) extra.default = d as Json;
  const values = goEnum(pkg, goFieldType(pkg, shortName(owner), name));
  if (values) extra.enum = [...values];
  const meta = FIELD_PATCH_METADATA[pkg]?.[`${shortName(owner)}.${name}`];
  if (meta?.patchStrategy) extra['x-kubernetes-patch-strategy'] = meta.patchStrategy;
  if (meta?.patchMergeKey) extra['x-kubernetes-patch-merge-key'] = meta.patchMergeKey;
  if (meta?.listType) extra['x-kubernetes-list-type'] = meta.listType;
  if (meta?.listMapKeys) extra['x-kubernetes-list-map-keys'] = [...meta.listMapKeys];
  if (meta?.mapType) extra['x-kubernetes-map-type'] = meta.mapType;
  return valueSchema(flavor, spec, extra, refs);
}

const GVK_OF_DEFINITION = new Map<string, JsonObject[]>();
for (const k of KIND_MODELS) {
  const gvk = { group: k.group, kind: k.kind, version: k.version };
  GVK_OF_DEFINITION.set(k.definition, [gvk]);
  if (k.listDefinition) {
    GVK_OF_DEFINITION.set(k.listDefinition, [{ ...gvk, kind: `${k.kind}List` }]);
  }
}
// kube-apiserver accepts DeleteOptions and serves Status/WatchEvent under every group-version;
// its documents tag them with those GVKs. We tag them with the core and meta ones.
GVK_OF_DEFINITION.set(`${META}.DeleteOptions`, [
  { group: '', kind: 'DeleteOptions', version: 'v1' },
  { group: 'meta.k8s.io', kind: 'DeleteOptions', version: 'v1' },
]);
GVK_OF_DEFINITION.set(`${META}.Status`, [{ group: '', kind: 'Status', version: 'v1' }]);
GVK_OF_DEFINITION.set(`${META}.WatchEvent`, [
  { group: '', kind: 'WatchEvent', version: 'v1' },
  { group: 'meta.k8s.io', kind: 'WatchEvent', version: 'v1' },
]);

function definitionSchema(flavor: Flavor, def: string, refs: Set<string>): JsonObject | undefined {
  const spec = allModels().get(def) ?? EXTRA_DEFINITIONS[def];
  if (!spec) return undefined;
  const s: JsonObject = {};
  if (spec.description) s.description = spec.description;
  if (!isObjectModel(spec)) {
    switch (spec.type) {
      case 'int-or-string':
        // kube-openapi: no type, so explain prints <IntOrString>; v2 has no oneOf.
        if (flavor === 'v3') s.oneOf = [{ type: 'integer' }, { type: 'string' }];
        else s.type = 'string';
        s.format = 'int-or-string';
        break;
      case 'quantity':
        if (flavor === 'v3') s.oneOf = [{ type: 'string' }, { type: 'number' }];
        else s.type = 'string';
        break;
      case 'date-time':
        s.type = 'string';
        s.format = 'date-time';
        break;
      default:
        s.type = 'object';
    }
    return s;
  }
  s.type = 'object';
  const required = Object.entries(spec.fields)
    .filter(([, f]) => f.required)
    .map(([n]) => n);
  if (required.length) s.required = required;
  const props: JsonObject = {};
  for (const [name, f] of Object.entries(spec.fields)) {
    props[name] = fieldSchema(flavor, def, name, f, refs);
  }
  s.properties = props;
  const gvks = GVK_OF_DEFINITION.get(def);
  if (gvks) s['x-kubernetes-group-version-kind'] = gvks;
  if (isAtomicStruct(packageOf(def), shortName(def))) s['x-kubernetes-map-type'] = 'atomic';
  return s;
}

/** Every definition reachable from the roots, each with its schema. */
function schemasFrom(flavor: Flavor, roots: Iterable<string>): JsonObject {
  const out = new Map<string, JsonObject>();
  const pending = [...roots];
  while (pending.length) {
    const def = pending.pop()!;
    if (out.has(def)) continue;
    const refs = new Set<string>();
    const schema = definitionSchema(flavor, def, refs);
    if (!schema) continue;
    out.set(def, schema);
    for (const r of refs) if (!out.has(r)) pending.push(r);
  }
  const sorted: JsonObject = {};
  for (const def of [...out.keys()].sort()) sorted[def] = out.get(def)!;
  return sorted;
}

// ---------------------------------------------------------------------------------------------
// Paths

interface Param {
  name: string;
  in: 'query' | 'path';
  type: 'string' | 'boolean' | 'integer';
  description: string;
  required?: boolean;
}

const q = (name: string, type: Param['type'], description: string): Param => ({
  name,
  in: 'query',
  type,
  description,
});

const P = {
  pretty: q('pretty', 'string', "If 'true', the output is pretty printed."),
  dryRun: q(
    'dryRun',
    'string',
    'When present, the request is processed but nothing is persisted. The only valid value is All.',
  ),
  fieldManager: q(
    'fieldManager',
    'string',
    'The name of the actor making the changes, recorded in managedFields. Required for apply patches (application/apply-patch+yaml).',
  ),
  fieldValidation: q(
    'fieldValidation',
    'string',
    'How the server treats unknown and duplicate fields in the body: Ignore drops them, Warn (the default) drops them and answers a warning for each, Strict refuses the request with a BadRequest naming them all.',
  ),
  force: q(
    'force',
    'boolean',
    'Force an apply patch: take over fields other managers own instead of failing with a conflict. Only valid for apply patches.',
  ),
  gracePeriodSeconds: q(
    'gracePeriodSeconds',
    'integer',
    'Seconds before the object is deleted; 0 deletes at once. Unset: the kind’s default.',
  ),
  orphanDependents: q(
    'orphanDependents',
    'boolean',
    'Deprecated: use propagationPolicy. Whether dependents are orphaned.',
  ),
  propagationPolicy: q(
    'propagationPolicy',
    'string',
    'How dependents are garbage collected: Orphan, Background or Foreground.',
  ),
  allowWatchBookmarks: q(
    'allowWatchBookmarks',
    'boolean',
    'Ask a watch for BOOKMARK events; servers may ignore it.',
  ),
  continue: q('continue', 'string', 'The continue token of a previous list call with a limit.'),
  fieldSelector: q('fieldSelector', 'string', 'Restrict the objects by their fields.'),
  labelSelector: q('labelSelector', 'string', 'Restrict the objects by their labels.'),
  limit: q('limit', 'integer', 'The most objects to return; the rest follows a continue token.'),
  resourceVersion: q(
    'resourceVersion',
    'string',
    'The resourceVersion the list is served at or the watch starts after.',
  ),
  resourceVersionMatch: q(
    'resourceVersionMatch',
    'string',
    'How resourceVersion applies to a list: Exact or NotOlderThan.',
  ),
  sendInitialEvents: q(
    'sendInitialEvents',
    'boolean',
    'With watch: start the stream with synthetic ADDED events for the current state.',
  ),
  timeoutSeconds: q('timeoutSeconds', 'integer', 'Close the list or watch call after this long.'),
  watch: q('watch', 'boolean', 'Watch for changes and return them as a stream of events.'),
};

const LIST_PARAMS = [
  P.allowWatchBookmarks,
  P.continue,
  P.fieldSelector,
  P.labelSelector,
  P.limit,
  P.resourceVersion,
  P.resourceVersionMatch,
  P.sendInitialEvents,
  P.timeoutSeconds,
  P.watch,
];
const DELETE_COLLECTION_PARAMS = [
  P.continue,
  P.dryRun,
  P.fieldSelector,
  P.gracePeriodSeconds,
  P.labelSelector,
  P.limit,
  P.orphanDependents,
  P.propagationPolicy,
  P.resourceVersion,
  P.resourceVersionMatch,
  P.sendInitialEvents,
  P.timeoutSeconds,
];

function paramJson(flavor: Flavor, p: Param): JsonObject {
  const o: JsonObject = { description: p.description, in: p.in, name: p.name };
  if (p.required) o.required = true;
  if (flavor === 'v3') o.schema = { type: p.type, uniqueItems: true };
  else {
    o.type = p.type;
    o.uniqueItems = true;
  }
  return o;
}

const pathParam = (name: string, description: string): Param => ({
  name,
  in: 'path',
  type: 'string',
  description,
  required: true,
});

/** "AppsV1", "CoreV1", "RbacAuthorizationV1": operationId's group-version part. */
function opGroupVersion(group: string, version: string): string {
  const g = group ? group.replace(/\.k8s\.io$/, '') : 'core';
  const camel = g
    .split('.')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
  return camel + version.charAt(0).toUpperCase() + version.slice(1);
}

/** "apps_v1", "rbacAuthorization_v1": the operation tag. */
function opTag(group: string, version: string): string {
  const g = opGroupVersion(group, version).slice(0, -version.length);
  return `${g.charAt(0).toLowerCase()}${g.slice(1)}_${version}`;
}

interface OpSpec {
  method: 'get' | 'put' | 'post' | 'patch' | 'delete';
  action: string;
  operationId: string;
  description: string;
  params: Param[];
  /** The request body's definition (PATCH: Patch under the four patch content types). */
  body?: string;
  patch?: boolean;
  /** Response definition per status code. */
  responses: Record<string, string>;
  stream?: boolean;
  gvk?: { group: string; version: string; kind: string };
  tag: string;
}

const RESPONSE_TEXT: Record<string, string> = {
  '200': 'OK',
  '201': 'Created',
  '202': 'Accepted',
  '401': 'Unauthorized',
};

function opJson(flavor: Flavor, op: OpSpec, refs: Set<string>): JsonObject {
  const o: JsonObject = { description: op.description, operationId: op.operationId };
  const params = op.params.map((p) => paramJson(flavor, p));
  const mediaTypes = ['application/json', 'application/yaml'];
  if (op.stream) mediaTypes.splice(1, 0, 'application/json;stream=watch');
  if (flavor === 'v3') {
    if (params.length) o.parameters = params;
    if (op.body) {
      refs.add(op.body);
      const types = op.patch ? PATCH_CONTENT_TYPES : ['*/*'];
      const content: JsonObject = {};
      for (const t of types) content[t] = { schema: { $ref: refTo('v3', op.body) } };
      o.requestBody =
        op.patch || op.method !== 'delete' ? { content, required: true } : { content };
    }
    const responses: JsonObject = {};
    for (const [code, def] of Object.entries(op.responses)) {
      refs.add(def);
      const content: JsonObject = {};
      for (const t of mediaTypes) content[t] = { schema: { $ref: refTo('v3', def) } };
      responses[code] = { content, description: RESPONSE_TEXT[code] ?? 'OK' };
    }
    responses['401'] = { description: 'Unauthorized' };
    o.responses = responses;
  } else {
    o.consumes = op.patch ? [...PATCH_CONTENT_TYPES] : ['*/*'];
    o.produces = mediaTypes;
    o.schemes = ['https'];
    if (op.body) {
      refs.add(op.body);
      params.unshift({
        in: 'body',
        name: 'body',
        required: op.method !== 'delete',
        schema: { $ref: refTo('v2', op.body) },
      });
    }
    if (params.length) o.parameters = params;
    const responses: JsonObject = {};
    for (const [code, def] of Object.entries(op.responses)) {
      refs.add(def);
      responses[code] = {
        description: RESPONSE_TEXT[code] ?? 'OK',
        schema: { $ref: refTo('v2', def) },
      };
    }
    responses['401'] = { description: 'Unauthorized' };
    o.responses = responses;
  }
  o.tags = [op.tag];
  o['x-kubernetes-action'] = op.action;
  if (op.gvk) o['x-kubernetes-group-version-kind'] = { ...op.gvk };
  return o;
}

interface PathSpec {
  params: Param[];
  ops: OpSpec[];
}

/** The paths of one served resource (and its subresources), by URL template. */
function resourcePaths(r: ServedResource): Map<string, PathSpec> {
  const out = new Map<string, PathSpec>();
  const def = kindDefinitions.get(gvkKey(r));
  if (!def) return out;
  const listDef = listDefinitions.get(gvkKey(r));
  const gv = opGroupVersion(r.group, r.version);
  const tag = opTag(r.group, r.version);
  const gvk = { group: r.group, version: r.version, kind: r.kind };
  const base = `/${groupVersionPath(r.group, r.version)}`;
  const ns = r.namespaced ? 'Namespaced' : '';
  const collection = r.namespaced
    ? `${base}/namespaces/{namespace}/${r.plural}`
    : `${base}/${r.plural}`;
  const item = `${collection}/{name}`;
  const nsParam = pathParam(
    'namespace',
    'object name and auth scope, such as for teams and projects',
  );
  const scope = r.namespaced ? [nsParam] : [];
  const verbs = new Set(r.verbs);
  const add = (path: string, params: Param[], op: OpSpec) => {
    if (!out.has(path)) out.set(path, { params, ops: [] });
    out.get(path)!.ops.push(op);
  };
  const writeParams = [P.dryRun, P.fieldManager, P.fieldValidation];
  const patchParams = [P.dryRun, P.fieldManager, P.fieldValidation, P.force];
  const k = r.kind;

  if (verbs.has('list') && listDef) {
    add(collection, [...scope, P.pretty], {
      method: 'get',
      action: 'list',
      operationId: `list${gv}${ns}${k}`,
      description: `list or watch objects of kind ${k}`,
      params: LIST_PARAMS,
      responses: { '200': listDef },
      stream: true,
      gvk,
      tag,
    });
    if (r.namespaced) {
      add(`${base}/${r.plural}`, [...LIST_PARAMS, P.pretty], {
        method: 'get',
        action: 'list',
        operationId: `list${gv}${k}ForAllNamespaces`,
        description: `list or watch objects of kind ${k}`,
        params: [],
        responses: { '200': listDef },
        stream: true,
        gvk,
        tag,
      });
    }
  }
  if (verbs.has('create')) {
    add(collection, [...scope, P.pretty], {
      method: 'post',
      action: 'post',
      operationId: `create${gv}${ns}${k}`,
      description: `create ${article(k)} ${k}`,
      params: writeParams,
      body: def,
      responses: { '200': def, '201': def, '202': def },
      gvk,
      tag,
    });
  }
  if (verbs.has('deletecollection')) {
    add(collection, [...scope, P.pretty], {
      method: 'delete',
      action: 'deletecollection',
      operationId: `delete${gv}Collection${ns}${k}`,
      description: `delete collection of ${k}`,
      params: DELETE_COLLECTION_PARAMS,
      body: `${META}.DeleteOptions`,
      responses: { '200': `${META}.Status` },
      gvk,
      tag,
    });
  }
  const itemParams = [pathParam('name', `name of the ${k}`), ...scope, P.pretty];
  if (verbs.has('get')) {
    add(item, itemParams, {
      method: 'get',
      action: 'get',
      operationId: `read${gv}${ns}${k}`,
      description: `read the specified ${k}`,
      params: [],
      responses: { '200': def },
      gvk,
      tag,
    });
  }
  if (verbs.has('update')) {
    add(item, itemParams, {
      method: 'put',
      action: 'put',
      operationId: `replace${gv}${ns}${k}`,
      description: `replace the specified ${k}`,
      params: writeParams,
      body: def,
      responses: { '200': def, '201': def },
      gvk,
      tag,
    });
  }
  if (verbs.has('patch')) {
    add(item, itemParams, {
      method: 'patch',
      action: 'patch',
      operationId: `patch${gv}${ns}${k}`,
      description: `partially update the specified ${k}`,
      params: patchParams,
      body: PATCH_DEF,
      patch: true,
      responses: { '200': def, '201': def },
      gvk,
      tag,
    });
  }
  if (verbs.has('delete')) {
    add(item, itemParams, {
      method: 'delete',
      action: 'delete',
      operationId: `delete${gv}${ns}${k}`,
      description: `delete ${article(k)} ${k}`,
      params: [P.dryRun, P.gracePeriodSeconds, P.orphanDependents, P.propagationPolicy],
      body: `${META}.DeleteOptions`,
      responses: { '200': `${META}.Status`, '202': `${META}.Status` },
      gvk,
      tag,
    });
  }

  for (const sub of r.subresources ?? []) {
    const subKind = SELF_SUBRESOURCES.has(sub) ? gvk : SUBRESOURCE_KINDS[sub];
    if (!subKind) continue; // log, exec, attach, portforward, proxy: not objects
    const subDef = kindDefinitions.get(gvkKey(subKind));
    if (!subDef) continue;
    const path = `${item}/${sub}`;
    const Sub = sub.charAt(0).toUpperCase() + sub.slice(1);
    const params = [pathParam('name', `name of the ${subKind.kind}`), ...scope, P.pretty];
    if (CREATE_ONLY_SUBRESOURCES.has(sub)) {
      add(path, params, {
        method: 'post',
        action: 'post',
        operationId: `create${gv}${ns}${k}${Sub}`,
        description: `create ${sub} of ${article(k)} ${k}`,
        params: writeParams,
        body: subDef,
        responses: { '200': subDef, '201': subDef, '202': subDef },
        gvk: subKind,
        tag,
      });
      continue;
    }
    add(path, params, {
      method: 'get',
      action: 'get',
      operationId: `read${gv}${ns}${k}${Sub}`,
      description: `read ${sub} of the specified ${k}`,
      params: [],
      responses: { '200': subDef },
      gvk: subKind,
      tag,
    });
    add(path, params, {
      method: 'put',
      action: 'put',
      operationId: `replace${gv}${ns}${k}${Sub}`,
      description: `replace ${sub} of the specified ${k}`,
      params: writeParams,
      body: subDef,
      responses: { '200': subDef, '201': subDef },
      gvk: subKind,
      tag,
    });
    add(path, params, {
      method: 'patch',
      action: 'patch',
      operationId: `patch${gv}${ns}${k}${Sub}`,
      description: `partially update ${sub} of the specified ${k}`,
      params: patchParams,
      body: PATCH_DEF,
      patch: true,
      responses: { '200': subDef, '201': subDef },
      gvk: subKind,
      tag,
    });
  }
  return out;
}

const article = (word: string) => (/^[AEIOU]/.test(word) ? 'an' : 'a');

function pathsJson(
  flavor: Flavor,
  resources: readonly ServedResource[],
  refs: Set<string>,
): JsonObject {
  const all = new Map<string, PathSpec>();
  for (const r of resources) {
    for (const [path, spec] of resourcePaths(r)) {
      const existing = all.get(path);
      if (existing) existing.ops.push(...spec.ops);
      else all.set(path, { params: spec.params, ops: [...spec.ops] });
    }
  }
  const out: JsonObject = {};
  for (const path of [...all.keys()].sort()) {
    const spec = all.get(path)!;
    const item: JsonObject = {};
    for (const op of [...spec.ops].sort((a, b) => a.method.localeCompare(b.method))) {
      item[op.method] = opJson(flavor, op, refs);
    }
    item.parameters = spec.params
      .slice()
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((p) => paramJson(flavor, p));
    out[path] = item;
  }
  return out;
}

function discoveryPath(flavor: Flavor, group: string, version: string, refs: Set<string>) {
  const def = `${META}.APIResourceList`;
  const op: OpSpec = {
    method: 'get',
    action: 'get',
    operationId: `get${opGroupVersion(group, version)}APIResources`,
    description: 'get available resources',
    params: [],
    responses: { '200': def },
    tag: opTag(group, version),
  };
  const o = opJson(flavor, op, refs);
  delete o['x-kubernetes-action'];
  return { [`/${groupVersionPath(group, version)}/`]: { get: o } };
}

// ---------------------------------------------------------------------------------------------
// Documents

const known = (r: ServedResource) => kindDefinitions.has(gvkKey(r));

/** The group-versions with documents, as index paths ("api/v1", "apis/apps/v1"), sorted. */
export function servedGroupVersions(resources: readonly ServedResource[]): string[] {
  return [
    ...new Set(resources.filter(known).map((r) => groupVersionPath(r.group, r.version))),
  ].sort();
}

/** The OpenAPI 3.0 document of one group-version (GET /openapi/v3/apis/<group>/<version>). */
export function openApiV3Document(
  resources: readonly ServedResource[],
  group: string,
  version: string,
  options: OpenApiOptions = {},
): JsonObject {
  const mine = resources.filter((r) => r.group === group && r.version === version && known(r));
  const refs = new Set<string>();
  const paths: JsonObject = {
    ...discoveryPath('v3', group, version, refs),
    ...pathsJson('v3', mine, refs),
  };
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: options.serverVersion ?? 'unversioned' },
    paths,
    components: {
      schemas: schemasFrom('v3', refs),
      securitySchemes: {
        BearerToken: {
          description: 'Bearer Token authentication',
          in: 'header',
          name: 'authorization',
          type: 'apiKey',
        },
      },
    },
  };
}

/** GET /openapi/v3: where each group-version's document is, with its hash as a cache key. */
export function openApiV3Index(
  resources: readonly ServedResource[],
  options: OpenApiOptions = {},
): OpenApiV3Index {
  const hash = options.hash ?? documentHash;
  const paths: OpenApiV3Index['paths'] = {};
  for (const gvPath of servedGroupVersions(resources)) {
    const [group, version] = splitGroupVersionPath(gvPath)!;
    const text = JSON.stringify(openApiV3Document(resources, group, version, options));
    paths[gvPath] = { serverRelativeURL: `/openapi/v3/${gvPath}?hash=${hash(text)}` };
  }
  return { paths };
}

/** "apis/apps/v1" -> ["apps", "v1"], "api/v1" -> ["", "v1"]; undefined for anything else. */
export function splitGroupVersionPath(gvPath: string): [string, string] | undefined {
  const p = gvPath
    .replace(/^\/+/, '')
    .replace(/^openapi\/v3\//, '')
    .split('/');
  if (p.length === 2 && p[0] === 'api') return ['', p[1]!];
  if (p.length === 3 && p[0] === 'apis') return [p[1]!, p[2]!];
  return undefined;
}

/** The Swagger 2.0 document of everything served (GET /openapi/v2, as JSON). */
export function openApiV2Document(
  resources: readonly ServedResource[],
  options: OpenApiOptions = {},
): JsonObject {
  const refs = new Set<string>();
  const mine = resources.filter(known);
  let paths: JsonObject = {};
  for (const gvPath of servedGroupVersions(resources)) {
    const [group, version] = splitGroupVersionPath(gvPath)!;
    paths = { ...paths, ...discoveryPath('v2', group, version, refs) };
  }
  paths = { ...paths, ...pathsJson('v2', mine, refs) };
  const sortedPaths: JsonObject = {};
  for (const p of Object.keys(paths).sort()) sortedPaths[p] = paths[p]!;
  return {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: options.serverVersion ?? 'unversioned' },
    paths: sortedPaths,
    definitions: schemasFrom('v2', refs),
    securityDefinitions: {
      BearerToken: {
        description: 'Bearer Token authentication',
        in: 'header',
        name: 'authorization',
        type: 'apiKey',
      },
    },
    security: [{ BearerToken: [] }],
  };
}

export interface OpenApiDocuments {
  /** GET /openapi/v3 */
  index(): OpenApiV3Index;
  /** GET /openapi/v3/<path>, path "api/v1" or "apis/apps/v1"; undefined when not served. */
  v3(gvPath: string): JsonObject | undefined;
  /** GET /openapi/v2 */
  v2(): JsonObject;
}

/** The documents of a fixed set of served resources, each built once on first use. */
export function openApiDocuments(
  resources: readonly ServedResource[],
  options: OpenApiOptions = {},
): OpenApiDocuments {
  const v3 = new Map<string, JsonObject>();
  let index: OpenApiV3Index | undefined;
  let v2: JsonObject | undefined;
  const served = new Set(servedGroupVersions(resources));
  const doc = (gvPath: string) => {
    const key = splitGroupVersionPath(gvPath);
    if (!key) return undefined;
    const norm = groupVersionPath(...key);
    if (!served.has(norm)) return undefined;
    let d = v3.get(norm);
    if (!d) {
      d = openApiV3Document(resources, key[0], key[1], options);
      v3.set(norm, d);
    }
    return d;
  };
  return {
    index() {
      if (!index) {
        const hash = options.hash ?? documentHash;
        const paths: OpenApiV3Index['paths'] = {};
        for (const gvPath of served) {
          paths[gvPath] = {
            serverRelativeURL: `/openapi/v3/${gvPath}?hash=${hash(JSON.stringify(doc(gvPath)))}`,
          };
        }
        index = { paths };
      }
      return index;
    },
    v3: doc,
    v2() {
      v2 ??= openApiV2Document(resources, options);
      return v2;
    },
  };
}
