import { LineCounter, parseAllDocuments, isMap, isSeq, type Document } from 'yaml';

// What the editor underlines: YAML errors where the parser finds them, and the server's own
// answer to a dry run of each object, placed on the field its message names
// (`spec.template.spec.containers[0].image`) — the whole document when it names none.

export interface Finding {
  from: number;
  to: number;
  severity: 'error' | 'warning';
  message: string;
}

export interface ManifestDoc {
  index: number;
  from: number;
  to: number;
  doc: Document.Parsed;
  value: any;
}

export function parseManifests(text: string): { docs: ManifestDoc[]; findings: Finding[] } {
  const lc = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter: lc, uniqueKeys: true });
  const docs: ManifestDoc[] = [];
  const findings: Finding[] = [];
  const list = Array.isArray(parsed) ? parsed : [parsed];
  list.forEach((doc, index) => {
    for (const e of doc.errors)
      findings.push({
        from: e.pos[0],
        to: Math.max(e.pos[1], e.pos[0] + 1),
        severity: 'error',
        message: e.message.split('\n')[0]!,
      });
    if (doc.errors.length) return;
    const value = doc.toJS();
    if (value === null || value === undefined) return;
    const [from, , to] = doc.range;
    docs.push({ index, from, to, doc, value });
  });
  return { docs, findings };
}

/** `a.b[0].c` → ['a', 'b', 0, 'c']; `metadata.labels` keys with dots stay whole in [..]. */
export function fieldPath(field: string): (string | number)[] {
  const out: (string | number)[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\[([^\]]+)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(field))) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(m[3]!.replace(/^["']|["']$/g, ''));
  }
  return out;
}

/** The text range of a field in a document, or of the nearest ancestor present. */
export function rangeOf(d: ManifestDoc, field: string | undefined): { from: number; to: number } {
  const path = field ? fieldPath(field) : [];
  for (let n = path.length; n > 0; n--) {
    const parentPath = path.slice(0, n - 1);
    const parent = parentPath.length ? d.doc.getIn(parentPath, true) : d.doc.contents;
    const key = path[n - 1]!;
    if (isMap(parent)) {
      const pair = parent.items.find((p: any) =>
        isMap(p.key) ? false : (p.key as any)?.value === key,
      );
      const keyNode = pair?.key as { range?: [number, number, number] } | undefined;
      const valueNode = pair?.value as { range?: [number, number, number] } | undefined;
      if (keyNode?.range)
        return { from: keyNode.range[0], to: valueNode?.range?.[1] ?? keyNode.range[1] };
    } else if (isSeq(parent) && typeof key === 'number') {
      const item = parent.items[key] as { range?: [number, number, number] } | undefined;
      if (item?.range) return { from: item.range[0], to: item.range[1] };
    }
  }
  // Nothing named: the first line of the document.
  const firstLineEnd =
    d.doc.contents && (d.doc.contents as any).range ? (d.doc.contents as any).range[0] : d.from;
  return { from: d.from, to: Math.max(firstLineEnd, d.from + 1) };
}

/** The chain of mapping keys around a position (for completion): `spec.template.spec.containers[]`. */
export function keysAt(text: string, offset: number): string[] {
  const lines = text.slice(0, offset).split('\n');
  const current = lines[lines.length - 1]!;
  let indent = current.search(/\S|$/);
  if (/^\s*- /.test(current)) indent = current.indexOf('-') + 2;
  const path: string[] = [];
  // A sequence may sit at its key's own indentation (`containers:` then `- name:`).
  let afterItem = false;
  for (let i = lines.length - 2; i >= 0; i--) {
    const l = lines[i]!;
    if (/^---/.test(l)) break;
    if (!l.trim() || l.trim().startsWith('#')) continue;
    const ind = l.search(/\S/);
    const item = /^(\s*)- (.*)$/.exec(l);
    if (item && item[1]!.length < indent) {
      // A list item holding our line: the key that owns the list comes further up.
      path.unshift('[]');
      indent = item[1]!.length;
      afterItem = true;
      continue;
    }
    const key = /^(\s*)([\w.\-/]+):\s*$/.exec(l) ?? /^(\s*)([\w.\-/]+):\s*(?:\||>)/.exec(l);
    if (key && (ind < indent || (afterItem && ind === indent))) {
      path.unshift(key[2]!);
      indent = ind;
      afterItem = false;
      if (ind === 0) break;
    }
  }
  return path;
}
