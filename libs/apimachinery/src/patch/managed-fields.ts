// Server-side apply and field ownership as k8s.io/apimachinery/pkg/util/managedfields/internal (release-1.32) runs sigs.k8s.io/structured-merge-diff/v4 merge/update.go (v4.4.2).
//
// The manager chain of NewDefaultFieldManager is reproduced: version check, last-applied
// annotation upgrade and sync for the "kubectl" manager, tracking from creation (objects that
// exist without managedFields get a "before-first-apply" entry on their first apply), at most 10
// Update entries (older ones fold into "ancient-changes"), manager identities
// (manager, operation, apiVersion for Update, subresource), entry timestamps, and the metadata
// fields no one owns. Simplifications, none visible through kubectl or client libraries of a
// single-version simulation:
//   - there is no conversion between API versions: every entry's field paths are read as paths
//     of the request's version (upstream converts the object to each entry's version);
//   - no reconciliation of entries with schema changes (atomic <-> granular);
//   - typing the live and updated objects is lenient: a field the schema lacks is tracked as
//     free-form instead of failing (upstream then drops managedFields); the applied
//     configuration is validated strictly, with upstream's messages;
//   - defaulting of the merged object, admission and validation are the caller's.
import type { ManagedFieldsEntry } from 'kubernetes-types/meta/v1';
import { StatusError, badRequestError, type StatusCause, type StatusReason } from '../api/errors';
import { splitApiVersion } from '../meta/types';
import type { SchemaNode } from '../openapi/schema-node';
import { FieldSet, fieldPath, pathToString, type Path } from './fieldpath';
import { goQuote, goStringCompare } from './go';
import { clone, deepEqual, isObject, type JsonObject, type JsonValue } from './json';
import {
  compare,
  ensureNamedFieldsAreMembers,
  merge,
  removeItems,
  toFieldSet,
  validate,
  validationErrorsText,
  type Comparison,
} from './typed';

export type { ManagedFieldsEntry };
// Field sets are part of this module's API (resetFields, fieldSetOf).
export {
  FieldSet,
  FieldPathError,
  fieldPath,
  fieldPE,
  keyPE,
  pathToString,
  peToString,
  type Path,
  type PathElement,
} from './fieldpath';

/** The annotation kubectl's client-side apply keeps its last configuration in. */
export const LAST_APPLIED_CONFIG_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
/** DefaultMaxUpdateManagers. */
export const MAX_UPDATE_MANAGERS = 10;
/** validation.FieldManagerMaxLength. */
export const FIELD_MANAGER_MAX_LENGTH = 128;
/** apimachinery's TotalAnnotationSizeLimitB. */
const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

const BEFORE_FIRST_APPLY = 'before-first-apply';
const ANCIENT_CHANGES = 'ancient-changes';
const CURRENT_OPERATION = 'current-operation';

/** Fields that never belong to a manager (stripmeta.go). */
const STRIP_SET = FieldSet.of(
  fieldPath('apiVersion'),
  fieldPath('kind'),
  fieldPath('metadata'),
  fieldPath('metadata', 'name'),
  fieldPath('metadata', 'namespace'),
  fieldPath('metadata', 'creationTimestamp'),
  fieldPath('metadata', 'selfLink'),
  fieldPath('metadata', 'uid'),
  fieldPath('metadata', 'clusterName'),
  fieldPath('metadata', 'generation'),
  fieldPath('metadata', 'managedFields'),
  fieldPath('metadata', 'resourceVersion'),
);

// ---------------------------------------------------------------------------------------------
// Field sets and their FieldsV1 encoding

/** The set of fields an object specifies (TypedValue.ToFieldSet), typed by its root schema. */
export function fieldSetOf(object: unknown, schema: SchemaNode): FieldSet {
  return toFieldSet(clone(object) as JsonValue, schema);
}

/** Decodes metadata.managedFields[].fieldsV1. */
export function fieldsV1ToSet(fieldsV1: unknown): FieldSet {
  return FieldSet.fromFieldsV1(fieldsV1 ?? {});
}

