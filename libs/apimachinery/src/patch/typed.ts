// Typed values of sigs.k8s.io/structured-merge-diff/v4 typed (v4.4.2) over SchemaNode: validation, field sets, comparison, merge, removal.
//
// Types follow k8s.io/kube-openapi schemaconv: x-kubernetes-list-type decides list semantics,
// else patch strategy "merge" (keyed by the merge key, or a set without one); other lists are
// atomic. x-kubernetes-map-type atomic makes a map or struct a leaf. int-or-string, quantity and
// date-time are untyped scalars; "any" (RawExtension) is atomic; a struct without fields and an
// unknown schema are free-form ("deduced": granular maps, atomic lists). A field a struct does not
// declare is typed as free-form too, where upstream fails; only validate() reports it.
import type { SchemaNode } from '../openapi/schema-node';
import { goFloat, goQuote, goV } from './go';
import { FieldSet, fieldPE, keyPE, peToString, serializePE, type PathElement } from './fieldpath';
import { deepEqual, hasOwn, isObject, type JsonObject, type JsonValue } from './json';

/** __untyped_deduced_ of schemaconv. */
export const DEDUCED = Symbol('__untyped_deduced_');
/** __untyped_atomic_ of schemaconv. */
export const UNTYPED = Symbol('__untyped_atomic_');
export type TypeRef = SchemaNode | typeof DEDUCED | typeof UNTYPED;

type ScalarKind = 'numeric' | 'string' | 'boolean' | 'untyped';

interface ListAtom {
  readonly atomic: boolean;
  /** Key fields of a map list; empty for a set. */
  readonly keys: readonly string[];
  readonly elem: TypeRef;
}

interface MapAtom {
  readonly atomic: boolean;
  /** The struct whose fields are declared, if any. */
  readonly struct?: SchemaNode;
  /** The type of keys that are not declared fields; none means such keys are not allowed. */
  readonly elem?: TypeRef;
}

interface Atom {
  readonly scalar?: ScalarKind;
  readonly list?: ListAtom;
  readonly map?: MapAtom;
}

const UNTYPED_ATOM: Atom = {
  scalar: 'untyped',
  list: { atomic: true, keys: [], elem: UNTYPED },
  map: { atomic: true, elem: UNTYPED },
};
const DEDUCED_ATOM: Atom = {
  scalar: 'untyped',
  list: { atomic: true, keys: [], elem: UNTYPED },
  map: { atomic: false, elem: DEDUCED },
};

const atoms = new WeakMap<SchemaNode, Atom>();

function resolve(t: TypeRef | undefined): Atom {
  if (t === undefined) return {};
  if (t === DEDUCED) return DEDUCED_ATOM;
  if (t === UNTYPED) return UNTYPED_ATOM;
  let a = atoms.get(t);
  if (!a) {
    a = atomOf(t);
    atoms.set(t, a);
  }
  return a;
}

function atomOf(n: SchemaNode): Atom {
  switch (n.type) {
    case 'object':
      return {
        map: {
          atomic: n.mapType === 'atomic',
          struct: n,
          elem: n.fieldNames().length === 0 ? DEDUCED : undefined,
        },
      };
    case 'map':
      return { map: { atomic: n.mapType === 'atomic', elem: n.values ?? DEDUCED } };
    case 'array':
      return { list: { ...listSemantics(n), elem: n.items ?? UNTYPED } };
    case 'string':
      return { scalar: !n.format || n.format === 'byte' ? 'string' : 'untyped' };
    case 'integer':
    case 'number':
      return { scalar: 'numeric' };
    case 'boolean':
      return { scalar: 'boolean' };
    case 'any':
      return UNTYPED_ATOM;
    default:
      return { scalar: 'untyped' };
  }
}

