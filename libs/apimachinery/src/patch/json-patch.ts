// RFC 6902 JSON Patch as k8s.io/apiserver/pkg/endpoints/handlers/patch.go (release-1.32) applies it with gopkg.in/evanphx/json-patch.v4.
//
// fast-json-patch performs the operations. evanphx v4 resolves paths its own way, and what it
// accepts or rejects is what a client observes, so paths are resolved here first:
//   - a missing intermediate value (or a null one) fails the operation;
//   - `replace` of a missing object member adds it; `copy` from a missing member copies null;
//   - negative array indices count from the end; "01" and "+1" are valid indices;
//   - whatever precedes the first "/" of a path is ignored ("a/b" addresses "/b");
//   - `replace` of the root with a scalar does nothing.
// `test` compares values by JSON equality (evanphx compares scalars by their raw bytes, so it
// would also tell 1 from 1.0).
//
// Errors are the server's: a malformed patch document is 400 BadRequest with Go's decoding
// message; an operation that cannot be applied is 422 Invalid with the canned message of
// NewGenericServerResponse, "the server rejected our request due to an error in our request"
// (the apiserver drops evanphx's text; it is kept on JsonPatchApplyError.detail); more than
// 10000 operations is 413. Like the server, copies may add at most 3 MiB to the document.
import { _areEquals, applyOperation, deepClone, escapePathComponent } from 'fast-json-patch';
import { StatusError, badRequestError } from '../api/errors';
import { hasOwn, isObject, type JsonValue } from './json';

/** maxJSONPatchOperations of handlers/patch.go. */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

/** JSONPatchMaxCopyBytes of k8s.io/apiserver/pkg/server/config.go. */
export const MAX_JSON_PATCH_COPY_BYTES = 3 * 1024 * 1024;

/** One decoded operation; members are unchecked until the operation runs, as in evanphx. */
export interface JsonPatchOperation {
  op?: unknown;
  path?: unknown;
  from?: unknown;
  value?: unknown;
}

/** 422 for a patch that does not apply; `detail` is what evanphx/json-patch said. */
export class JsonPatchApplyError extends StatusError {
  constructor(
    readonly detail: string,
    readonly operationIndex: number,
  ) {
    super(422, 'Invalid', 'the server rejected our request due to an error in our request', {});
    this.name = 'JsonPatchApplyError';
  }
}

function goJsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (isObject(v)) return 'object';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

/**
 * jsonpatch.DecodePatch over an already parsed request body. null decodes to an empty patch.
 * Throws 400 (not a list of objects) or 413 (too many operations).
 */
export function decodeJsonPatch(body: unknown): JsonPatchOperation[] {
  if (body === null || body === undefined) return [];
  if (!Array.isArray(body)) {
    throw badRequestError(
      `json: cannot unmarshal ${goJsonKind(body)} into Go value of type jsonpatch.Patch`,
    );
  }
  const ops = body.map((op) => {
    if (op === null) return {};
    if (!isObject(op)) {
      throw badRequestError(
        `json: cannot unmarshal ${goJsonKind(op)} into Go value of type jsonpatch.Operation`,
      );
    }
    return op as JsonPatchOperation;
  });
  if (ops.length > MAX_JSON_PATCH_OPERATIONS) {
    throw new StatusError(
      413,
      'RequestEntityTooLarge',
      `Request entity too large: The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${ops.length}`,
    );
  }
  return ops;
}

/**
 * Applies a JSON patch (Content-Type: application/json-patch+json) to a document and returns
 * the patched copy; the input is not modified. Throws the StatusError the API server answers.
 */
export function applyJsonPatch(document: unknown, patch: unknown): JsonValue {
  const ops = decodeJsonPatch(patch);
  let doc = deepClone(document) as JsonValue;
  const copied = { bytes: 0 };
  ops.forEach((op, index) => {
    try {
      doc = applyOne(doc, op, copied);
    } catch (e) {
      if (e instanceof OpError) throw new JsonPatchApplyError(e.message, index);
      // fast-json-patch refuses __proto__ and constructor/prototype paths.
      if (e instanceof Error) throw new JsonPatchApplyError(e.message, index);
      throw e;
    }
  });
  return doc;
}