/** Encodes a field set as fieldsV1, keys in the order the API server writes them. */
export function setToFieldsV1(set: FieldSet): JsonObject {
  return set.toFieldsV1();
}

// ---------------------------------------------------------------------------------------------
// Managers

interface VersionedSet {
  readonly set: FieldSet;
  readonly apiVersion: string;
  readonly applied: boolean;
}

/** fieldpath.ManagedFields keyed by manager identifier, with each entry's time. */
interface Managed {
  readonly fields: Map<string, VersionedSet>;
  readonly times: Map<string, string | undefined>;
}

const emptyManaged = (): Managed => ({ fields: new Map(), times: new Map() });
const copyManaged = (m: Managed): Managed => ({
  fields: new Map(m.fields),
  times: new Map(m.times),
});

interface ManagerIdentity {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  subresource?: string;
}

/** BuildManagerIdentifier: the entry as JSON without time and fields (and apiVersion for appliers). */
function managerIdentifier(e: ManagerIdentity): string {
  const o: Record<string, string> = {};
  if (e.manager) o['manager'] = e.manager;
  if (e.operation) o['operation'] = e.operation;
  if (e.operation !== 'Apply' && e.apiVersion) o['apiVersion'] = e.apiVersion;
  if (e.subresource) o['subresource'] = e.subresource;
  return JSON.stringify(o);
}

const parseIdentifier = (id: string): ManagerIdentity => JSON.parse(id) as ManagerIdentity;

/** DecodeManagedFields; throws with upstream's messages. */
function decodeManagedFields(entries: unknown): Managed {
  const m = emptyManaged();
  if (entries === undefined || entries === null) return m;
  if (!Array.isArray(entries)) throw new Error('managedFields must be a list');
  entries.forEach((raw, i) => {
    const e = (isObject(raw) ? raw : {}) as ManagedFieldsEntry;
    if (e.operation !== 'Apply' && e.operation !== 'Update') {
      throw new Error('operation must be `Apply` or `Update`');
    }
    if (!e.apiVersion) throw new Error('apiVersion must not be empty');
    if (e.fieldsType !== 'FieldsV1') {
      throw new Error(
        e.fieldsType
          ? `invalid fieldsType ${goQuote(e.fieldsType)} in managed fields entry ${i}`
          : `missing fieldsType in managed fields entry ${i}`,
      );
    }
    const id = managerIdentifier(e);
    let set: FieldSet;
    try {
      set = fieldsV1ToSet(e.fieldsV1);
    } catch (err) {
      throw new Error(
        `error decoding versioned set from ${JSON.stringify(e)}: error decoding set: ${(err as Error).message}`,
        { cause: err },
      );
    }
    m.fields.set(id, { set, apiVersion: e.apiVersion, applied: e.operation === 'Apply' });
    m.times.set(id, e.time);
  });
  return m;
}

const timeSeconds = (t: string | undefined) => {
  const ms = t ? Date.parse(t) : NaN;
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
};

/** encodeManagedFields: undefined when nothing is managed, entries sorted like upstream. */
function encodeManagedFields(m: Managed): ManagedFieldsEntry[] | undefined {
  if (m.fields.size === 0) return undefined;
  const entries: ManagedFieldsEntry[] = [];
  for (const [id, vs] of m.fields) {
    const ident = parseIdentifier(id);
    const e: ManagedFieldsEntry = {};
    if (ident.manager) e.manager = ident.manager;
    const operation = vs.applied ? 'Apply' : ident.operation;
    if (operation) e.operation = operation;
    e.apiVersion = vs.apiVersion;
    const time = m.times.get(id);
    if (time) e.time = time;
    e.fieldsType = 'FieldsV1';
    e.fieldsV1 = vs.set.toFieldsV1();
    if (ident.subresource) e.subresource = ident.subresource;
    entries.push(e);
  }
  const cmp = (a = '', b = '') => goStringCompare(a, b);
  return entries.sort(
    (p, q) =>
      cmp(p.operation, q.operation) ||
      timeSeconds(p.time) - timeSeconds(q.time) ||
      cmp(p.manager, q.manager) ||
      cmp(p.apiVersion, q.apiVersion) ||
      cmp(p.subresource, q.subresource),
  );
}