function listSemantics(n: SchemaNode): { atomic: boolean; keys: readonly string[] } {
  switch (n.listType) {
    case 'atomic':
      return { atomic: true, keys: [] };
    case 'set':
      return { atomic: false, keys: [] };
    case 'map':
      return { atomic: false, keys: n.listMapKeys ?? [] };
  }
  if (n.patchStrategy === 'merge' || n.patchStrategy === 'merge,retainKeys') {
    return { atomic: false, keys: n.patchMergeKey ? [n.patchMergeKey] : [] };
  }
  return { atomic: true, keys: [] };
}

/** deduceAtom: the part of the type the value's kind selects; all of it for null or a mismatch. */
function deduce(a: Atom, v: JsonValue | undefined): Atom {
  if (v === undefined || v === null) return a;
  if (Array.isArray(v)) return a.list ? { list: a.list } : a;
  if (isObject(v)) return a.map ? { map: a.map } : a;
  return a.scalar ? { scalar: a.scalar } : a;
}

const sameAtom = (a: Atom, b: Atom) =>
  a.map === b.map && a.list === b.list && a.scalar === b.scalar;

function isField(m: MapAtom, key: string): boolean {
  return m.struct?.type === 'object' && m.struct.field(key) !== undefined;
}

function fieldType(m: MapAtom, key: string): TypeRef | undefined {
  const f = m.struct?.type === 'object' ? m.struct.field(key) : undefined;
  return f ?? m.elem;
}

/** The default of a list-map key field. */
function keyDefault(elem: TypeRef, key: string): JsonValue | undefined {
  if (typeof elem !== 'object' || elem.type !== 'object') return undefined;
  const f = elem.field(key) as (SchemaNode & { readonly default?: JsonValue }) | undefined;
  if (f?.default !== undefined) return f.default;
  // SchemaNode has no `default`: the only defaulted list-map key of the built-in API is a
  // port's protocol (containers[].ports, Service ports), which defaults to TCP.
  if (key === 'protocol' && f?.type === 'string') return 'TCP';
  return undefined;
}

class TypedError extends Error {}

/** listItemToPathElement. */
function listItemPE(list: ListAtom, child: JsonValue): PathElement {
  if (list.atomic) throw new TypedError('invalid indexing of non-associative list');
  if (list.keys.length > 0) {
    if (child === null)
      throw new TypedError('associative list with keys may not have a null element');
    if (!isObject(child))
      throw new TypedError('associative list with keys may not have non-map elements');
    const fields: [string, JsonValue][] = [];
    for (const key of list.keys) {
      if (hasOwn(child, key)) {
        fields.push([key, child[key]!]);
        continue;
      }
      const d = keyDefault(list.elem, key);
      if (d === undefined) {
        throw new TypedError(
          `associative list with keys has an element that omits key field ${goQuote(key)} (and doesn't have default value)`,
        );
      }
      fields.push([key, d]);
    }
    return keyPE(fields);
  }
  if (isObject(child))
    throw new TypedError("associative list without keys has an element that's a map type");
  if (Array.isArray(child))
    throw new TypedError('not supported: associative list with lists as elements');
  if (child === null)
    throw new TypedError("associative list without keys has an element that's an explicit null");
  return { kind: 'value', value: child };
}

// ---------------------------------------------------------------------------------------------
// Validation

export interface ValidationError {
  readonly path: string;
  readonly message: string;
}

/** ValidationErrors.Error(). */
export function validationErrorsText(errs: readonly ValidationError[]): string {
  const one = (e: ValidationError) => (e.path ? `${e.path}: ${e.message}` : e.message);
  if (errs.length === 1) return one(errs[0]!);
  return ['errors:', ...errs.map((e) => `  ${one(e)}`)].join('\n');
}

/** %#v of a value.Value holding a decoded JSON value. */
function goSharpValue(v: JsonValue): string {
  const inner = (x: JsonValue): string => {
    if (x === null) return 'interface {}(nil)';
    if (typeof x === 'string') return goQuote(x);
    if (typeof x === 'number') return Number.isInteger(x) ? String(x) : goFloat(x);
    if (typeof x === 'boolean') return String(x);
    if (Array.isArray(x)) return `[]interface {}{${x.map(inner).join(', ')}}`;
    const body = Object.keys(x)
      .sort()
      .map((k) => `${goQuote(k)}:${inner(x[k]!)}`)
      .join(', ');
    return `map[string]interface {}{${body}}`;
  };
  return `&value.valueUnstructured{Value:${inner(v)}}`;
}

