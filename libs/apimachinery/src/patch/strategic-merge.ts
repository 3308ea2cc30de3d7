// Strategic merge patch as k8s.io/apimachinery/pkg/util/strategicpatch/patch.go (release-1.32) applies and creates it.
//
// Patch metadata comes from SchemaNode (x-kubernetes-patch-strategy / -merge-key on the field's
// node). Where the schema has no such field, upstream's OpenAPI lookup fails with "unable to find
// api field"; here the field merges like a JSON merge patch (maps recurse, lists replace), which is
// what upstream does when there is no schema at all. Input documents are never mutated.
import { StatusError, badRequestError, type StatusReason } from '../api/errors';
import type { SchemaNode } from '../openapi/schema-node';
import { goSliceStable, goStringCompare, goTypeName, goV } from './go';
import { clone, deepEqual, goKind, hasOwn, isObject, type GoKind, type JsonObject } from './json';
import { MergeConflictError, checkPreconditions, type PreconditionFunc } from './preconditions';

// The preconditions and errors of patch creation are part of this module's API.
export {
  MergeConflictError,
  PreconditionFailedError,
  requireKeyUnchanged,
  requireMetadataKeyUnchanged,
  type PreconditionFunc,
} from './preconditions';

const DIRECTIVE_MARKER = '$patch';
const DELETE_DIRECTIVE = 'delete';
const REPLACE_DIRECTIVE = 'replace';
const MERGE_DIRECTIVE = 'merge';
const RETAIN_KEYS_STRATEGY = 'retainKeys';
const DELETE_FROM_PRIMITIVE_LIST_PREFIX = '$deleteFromPrimitiveList';
const RETAIN_KEYS_DIRECTIVE = '$retainKeys';
const SET_ELEMENT_ORDER_PREFIX = '$setElementOrder';

type Obj = { [key: string]: unknown };
type List = unknown[];

/**
 * An error of the patch algorithm. `status` says how the API server reports it
 * (handlers/patch.go interpretStrategicMergePatchError): some mergepatch sentinels are 400 or
 * 422; every other error reaches the client as a 500 without a reason.
 */
export class StrategicMergePatchError extends Error {
  constructor(
    message: string,
    readonly status: 'BadRequest' | 'UnprocessableEntity' | 'Unknown' = 'Unknown',
  ) {
    super(message);
    this.name = 'StrategicMergePatchError';
  }
}

const errBadJSONDoc = () => new StrategicMergePatchError('invalid JSON document', 'BadRequest');
const errNoListOfLists = () =>
  new StrategicMergePatchError('lists of lists are not supported', 'UnprocessableEntity');
const errBadPatchFormatForPrimitiveList = () =>
  new StrategicMergePatchError('invalid patch format of primitive list', 'BadRequest');
const errBadPatchFormatForRetainKeys = () =>
  new StrategicMergePatchError('invalid patch format of retainKeys', 'BadRequest');
const errBadPatchFormatForSetElementOrderList = () =>
  new StrategicMergePatchError('invalid patch format of setElementOrder list', 'BadRequest');
const errNoMergeKey = (m: unknown, k: string) =>
  new StrategicMergePatchError(`map: ${goV(m)} does not contain declared merge key: ${k}`);
const errBadArgType = (expected: 'map' | 'slice', actual: unknown) =>
  new StrategicMergePatchError(
    `expected a ${expected === 'map' ? 'map[string]interface {}' : '[]interface {}'}, but received a ${goTypeName(actual)}`,
  );
const errBadPatchType = (t: unknown, m: unknown) =>
  new StrategicMergePatchError(`unknown patch type: ${goV(t)} in map: ${goV(m)}`);

// ---------------------------------------------------------------------------------------------
// Schema lookups (LookupPatchMeta over SchemaNode)

interface PatchMeta {
  readonly strategies: readonly string[];
  readonly mergeKey: string;
}

function fieldOf(schema: SchemaNode | undefined, key: string): SchemaNode | undefined {
  if (!schema) return undefined;
  if (schema.type === 'object') return schema.field(key);
  // Values of a map[string]T have no patch metadata of their own; recurse with T.
  if (schema.type === 'map') return schema.values;
  return undefined;
}

function metaOf(node: SchemaNode | undefined): PatchMeta {
  return {
    strategies: node?.patchStrategy ? node.patchStrategy.split(',') : [],
    mergeKey: node?.patchMergeKey ?? '',
  };
}

function lookupStruct(
  schema: SchemaNode | undefined,
  key: string,
): [SchemaNode | undefined, PatchMeta] {
  const f = fieldOf(schema, key);
  return [f, metaOf(f)];
}

function lookupSlice(
  schema: SchemaNode | undefined,
  key: string,
): [SchemaNode | undefined, PatchMeta] {
  const f = fieldOf(schema, key);
  // Like the OpenAPI v3 lookup, a field without items (a struct patched as a list) is its own element.
  return [f?.items ?? f, metaOf(f)];
}

function schemaName(schema: SchemaNode | undefined): string {
  return schema?.typeName || 'Struct';
}

/** extractRetainKeysPatchStrategy: [has retainKeys, the other strategy]. */
function extractRetainKeysPatchStrategy(strategies: readonly string[]): [boolean, string] {
  switch (strategies.length) {
    case 0:
      return [false, ''];
    case 1:
      return strategies[0] === RETAIN_KEYS_STRATEGY ? [true, ''] : [false, strategies[0]!];
    case 2:
      if (strategies[0] === RETAIN_KEYS_STRATEGY) return [true, strategies[1]!];
      if (strategies[1] === RETAIN_KEYS_STRATEGY) return [true, strategies[0]!];
  }
  throw new StrategicMergePatchError(`unexpected patch strategy: [${strategies.join(' ')}]`);
}

// ---------------------------------------------------------------------------------------------
// Scalars: Go compares interface{} values with ==, and sorts them by their %v text.

