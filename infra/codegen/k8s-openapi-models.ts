/*
 * Writes libs/apimachinery/src/openapi/generated/<group>.json: our compact schema data for the
 * built-in kinds listed in libs/apimachinery/src/openapi/kind-models.ts and every type they reach.
 *
 * Regenerate (no npm script involved; run from the repository root):
 *
 *   SWC_NODE_PROJECT=tsconfig.runtime.json node -r @swc-node/register infra/codegen/k8s-openapi-models.ts
 *
 * Sources, all already in node_modules:
 * - @kubernetes/client-node's generated models (dist/gen/models): per model a .d.ts (class JSDoc =
 *   type description, property JSDoc = field description, `?` = optional) and a .js whose
 *   attributeTypeMap gives each field's JSON name, type and format. These are generated from
 *   Kubernetes' OpenAPI, so they are the schema we follow.
 * - kubernetes-types (.d.ts per group/version), only for what client-node's models lose: which
 *   Go package a model lives in (V1Condition is meta/v1, V1Container core/v1, V1PodTemplateSpec
 *   core/v1 even when reached from apps/v1), the descriptions of fields whose type is another
 *   model (the generator of client-node drops the description next to a $ref), and the
 *   descriptions of Quantity, Time, MicroTime, RawExtension and FieldsV1.
 * - QUANTITY_FIELDS below: which fields are resource.Quantity in k8s.io/api's types.go, because
 *   client-node types quantities as plain strings.
 *
 * Output is stable: models sorted by definition name, fields in client-node's order (which is
 * Kubernetes' alphabetical OpenAPI order), JSON formatted with Prettier so `prettier --check`
 * passes on it.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { KIND_MODELS, META_MODELS } from '../../libs/apimachinery/src/openapi/kind-models';
import type {
  FieldSpec,
  LeafModelSpec,
  ModelSpec,
  ObjectModelSpec,
  ValueSpec,
} from '../../libs/apimachinery/src/openapi/model-data';

const root = path.resolve(__dirname, '../..');
const clientNodeDir = path.join(root, 'node_modules/@kubernetes/client-node');
const modelsDir = path.join(clientNodeDir, 'dist/gen/models');
const kubeTypesDir = path.join(root, 'node_modules/kubernetes-types');
const outDir = path.join(root, 'libs/apimachinery/src/openapi/generated');
const MAX_FILE_BYTES = 900 * 1024;

// Fields that k8s.io/api (v0.34) types as resource.Quantity or ResourceList
// (map[ResourceName]resource.Quantity), by Go package and Type.field.
const QUANTITY_FIELDS: Record<string, readonly string[]> = {
  'core/v1': [
    'ContainerStatus.allocatedResources',
    'EmptyDirVolumeSource.sizeLimit',
    'LimitRangeItem.default',
    'LimitRangeItem.defaultRequest',
    'LimitRangeItem.max',
    'LimitRangeItem.maxLimitRequestRatio',
    'LimitRangeItem.min',
    'NodeStatus.allocatable',
    'NodeStatus.capacity',
    'PersistentVolumeClaimStatus.allocatedResources',
    'PersistentVolumeClaimStatus.capacity',
    'PersistentVolumeSpec.capacity',
    'PodSpec.overhead',
    'ResourceFieldSelector.divisor',
    'ResourceQuotaSpec.hard',
    'ResourceQuotaStatus.hard',
    'ResourceQuotaStatus.used',
    'ResourceRequirements.limits',
    'ResourceRequirements.requests',
    'VolumeResourceRequirements.limits',
    'VolumeResourceRequirements.requests',
  ],
  'autoscaling/v2': [
    'HPAScalingRules.tolerance',
    'MetricTarget.averageValue',
    'MetricTarget.value',
    'MetricValueStatus.averageValue',
    'MetricValueStatus.value',
  ],
};

// client-node types these as `any`; Kubernetes names them.
const ANY_REFS: Record<string, string> = {
  'meta/v1 ManagedFieldsEntry.fieldsV1': 'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1',
};
const RAW_EXTENSION = 'io.k8s.apimachinery.pkg.runtime.RawExtension';

// Models newer than kubernetes-types whose package is not the package of the type using them.
const PACKAGE_OVERRIDES: Record<string, string> = {
  V1FieldSelectorRequirement: 'meta/v1', // metav1.FieldSelectorRequirement (1.31)
};

const LEAF = {
  time: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time',
  microTime: 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime',
  quantity: 'io.k8s.apimachinery.pkg.api.resource.Quantity',
  intOrString: 'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
  rawExtension: RAW_EXTENSION,
  fieldsV1: 'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1',
};

// ---------------------------------------------------------------------------------------------
// Reading sources

/** The text of the /** … *\/ comment right before a node, without the comment markers. */
function leadingDoc(sf: ts.SourceFile, node: ts.Node): string | undefined {
  const ranges = ts.getLeadingCommentRanges(sf.text, node.getFullStart()) ?? [];
  const docs = ranges.filter((r) => sf.text.startsWith('/**', r.pos));
  const last = docs[docs.length - 1];
  if (!last) return undefined;
  const body = sf.text
    .slice(last.pos + 3, last.end - 2)
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, ''))
    .join('\n')
    .trim();
  return body || undefined;
}