function metadataOf(o: JsonObject): JsonObject | undefined {
  const md = o['metadata'];
  return isObject(md) ? md : undefined;
}

function withoutManagedFields(o: JsonObject): JsonObject {
  const c = clone(o);
  const md = metadataOf(c);
  if (md) delete md['managedFields'];
  return c;
}

/** isResetManagedFields: [] or [{}] asks for the entries to be dropped. */
function isResetManagedFields(mf: unknown): boolean {
  if (!Array.isArray(mf)) return false;
  if (mf.length === 0) return true;
  return mf.length === 1 && isObject(mf[0]) && Object.keys(mf[0]).length === 0;
}

function decodeOrEmpty(entries: unknown): Managed {
  try {
    return decodeManagedFields(entries);
  } catch {
    return emptyManaged();
  }
}

/** decodeLiveOrNew: entries an update sends are kept; empty or undecodable ones fall back to live's. */
function decodeLiveOrNew(live: JsonObject, updated: JsonObject, ignoreRequest: boolean): Managed {
  const liveEntries = metadataOf(live)?.['managedFields'];
  if (ignoreRequest) return decodeOrEmpty(liveEntries);
  const newEntries = metadataOf(updated)?.['managedFields'];
  if (isResetManagedFields(newEntries)) return emptyManaged();
  try {
    const m = decodeManagedFields(newEntries);
    if (m.fields.size > 0) return m;
  } catch {}
  return decodeOrEmpty(liveEntries);
}

// ---------------------------------------------------------------------------------------------
// The updater (sigs.k8s.io/structured-merge-diff/v4/merge/update.go)

interface Context {
  readonly schema: SchemaNode;
  /** Request group/version. */
  readonly apiVersion: string;
  readonly time: string;
  readonly subresource?: string;
  readonly resetFields?: FieldSet;
  readonly emptyObject: JsonObject;
  readonly maxUpdateManagers: number;
}

interface Conflict {
  readonly manager: string;
  readonly path: Path;
}

class ConflictsError extends Error {
  constructor(readonly conflicts: Conflict[]) {
    super('apply conflicts');
  }
}

function filterComparison(c: Comparison, reset: FieldSet | undefined): Comparison {
  if (!reset) return c;
  return {
    added: c.added.recursiveDifference(reset),
    modified: c.modified.recursiveDifference(reset),
    removed: c.removed.recursiveDifference(reset),
  };
}

/** Updater.update: other managers lose what changed (conflicts unless forced) and what was removed. */
function updateManagers(
  ctx: Context,
  oldObject: JsonObject,
  newObject: JsonObject,
  managers: Map<string, VersionedSet>,
  workflow: string,
  force: boolean,
): Comparison {
  const cmp = filterComparison(compare(oldObject, newObject, ctx.schema), ctx.resetFields);
  const changed = cmp.modified.union(cmp.added);
  const conflicts = new Map<string, FieldSet>();
  const removed = new Set<string>();
  for (const [manager, vs] of managers) {
    if (manager === workflow) continue;
    const conflictSet = vs.set.intersection(changed);
    if (!conflictSet.empty()) conflicts.set(manager, conflictSet);
    if (!cmp.removed.empty()) removed.add(manager);
  }
  if (!force && conflicts.size > 0) {
    const list: Conflict[] = [];
    for (const manager of [...conflicts.keys()].sort(goStringCompare)) {
      for (const p of conflicts.get(manager)!.paths()) list.push({ manager, path: p });
    }
    throw new ConflictsError(list);
  }
  for (const [manager, set] of conflicts) {
    const vs = managers.get(manager)!;
    managers.set(manager, { ...vs, set: vs.set.difference(set) });
  }
  for (const manager of removed) {
    const vs = managers.get(manager)!;
    managers.set(manager, { ...vs, set: vs.set.difference(cmp.removed) });
  }
  for (const [manager, vs] of managers) if (vs.set.empty()) managers.delete(manager);
  return cmp;
}