/** %T of a decoded JSON value. */
function goTypeOf(v: JsonValue): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  if (v === null) return '<nil>';
  return 'map[string]interface {}';
}

const goValuePointer = (v: JsonValue) => `&{${goV(v)}}`;

function scalarError(kind: ScalarKind, v: JsonValue): string | undefined {
  if (v === null) return undefined;
  const scalar = typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean';
  switch (kind) {
    case 'numeric':
      return typeof v === 'number'
        ? undefined
        : `expected numeric (int or float), got ${goTypeOf(v)}`;
    case 'string':
      return typeof v === 'string' ? undefined : `expected string, got ${goSharpValue(v)}`;
    case 'boolean':
      return typeof v === 'boolean' ? undefined : `expected boolean, got ${goValuePointer(v)}`;
    case 'untyped':
      return scalar ? undefined : `expected any scalar, got ${goValuePointer(v)}`;
  }
}

/**
 * TypedValue.Validate: "field not declared in schema", wrong kinds, bad list keys and, unless
 * allowed, duplicate list entries.
 */
export function validate(v: JsonValue, t: TypeRef, allowDuplicates = false): ValidationError[] {
  const errs: ValidationError[] = [];
  validateAt(v, t, '', errs, allowDuplicates);
  return errs;
}

function validateAt(
  v: JsonValue,
  t: TypeRef | undefined,
  path: string,
  errs: ValidationError[],
  dups: boolean,
): void {
  const a = deduce(resolve(t), v);
  if (a.map) {
    if (v === null) return;
    if (!isObject(v)) {
      errs.push({ path, message: `expected map, got ${goValuePointer(v)}` });
      return;
    }
    for (const key of Object.keys(v)) {
      const ft = fieldType(a.map, key);
      const child = `${path}.${key}`;
      if (ft === undefined) {
        errs.push({ path: child, message: 'field not declared in schema' });
        return;
      }
      validateAt(v[key]!, ft, child, errs, dups);
    }
  } else if (a.scalar) {
    const m = scalarError(a.scalar, v);
    if (m) errs.push({ path, message: m });
  } else if (a.list) {
    if (v === null) return;
    if (!Array.isArray(v)) {
      errs.push({ path, message: `expected list, got ${goValuePointer(v)}` });
      return;
    }
    const seen = new Set<string>();
    for (let i = 0; i < v.length; i++) {
      let pe: PathElement;
      if (a.list.atomic) {
        pe = { kind: 'index', index: i };
      } else {
        try {
          pe = listItemPE(a.list, v[i]!);
        } catch (e) {
          errs.push({ path, message: `element ${i}: ${(e as Error).message}` });
          return;
        }
        const k = serializePE(pe);
        if (seen.has(k) && !dups)
          errs.push({ path, message: `duplicate entries for key ${peToString(pe)}` });
        seen.add(k);
      }
      validateAt(v[i]!, a.list.elem, path + peToString(pe), errs, dups);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Field sets

/** TypedValue.ToFieldSet: every leaf, list item and map key an object specifies. */
export function toFieldSet(v: JsonValue, t: TypeRef): FieldSet {
  const set = new FieldSet();
  fieldSetAt(v, t, [], set);
  return set;
}

function fieldSetAt(
  v: JsonValue,
  t: TypeRef | undefined,
  path: PathElement[],
  set: FieldSet,
): void {
  const a = deduce(resolve(t), v);
  if (a.map) {
    if (a.map.atomic) {
      set.insert(path);
      return;
    }
    if (!isObject(v)) return;
    for (const key of Object.keys(v)) {
      const child = v[key]!;
      const p = [...path, fieldPE(key)];
      fieldSetAt(child, fieldType(a.map, key) ?? DEDUCED, p, set);
      // Empty or null maps, and the keys of a map[string]T, are owned themselves.
      if (child === null || (isObject(child) && Object.keys(child).length === 0)) set.insert(p);
      else if (!isField(a.map, key)) set.insert(p);
    }
  } else if (a.scalar) {
    set.insert(path);
  } else if (a.list) {
    if (a.list.atomic) {
      set.insert(path);
      return;
    }
    if (!Array.isArray(v)) return;
    const pes = v.map((item) => listItemPE(a.list!, item));
    const seen = new Set<string>();
    const duplicates = new Set<string>();
    for (const pe of pes) {
      const k = serializePE(pe);
      if (seen.has(k)) {
        if (!duplicates.has(k)) set.insert([...path, pe]);
        duplicates.add(k);
      } else {
        seen.add(k);
      }
    }
    v.forEach((item, i) => {
      const pe = pes[i]!;
      if (duplicates.has(serializePE(pe))) return;
      const p = [...path, pe];
      fieldSetAt(item, a.list!.elem, p, set);
      set.insert(p);
    });
  }
}

/** Set.EnsureNamedFieldsAreMembers: struct fields with children become members too. */
export function ensureNamedFieldsAreMembers(set: FieldSet, t: TypeRef | undefined): FieldSet {
  const a = resolve(t);
  const members: PathElement[] = [...set.memberElements()];
  const children: [PathElement, FieldSet][] = [];
  for (const { pe, set: child } of set.childEntries()) {
    let ct: TypeRef | undefined;
    if (pe.kind === 'field' && a.map) {
      if (isField(a.map, pe.name)) members.push(pe);
      ct = fieldType(a.map, pe.name);
    } else if (pe.kind === 'key' && a.list) {
      ct = a.list.elem;
    }
    children.push([pe, ensureNamedFieldsAreMembers(child, ct)]);
  }
  return FieldSet.fromParts(members, children);
}

// ---------------------------------------------------------------------------------------------
// Comparison

export interface Comparison {
  readonly added: FieldSet;
  readonly modified: FieldSet;
  readonly removed: FieldSet;
}

/** TypedValue.Compare; `undefined` is an absent object. */
export function compare(
  lhs: JsonValue | undefined,
  rhs: JsonValue | undefined,
  t: TypeRef,
): Comparison {
  const c: Comparison = {
    added: new FieldSet(),
    modified: new FieldSet(),
    removed: new FieldSet(),
  };
  compareAt(lhs, rhs, t, [], c);
  return c;
}

function compareAt(
  lhs: JsonValue | undefined,
  rhs: JsonValue | undefined,
  t: TypeRef | undefined,
  path: PathElement[],
  c: Comparison,
): void {
  const atom = resolve(t);
  const al = deduce(atom, lhs);
  const ar = deduce(atom, rhs);
  const state = { inLeaf: false };

  const doLeaf = (s: { inLeaf: boolean }) => {
    if (s.inLeaf) return;
    s.inLeaf = true;
    if (lhs === undefined) c.added.insert(path);
    else if (rhs === undefined) c.removed.insert(path);
    else if (!deepEqual(lhs, rhs)) c.modified.insert(path);
  };

  const handle = (a: Atom, s: { inLeaf: boolean }) => {
    if (a.map) {
      const l = isObject(lhs) ? lhs : undefined;
      const r = isObject(rhs) ? rhs : undefined;
      const promote = (!l || Object.keys(l).length === 0) && (!r || Object.keys(r).length === 0);
      if (a.map.atomic || promote) return doLeaf(s);
      const keys = new Set([...Object.keys(l ?? {}), ...Object.keys(r ?? {})]);
      for (const key of keys) {
        compareAt(
          l && hasOwn(l, key) ? l[key] : undefined,
          r && hasOwn(r, key) ? r[key] : undefined,
          fieldType(a.map, key) ?? DEDUCED,
          [...path, fieldPE(key)],
          c,
        );
      }
    } else if (a.scalar) {
      doLeaf(s);
    } else if (a.list) {
      const l = Array.isArray(lhs) ? lhs : undefined;
      const r = Array.isArray(rhs) ? rhs : undefined;
      const promote = (!l || l.length === 0) && (!r || r.length === 0);
      if (a.list.atomic || promote) return doLeaf(s);
      compareListItems(a.list, l ?? [], r ?? [], path, c);
    }
  };

  if (rhs === undefined) handle(al, state);
  else if (lhs === undefined || sameAtom(al, ar)) handle(ar, state);
  else {
    handle(al, { inLeaf: false });
    handle(ar, state);
  }
  if (!state.inLeaf) {
    if (lhs === undefined) c.added.insert(path);
    else if (rhs === undefined) c.removed.insert(path);
  }
}

function compareListItems(
  list: ListAtom,
  lhs: JsonValue[],
  rhs: JsonValue[],
  path: PathElement[],
  c: Comparison,
): void {
  const all = new Map<string, PathElement>();
  const group = (items: JsonValue[]) => {
    const m = new Map<string, JsonValue[]>();
    for (const item of items) {
      let pe: PathElement;
      try {
        pe = listItemPE(list, item);
      } catch {
        continue;
      }
      const k = serializePE(pe);
      if (!all.has(k)) all.set(k, pe);
      const vs = m.get(k);
      if (vs) vs.push(item);
      else m.set(k, [item]);
    }
    return m;
  };
  const lValues = group(lhs);
  const rValues = group(rhs);
  for (const [k, pe] of all) {
    const l = lValues.get(k) ?? [];
    const r = rValues.get(k) ?? [];
    const p = [...path, pe];
    if (l.length <= 1 && r.length <= 1) {
      compareAt(l[0], r[0], list.elem, p, c);
    } else if (l.length >= 2 && r.length >= 2) {
      // Duplicates before and after: compared as a whole.
      if (!deepEqual(l, r)) c.modified.insert(p);
    } else if (l.length >= 2) {
      if (r.length !== 0) compareAt(undefined, r[0], list.elem, p, c);
      c.removed.insert(p);
    } else {
      if (l.length !== 0) compareAt(l[0], undefined, list.elem, p, c);
      c.added.insert(p);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Merge

/**
 * TypedValue.Merge: the applied configuration (rhs) over the live object (lhs). Leaves take
 * rhs; map lists merge by key and sets by value, ordered like rhs where rhs speaks.
 */
export function merge(
  lhs: JsonValue | undefined,
  rhs: JsonValue | undefined,
  t: TypeRef,
): JsonValue | undefined {
  const atom = resolve(t);
  const al = deduce(atom, lhs);
  const ar = deduce(atom, rhs);
  // When the two sides deduce differently only the rhs walk produces output.
  const a = rhs === undefined ? al : ar;
  const leaf = () => (rhs !== undefined ? rhs : lhs);
  if (a.map) {
    const l = isObject(lhs) ? lhs : undefined;
    const r = isObject(rhs) ? rhs : undefined;
    const promote = (!l || Object.keys(l).length === 0) && (!r || Object.keys(r).length === 0);
    if (a.map.atomic || promote) return leaf();
    const out: JsonObject = {};
    const keys = new Set([...Object.keys(l ?? {}), ...Object.keys(r ?? {})]);
    for (const key of keys) {
      const v = merge(
        l && hasOwn(l, key) ? l[key] : undefined,
        r && hasOwn(r, key) ? r[key] : undefined,
        fieldType(a.map, key) ?? DEDUCED,
      );
      if (v !== undefined) out[key] = v;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  if (a.scalar) return leaf();
  if (a.list) {
    const l = Array.isArray(lhs) ? lhs : undefined;
    const r = Array.isArray(rhs) ? rhs : undefined;
    const promote = (!l || l.length === 0) && (!r || r.length === 0);
    if (a.list.atomic || promote) return leaf();
    const out = mergeListItems(a.list, l ?? [], r ?? []);
    return out.length > 0 ? out : undefined;
  }
  return leaf();
}

/** mergingWalker.visitListItems: live items keep their place until the config reorders shared ones. */
function mergeListItems(list: ListAtom, lhs: JsonValue[], rhs: JsonValue[]): JsonValue[] {
  const index = (items: JsonValue[], allowDuplicates: boolean) => {
    const pes: PathElement[] = [];
    const keys: string[] = [];
    const observed = new Map<string, JsonValue>();
    for (const item of items) {
      const pe = listItemPE(list, item);
      const k = serializePE(pe);
      if (observed.has(k)) {
        if (!allowDuplicates) throw new TypedError(`duplicate entries for key ${peToString(pe)}`);
        // Duplicated live items are not merged with the configuration.
        observed.set(k, null);
      } else {
        observed.set(k, item);
      }
      pes.push(pe);
      keys.push(k);
    }
    return { pes, keys, observed };
  };
  const R = index(rhs, false);
  const L = index(lhs, true);
  const sharedOrder = R.keys.filter((k) => L.observed.has(k));
  let nextShared = sharedOrder.shift();
  const mergedRHS = new Set<string>();
  const out: JsonValue[] = [];
  const push = (v: JsonValue | undefined) => {
    if (v !== undefined) out.push(v);
  };
  let lI = 0;
  let rI = 0;
  while (lI < L.keys.length || rI < R.keys.length) {
    if (lI < L.keys.length && rI < R.keys.length) {
      const k = L.keys[lI]!;
      if (k === R.keys[rI]) {
        mergedRHS.add(k);
        push(merge(L.observed.get(k), R.observed.get(k), list.elem));
        lI++;
        rI++;
        nextShared = sharedOrder.shift();
        continue;
      }
      if (R.observed.has(k) && nextShared !== undefined && nextShared !== k) {
        lI++;
        continue;
      }
    }
    if (lI < L.keys.length) {
      const k = L.keys[lI]!;
      if (!R.observed.has(k)) {
        push(merge(lhs[lI], undefined, list.elem));
        lI++;
        continue;
      } else if (mergedRHS.has(k)) {
        lI++;
      }
    }
    if (rI < R.keys.length) {
      const k = R.keys[rI]!;
      mergedRHS.add(k);
      push(merge(L.observed.has(k) ? L.observed.get(k) : undefined, R.observed.get(k), list.elem));
      rI++;
      if (nextShared === k) nextShared = sharedOrder.shift();
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Removal

/**
 * TypedValue.RemoveItems: drops every field and item of `set`. A map or list left empty by the
 * removal is dropped too (upstream leaves null, which the typed round trip then omits).
 */
export function removeItems(v: JsonValue, set: FieldSet, t: TypeRef): JsonValue | undefined {
  const a = deduce(resolve(t), v);
  if (a.map) {
    if (!isObject(v) || Object.keys(v).length === 0 || a.map.atomic) return undefined;
    const out: JsonObject = {};
    for (const key of Object.keys(v)) {
      const pe = fieldPE(key);
      if (set.hasMember(pe)) continue;
      const sub = set.withPrefix(pe);
      if (sub.empty()) {
        out[key] = v[key]!;
        continue;
      }
      const r = removeItems(v[key]!, sub, fieldType(a.map, key) ?? DEDUCED);
      if (r !== undefined) out[key] = r;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  if (a.scalar) return v;
  if (a.list) {
    if (!Array.isArray(v) || v.length === 0 || a.list.atomic) return undefined;
    const out: JsonValue[] = [];
    for (const item of v) {
      const pe = listItemPE(a.list, item);
      if (set.hasMember(pe)) continue;
      const sub = set.withPrefix(pe);
      if (sub.empty()) {
        out.push(item);
        continue;
      }
      const r = removeItems(item, sub, a.list.elem);
      if (r !== undefined) out.push(r);
    }
    return out.length > 0 ? out : undefined;
  }
  return v;
}