/** client-node's generator escapes descriptions as JS string content and breaks "*\/". */
function unescapeClientNode(s: string): string {
  return s.replace(/\*_\//g, '*/').replace(/\\(["'\\])/g, '$1');
}

interface ClientModel {
  name: string;
  description?: string;
  attributes: { name: string; baseName: string; type: string; format: string }[];
  optional: Set<string>;
  fieldDocs: Map<string, string>;
}

const clientModels = new Map<string, ClientModel | null>();

function readClientModel(name: string): ClientModel {
  const cached = clientModels.get(name);
  if (cached) return cached;
  const dts = path.join(modelsDir, `${name}.d.ts`);
  const js = path.join(modelsDir, `${name}.js`);
  if (!fs.existsSync(dts) || !fs.existsSync(js))
    throw new Error(`client-node has no model ${name}`);

  const dsf = ts.createSourceFile(dts, fs.readFileSync(dts, 'utf8'), ts.ScriptTarget.Latest, true);
  const cls = dsf.statements.find(ts.isClassDeclaration);
  if (!cls) throw new Error(`${name}.d.ts declares no class`);
  const doc = leadingDoc(dsf, cls);
  const optional = new Set<string>();
  const fieldDocs = new Map<string, string>();
  for (const member of cls.members) {
    if (!ts.isPropertyDeclaration(member) || !ts.isStringLiteral(member.name)) continue;
    const prop = member.name.text;
    if (member.questionToken) optional.add(prop);
    const d = leadingDoc(dsf, member);
    if (d) fieldDocs.set(prop, unescapeClientNode(d));
  }

  const jsf = ts.createSourceFile(js, fs.readFileSync(js, 'utf8'), ts.ScriptTarget.Latest, true);
  let attributes: ClientModel['attributes'] | undefined;
  for (const st of jsf.statements) {
    if (!ts.isExpressionStatement(st) || !ts.isBinaryExpression(st.expression)) continue;
    const { left, right } = st.expression;
    if (!ts.isPropertyAccessExpression(left) || left.name.text !== 'attributeTypeMap') continue;
    if (!ts.isArrayLiteralExpression(right)) continue;
    attributes = right.elements.map((el) => {
      if (!ts.isObjectLiteralExpression(el)) throw new Error(`${name}.js: odd attributeTypeMap`);
      const o: Record<string, string> = {};
      for (const p of el.properties) {
        if (ts.isPropertyAssignment(p) && ts.isStringLiteral(p.initializer)) {
          const key = ts.isStringLiteral(p.name) || ts.isIdentifier(p.name) ? p.name.text : '';
          o[key] = p.initializer.text;
        }
      }
      return { name: o.name!, baseName: o.baseName!, type: o.type!, format: o.format ?? '' };
    });
  }
  if (!attributes) throw new Error(`${name}.js has no attributeTypeMap`);
  const m: ClientModel = {
    name,
    description: doc ? unescapeClientNode(doc) : undefined,
    attributes,
    optional,
    fieldDocs,
  };
  clientModels.set(name, m);
  return m;
}

/** kubernetes-types: interface and type-alias descriptions and field descriptions, per package. */
interface KubeTypesDecl {
  description?: string;
  fields: Map<string, { description?: string; type: string }>;
}
const kubeTypes = new Map<string, Map<string, KubeTypesDecl>>(); // "core/v1" -> name -> decl

function loadKubeTypes(): void {
  const walk = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((e) =>
        e.isDirectory()
          ? walk(path.join(dir, e.name))
          : e.name.endsWith('.d.ts')
            ? [path.join(dir, e.name)]
            : [],
      );
  for (const file of walk(kubeTypesDir)) {
    const pkg = path.relative(kubeTypesDir, file).replace(/\.d\.ts$/, '');
    const sf = ts.createSourceFile(
      file,
      fs.readFileSync(file, 'utf8'),
      ts.ScriptTarget.Latest,
      true,
    );
    const decls = new Map<string, KubeTypesDecl>();
    for (const st of sf.statements) {
      if (ts.isInterfaceDeclaration(st)) {
        const fields = new Map<string, { description?: string; type: string }>();
        for (const m of st.members) {
          if (!ts.isPropertySignature(m) || !m.name) continue;
          const fname = ts.isIdentifier(m.name) || ts.isStringLiteral(m.name) ? m.name.text : '';
          fields.set(fname, { description: leadingDoc(sf, m), type: m.type?.getText(sf) ?? '' });
        }
        decls.set(st.name.text, { description: leadingDoc(sf, st), fields });
      } else if (ts.isTypeAliasDeclaration(st)) {
        decls.set(st.name.text, { description: leadingDoc(sf, st), fields: new Map() });
      }
    }
    kubeTypes.set(pkg, decls);
  }
}

// ---------------------------------------------------------------------------------------------
// Naming

const MODEL_NAME = /^([A-Z][a-z]+)?(V\d+(?:(?:alpha|beta)\d+)?)([A-Z]\w*)$/;

function definitionOfPackage(pkg: string, type: string): string {
  const [dir, ver] = pkg.split('/');
  if (dir === 'meta') return `io.k8s.apimachinery.pkg.apis.meta.${ver}.${type}`;
  return `io.k8s.api.${dir}.${ver}.${type}`;
}

const problems: string[] = [];

/** The Go package ("core/v1") of a client-node model, given the package of the type that refers to it. */
function packageOfModel(
  model: string,
  referrer: string | undefined,
): { pkg: string; type: string } {
  const m = MODEL_NAME.exec(model);
  if (!m) throw new Error(`cannot parse model name ${model}`);
  const prefix = m[1]?.toLowerCase();
  const version = m[2]!.toLowerCase();
  const type = m[3]!;
  if (prefix) return { pkg: `${prefix}/${version}`, type };
  const override = PACKAGE_OVERRIDES[model];
  if (override) return { pkg: override, type };
  const candidates = [...kubeTypes.entries()]
    .filter(([pkg, decls]) => pkg.endsWith(`/${version}`) && decls.has(type))
    .map(([pkg]) => pkg)
    .sort();
  if (candidates.length === 1) return { pkg: candidates[0]!, type };
  if (candidates.length > 1) {
    if (referrer && candidates.includes(referrer)) return { pkg: referrer, type };
    if (candidates.includes('core/v1')) return { pkg: 'core/v1', type };
    problems.push(`${model}: ambiguous package ${candidates.join(', ')}`);
    return { pkg: candidates[0]!, type };
  }
  // Newer than kubernetes-types: such types are reached from their own package.
  if (referrer && referrer.endsWith(`/${version}`)) return { pkg: referrer, type };
  problems.push(`${model}: no package found (referrer ${referrer ?? '-'})`);
  return { pkg: `core/${version}`, type };
}

// ---------------------------------------------------------------------------------------------
// Conversion

const models = new Map<string, ModelSpec>();
const modelPackage = new Map<string, string>(); // definition -> Go package
const queue: { model: string; definition: string; pkg: string }[] = [];
const queued = new Set<string>();
const quantityUsed = new Set<string>();
const leafDocs = new Map<string, string>(); // client-node type -> its description

function enqueue(model: string, referrer: string | undefined, expected?: string): string {
  const { pkg, type } = packageOfModel(model, referrer);
  const definition = definitionOfPackage(pkg, type);
  if (expected && expected !== definition) {
    problems.push(`${model}: computed ${definition}, kind-models.ts says ${expected}`);
  }
  if (!queued.has(definition)) {
    queued.add(definition);
    queue.push({ model, definition, pkg });
  }
  return definition;
}

function convertType(
  type: string,
  format: string,
  pkg: string,
  where: string,
  quantity: boolean,
): ValueSpec {
  const arr = /^Array<(.+)>$/.exec(type);
  if (arr) return { type: 'array', items: convertType(arr[1]!, format, pkg, where, quantity) };
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) return { type: 'map', values: convertType(map[1]!, format, pkg, where, quantity) };
  if (quantity) {
    if (type !== 'string') problems.push(`${where}: quantity field has client-node type ${type}`);
    return { type: 'quantity', ref: LEAF.quantity };
  }
  switch (type) {
    case 'string':
      return format ? { type: 'string', format } : { type: 'string' };
    case 'number':
      if (format === 'int32' || format === 'int64') return { type: 'integer', format };
      return format ? { type: 'number', format } : { type: 'number' };
    case 'boolean':
      return { type: 'boolean' };
    case 'Date':
    case 'V1MicroTime': // client-node names MicroTime but has no model for it
      return format === 'date-time-micro'
        ? { type: 'date-time', format: 'date-time', ref: LEAF.microTime }
        : { type: 'date-time', format: 'date-time', ref: LEAF.time };
    case 'IntOrString':
      return { type: 'int-or-string', format: 'int-or-string', ref: LEAF.intOrString };
    case 'any':
      return { type: 'any', ref: ANY_REFS[where] ?? RAW_EXTENSION };
    default:
      if (!MODEL_NAME.test(type)) throw new Error(`${where}: unknown client-node type ${type}`);
      return { type: 'object', ref: enqueue(type, pkg) };
  }
}