/** Updater.Update: the workflow owns what it changed. */
function smdUpdate(
  ctx: Context,
  live: JsonObject,
  updated: JsonObject,
  m: Managed,
  workflow: string,
): Managed {
  const managers = new Map(m.fields);
  const cmp = updateManagers(ctx, live, updated, managers, workflow, true);
  const previous = managers.get(workflow)?.set ?? new FieldSet();
  let set = previous.difference(cmp.removed).union(cmp.modified).union(cmp.added);
  if (ctx.resetFields) set = set.recursiveDifference(ctx.resetFields);
  if (set.empty()) managers.delete(workflow);
  else managers.set(workflow, { set, apiVersion: ctx.apiVersion, applied: false });
  return { fields: managers, times: m.times };
}

function stripMeta(m: Managed, manager: string): void {
  const vs = m.fields.get(manager);
  if (!vs) return;
  const set = vs.set.difference(STRIP_SET);
  if (set.empty()) m.fields.delete(manager);
  else m.fields.set(manager, { ...vs, set });
}

/**
 * The Update chain below skipNonApplied: capManagers(buildManagerInfo(managedFieldsUpdater(
 * stripMeta(structuredMerge)))).
 */
function updateChain(
  ctx: Context,
  live: JsonObject,
  updated: JsonObject,
  managed: Managed,
  manager: string,
): Managed {
  const id = managerIdentifier({
    manager: manager || 'unknown',
    operation: 'Update',
    apiVersion: ctx.apiVersion,
    subresource: ctx.subresource,
  });
  // managedFieldsUpdater runs the update as a placeholder manager, so that the entry and its
  // time change only when the request changed something.
  const m = smdUpdate(ctx, live, updated, managed, CURRENT_OPERATION);
  stripMeta(m, CURRENT_OPERATION);
  const vs = m.fields.get(CURRENT_OPERATION);
  if (vs) {
    m.fields.delete(CURRENT_OPERATION);
    const previous = m.fields.get(id);
    m.fields.set(id, {
      set: previous ? vs.set.union(previous.set) : vs.set,
      apiVersion: vs.apiVersion,
      applied: vs.applied,
    });
    m.times.set(id, ctx.time);
  }
  capUpdateManagers(m, ctx.maxUpdateManagers);
  return m;
}

/** capManagersManager: fold the oldest Update entries into per-version "ancient-changes" buckets. */
function capUpdateManagers(m: Managed, max: number): void {
  const updaters = [...m.fields].filter(([, vs]) => !vs.applied).map(([id]) => id);
  if (updaters.length <= max) return;
  updaters.sort(
    (a, b) => timeSeconds(m.times.get(a)) - timeSeconds(m.times.get(b)) || goStringCompare(a, b),
  );
  const firstOfVersion = new Map<string, string>();
  let length = updaters.length;
  for (let i = 0; i < updaters.length && length > max; i++) {
    const manager = updaters[i]!;
    const vs = m.fields.get(manager)!;
    const time = m.times.get(manager);
    const bucket = managerIdentifier({
      manager: ANCIENT_CHANGES,
      operation: 'Update',
      apiVersion: vs.apiVersion,
    });
    const first = firstOfVersion.get(vs.apiVersion);
    if (first === undefined) {
      firstOfVersion.set(vs.apiVersion, manager);
      continue;
    }
    if (!m.fields.has(bucket)) {
      m.fields.set(bucket, m.fields.get(first)!);
      m.fields.delete(first);
    }
    m.fields.set(bucket, {
      set: vs.set.union(m.fields.get(bucket)!.set),
      apiVersion: vs.apiVersion,
      applied: vs.applied,
    });
    m.fields.delete(manager);
    length--;
    m.times.set(bucket, time);
  }
}