const scalarEq = (a: unknown, b: unknown) => a === b;

function sortScalars(s: List): List {
  // sort.Sort with a "<=" comparator; for distinct texts any correct sort gives this order.
  s.sort((a, b) => goStringCompare(goV(a), goV(b)));
  return s;
}

/** Upstream's in-place deduplication, which moves the last element into each removed slot. */
function deduplicateScalars(s: List): List {
  let length = s.length - 1;
  for (let i = 0; i < length; i++) {
    for (let j = i + 1; j <= length; j++) {
      if (scalarEq(s[i], s[j])) {
        s[j] = s[length];
        s.length = length;
        length--;
        j--;
      }
    }
  }
  return s;
}

type ElementKind = 'map' | 'slice' | 'scalar';

/** sliceElementType: every element must have the same Go type, and not be a list. */
function sliceElementKind(...slices: List[]): ElementKind {
  let prev: GoKind | undefined;
  for (const s of slices) {
    for (const v of s) {
      const cur = goKind(v);
      if (prev === undefined) {
        prev = cur;
        if (prev === 'slice') throw errNoListOfLists();
      } else if (prev !== cur) {
        throw new StrategicMergePatchError(
          `list element types are not identical: [${slices.map((x) => goV(x)).join(' ')}]`,
        );
      }
    }
  }
  if (prev === undefined)
    throw new StrategicMergePatchError('no elements in any of the given slices');
  return prev === 'map' ? 'map' : 'scalar';
}

// ---------------------------------------------------------------------------------------------
// Applying a patch

interface MergeOptions {
  /** Merge the $deleteFromPrimitiveList and $setElementOrder lists (server side) or keep them. */
  mergeParallelList: boolean;
  /** Drop nulls the original has no value for (server side) or keep them (merging patches). */
  ignoreUnmatchedNulls: boolean;
}

/**
 * Applies a strategic merge patch the way the API server does for
 * Content-Type: application/strategic-merge-patch+json, throwing the StatusError it would answer.
 * `schema` is the object's root type; without one every field merges like a JSON merge patch.
 */
export function strategicMergePatch(
  original: unknown,
  patch: unknown,
  schema: SchemaNode | undefined,
): JsonObject {
  if (patch !== null && !isObject(patch)) {
    // kjson.UnmarshalCaseSensitivePreserveInts into map[string]interface{}.
    throw badRequestError(
      `json: cannot unmarshal ${jsonTypeName(patch)} into Go value of type map[string]interface {}`,
    );
  }
  try {
    return applyStrategicMergePatch(original, patch, schema);
  } catch (e) {
    throw toStatusError(e);
  }
}

/**
 * StrategicMergeMapPatchUsingLookupPatchMeta without the API server's error mapping: throws
 * StrategicMergePatchError (what client code such as kubectl sees).
 */
export function applyStrategicMergePatch(
  original: unknown,
  patch: unknown,
  schema: SchemaNode | undefined,
): JsonObject {
  if (original !== null && original !== undefined && !isObject(original)) throw errBadJSONDoc();
  if (patch !== null && patch !== undefined && !isObject(patch)) throw errBadJSONDoc();
  const o = (clone(original) ?? {}) as Obj;
  if (patch === null || patch === undefined) return o as JsonObject;
  return mergeMap(o, clone(patch) as Obj, schema, {
    mergeParallelList: true,
    ignoreUnmatchedNulls: true,
  }) as JsonObject;
}

function jsonTypeName(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

function toStatusError(e: unknown): unknown {
  if (!(e instanceof StrategicMergePatchError)) return e;
  switch (e.status) {
    case 'BadRequest':
      return badRequestError(e.message);
    case 'UnprocessableEntity':
      // NewGenericServerResponse(422, ...) replaces the detail with a canned message.
      return new StatusError(
        422,
        'Invalid',
        'the server rejected our request due to an error in our request',
        {},
      );
    default:
      // A plain error becomes a 500 Status with StatusReasonUnknown ("").
      return new StatusError(500, '' as StatusReason, e.message);
  }
}

function handleDirectiveInMergeMap(directive: unknown, patch: Obj): Obj {
  if (directive === REPLACE_DIRECTIVE) {
    delete patch[DIRECTIVE_MARKER];
    return patch;
  }
  if (directive === DELETE_DIRECTIVE) return {};
  throw errBadPatchType(directive, patch);
}

function containsDirectiveMarker(item: unknown): boolean {
  return isObject(item) && hasOwn(item, DIRECTIVE_MARKER);
}

function mergeKeyValueEqual(left: unknown, right: unknown, mergeKey: string): boolean {
  if (!mergeKey) return scalarEq(left, right);
  if (!isObject(left)) throw errBadArgType('map', left);
  if (!isObject(right)) throw errBadArgType('map', right);
  if (!hasOwn(left, mergeKey)) throw errNoMergeKey(left, mergeKey);
  if (!hasOwn(right, mergeKey)) throw errNoMergeKey(right, mergeKey);
  return scalarEq(left[mergeKey], right[mergeKey]);
}

function extractKey(s: string, prefix: string): string {
  const slash = s.indexOf('/');
  if (slash < 0 || s.slice(0, slash) !== prefix) {
    if (prefix === DELETE_FROM_PRIMITIVE_LIST_PREFIX) throw errBadPatchFormatForPrimitiveList();
    if (prefix === SET_ELEMENT_ORDER_PREFIX) throw errBadPatchFormatForSetElementOrderList();
    throw new StrategicMergePatchError(`fail to find unknown prefix "${prefix}" in ${s}\n`);
  }
  return s.slice(slash + 1);
}

/** Items of the patch list must appear in $setElementOrder in the same relative order. */
function validatePatchWithSetOrderList(
  patchList: unknown,
  setOrderList: unknown,
  mergeKey: string,
): void {
  if (!Array.isArray(setOrderList)) throw errBadPatchFormatForSetElementOrderList();
  if (!Array.isArray(patchList)) throw errBadPatchFormatForSetElementOrderList();
  if (setOrderList.length === 0 || patchList.length === 0) return;
  const nonDelete = mergeKey ? extractToDeleteItems(patchList)[0] : patchList;
  let patchIndex = 0;
  let setOrderIndex = 0;
  while (patchIndex < nonDelete.length && setOrderIndex < setOrderList.length) {
    if (containsDirectiveMarker(nonDelete[patchIndex])) {
      patchIndex++;
      continue;
    }
    if (mergeKeyValueEqual(nonDelete[patchIndex], setOrderList[setOrderIndex], mergeKey))
      patchIndex++;
    setOrderIndex++;
  }
  if (patchIndex < nonDelete.length && setOrderIndex >= setOrderList.length) {
    throw new StrategicMergePatchError(
      `The order in patch list:\n${goV(patchList)}\n doesn't match ${SET_ELEMENT_ORDER_PREFIX} list:\n${goV(setOrderList)}\n`,
    );
  }
}

/** [skip, isDeleteList, key without prefix]. */
function preprocessDeletionListForMerging(
  key: string,
  original: Obj,
  patchVal: unknown,
  mergeDeletionList: boolean,
): [boolean, boolean, string] {
  if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX)) {
    if (!mergeDeletionList) {
      original[key] = patchVal;
      return [true, false, ''];
    }
    return [false, true, extractKey(key, DELETE_FROM_PRIMITIVE_LIST_PREFIX)];
  }
  return [false, false, ''];
}