function convertModel(model: string, definition: string, pkg: string): ObjectModelSpec {
  const cm = readClientModel(model);
  const typeName = definition.slice(definition.lastIndexOf('.') + 1);
  const kt = kubeTypes.get(pkg)?.get(typeName);
  const quantities = new Set(QUANTITY_FIELDS[pkg] ?? []);
  const fields: Record<string, FieldSpec> = {};
  for (const a of cm.attributes) {
    const key = `${typeName}.${a.baseName}`;
    const isQuantity = quantities.has(key);
    if (isQuantity) quantityUsed.add(`${pkg} ${key}`);
    else if (/\bQuantity\b/.test(kt?.fields.get(a.baseName)?.type ?? '')) {
      problems.push(`${pkg} ${key}: kubernetes-types says Quantity, QUANTITY_FIELDS does not`);
    }
    const v = convertType(a.type, a.format, pkg, `${pkg} ${key}`, isQuantity);
    const f: FieldSpec = { ...v };
    if (!cm.optional.has(a.name)) f.required = true;
    // For IntOrString and MicroTime fields client-node's generator wrote the type's description
    // in place of the field's: keep it as the type's, take the field's from kubernetes-types.
    let own = cm.fieldDocs.get(a.name);
    const bare = a.type.replace(/^Array<(.+)>$/, '$1');
    if (own && (bare === 'IntOrString' || bare === 'V1MicroTime')) {
      leafDocs.set(bare, own);
      own = undefined;
    }
    const description = own ?? kt?.fields.get(a.baseName)?.description;
    if (description) f.description = description;
    fields[a.baseName] = f;
  }
  const spec: ObjectModelSpec = { fields };
  const description = cm.description ?? kt?.description;
  if (description) return { description, fields };
  return spec;
}