// ---------------------------------------------------------------------------------------------
// Recording updates (create, update and non-apply patch)

export interface RecordUpdateOptions {
  /** The stored object before the request; undefined for a create. */
  live?: object;
  /** The object about to be stored. Entries it carries replace the live ones, as upstream. */
  updated: object;
  /** The field manager (see managerOrUserAgent); "" becomes "unknown". */
  manager: string;
  /** The request's group/version, e.g. "apps/v1". */
  apiVersion: string;
  /** RFC 3339 time of the request (formatTime). */
  time: string;
  /** The root type of the object. */
  schema: SchemaNode;
  /** "status" or "scale" for subresource requests. */
  subresource?: string;
  /** The strategy's reset fields for this request (e.g. status for the main resource). */
  resetFields?: FieldSet;
  /** The kind's zero value (creater.New), which a create is compared against. Defaults to {}. */
  emptyObject?: object;
  /** How many Update entries to keep; the API server keeps MAX_UPDATE_MANAGERS. */
  maxUpdateManagers?: number;
}

/**
 * FieldManager.UpdateNoErrors for a create, update or patch: the manager owns what it changed,
 * other managers lose what changed. Returns the object's new metadata.managedFields
 * (undefined: none). Objects stored without managedFields are not tracked until an apply.
 */
export function recordUpdate(o: RecordUpdateOptions): ManagedFieldsEntry[] | undefined {
  const ctx = contextOf(o);
  const updated = clone(o.updated) as JsonObject;
  const creating = !o.live || !metadataOf(o.live as JsonObject)?.['uid'];
  const live = (o.live ? clone(o.live) : ctx.emptyObject) as JsonObject;
  try {
    const managed = decodeLiveOrNew(live, updated, !!o.subresource);
    // skipNonApplied: an existing object nobody manages stays untracked.
    if (managed.fields.size === 0 && !creating) return undefined;
    return encodeManagedFields(
      updateChain(ctx, live, withoutManagedFields(updated), managed, o.manager),
    );
  } catch {
    // UpdateNoErrors clears managedFields rather than failing the request.
    return undefined;
  }
}

function contextOf(o: {
  schema: SchemaNode;
  apiVersion: string;
  time: string;
  subresource?: string;
  resetFields?: FieldSet;
  emptyObject?: object;
  maxUpdateManagers?: number;
}): Context {
  return {
    maxUpdateManagers: o.maxUpdateManagers ?? MAX_UPDATE_MANAGERS,
    schema: o.schema,
    apiVersion: o.apiVersion,
    time: o.time,
    subresource: o.subresource || undefined,
    resetFields: o.resetFields,
    emptyObject: clone((o.emptyObject ?? {}) as JsonObject),
  };
}

// ---------------------------------------------------------------------------------------------
// Server-side apply

export interface ApplyOptions {
  /** The stored object; undefined when the apply creates it. */
  live?: object;
  /** The applied configuration (application/apply-patch+yaml, decoded). */
  config: object;
  /** The field manager; required by the API server for apply. */
  manager: string;
  /** ?force=true: take fields from other managers instead of failing with a conflict. */
  force?: boolean;
  /** The request's group/version, e.g. "apps/v1"; the configuration must use it. */
  apiVersion: string;
  /** The resource's kind; the configuration must name it. */
  kind: string;
  time: string;
  schema: SchemaNode;
  subresource?: string;
  resetFields?: FieldSet;
  /** The kind's zero value (creater.New), the live object of a create. Defaults to {}. */
  emptyObject?: object;
}

export interface ApplyResult {
  /** The object to store, with its new metadata.managedFields. */
  object: JsonObject;
  managedFields: ManagedFieldsEntry[] | undefined;
  /** Whether the apply changed the object other than its managedFields. */
  changed: boolean;
}

