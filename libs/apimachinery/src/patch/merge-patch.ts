// RFC 7386 JSON merge patch as gopkg.in/evanphx/json-patch.v4 merge.go (used by handlers/patch.go and k8s.io/apimachinery/pkg/util/jsonmergepatch) applies and creates it.
//
// evanphx v4 also drops nulls from objects inside an array the patch puts in place, and a
// patch that is an array replaces the whole document (the API server then fails to decode it).
import { badRequestError } from '../api/errors';
import { clone, deepEqual, hasOwn, isObject, type JsonObject, type JsonValue } from './json';
import { MergeConflictError, checkPreconditions, type PreconditionFunc } from './preconditions';

/** jsonpatch.ErrBadJSONPatch, which the API server answers with 400. */
export const INVALID_JSON_PATCH = 'Invalid JSON Patch';

/**
 * Applies a JSON merge patch (Content-Type: application/merge-patch+json) and returns the
 * patched copy: null deletes a member, objects merge recursively, anything else replaces.
 * Throws 400 "Invalid JSON Patch" for a null or scalar patch.
 */
export function applyMergePatch(document: unknown, patch: unknown): JsonValue {
  if (patch === null || patch === undefined || (!isObject(patch) && !Array.isArray(patch))) {
    throw badRequestError(INVALID_JSON_PATCH);
  }
  const p = clone(patch) as JsonValue;
  if (Array.isArray(p)) return pruneArrayNulls(p);
  // A document that is not an object becomes the patch.
  if (!isObject(document)) return pruneDocNulls(p as JsonObject);
  const doc = clone(document) as JsonObject;
  mergeDocs(doc, p as JsonObject);
  return doc;
}

function mergeDocs(doc: JsonObject, patch: JsonObject): void {
  for (const k of Object.keys(patch)) {
    const v = patch[k]!;
    if (v === null) {
      delete doc[k];
      continue;
    }
    const cur = hasOwn(doc, k) ? doc[k] : null;
    if (cur === null || cur === undefined) {
      doc[k] = pruneNulls(v);
    } else {
      doc[k] = merge(cur, v);
    }
  }
}

function merge(cur: JsonValue, patch: JsonValue): JsonValue {
  if (!isObject(cur)) return pruneNulls(patch);
  if (!isObject(patch)) return patch;
  mergeDocs(cur, patch);
  return cur;
}

function pruneNulls(v: JsonValue): JsonValue {
  if (isObject(v)) return pruneDocNulls(v);
  if (Array.isArray(v)) return pruneArrayNulls(v);
  return v;
}

function pruneDocNulls(doc: JsonObject): JsonObject {
  for (const k of Object.keys(doc)) {
    if (doc[k] === null) delete doc[k];
    else pruneNulls(doc[k]!);
  }
  return doc;
}

/** Nulls inside the array's objects go; null elements stay. */
function pruneArrayNulls(arr: JsonValue[]): JsonValue[] {
  for (const v of arr) if (v !== null) pruneNulls(v);
  return arr;
}

/** A patch-creation error (jsonpatch.ErrBadJSONDoc, errBadMergeTypes). */
export class MergePatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MergePatchError';
  }
}

/**
 * jsonpatch.CreateMergePatch: the merge patch that turns `original` into `modified`. Two arrays
 * of documents give an array of patches, element by element.
 */
export function createMergePatch(original: unknown, modified: unknown): JsonValue {
  const oa = Array.isArray(original);
  const ma = Array.isArray(modified);
  if (oa && ma) {
    const o = original as unknown[];
    const m = modified as unknown[];
    if (o.length !== m.length) throw new MergePatchError('Invalid JSON Document');
    return o.map((x, i) => createObjectMergePatch(x, m[i]));
  }
  if (oa || ma) throw new MergePatchError('Mismatched JSON Documents');
  return createObjectMergePatch(original, modified);
}

function createObjectMergePatch(original: unknown, modified: unknown): JsonObject {
  const asDoc = (v: unknown): JsonObject => {
    if (v === null || v === undefined) return {};
    if (!isObject(v)) throw new MergePatchError('Invalid JSON Document');
    return v;
  };
  return getDiff(asDoc(original), asDoc(modified));
}

/** encoding/json decodes every number as float64: only the JSON kind counts as the type. */
function jsonKind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function getDiff(a: JsonObject, b: JsonObject): JsonObject {
  const into: JsonObject = {};
  for (const key of Object.keys(b)) {
    const bv = b[key]!;
    if (!hasOwn(a, key) || jsonKind(a[key]) !== jsonKind(bv)) {
      into[key] = clone(bv);
      continue;
    }
    const av = a[key]!;
    if (isObject(av)) {
      const dst = getDiff(av, bv as JsonObject);
      if (Object.keys(dst).length > 0) into[key] = dst;
    } else if (!deepEqual(av, bv)) {
      into[key] = clone(bv);
    }
  }
  for (const key of Object.keys(a)) if (!hasOwn(b, key)) into[key] = null;
  return into;
}

/**
 * jsonmergepatch.CreateThreeWayJSONMergePatch, kubectl apply's patch for types without a
 * strategic merge schema: additions and changes from current to modified, plus deletions from
 * original (last applied) to modified. Throws MergeConflictError when they overlap and
 * PreconditionFailedError when a precondition fails.
 */
export function createThreeWayJSONMergePatch(
  original: unknown,
  modified: unknown,
  current: unknown,
  preconditions: readonly PreconditionFunc[] = [],
): JsonObject {
  const addAndChange = keepOrDeleteNullInObj(createObjectMergePatch(current, modified), false);
  const deletions = keepOrDeleteNullInObj(createObjectMergePatch(original, modified), true);
  if (hasConflicts(addAndChange, deletions)) throw new MergeConflictError(addAndChange, deletions);
  const patch = applyMergePatch(deletions, addAndChange) as JsonObject;
  checkPreconditions(patch, preconditions);
  return patch;
}

/** keepOrDeleteNullInObj: only the nulls of a merge patch (its deletions), or all but them. */
export function keepOrDeleteNullInObj(m: JsonObject, keepNull: boolean): JsonObject {
  const out: JsonObject = {};
  for (const [key, val] of Object.entries(m)) {
    if (val === null) {
      if (keepNull) out[key] = null;
    } else if (isObject(val)) {
      // An explicitly empty map is a value, not an empty patch.
      if (Object.keys(val).length === 0) {
        if (!keepNull) out[key] = val;
        continue;
      }
      const sub = keepOrDeleteNullInObj(val, keepNull);
      if (Object.keys(sub).length !== 0) out[key] = sub;
    } else if (!keepNull) {
      out[key] = val;
    }
  }
  return out;
}

/** mergepatch.HasConflicts: do the two patches set a shared key differently? */
export function hasConflicts(left: unknown, right: unknown): boolean {
  if (isObject(left)) {
    if (!isObject(right)) return true;
    for (const key of Object.keys(left)) {
      if (hasOwn(right, key) && hasConflicts(left[key], right[key])) return true;
    }
    return false;
  }
  if (Array.isArray(left)) {
    if (!Array.isArray(right) || left.length !== right.length) return true;
    return left.some((v, i) => hasConflicts(v, right[i]));
  }
  return !deepEqual(left, right);
}