class OpError extends Error {}

type Container = { [key: string]: JsonValue } | JsonValue[];

interface Located {
  container: Container;
  /** Escaped JSON pointer of the container, with array indices normalized. */
  pointer: string;
  key: string;
}

const decodeKey = (k: string) => k.replace(/~1/g, '/').replace(/~0/g, '~');

/** strconv.Atoi. */
function atoi(s: string): number | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** An existing index of `arr` for get/set/remove, negative ones counting from the end. */
function existingIndex(arr: JsonValue[], key: string): number {
  const idx = atoi(key);
  if (idx === undefined) throw new OpError(`strconv.Atoi: parsing "${key}": invalid syntax`);
  if (idx >= arr.length || idx < -arr.length) {
    throw new OpError(`Unable to access invalid index: ${idx}: invalid index referenced`);
  }
  return idx < 0 ? idx + arr.length : idx;
}

function getChild(c: Container, key: string): JsonValue | undefined {
  if (Array.isArray(c)) return c[existingIndex(c, key)];
  return hasOwn(c, key) ? c[key] : undefined;
}

/** findObject: the container of the path's last token, or undefined. */
function findObject(doc: JsonValue, path: string): Located | undefined {
  const split = path.split('/');
  if (split.length < 2) return undefined;
  if (!Array.isArray(doc) && !isObject(doc)) return undefined;
  let container: Container = doc;
  let pointer = '';
  for (const part of split.slice(1, -1)) {
    const key = decodeKey(part);
    let next: JsonValue | undefined;
    try {
      next = getChild(container, key);
    } catch {
      return undefined;
    }
    if (next === undefined || next === null) return undefined;
    if (!Array.isArray(next) && !isObject(next)) return undefined;
    pointer += `/${Array.isArray(container) ? existingIndex(container, key) : escapePathComponent(key)}`;
    container = next;
  }
  return { container, pointer, key: decodeKey(split[split.length - 1]!) };
}

function requireString(v: unknown, what: string): string {
  if (typeof v !== 'string') throw new OpError(what);
  return v;
}

function opValue(op: JsonPatchOperation): JsonValue {
  return op.value === undefined ? null : (op.value as JsonValue);
}

/** The escaped pointer at which to add to `loc`, or undefined when evanphx would refuse. */
function addPointer(loc: Located): string {
  const { container, pointer, key } = loc;
  if (!Array.isArray(container)) return `${pointer}/${escapePathComponent(key)}`;
  if (key === '-') return `${pointer}/-`;
  const idx = atoi(key);
  if (idx === undefined) throw new OpError(`value was not a proper array index: '${key}'`);
  const size = container.length + 1;
  if (idx >= size || idx < -size) {
    throw new OpError(`Unable to access invalid index: ${idx}: invalid index referenced`);
  }
  return `${pointer}/${idx < 0 ? idx + size : idx}`;
}

function removeAt(doc: JsonValue, loc: Located, path: string, verb: string): JsonValue {
  const { container, pointer, key } = loc;
  let at: string;
  if (Array.isArray(container)) {
    at = `${pointer}/${existingIndex(container, key)}`;
  } else {
    if (!hasOwn(container, key)) {
      throw new OpError(
        `error in ${verb} for path: '${path}': Unable to remove nonexistent key: ${key}: missing value`,
      );
    }
    at = `${pointer}/${escapePathComponent(key)}`;
  }
  const removed = applyOperation(doc, { op: 'remove', path: at }, false, true).removed as JsonValue;
  return removed;
}