/** A 500 whose Status has no reason, as the API server answers plain errors. */
function unknownError(message: string): StatusError {
  return new StatusError(500, '' as StatusReason, message);
}

function gvkString(apiVersion: string, kind: string): string {
  const { group, version } = splitApiVersion(apiVersion);
  return `${group}/${version}, Kind=${kind}`;
}

function stringField(o: JsonObject | undefined, k: string): string {
  const v = o?.[k];
  return typeof v === 'string' ? v : '';
}

/**
 * FieldManager.Apply: merges the configuration into the live object, prunes what this manager
 * applied before and no longer does, and moves ownership. Throws 409 with FieldManagerConflict
 * causes when the configuration changes fields other managers own (unless force), 400 for a
 * configuration of another kind or carrying managedFields, and 500 for one that does not fit
 * the schema, with upstream's messages.
 */
export function apply(o: ApplyOptions): ApplyResult {
  const ctx = contextOf(o);
  const config = clone(o.config) as JsonObject;
  const live = (o.live ? clone(o.live) : ctx.emptyObject) as JsonObject;
  const force = !!o.force;

  let managed: Managed;
  try {
    managed = decodeManagedFields(metadataOf(live)?.['managedFields']);
  } catch (e) {
    throw unknownError(`failed to decode managed fields: ${(e as Error).message}`);
  }

  // versionCheckManager.
  const configVersion = typeof config['apiVersion'] === 'string' ? config['apiVersion'] : '';
  const configKind = typeof config['kind'] === 'string' ? config['kind'] : '';
  if (configVersion !== o.apiVersion || configKind !== o.kind) {
    throw badRequestError(`invalid object type: ${gvkString(configVersion, configKind)}`);
  }

  // lastAppliedManager: kubectl upgrading from client-side apply may take the fields its
  // last-applied annotation shows it set.
  let result: { object: JsonObject; managed: Managed; changed: boolean };
  try {
    result = applyChain(ctx, live, config, copyManaged(managed), o.manager, force);
  } catch (e) {
    if (!(e instanceof ConflictsError)) throw e;
    let conflicts = e.conflicts;
    const allowed =
      o.manager === 'kubectl' ? allowedConflictsFromLastApplied(ctx, live) : undefined;
    if (allowed) conflicts = conflicts.filter((c) => !allowed.has(c.path));
    if (!allowed || conflicts.length > 0) throw newApplyConflictError(conflicts);
    result = applyChain(ctx, live, config, copyManaged(managed), o.manager, true);
  }

  // lastAppliedUpdater: keep the annotation of a former client-side apply in step.
  if (o.manager === 'kubectl' && hasLastApplied(result.object)) {
    const before = clone(metadataOf(result.object)?.['annotations']);
    setLastApplied(result.object, buildLastApplied(config));
    if (!deepEqual(before, metadataOf(result.object)?.['annotations'])) result.changed = true;
  }

  const managedFields = encodeManagedFields(result.managed);
  const md = metadataOf(result.object);
  if (md) {
    if (managedFields) md['managedFields'] = managedFields as unknown as JsonValue;
    else delete md['managedFields'];
  } else if (managedFields) {
    result.object['metadata'] = { managedFields: managedFields as unknown as JsonValue };
  }
  return { object: result.object, managedFields, changed: result.changed };
}

/** skipNonApplied, buildManagerInfo, managedFieldsUpdater, stripMeta and structuredMerge for Apply. */
function applyChain(
  ctx: Context,
  live: JsonObject,
  config: JsonObject,
  managed: Managed,
  manager: string,
  force: boolean,
): { object: JsonObject; managed: Managed; changed: boolean } {
  if (managed.fields.size === 0) {
    // The fields of an object created before tracking belong to a placeholder updater.
    managed = updateChain(ctx, ctx.emptyObject, live, managed, BEFORE_FIRST_APPLY);
  }
  const id = managerIdentifier({ manager, operation: 'Apply', subresource: ctx.subresource });
  const { object, managed: after } = structuredApply(ctx, live, config, managed, id, force);
  stripMeta(after, id);
  if (object) {
    after.times.set(id, ctx.time);
    return { object, managed: after, changed: true };
  }
  return { object: withoutManagedFields(live), managed: after, changed: false };
}

