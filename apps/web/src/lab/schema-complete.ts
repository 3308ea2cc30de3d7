// Completion of field names from the cluster's OpenAPI v3 document for the object's group and
// version: the schema of the kind, walked along the keys above the cursor.

export interface FieldOption {
  name: string;
  type: string;
  description: string;
  required: boolean;
}

type Schema = {
  $ref?: string;
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: Schema | boolean;
  type?: string;
  description?: string;
  required?: string[];
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
};

export interface OpenApiDoc {
  components?: { schemas?: Record<string, Schema> };
}

function resolve(doc: OpenApiDoc, s: Schema | undefined): Schema | undefined {
  let cur = s;
  for (let i = 0; cur && i < 10; i++) {
    const ref = cur.$ref ?? cur.allOf?.[0]?.$ref;
    if (!ref) return cur;
    cur = doc.components?.schemas?.[ref.replace('#/components/schemas/', '')];
  }
  return cur;
}

export function kindSchema(
  doc: OpenApiDoc,
  group: string,
  version: string,
  kind: string,
): Schema | undefined {
  for (const s of Object.values(doc.components?.schemas ?? {}))
    if (
      s['x-kubernetes-group-version-kind']?.some(
        (g) => g.group === group && g.version === version && g.kind === kind,
      )
    )
      return s;
  return undefined;
}

function typeOf(doc: OpenApiDoc, s: Schema | undefined): string {
  const r = resolve(doc, s);
  if (!r) return '';
  if (r.type === 'array') return `[]${typeOf(doc, r.items)}`;
  if (r.type === 'object' && r.additionalProperties) return 'map';
  const ref = s?.$ref ?? s?.allOf?.[0]?.$ref;
  if (ref) return ref.split('.').pop()!;
  return r.type ?? 'object';
}

export function fieldsAt(doc: OpenApiDoc, root: Schema, path: string[]): FieldOption[] {
  let cur: Schema | undefined = resolve(doc, root);
  for (const key of path) {
    if (!cur) return [];
    cur = key === '[]' ? resolve(doc, cur.items) : resolve(doc, cur.properties?.[key]);
  }
  if (!cur?.properties) return [];
  const required = new Set(cur.required ?? []);
  return Object.entries(cur.properties)
    .filter(([name]) => name !== 'status')
    .map(([name, s]) => ({
      name,
      type: typeOf(doc, s),
      description: resolve(doc, s)?.description ?? s.description ?? '',
      required: required.has(name),
    }))
    .sort((a, b) => Number(b.required) - Number(a.required) || a.name.localeCompare(b.name));
}