function applyRetainKeysDirective(original: Obj, patch: Obj, options: MergeOptions): void {
  if (!hasOwn(patch, RETAIN_KEYS_DIRECTIVE)) return;
  const retainKeysInPatch = patch[RETAIN_KEYS_DIRECTIVE];
  delete patch[RETAIN_KEYS_DIRECTIVE];

  if (!options.mergeParallelList) {
    // Merging two patches: both must carry the same directive.
    if (hasOwn(original, RETAIN_KEYS_DIRECTIVE)) {
      if (!deepEqual(original[RETAIN_KEYS_DIRECTIVE], retainKeysInPatch)) {
        throw new StrategicMergePatchError(
          `${goV(original[RETAIN_KEYS_DIRECTIVE])} and ${goV(retainKeysInPatch)} are not deep equal: this may happen when calculating the 3-way diff patch`,
        );
      }
    } else {
      original[RETAIN_KEYS_DIRECTIVE] = retainKeysInPatch;
    }
    return;
  }

  if (!Array.isArray(retainKeysInPatch)) throw errBadPatchFormatForRetainKeys();
  const keep = new Set<unknown>(retainKeysInPatch);
  for (const [k, v] of Object.entries(patch)) {
    if (
      v === null ||
      k.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX) ||
      k.startsWith(SET_ELEMENT_ORDER_PREFIX)
    ) {
      continue;
    }
    if (!keep.has(k)) throw errBadPatchFormatForRetainKeys();
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

/** Merges each $setElementOrder list with its list and orders the result by it. */
function mergePatchIntoOriginal(
  original: Obj,
  patch: Obj,
  schema: SchemaNode | undefined,
  options: MergeOptions,
): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER_PREFIX)) continue;
    const setElementOrderInPatch = patch[key];
    if (!options.mergeParallelList) {
      if (hasOwn(original, key)) {
        if (!deepEqual(original[key], setElementOrderInPatch)) {
          throw errBadPatchFormatForSetElementOrderList();
        }
      } else {
        original[key] = setElementOrderInPatch;
      }
    }
    delete patch[key];

    if (!Array.isArray(setElementOrderInPatch))
      throw errBadArgType('slice', setElementOrderInPatch);
    const originalKey = extractKey(key, SET_ELEMENT_ORDER_PREFIX);
    const foundOriginal = hasOwn(original, originalKey);
    const foundPatch = hasOwn(patch, originalKey);
    const originalList = original[originalKey];
    const patchList = patch[originalKey];
    let originalFieldValue: List = [];
    let patchFieldValue: List = [];
    if (foundOriginal) {
      if (!Array.isArray(originalList)) throw errBadArgType('slice', originalList);
      originalFieldValue = originalList;
    }
    if (foundPatch) {
      if (!Array.isArray(patchList)) throw errBadArgType('slice', patchList);
      patchFieldValue = patchList;
    }
    const [subschema, patchMeta] = lookupSlice(schema, originalKey);
    const [, patchStrategy] = extractRetainKeysPatchStrategy(patchMeta.strategies);
    validatePatchWithSetOrderList(patchFieldValue, setElementOrderInPatch, patchMeta.mergeKey);

    let merged: List;
    if (foundOriginal && !foundPatch) {
      merged = originalFieldValue;
    } else if (!foundOriginal && foundPatch) {
      merged = removeDirectives(patchFieldValue)[0] as List;
    } else if (foundOriginal && foundPatch) {
      merged = mergeSliceHandler(
        originalList,
        patchList,
        subschema,
        patchStrategy,
        patchMeta.mergeKey,
        false,
        options,
      );
    } else {
      continue;
    }

    const [patchItems, serverOnlyItems] = patchMeta.mergeKey
      ? partitionMapsByPresentInList(merged, setElementOrderInPatch, patchMeta.mergeKey)
      : partitionPrimitivesByPresentInList(merged, setElementOrderInPatch);
    const kind = sliceElementKind(originalFieldValue, patchFieldValue);
    original[originalKey] = normalizeElementOrder(
      patchItems,
      serverOnlyItems,
      setElementOrderInPatch,
      originalFieldValue,
      patchMeta.mergeKey,
      kind,
    );
    delete patch[originalKey];
  }
}