function structuredApply(
  ctx: Context,
  live: JsonObject,
  config: JsonObject,
  managed: Managed,
  id: string,
  force: boolean,
): { object: JsonObject | undefined; managed: Managed } {
  if (Array.isArray(metadataOf(config)?.['managedFields'])) {
    throw badRequestError('metadata.managedFields must be nil');
  }
  const errs = validate(config, ctx.schema, false);
  if (errs.length > 0) {
    const md = metadataOf(config);
    const gvknn = `${stringField(md, 'namespace')}/${stringField(md, 'name')}; ${gvkString(
      stringField(config, 'apiVersion'),
      stringField(config, 'kind'),
    )}`;
    throw unknownError(
      `failed to create typed patch object (${gvknn}): ${validationErrorsText(errs)}`,
    );
  }

  // Updater.Apply.
  const managers = new Map(managed.fields);
  let newObject = merge(live, config, ctx.schema) as JsonObject;
  const lastSet = managers.get(id);
  let set = toFieldSet(config, ctx.schema);
  if (ctx.resetFields) set = set.recursiveDifference(ctx.resetFields);
  managers.set(id, { set, apiVersion: ctx.apiVersion, applied: true });
  newObject = prune(ctx, newObject, managers, lastSet);
  updateManagers(ctx, live, newObject, managers, id, force);
  const out: Managed = { fields: managers, times: managed.times };
  return { object: deepEqual(live, newObject) ? undefined : newObject, managed: out };
}

/**
 * Updater.prune: remove what the applier applied last time and no longer does, unless some
 * manager (the applier's new configuration included) still owns it, and only what it applied.
 */
function prune(
  ctx: Context,
  merged: JsonObject,
  managers: Map<string, VersionedSet>,
  lastSet: VersionedSet | undefined,
): JsonObject {
  if (!lastSet || lastSet.set.empty()) return merged;
  const ensure = (s: FieldSet) => ensureNamedFieldsAreMembers(s, ctx.schema);
  const fields = (v: JsonObject) => ensure(toFieldSet(v, ctx.schema));
  const remove = (s: FieldSet) => (removeItems(merged, s, ctx.schema) ?? {}) as JsonObject;

  let pruned = remove(ensure(lastSet.set));
  // addBackOwnedItems.
  let owned = new FieldSet();
  for (const vs of managers.values()) owned = owned.union(vs.set);
  const mergedSet = fields(merged);
  pruned = remove(mergedSet.difference(fields(pruned).union(ensure(owned))));
  // addBackDanglingItems: only what the applier itself applied goes.
  return remove(mergedSet.difference(fields(pruned)).intersection(ensure(lastSet.set)));
}