function leaf(pkg: string, name: string, l: Omit<LeafModelSpec, 'description'>, own?: string) {
  const description = kubeTypes.get(pkg)?.get(name)?.description ?? own;
  return description ? { ...l, description } : { ...l };
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  loadKubeTypes();
  const clientVersion = (
    JSON.parse(fs.readFileSync(path.join(clientNodeDir, 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
  const specVersion = /OpenAPI spec version: (\S+)/.exec(
    fs.readFileSync(path.join(modelsDir, 'V1Pod.d.ts'), 'utf8'),
  )?.[1];

  for (const k of KIND_MODELS) {
    enqueue(k.model, undefined, k.definition);
    if (k.listModel) enqueue(k.listModel, undefined, k.listDefinition);
  }
  for (const m of META_MODELS) enqueue(m.model, undefined, m.definition);

  while (queue.length) {
    const { model, definition, pkg } = queue.shift()!;
    models.set(definition, convertModel(model, definition, pkg));
    modelPackage.set(definition, pkg);
  }

  // Every root carries TypeMeta and ObjectMeta (client-node has them; check it stays so).
  for (const k of KIND_MODELS) {
    const m = models.get(k.definition) as ObjectModelSpec;
    for (const f of ['apiVersion', 'kind', 'metadata']) {
      if (!m.fields[f]) problems.push(`${k.definition} has no ${f}`);
    }
  }

  for (const [pkg, list] of Object.entries(QUANTITY_FIELDS)) {
    for (const f of list) {
      if (!quantityUsed.has(`${pkg} ${f}`))
        problems.push(`QUANTITY_FIELDS ${pkg} ${f} not reached`);
    }
  }

  // Leaves: types with their own JSON form.
  const leaves: [string, string, LeafModelSpec][] = [
    ['meta', LEAF.time, leaf('meta/v1', 'Time', { type: 'date-time', format: 'date-time' })],
    [
      'meta',
      LEAF.microTime,
      leaf('meta/v1', 'MicroTime', { type: 'date-time', format: 'date-time' }),
    ],
    ['meta', LEAF.quantity, leaf('api/resource', 'Quantity', { type: 'quantity' })],
    [
      'meta',
      LEAF.intOrString,
      leaf(
        '-',
        'IntOrString',
        { type: 'int-or-string', format: 'int-or-string' },
        leafDocs.get('IntOrString'),
      ),
    ],
    ['meta', LEAF.rawExtension, leaf('runtime', 'RawExtension', { type: 'any' })],
    ['meta', LEAF.fieldsV1, leaf('meta/v1', 'FieldsV1', { type: 'any' })],
  ];

  // Group by API group directory: core, apps, meta, autoscaling, …
  const files = new Map<string, Record<string, ModelSpec>>();
  const put = (file: string, def: string, spec: ModelSpec) => {
    if (!files.has(file)) files.set(file, {});
    files.get(file)![def] = spec;
  };
  for (const [def, spec] of models) put(modelPackage.get(def)!.split('/')[0]!, def, spec);
  for (const [file, def, spec] of leaves) put(file, def, spec);

  const prettier = (await import('prettier')) as typeof import('prettier');
  const prettierOptions = (await prettier.resolveConfig(path.join(outDir, 'x.json'))) ?? {};
  fs.mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  for (const [file, defs] of [...files.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const sorted: Record<string, ModelSpec> = {};
    for (const def of Object.keys(defs).sort()) sorted[def] = defs[def]!;
    const doc = {
      '//': `Generated by infra/codegen/k8s-openapi-models.ts from @kubernetes/client-node ${clientVersion} (Kubernetes OpenAPI ${specVersion}) and kubernetes-types. Do not edit.`,
      models: sorted,
    };
    const target = path.join(outDir, `${file}.json`);
    const text = await prettier.format(JSON.stringify(doc, null, 2), {
      ...prettierOptions,
      filepath: target,
    });
    if (Buffer.byteLength(text) > MAX_FILE_BYTES) {
      problems.push(`${file}.json is ${Buffer.byteLength(text)} bytes, over ${MAX_FILE_BYTES}`);
    }
    fs.writeFileSync(target, text);
    written.push(
      `${file}.json ${Object.keys(sorted).length} models ${Buffer.byteLength(text)} bytes`,
    );
  }

  let missing = 0;
  for (const spec of models.values()) {
    if ('fields' in spec) for (const f of Object.values(spec.fields)) if (!f.description) missing++;
  }
  console.log(written.join('\n'));
  console.log(`${models.size} models; ${missing} fields without description`);
  if (problems.length) {
    console.error(problems.join('\n'));
    process.exitCode = 1;
  }
}

void main();