function partitionPrimitivesByPresentInList(original: List, partitionBy: List): [List, List] {
  const patch: List = [];
  const serverOnly: List = [];
  const inPatch = new Set<unknown>(partitionBy);
  for (const v of original) (inPatch.has(v) ? patch : serverOnly).push(v);
  return [patch, serverOnly];
}

function partitionMapsByPresentInList(
  original: List,
  partitionBy: List,
  mergeKey: string,
): [List, List] {
  const patch: List = [];
  const serverOnly: List = [];
  for (const v of original) {
    if (!isObject(v)) throw errBadArgType('map', v);
    if (!hasOwn(v, mergeKey)) throw errNoMergeKey(v, mergeKey);
    const [, , found] = findMapInSliceBasedOnKeyValue(partitionBy, mergeKey, v[mergeKey]);
    (found ? patch : serverOnly).push(v);
  }
  return [patch, serverOnly];
}

/** Strips directives; [value, keep] where keep is false for a map that is itself a directive. */
function removeDirectives(obj: unknown): [unknown, boolean] {
  if (obj === null || obj === undefined) return [obj, true];
  if (isObject(obj)) {
    if (hasOwn(obj, DIRECTIVE_MARKER)) return [null, false];
    for (const k of Object.keys(obj)) {
      const [v, keep] = removeDirectives(obj[k]);
      if (keep) obj[k] = v as never;
      else delete obj[k];
    }
    return [obj, true];
  }
  if (Array.isArray(obj)) {
    const res: List = [];
    for (const v of obj) {
      const [nv, keep] = removeDirectives(v);
      if (keep) res.push(nv);
    }
    return [res, true];
  }
  return [obj, true];
}

function mergeMap(
  original: Obj | null,
  patch: Obj,
  schema: SchemaNode | undefined,
  options: MergeOptions,
): Obj {
  if (hasOwn(patch, DIRECTIVE_MARKER))
    return handleDirectiveInMergeMap(patch[DIRECTIVE_MARKER], patch);
  const o: Obj = original ?? {};
  applyRetainKeysDirective(o, patch, options);
  mergePatchIntoOriginal(o, patch, schema, options);

  for (const patchKey of Object.keys(patch)) {
    const patchV = patch[patchKey];
    const [skip, isDeleteList, noPrefixKey] = preprocessDeletionListForMerging(
      patchKey,
      o,
      patchV,
      options.mergeParallelList,
    );
    if (skip) continue;
    const k = noPrefixKey || patchKey;

    // A null deletes the key; when merging patches (not applying) it is kept as a deletion.
    if (patchV === null) {
      delete o[k];
      if (options.ignoreUnmatchedNulls) continue;
    }

    if (!hasOwn(o, k)) {
      if (!isDeleteList) takePatchValue(o, k, patchV, options);
      continue;
    }

    const originalKind = goKind(o[k]);
    if (originalKind !== goKind(patchV)) {
      if (!isDeleteList) takePatchValue(o, k, patchV, options);
      continue;
    }

    if (originalKind === 'map') {
      const [subschema, meta] = lookupStruct(schema, k);
      const [, patchStrategy] = extractRetainKeysPatchStrategy(meta.strategies);
      o[k] = mergeMapHandler(o[k], patchV, subschema, patchStrategy, options);
    } else if (originalKind === 'slice') {
      const [subschema, meta] = lookupSlice(schema, k);
      const [, patchStrategy] = extractRetainKeysPatchStrategy(meta.strategies);
      o[k] = mergeSliceHandler(
        o[k],
        patchV,
        subschema,
        patchStrategy,
        meta.mergeKey,
        isDeleteList,
        options,
      );
    } else {
      const [v, keep] = removeDirectives(patchV);
      if (keep) o[k] = v;
      else delete o[k];
    }
  }
  return o;
}

function takePatchValue(o: Obj, k: string, patchV: unknown, options: MergeOptions): void {
  if (options.ignoreUnmatchedNulls) discardNullValuesFromPatch(patchV);
  const [v, keep] = removeDirectives(patchV);
  if (keep) o[k] = v;
  else delete o[k];
}

function discardNullValuesFromPatch(patchV: unknown): void {
  if (isObject(patchV)) {
    for (const k of Object.keys(patchV)) {
      if (patchV[k] === null) delete patchV[k];
      else discardNullValuesFromPatch(patchV[k]);
    }
  } else if (Array.isArray(patchV)) {
    for (const v of patchV) discardNullValuesFromPatch(v);
  }
}

function mergeMapHandler(
  original: unknown,
  patch: unknown,
  schema: SchemaNode | undefined,
  strategy: string,
  options: MergeOptions,
): Obj {
  if (!isObject(original)) throw errBadArgType('map', original);
  if (!isObject(patch)) throw errBadArgType('map', patch);
  return strategy !== REPLACE_DIRECTIVE ? mergeMap(original, patch, schema, options) : patch;
}

function mergeSliceHandler(
  original: unknown,
  patch: unknown,
  schema: SchemaNode | undefined,
  strategy: string,
  mergeKey: string,
  isDeleteList: boolean,
  options: MergeOptions,
): List {
  if (!Array.isArray(original)) throw errBadArgType('slice', original);
  if (!Array.isArray(patch)) throw errBadArgType('slice', patch);
  // Delete lists work whatever the field's strategy.
  if (strategy === MERGE_DIRECTIVE || isDeleteList) {
    return mergeSlice(original, patch, schema, mergeKey, options, isDeleteList);
  }
  return patch;
}