/** allowedConflictsFromLastApplied: fields the last-applied annotation shows kubectl set. */
function allowedConflictsFromLastApplied(ctx: Context, live: JsonObject): FieldSet | undefined {
  const annotations = metadataOf(live)?.['annotations'];
  const text = isObject(annotations) ? annotations[LAST_APPLIED_CONFIG_ANNOTATION] : undefined;
  if (typeof text !== 'string' || text === '') return undefined;
  let lastApplied: JsonValue;
  try {
    lastApplied = JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
  if (!isObject(lastApplied) || lastApplied['apiVersion'] !== ctx.apiVersion) return undefined;
  if (validate(lastApplied, ctx.schema, false).length > 0) return undefined;
  const set = toFieldSet(lastApplied, ctx.schema);
  const cmp = compare(lastApplied, live, ctx.schema);
  // What differs between the annotation and the live object is not kubectl's.
  return set.difference(cmp.modified).difference(cmp.added).difference(cmp.removed);
}

function hasLastApplied(o: JsonObject): boolean {
  const annotations = metadataOf(o)?.['annotations'];
  const v = isObject(annotations) ? annotations[LAST_APPLIED_CONFIG_ANNOTATION] : undefined;
  return typeof v === 'string' && v.length > 0;
}

/** buildLastApplied: the configuration without the annotation, encoded like the unstructured JSON scheme. */
function buildLastApplied(config: JsonObject): string {
  const c = clone(config);
  const annotations = metadataOf(c)?.['annotations'];
  if (isObject(annotations)) delete annotations[LAST_APPLIED_CONFIG_ANNOTATION];
  return `${goJSON(c)}\n`;
}

/** SetLastApplied: dropped instead when it would make the annotations too large. */
function setLastApplied(o: JsonObject, value: string): void {
  const md = (metadataOf(o) ?? (o['metadata'] = {})) as JsonObject;
  const annotations = (
    isObject(md['annotations']) ? md['annotations'] : (md['annotations'] = {})
  ) as JsonObject;
  annotations[LAST_APPLIED_CONFIG_ANNOTATION] = value;
  const bytes = (s: string) => new TextEncoder().encode(s).length;
  let total = 0;
  for (const [k, v] of Object.entries(annotations)) total += bytes(k) + bytes(String(v));
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT) delete annotations[LAST_APPLIED_CONFIG_ANNOTATION];
}

/** encoding/json's Marshal: sorted keys, HTML characters escaped. */
function goJSON(v: JsonValue): string {
  const sorted = (x: JsonValue): JsonValue =>
    Array.isArray(x)
      ? x.map(sorted)
      : isObject(x)
        ? Object.fromEntries(
            Object.keys(x)
              .sort(goStringCompare)
              .map((k) => [k, sorted(x[k]!)]),
          )
        : x;
  return JSON.stringify(sorted(v))
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** printManager: "name" for appliers, "name" using group/version for updaters. */
function printManager(id: string): string {
  let e: ManagerIdentity;
  try {
    e = parseIdentifier(id);
  } catch {
    return goQuote(id);
  }
  let s = goQuote(e.manager ?? '');
  if (e.subresource) s += ` with subresource ${goQuote(e.subresource)}`;
  if (e.operation === 'Update') s += ` using ${e.apiVersion ?? ''}`;
  return s;
}

/** internal.NewConflictError: 409 Conflict with one FieldManagerConflict cause per field. */
function newApplyConflictError(conflicts: Conflict[]): StatusError {
  const causes: StatusCause[] = conflicts.map((c) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${printManager(c.manager)}`,
    field: pathToString(c.path),
  }));
  let message: string;
  if (conflicts.length === 1) {
    const c = conflicts[0]!;
    message = `Apply failed with 1 conflict: conflict with ${printManager(c.manager)}: ${pathToString(c.path)}`;
  } else {
    const byManager = new Map<string, Path[]>();
    for (const c of conflicts)
      byManager.set(c.manager, [...(byManager.get(c.manager) ?? []), c.path]);
    const lines: string[] = [];
    for (const manager of [...byManager.keys()].sort(goStringCompare)) {
      lines.push(`conflicts with ${printManager(manager)}:`);
      for (const p of byManager.get(manager)!) lines.push(`- ${pathToString(p)}`);
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  }
  return new StatusError(409, 'Conflict', message, { causes });
}

// ---------------------------------------------------------------------------------------------

/** managerOrUserAgent: the fieldManager parameter, else the user agent up to its first "/". */
export function managerOrUserAgent(
  manager: string | undefined,
  userAgent: string | undefined,
): string {
  if (manager) return manager;
  let out = '';
  for (const ch of (userAgent ?? '').split('/')[0]!) {
    // unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
    if (!/^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(ch)) continue;
    if (new TextEncoder().encode(out + ch).length > FIELD_MANAGER_MAX_LENGTH) break;
    out += ch;
  }
  return out;
}
