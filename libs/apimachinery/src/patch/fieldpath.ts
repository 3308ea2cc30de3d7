// Field paths and field sets of sigs.k8s.io/structured-merge-diff/v4 fieldpath (v4.4.2), with the FieldsV1 encoding of managedFields.
import { goFloat, goQuote, goStringCompare } from './go';
import { isObject, type JsonObject, type JsonValue } from './json';

/** Selects a child: a field of a map or struct, a keyed list item, a set member, or an index. */
export type PathElement =
  | { readonly kind: 'field'; readonly name: string }
  /** Key fields sorted by name. */
  | { readonly kind: 'key'; readonly fields: readonly (readonly [string, JsonValue])[] }
  | { readonly kind: 'value'; readonly value: JsonValue }
  | { readonly kind: 'index'; readonly index: number };

export type Path = readonly PathElement[];

export const fieldPE = (name: string): PathElement => ({ kind: 'field', name });

export function keyPE(fields: Iterable<readonly [string, JsonValue]>): PathElement {
  const sorted = [...fields].sort((a, b) => goStringCompare(a[0], b[0]));
  return { kind: 'key', fields: sorted };
}

/** A path from field names, e.g. fieldPath('spec', 'replicas'). */
export const fieldPath = (...names: string[]): Path => names.map(fieldPE);

// value.Compare: numbers < strings < booleans < lists < maps < null.
function valueRank(v: JsonValue): number {
  if (typeof v === 'number') return 0;
  if (typeof v === 'string') return 1;
  if (typeof v === 'boolean') return 2;
  if (Array.isArray(v)) return 3;
  if (isObject(v)) return 4;
  return 5;
}

export function compareValues(a: JsonValue, b: JsonValue): number {
  const ra = valueRank(a);
  const rb = valueRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  if (typeof a === 'number') return a === b ? 0 : a < (b as number) ? -1 : 1;
  if (typeof a === 'string') return goStringCompare(a, b as string);
  if (typeof a === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (Array.isArray(a)) {
    const bl = b as JsonValue[];
    for (let i = 0; i < Math.min(a.length, bl.length); i++) {
      const c = compareValues(a[i]!, bl[i]!);
      if (c !== 0) return c;
    }
    return a.length === bl.length ? 0 : a.length < bl.length ? -1 : 1;
  }
  if (isObject(a)) {
    const bo = b as JsonObject;
    const ka = Object.keys(a).sort(goStringCompare);
    const kb = Object.keys(bo).sort(goStringCompare);
    for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
      const c = goStringCompare(ka[i]!, kb[i]!) || compareValues(a[ka[i]!]!, bo[kb[i]!]!);
      if (c !== 0) return c;
    }
    return ka.length === kb.length ? 0 : ka.length < kb.length ? -1 : 1;
  }
  return 0;
}

const KIND_RANK = { field: 0, key: 1, value: 2, index: 3 } as const;

/** PathElement.Compare: fields < keys < values < indices. */
export function comparePE(a: PathElement, b: PathElement): number {
  if (a.kind !== b.kind) return KIND_RANK[a.kind] < KIND_RANK[b.kind] ? -1 : 1;
  switch (a.kind) {
    case 'field':
      return goStringCompare(a.name, (b as typeof a).name);
    case 'key': {
      const bf = (b as typeof a).fields;
      for (let i = 0; i < Math.min(a.fields.length, bf.length); i++) {
        const c =
          goStringCompare(a.fields[i]![0], bf[i]![0]) || compareValues(a.fields[i]![1], bf[i]![1]);
        if (c !== 0) return c;
      }
      return a.fields.length === bf.length ? 0 : a.fields.length < bf.length ? -1 : 1;
    }
    case 'value':
      return compareValues(a.value, (b as typeof a).value);
    case 'index':
      return a.index === (b as typeof a).index ? 0 : a.index < (b as typeof a).index ? -1 : 1;
  }
}