function mergeSlice(
  original: List,
  patch: List,
  schema: SchemaNode | undefined,
  mergeKey: string,
  options: MergeOptions,
  isDeleteList: boolean,
): List {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementKind(original, patch);
  let merged: List;
  if (kind !== 'map') {
    if (options.mergeParallelList && isDeleteList) return deleteFromSlice(original, patch);
    merged = deduplicateScalars([...original, ...patch]);
  } else {
    if (!mergeKey) {
      throw new StrategicMergePatchError(
        `cannot merge lists without merge key for ${schemaName(schema)}`,
      );
    }
    const backing = new SharedBacking(original);
    [original, patch] = mergeSliceWithSpecialElements(original, patch, mergeKey, backing);
    merged = mergeSliceWithoutSpecialElements(original, patch, mergeKey, schema, options, backing);
  }
  const [patchItems, serverOnlyItems] = mergeKey
    ? partitionMapsByPresentInList(merged, patch, mergeKey)
    : partitionPrimitivesByPresentInList(merged, patch);
  return normalizeElementOrder(patchItems, serverOnlyItems, patch, original, mergeKey, kind);
}

/**
 * Go slices share their backing array: upstream deletes list items by shifting them left in
 * place and appends into the capacity that frees, so the caller's view of the original list
 * (which mergePatchIntoOriginal then uses to order the result) changes. `view` is that caller's
 * array; this writes through it the same way, keeping its length.
 */
class SharedBacking {
  private len: number;
  private reallocated = false;
  constructor(private readonly view: List) {
    this.len = view.length;
  }
  deleteAt(i: number): void {
    for (let k = i; k < this.len - 1; k++) this.view[k] = this.view[k + 1];
    this.len--;
  }
  append(v: unknown): void {
    // The capacity is at least the view's length; beyond it append reallocates.
    if (!this.reallocated && this.len < this.view.length) this.view[this.len] = v;
    else this.reallocated = true;
    this.len++;
  }
}

/** Applies $patch elements: [original with deletions (or the replacement), patch without them]. */
function mergeSliceWithSpecialElements(
  original: List,
  patch: List,
  mergeKey: string,
  backing: SharedBacking,
): [List, List] {
  const withoutSpecial: List = [];
  let replace = false;
  const result = [...original];
  for (const v of patch) {
    const typed = v as Obj;
    if (!hasOwn(typed, DIRECTIVE_MARKER)) {
      withoutSpecial.push(v);
      continue;
    }
    const patchType = typed[DIRECTIVE_MARKER];
    if (patchType === DELETE_DIRECTIVE) {
      if (!hasOwn(typed, mergeKey)) throw errNoMergeKey(typed, mergeKey);
      for (;;) {
        const [, i, found] = findMapInSliceBasedOnKeyValue(result, mergeKey, typed[mergeKey]);
        if (!found) break;
        result.splice(i, 1);
        backing.deleteAt(i);
      }
    } else if (patchType === REPLACE_DIRECTIVE) {
      // Keep scanning so that other $patch elements are pruned too.
      replace = true;
    } else if (patchType === MERGE_DIRECTIVE) {
      throw new StrategicMergePatchError('merging lists cannot yet be specified in the patch');
    } else {
      throw errBadPatchType(patchType, typed);
    }
  }
  return replace ? [withoutSpecial, []] : [result, withoutSpecial];
}

function mergeSliceWithoutSpecialElements(
  original: List,
  patch: List,
  mergeKey: string,
  schema: SchemaNode | undefined,
  options: MergeOptions,
  backing: SharedBacking,
): List {
  const out = [...original];
  for (const v of patch) {
    const typed = v as Obj;
    if (!hasOwn(typed, mergeKey)) throw errNoMergeKey(typed, mergeKey);
    const [originalMap, i, found] = findMapInSliceBasedOnKeyValue(out, mergeKey, typed[mergeKey]);
    if (found) {
      out[i] = mergeMap(originalMap!, typed, schema, options);
    } else {
      out.push(v);
      backing.append(v);
    }
  }
  return out;
}

function deleteFromSlice(current: List, toDelete: List): List {
  const del = new Set<unknown>(toDelete);
  return current.filter((v) => !del.has(v));
}

function findMapInSliceBasedOnKeyValue(
  m: List,
  key: string,
  value: unknown,
): [Obj | undefined, number, boolean] {
  for (let k = 0; k < m.length; k++) {
    const v = m[k];
    if (!isObject(v)) throw new StrategicMergePatchError(`value for key ${k} is not a map`);
    if (hasOwn(v, key) && scalarEq(v[key], value)) return [v, k, true];
  }
  return [undefined, 0, false];
}

function indexOfItem(l: List, item: unknown, mergeKey: string, kind: ElementKind): number {
  const get =
    kind === 'map' ? (x: unknown) => (isObject(x) ? x[mergeKey] : undefined) : (x: unknown) => x;
  const want = get(item);
  for (let i = 0; i < l.length; i++) if (scalarEq(want, get(l[i]))) return i;
  return -1;
}