function applyOne(doc: JsonValue, op: JsonPatchOperation, copied: { bytes: number }): JsonValue {
  const kind = typeof op.op === 'string' ? op.op : 'unknown';
  switch (kind) {
    case 'add': {
      const path = requireString(op.path, 'add operation failed to decode path');
      const loc = findObject(doc, path);
      if (!loc) throw new OpError(`add operation does not apply: doc is missing path: "${path}"`);
      const at = addPointer(loc);
      return applyOperation(
        doc,
        { op: 'add', path: at, value: deepClone(opValue(op)) },
        false,
        true,
      ).newDocument;
    }
    case 'remove': {
      const path = requireString(op.path, 'remove operation failed to decode path');
      const loc = findObject(doc, path);
      if (!loc)
        throw new OpError(`remove operation does not apply: doc is missing path: "${path}"`);
      removeAt(doc, loc, path, 'remove');
      return doc;
    }
    case 'replace': {
      const path = requireString(op.path, 'replace operation failed to decode path');
      const value = deepClone(opValue(op));
      if (path === '') {
        // pkg/errors.Wrapf(nil, ...) is nil: a scalar root replacement is silently ignored.
        return Array.isArray(value) || isObject(value) ? value : doc;
      }
      const loc = findObject(doc, path);
      if (!loc) throw new OpError(`replace operation does not apply: doc is missing path: ${path}`);
      let at: string;
      if (Array.isArray(loc.container)) {
        try {
          at = `${loc.pointer}/${existingIndex(loc.container, loc.key)}`;
        } catch {
          throw new OpError(`replace operation does not apply: doc is missing key: ${path}`);
        }
      } else {
        at = `${loc.pointer}/${escapePathComponent(loc.key)}`;
      }
      return applyOperation(doc, { op: 'replace', path: at, value }, false, true).newDocument;
    }
    case 'move': {
      const from = requireString(op.from, 'move operation failed to decode from');
      const src = findObject(doc, from);
      if (!src)
        throw new OpError(`move operation does not apply: doc is missing from path: ${from}`);
      const value = removeAt(doc, src, src.key, 'move');
      const path = requireString(op.path, 'move operation failed to decode path');
      const dst = findObject(doc, path);
      if (!dst)
        throw new OpError(
          `move operation does not apply: doc is missing destination path: ${path}`,
        );
      return applyOperation(doc, { op: 'add', path: addPointer(dst), value }, false, true)
        .newDocument;
    }
    case 'copy': {
      const from = requireString(op.from, 'copy operation failed to decode from');
      const src = findObject(doc, from);
      if (!src)
        throw new OpError(`copy operation does not apply: doc is missing from path: ${from}`);
      const found = getChild(src.container, src.key);
      const path = requireString(op.path, 'copy operation failed to decode path');
      const dst = findObject(doc, path);
      if (!dst) {
        throw new OpError(
          `copy operation does not apply: doc is missing destination path: ${path}`,
        );
      }
      const value = found === undefined ? null : deepClone(found);
      copied.bytes += new TextEncoder().encode(JSON.stringify(value)).length;
      if (copied.bytes > MAX_JSON_PATCH_COPY_BYTES) {
        throw new OpError(
          `Unable to complete the copy, the accumulated size increase of copy is ${copied.bytes}, exceeding the limit ${MAX_JSON_PATCH_COPY_BYTES}`,
        );
      }
      return applyOperation(doc, { op: 'add', path: addPointer(dst), value }, false, true)
        .newDocument;
    }
    case 'test': {
      const path = requireString(op.path, 'test operation failed to decode path');
      const expected = op.value;
      if (path === '') {
        if (!_areEquals(doc, expected))
          throw new OpError(`testing value ${path} failed: test failed`);
        return doc;
      }
      const loc = findObject(doc, path);
      if (!loc) throw new OpError(`test operation does not apply: is missing path: ${path}`);
      let actual: JsonValue | undefined;
      try {
        actual = getChild(loc.container, loc.key);
      } catch (e) {
        throw new OpError(`error in test for path: '${path}': ${(e as Error).message}`);
      }
      // A missing member and null both match only a null value.
      if (actual === undefined || actual === null) {
        if (expected === null) return doc;
        throw new OpError(`testing value ${path} failed: test failed`);
      }
      if (expected === undefined || !_areEquals(actual, expected)) {
        throw new OpError(`testing value ${path} failed: test failed`);
      }
      return doc;
    }
    default:
      throw new OpError(`Unexpected kind: ${kind}`);
  }
}