/** value.ToString, as conflict messages print key values. */
function valueToString(v: JsonValue): string {
  if (v === null) return 'null';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : goFloat(v);
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(valueToString).join(',')}]`;
  return Object.entries(v)
    .map(([k, x]) => `${k}=${valueToString(x)}`)
    .join('');
}

/** PathElement.String: .name, [key="v",other=1], [="member"], [0]. */
export function peToString(pe: PathElement): string {
  switch (pe.kind) {
    case 'field':
      return `.${pe.name}`;
    case 'key':
      return `[${pe.fields.map(([k, v]) => `${k}=${valueToString(v)}`).join(',')}]`;
    case 'value':
      return `[=${valueToString(pe.value)}]`;
    case 'index':
      return `[${pe.index}]`;
  }
}

export const pathToString = (p: Path): string => p.map(peToString).join('');

/** JSON as jsoniter's standard-library-compatible config writes it (HTML characters escaped). */
function jsonText(v: JsonValue): string {
  const s = JSON.stringify(v, (_k, x) =>
    isObject(x)
      ? Object.fromEntries(
          Object.keys(x)
            .sort(goStringCompare)
            .map((k) => [k, x[k]]),
        )
      : x,
  );
  return s
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The FieldsV1 key of a path element: f:name, k:{"name":"x"}, v:"x", i:0. */
export function serializePE(pe: PathElement): string {
  switch (pe.kind) {
    case 'field':
      return `f:${pe.name}`;
    case 'key':
      return `k:{${pe.fields.map(([k, v]) => `${jsonText(k)}:${jsonText(v)}`).join(',')}}`;
    case 'value':
      return `v:${jsonText(pe.value)}`;
    case 'index':
      return `i:${pe.index}`;
  }
}

export class FieldPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FieldPathError';
  }
}

/** DeserializePathElement; undefined for an unknown element type, which readers skip. */
export function deserializePE(s: string): PathElement | undefined {
  if (s.length < 2) throw new FieldPathError('key must be 2 characters long:');
  if (s[1] !== ':') throw new FieldPathError(`missing colon: ${s}`);
  const rest = s.slice(2);
  switch (s[0]) {
    case 'f':
      return fieldPE(rest);
    case 'v':
      return { kind: 'value', value: parseJson(rest) };
    case 'k': {
      const obj = parseJson(rest);
      if (!isObject(obj)) throw new FieldPathError(`expected an object in ${s}`);
      return keyPE(Object.entries(obj));
    }
    case 'i': {
      if (!/^[+-]?\d+$/.test(rest))
        throw new FieldPathError(`strconv.Atoi: parsing "${rest}": invalid syntax`);
      return { kind: 'index', index: Number(rest) };
    }
    default:
      return undefined;
  }
}

function parseJson(s: string): JsonValue {
  try {
    return JSON.parse(s) as JsonValue;
  } catch (e) {
    throw new FieldPathError(`parsing key as path element: ${(e as Error).message}`);
  }
}

interface Child {
  readonly pe: PathElement;
  readonly set: FieldSet;
}

/**
 * fieldpath.Set: the members of this level and the sets below each child element. Sets built
 * with insert are only mutated while being built; every operation returns a new set.
 */
export class FieldSet {
  private readonly members = new Map<string, PathElement>();
  private readonly children = new Map<string, Child>();
  private sortedMembers?: PathElement[];
  private sortedChildren?: Child[];

  static of(...paths: Path[]): FieldSet {
    const s = new FieldSet();
    for (const p of paths) s.insert(p);
    return s;
  }

  /** A set from this level's members and child sets (empty child sets are dropped). */
  static fromParts(
    members: Iterable<PathElement>,
    children: Iterable<readonly [PathElement, FieldSet]>,
  ): FieldSet {
    const s = new FieldSet();
    for (const pe of members) s.addMember(pe);
    for (const [pe, set] of children) s.addChild(pe, set);
    return s;
  }

  insert(p: Path): void {
    if (p.length === 0) return;
    if (p.length === 1) this.addMember(p[0]!);
    else this.descend(p[0]!).insert(p.slice(1));
  }

  private addMember(pe: PathElement): void {
    const k = serializePE(pe);
    if (!this.members.has(k)) {
      this.members.set(k, pe);
      this.sortedMembers = undefined;
    }
  }

  private descend(pe: PathElement): FieldSet {
    const k = serializePE(pe);
    let c = this.children.get(k);
    if (!c) {
      c = { pe, set: new FieldSet() };
      this.children.set(k, c);
      this.sortedChildren = undefined;
    }
    return c.set;
  }

  private addChild(pe: PathElement, set: FieldSet): void {
    if (set.empty()) return;
    this.children.set(serializePE(pe), { pe, set });
    this.sortedChildren = undefined;
  }

  /** Members of this level, in PathElement order. */
  memberElements(): readonly PathElement[] {
    return (this.sortedMembers ??= [...this.members.values()].sort(comparePE));
  }

  /** Child sets of this level, in PathElement order. */
  childEntries(): readonly Child[] {
    return (this.sortedChildren ??= [...this.children.values()].sort((a, b) =>
      comparePE(a.pe, b.pe),
    ));
  }

  hasMember(pe: PathElement): boolean {
    return this.members.has(serializePE(pe));
  }

  child(pe: PathElement): FieldSet | undefined {
    return this.children.get(serializePE(pe))?.set;
  }

  /** Set.WithPrefix: the set below `pe` (empty when there is none). */
  withPrefix(pe: PathElement): FieldSet {
    return this.child(pe) ?? new FieldSet();
  }

  has(p: Path): boolean {
    if (p.length === 0) return false;
    if (p.length === 1) return this.hasMember(p[0]!);
    return this.child(p[0]!)?.has(p.slice(1)) ?? false;
  }

  empty(): boolean {
    if (this.members.size > 0) return false;
    for (const c of this.children.values()) if (!c.set.empty()) return false;
    return true;
  }

  size(): number {
    let n = this.members.size;
    for (const c of this.children.values()) n += c.set.size();
    return n;
  }

  equals(o: FieldSet): boolean {
    if (this.members.size !== o.members.size || this.children.size !== o.children.size)
      return false;
    for (const k of this.members.keys()) if (!o.members.has(k)) return false;
    for (const [k, c] of this.children) {
      const oc = o.children.get(k);
      if (!oc || !c.set.equals(oc.set)) return false;
    }
    return true;
  }

  union(o: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [k, pe] of this.members) out.members.set(k, pe);
    for (const [k, pe] of o.members) out.members.set(k, pe);
    for (const [k, c] of this.children) {
      const oc = o.children.get(k);
      out.children.set(k, oc ? { pe: c.pe, set: c.set.union(oc.set) } : c);
    }
    for (const [k, c] of o.children) if (!this.children.has(k)) out.children.set(k, c);
    return out;
  }

  intersection(o: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [k, pe] of this.members) if (o.members.has(k)) out.members.set(k, pe);
    for (const [k, c] of this.children) {
      const oc = o.children.get(k);
      if (oc) out.addChild(c.pe, c.set.intersection(oc.set));
    }
    return out;
  }

  /** Set.Difference: members of `o` leave members here, children subtract children. */
  difference(o: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [k, pe] of this.members) if (!o.members.has(k)) out.members.set(k, pe);
    for (const [k, c] of this.children) {
      const oc = o.children.get(k);
      out.addChild(c.pe, oc ? c.set.difference(oc.set) : c.set);
    }
    return out;
  }

  /** Set.RecursiveDifference: a member of `o` also removes everything below it here. */
  recursiveDifference(o: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [k, pe] of this.members) if (!o.members.has(k)) out.members.set(k, pe);
    for (const [k, c] of this.children) {
      if (o.members.has(k)) continue;
      const oc = o.children.get(k);
      out.addChild(c.pe, oc ? c.set.recursiveDifference(oc.set) : c.set);
    }
    return out;
  }

  /** Set.Leaves: the members that have no children. */
  leaves(): FieldSet {
    const out = new FieldSet();
    for (const [k, pe] of this.members) if (!this.children.has(k)) out.members.set(k, pe);
    for (const c of this.children.values()) out.addChild(c.pe, c.set.leaves());
    return out;
  }

  /** Set.Iterate order: this level's members, then each child's paths. */
  paths(): Path[] {
    const out: Path[] = [];
    const walk = (s: FieldSet, prefix: PathElement[]) => {
      for (const pe of s.memberElements()) out.push([...prefix, pe]);
      for (const c of s.childEntries()) walk(c.set, [...prefix, c.pe]);
    };
    walk(this, []);
    return out;
  }

  toString(): string {
    return this.paths().map(pathToString).join('\n');
  }

  /** Set.ToJSON, in the order the API server serializes managedFields. */
  toFieldsV1(): JsonObject {
    return this.emit(false);
  }

  private emit(includeSelf: boolean): JsonObject {
    const out: JsonObject = {};
    if (includeSelf) out['.'] = {};
    const members = this.memberElements();
    const children = this.childEntries();
    let mi = 0;
    let ci = 0;
    while (mi < members.length || ci < children.length) {
      const c =
        mi >= members.length
          ? 1
          : ci >= children.length
            ? -1
            : comparePE(members[mi]!, children[ci]!.pe);
      if (c < 0) {
        out[serializePE(members[mi++]!)] = {};
      } else if (c > 0) {
        const child = children[ci++]!;
        out[serializePE(child.pe)] = child.set.emit(false);
      } else {
        const child = children[ci++]!;
        mi++;
        out[serializePE(child.pe)] = child.set.emit(true);
      }
    }
    return out;
  }

  /** Set.FromJSON; unknown element types are dropped, malformed ones throw FieldPathError. */
  static fromFieldsV1(fields: unknown): FieldSet {
    if (!isObject(fields)) throw new FieldPathError('FieldsV1 must be a JSON object');
    return FieldSet.read(fields)[0] ?? new FieldSet();
  }

  /** readIterV1: [children, whether the object also marks its parent element as a member]. */
  private static read(obj: JsonObject): [FieldSet | undefined, boolean] {
    let children: FieldSet | undefined;
    let isMember = false;
    for (const key of Object.keys(obj)) {
      if (key === '.') {
        isMember = true;
        continue;
      }
      const pe = deserializePE(key);
      if (!pe) continue;
      const value = obj[key];
      if (!isObject(value)) throw new FieldPathError(`expected an object for ${key}`);
      const [grandchildren, childIsMember] = FieldSet.read(value);
      if (childIsMember) (children ??= new FieldSet()).addMember(pe);
      if (grandchildren) {
        children ??= new FieldSet();
        const existing = children.child(pe);
        children.addChild(pe, existing ? existing.union(grandchildren) : grandchildren);
      }
    }
    if (!children) isMember = true;
    return [children, isMember];
  }
}