function validateMergeKeyInLists(mergeKey: string, ...lists: List[]): void {
  for (const list of lists) {
    for (const item of list) {
      if (!isObject(item)) throw errBadArgType('map', item);
      if (!hasOwn(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
    }
  }
}

function extractToDeleteItems(l: List): [List, List] {
  const nonDelete: List = [];
  const toDelete: List = [];
  for (const v of l) {
    if (!isObject(v)) throw errBadArgType('map', v);
    (hasOwn(v, DIRECTIVE_MARKER) && v[DIRECTIVE_MARKER] === DELETE_DIRECTIVE
      ? toDelete
      : nonDelete
    ).push(v);
  }
  return [nonDelete, toDelete];
}

/** Sorts `toSort` by `order`, leaving $patch: delete items at the end. */
function normalizeSliceOrder(toSort: List, order: List, mergeKey: string, kind: ElementKind): List {
  let sorted: List;
  let toDelete: List = [];
  if (kind === 'map') {
    validateMergeKeyInLists(mergeKey, toSort, order);
    [sorted, toDelete] = extractToDeleteItems(toSort);
  } else {
    sorted = [...toSort];
  }
  goSliceStable(sorted, (a, b) => {
    const ia = indexOfItem(order, a, mergeKey, kind);
    if (ia >= 0) {
      const ib = indexOfItem(order, b, mergeKey, kind);
      if (ib >= 0) return ia < ib;
    }
    return true;
  });
  return [...sorted, ...toDelete];
}

function normalizeElementOrder(
  patch: List,
  serverOnly: List,
  patchOrder: List,
  serverOrder: List,
  mergeKey: string,
  kind: ElementKind,
): List {
  const p = normalizeSliceOrder(patch, patchOrder, mergeKey, kind);
  const s = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(s, p, serverOrder, mergeKey, kind);
}

/** Inserts the server-only items among the patch items, keeping both relative orders. */
function mergeSortedSlice(
  left: List,
  right: List,
  serverOrder: List,
  mergeKey: string,
  kind: ElementKind,
): List {
  const out: List = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexOfItem(serverOrder, left[i], mergeKey, kind);
      const ri = indexOfItem(serverOrder, right[j], mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Creating patches

interface DiffOptions {
  setElementOrder?: boolean;
  ignoreChangesAndAdditions?: boolean;
  ignoreDeletions?: boolean;
  buildRetainKeysDirective?: boolean;
}

export interface TwoWayOptions {
  preconditions?: readonly PreconditionFunc[];
}

export interface ThreeWayOptions {
  /** Overwrite changes made to the live object since the last apply (kubectl apply --overwrite, the default). */
  overwrite?: boolean;
  preconditions?: readonly PreconditionFunc[];
}

function asDocument(v: unknown): Obj {
  if (v === null || v === undefined) return {};
  if (!isObject(v)) throw errBadJSONDoc();
  return clone(v) as Obj;
}

/**
 * CreateTwoWayMergePatch: the patch that turns `original` into `modified` (kubectl edit, patch
 * generation). Throws StrategicMergePatchError or PreconditionFailedError.
 */
export function createTwoWayMergePatch(
  original: unknown,
  modified: unknown,
  schema: SchemaNode | undefined,
  options: TwoWayOptions = {},
): JsonObject {
  const patch = diffMaps(asDocument(original), asDocument(modified), schema, {
    setElementOrder: true,
  });
  checkPreconditions(patch as JsonObject, options.preconditions ?? []);
  return patch as JsonObject;
}

/**
 * CreateThreeWayMergePatch, as kubectl's client-side apply computes it: `original` is the
 * last-applied configuration, `modified` the new configuration, `current` the live object.
 * Throws MergeConflictError when !overwrite and the patch would undo a live change.
 */
export function createThreeWayMergePatch(
  original: unknown,
  modified: unknown,
  current: unknown,
  schema: SchemaNode | undefined,
  options: ThreeWayOptions = {},
): JsonObject {
  const originalMap = asDocument(original);
  const modifiedMap = asDocument(modified);
  const currentMap = asDocument(current);

  // Additions and changes from current to modified, plus deletions from original to modified.
  // diffMaps sorts scalar lists of its inputs in place; the reuse below keeps that, as upstream.
  const deltaMap = diffMaps(currentMap, modifiedMap, schema, {
    ignoreDeletions: true,
    setElementOrder: true,
  });
  const deletionsMap = diffMaps(originalMap, modifiedMap, schema, {
    setElementOrder: true,
    ignoreChangesAndAdditions: true,
  });
  const patchMap = mergeMap(deletionsMap, deltaMap, schema, {
    mergeParallelList: false,
    ignoreUnmatchedNulls: false,
  });
  checkPreconditions(patchMap as JsonObject, options.preconditions ?? []);

  if (options.overwrite === false) {
    const changedMap = diffMaps(originalMap, currentMap, schema, {});
    if (mergingMapsHaveConflicts(patchMap, changedMap, schema)) {
      throw new MergeConflictError(patchMap, changedMap);
    }
  }
  return patchMap as JsonObject;
}

function diffMaps(
  original: Obj,
  modified: Obj,
  schema: SchemaNode | undefined,
  options: DiffOptions,
): Obj {
  const patch: Obj = {};
  const retainKeysList: List = [];
  for (const key of Object.keys(modified)) {
    const modifiedValue = modified[key];
    if (options.buildRetainKeysDirective && modifiedValue !== null) retainKeysList.push(key);

    if (!hasOwn(original, key)) {
      if (!options.ignoreChangesAndAdditions) patch[key] = modifiedValue;
      continue;
    }
    const originalValue = original[key];
    if (key === DIRECTIVE_MARKER) {
      if (typeof originalValue !== 'string' || typeof modifiedValue !== 'string') {
        throw new StrategicMergePatchError(`invalid value for special key: ${DIRECTIVE_MARKER}`);
      }
      if (modifiedValue !== originalValue) patch[DIRECTIVE_MARKER] = modifiedValue;
      continue;
    }
    if (goKind(originalValue) !== goKind(modifiedValue)) {
      if (!options.ignoreChangesAndAdditions) patch[key] = modifiedValue;
      continue;
    }
    if (isObject(originalValue)) {
      handleMapDiff(key, originalValue, modifiedValue as Obj, patch, schema, options);
    } else if (Array.isArray(originalValue)) {
      handleSliceDiff(key, originalValue, modifiedValue as List, patch, schema, options);
    } else {
      replacePatchFieldIfNotEqual(key, originalValue, modifiedValue, patch, options);
    }
  }

  if (!options.ignoreDeletions) {
    for (const key of Object.keys(original)) if (!hasOwn(modified, key)) patch[key] = null;
  }
  if (
    retainKeysList.length > 0 &&
    (Object.keys(patch).length > 0 || hasAdditionalNewField(original, modified))
  ) {
    patch[RETAIN_KEYS_DIRECTIVE] = sortScalars(retainKeysList);
  }
  return patch;
}

function hasAdditionalNewField(original: Obj, modified: Obj): boolean {
  return Object.keys(original).some((k) => original[k] !== null && !hasOwn(modified, k));
}

function handleMapDiff(
  key: string,
  originalValue: Obj,
  modifiedValue: Obj,
  patch: Obj,
  schema: SchemaNode | undefined,
  options: DiffOptions,
): void {
  const [subschema, meta] = lookupStruct(schema, key);
  const [retainKeys, strategy] = extractRetainKeysPatchStrategy(meta.strategies);
  const sub = { ...options, buildRetainKeysDirective: retainKeys };
  if (strategy === REPLACE_DIRECTIVE) {
    if (!sub.ignoreChangesAndAdditions) patch[key] = modifiedValue;
    return;
  }
  const patchValue = diffMaps(originalValue, modifiedValue, subschema, sub);
  if (Object.keys(patchValue).length > 0) patch[key] = patchValue;
}

function handleSliceDiff(
  key: string,
  originalValue: List,
  modifiedValue: List,
  patch: Obj,
  schema: SchemaNode | undefined,
  options: DiffOptions,
): void {
  const [subschema, meta] = lookupSlice(schema, key);
  const [retainKeys, strategy] = extractRetainKeysPatchStrategy(meta.strategies);
  if (strategy !== MERGE_DIRECTIVE) {
    replacePatchFieldIfNotEqual(key, originalValue, modifiedValue, patch, options);
    return;
  }
  const [addList, deletionList, setOrderList] = diffLists(
    originalValue,
    modifiedValue,
    subschema,
    meta.mergeKey,
    {
      ...options,
      buildRetainKeysDirective: retainKeys,
    },
  );
  if (addList.length > 0) patch[key] = addList;
  if (deletionList.length > 0) patch[`${DELETE_FROM_PRIMITIVE_LIST_PREFIX}/${key}`] = deletionList;
  if (setOrderList.length > 0) patch[`${SET_ELEMENT_ORDER_PREFIX}/${key}`] = setOrderList;
}

function replacePatchFieldIfNotEqual(
  key: string,
  original: unknown,
  modified: unknown,
  patch: Obj,
  options: DiffOptions,
): void {
  if (options.ignoreChangesAndAdditions) return;
  if (deepEqual(original, modified)) return;
  patch[key] = modified;
}

/** [patch list, deletion list (scalars), $setElementOrder list]. */
function diffLists(
  original: List,
  modified: List,
  schema: SchemaNode | undefined,
  mergeKey: string,
  options: DiffOptions,
): [List, List, List] {
  if (original.length === 0) {
    if (modified.length === 0 || options.ignoreChangesAndAdditions) return [[], [], []];
    return [modified, [], []];
  }
  const kind = sliceElementKind(original, modified);
  let patchList: List;
  let deleteList: List;
  let setOrderList: List = [];
  if (kind === 'map') {
    [patchList, deleteList] = diffListsOfMaps(original, modified, schema, mergeKey, options);
    patchList = normalizeSliceOrder(patchList, modified, mergeKey, kind);
    const orderSame = isOrderSame(original, modified, mergeKey);
    // Deletions ride at the end of the patch list as $patch: delete items.
    patchList = [...patchList, ...deleteList];
    deleteList = [];
    if (
      options.setElementOrder &&
      ((!options.ignoreChangesAndAdditions && (patchList.length > 0 || !orderSame)) ||
        (!options.ignoreDeletions && patchList.length > 0))
    ) {
      setOrderList = modified.map((v) => ({ [mergeKey]: (v as Obj)[mergeKey] }));
    }
  } else {
    [patchList, deleteList] = diffListsOfScalars(original, modified, options);
    patchList = normalizeSliceOrder(patchList, modified, mergeKey, kind);
    // `original` was sorted in place by diffListsOfScalars: an unsorted but unchanged list
    // still yields an order directive, as upstream.
    if (
      options.setElementOrder &&
      ((!options.ignoreDeletions && deleteList.length > 0) ||
        (!options.ignoreChangesAndAdditions && !deepEqual(original, modified)))
    ) {
      setOrderList = modified;
    }
  }
  return [patchList, deleteList, setOrderList];
}

function isOrderSame(original: List, modified: List, mergeKey: string): boolean {
  if (original.length !== modified.length) return false;
  return modified.every((m, i) => mergeKeyValueEqual(original[i], m, mergeKey));
}

/** [additions, deletions]; sorts `original` in place like upstream. */
function diffListsOfScalars(original: List, modified: List, options: DiffOptions): [List, List] {
  const originalScalars = sortScalars(original);
  const modifiedScalars = sortScalars([...modified]);
  const addList: List = [];
  const deletionList: List = [];
  let oi = 0;
  let mi = 0;
  while (oi < originalScalars.length || mi < modifiedScalars.length) {
    const oIn = oi < originalScalars.length;
    const mIn = mi < modifiedScalars.length;
    const os = oIn ? goV(originalScalars[oi]) : '';
    const ms = mIn ? goV(modifiedScalars[mi]) : '';
    const cmp = oIn && mIn ? goStringCompare(os, ms) : 0;
    if (oIn && mIn && cmp === 0) {
      oi++;
      mi++;
    } else if (!oIn || (oIn && mIn && cmp > 0)) {
      if (!options.ignoreChangesAndAdditions) addList.push(modifiedScalars[mi]);
      mi++;
    } else {
      if (!options.ignoreDeletions) deletionList.push(originalScalars[oi]);
      oi++;
    }
  }
  return [addList, deduplicateScalars(deletionList)];
}

function sortByMergeKey(list: List, mergeKey: string): List {
  const out = [...list];
  out.sort((a, b) => goStringCompare(goV((a as Obj)[mergeKey]), goV((b as Obj)[mergeKey])));
  return out;
}

function diffListsOfMaps(
  original: List,
  modified: List,
  schema: SchemaNode | undefined,
  mergeKey: string,
  options: DiffOptions,
): [List, List] {
  const patch: List = [];
  const deletionList: List = [];
  // sortMergeListsByNameArray checks element types of non-empty lists only.
  if (original.length > 0) sliceElementKind(original);
  if (modified.length > 0) sliceElementKind(modified);
  const originalSorted = sortByMergeKey(original, mergeKey);
  const modifiedSorted = sortByMergeKey(modified, mergeKey);
  let oi = 0;
  let mi = 0;
  while (oi < originalSorted.length || mi < modifiedSorted.length) {
    const oIn = oi < originalSorted.length;
    const mIn = mi < modifiedSorted.length;
    let oElem: Obj | undefined;
    let mElem: Obj | undefined;
    let oKey: unknown;
    let mKey: unknown;
    if (oIn) [oElem, oKey] = mapAndMergeKeyValue(originalSorted[oi], mergeKey);
    if (mIn) [mElem, mKey] = mapAndMergeKeyValue(modifiedSorted[mi], mergeKey);
    const cmp = oIn && mIn ? goStringCompare(goV(oKey), goV(mKey)) : 0;
    if (oIn && mIn && cmp === 0) {
      const patchValue = diffMaps(oElem!, mElem!, schema, options);
      if (Object.keys(patchValue).length > 0) {
        patchValue[mergeKey] = mKey;
        patch.push(patchValue);
      }
      oi++;
      mi++;
    } else if (!oIn || (oIn && mIn && cmp > 0)) {
      if (!options.ignoreChangesAndAdditions) patch.push(mElem);
      mi++;
    } else {
      if (!options.ignoreDeletions) {
        deletionList.push({ [mergeKey]: oKey, [DIRECTIVE_MARKER]: DELETE_DIRECTIVE });
      }
      oi++;
    }
  }
  return [patch, deletionList];
}

function mapAndMergeKeyValue(v: unknown, mergeKey: string): [Obj, unknown] {
  if (!isObject(v)) throw errBadArgType('map', v);
  if (!hasOwn(v, mergeKey)) throw errNoMergeKey(v, mergeKey);
  return [v, v[mergeKey]];
}

// MergingMapsHaveConflicts: does the patch touch a key that changed differently on the server?

function mergingMapsHaveConflicts(left: Obj, right: Obj, schema: SchemaNode | undefined): boolean {
  return fieldsHaveConflicts(left, right, schema, '', '');
}

function fieldsHaveConflicts(
  left: unknown,
  right: unknown,
  schema: SchemaNode | undefined,
  strategy: string,
  mergeKey: string,
): boolean {
  if (isObject(left)) {
    if (!isObject(right)) return true;
    const okLeft = hasOwn(left, DIRECTIVE_MARKER);
    const okRight = hasOwn(right, DIRECTIVE_MARKER);
    // A directive acts on the whole map.
    if (okLeft || okRight) {
      if (okLeft !== okRight) return true;
      if (left[DIRECTIVE_MARKER] !== right[DIRECTIVE_MARKER]) return true;
    }
    if (strategy === REPLACE_DIRECTIVE) return false;
    return mapsHaveConflicts(left, right, schema);
  }
  if (Array.isArray(left)) {
    if (!Array.isArray(right)) return true;
    return slicesHaveConflicts(left, right, schema, strategy, mergeKey);
  }
  return !deepEqual(left, right);
}

function mapsHaveConflicts(left: Obj, right: Obj, schema: SchemaNode | undefined): boolean {
  for (const key of Object.keys(left)) {
    if (key === DIRECTIVE_MARKER || key === RETAIN_KEYS_DIRECTIVE || !hasOwn(right, key)) continue;
    const leftValue = left[key];
    let subschema: SchemaNode | undefined;
    let meta: PatchMeta = { strategies: [], mergeKey: '' };
    if (Array.isArray(leftValue)) [subschema, meta] = lookupSlice(schema, key);
    else if (isObject(leftValue)) [subschema, meta] = lookupStruct(schema, key);
    const [, strategy] = extractRetainKeysPatchStrategy(meta.strategies);
    if (fieldsHaveConflicts(leftValue, right[key], subschema, strategy, meta.mergeKey)) return true;
  }
  return false;
}

function slicesHaveConflicts(
  left: List,
  right: List,
  schema: SchemaNode | undefined,
  strategy: string,
  mergeKey: string,
): boolean {
  const kind = sliceElementKind(left, right);
  if (strategy === MERGE_DIRECTIVE) {
    // Merging lists of scalars cannot conflict.
    if (kind !== 'map') return false;
    const l = sliceOfMapsToMapOfMaps(left, mergeKey);
    const r = sliceOfMapsToMapOfMaps(right, mergeKey);
    for (const k of l.keys()) {
      if (r.has(k) && fieldsHaveConflicts(l.get(k), r.get(k), schema, '', '')) return true;
    }
    return false;
  }
  if (left.length !== right.length) return true;
  let l = left;
  let r = right;
  if (kind !== 'map') {
    l = sortScalars(deduplicateScalars([...left]));
    r = sortScalars(deduplicateScalars([...right]));
  }
  for (let i = 0; i < l.length; i++) {
    if (fieldsHaveConflicts(l[i], r[i], schema, '', '')) return true;
  }
  return false;
}

function sliceOfMapsToMapOfMaps(slice: List, mergeKey: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const v of slice) {
    if (!isObject(v))
      throw new StrategicMergePatchError(`invalid element type in merging list:${goV(slice)}`);
    if (!hasOwn(v, mergeKey)) {
      throw new StrategicMergePatchError(
        `cannot find merge key \`${mergeKey}\` in merging list element:${goV(v)}`,
      );
    }
    out.set(goV(v[mergeKey]), v);
  }
  return out;
}
