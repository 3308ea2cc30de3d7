import { parseArgs } from '../cli/flags';
import { KubectlError } from '../errors';
import { ResourceNotFound, type ResourceInfo } from '../resources/discovery';
import type { Command, CommandContext } from './command';
import { register } from './registry';

// kubectl explain: the documentation of a kind or of one of its fields, from the cluster's
// OpenAPI v3 document, in kubectl's plain-text layout (descriptions wrapped at 76 columns).

type Schema = {
  $ref?: string;
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: Schema | boolean;
  type?: string;
  format?: string;
  enum?: unknown[];
  description?: string;
  required?: string[];
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
};

interface Doc {
  components?: { schemas?: Record<string, Schema> };
}

const refOf = (s: Schema | undefined) => s?.$ref ?? s?.allOf?.[0]?.$ref;

function resolve(doc: Doc, s: Schema | undefined): Schema | undefined {
  let cur = s;
  for (let i = 0; cur && i < 10; i++) {
    const ref = refOf(cur);
    if (!ref) return cur;
    const target: Schema | undefined =
      doc.components?.schemas?.[ref.replace('#/components/schemas/', '')];
    // A field's own description wins over its type's.
    cur =
      target && cur.description && !target.description
        ? { ...target, description: cur.description }
        : target;
  }
  return cur;
}

function typeName(doc: Doc, s: Schema | undefined): string {
  if (!s) return 'Object';
  const ref = refOf(s);
  if (ref) {
    const target = doc.components?.schemas?.[ref.replace('#/components/schemas/', '')];
    if (target?.['x-kubernetes-int-or-string']) return 'IntOrString';
    if (target?.type && target.type !== 'object' && !target.properties) return target.type;
    return ref.slice(ref.lastIndexOf('.') + 1);
  }
  if (s['x-kubernetes-int-or-string']) return 'IntOrString';
  if (s.type === 'array') return `[]${typeName(doc, s.items)}`;
  if (s.type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object')
    return `map[string]${typeName(doc, s.additionalProperties)}`;
  return s.type ?? 'Object';
}

/** go-wordwrap's WrapString: lines of at most `lim` runes, broken at spaces, newlines kept. */
export function wrap(text: string, lim: number): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(' ')) {
      if (!line) line = word;
      else if (line.length + 1 + word.length <= lim) line += ` ${word}`;
      else {
        out.push(line);
        line = word;
      }
    }
    out.push(line);
  }
  return out;
}

/** The description of a field's type (its object, its items', its map values'). */
function typeDescription(doc: Doc, s: Schema | undefined): string | undefined {
  if (!s) return undefined;
  const ref = refOf(s);
  if (ref) return doc.components?.schemas?.[ref.replace('#/components/schemas/', '')]?.description;
  if (s.type === 'array') return typeDescription(doc, s.items);
  if (s.additionalProperties && typeof s.additionalProperties === 'object')
    return typeDescription(doc, s.additionalProperties);
  return undefined;
}

const indent = (lines: string[]) => lines.map((l) => `    ${l}`).join('\n');

function fieldLines(doc: Doc, s: Schema): string {
  const required = new Set(s.required ?? []);
  let out = '';
  for (const name of Object.keys(s.properties ?? {}).sort()) {
    const f = s.properties![name]!;
    const r = resolve(doc, f);
    out += `  ${name}\t<${typeName(doc, f)}>${required.has(name) ? ' -required-' : ''}\n`;
    const values = (f.enum ?? r?.enum) as unknown[] | undefined;
    if (values?.length) out += `  enum: ${values.map(String).join(', ')}\n`;
    const desc = f.description ?? '';
    if (desc) out += `${indent(wrap(desc, 76))}\n`;
    out += '\n';
  }
  return out;
}

async function schemaDoc(ctx: CommandContext, r: ResourceInfo): Promise<Doc> {
  const path = r.group
    ? `/openapi/v3/apis/${r.group}/${r.version}`
    : `/openapi/v3/api/${r.version}`;
  return ctx.session.client.call('GET', path);
}

async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { args } = parseArgs(argv, [
    { name: 'recursive', type: 'bool' },
    { name: 'api-version', type: 'string' },
    { name: 'output', short: 'o', type: 'string' },
  ]);
  if (!args[0])
    throw new KubectlError(
      'You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.',
    );
  const [typed, ...path] = args[0].split('.');
  let r: ResourceInfo | undefined;
  try {
    [r] = await ctx.session.client.discovery.resolve(typed!);
  } catch (e) {
    if (e instanceof ResourceNotFound) {
      ctx.io.err(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
  const doc = await schemaDoc(ctx, r!);
  const root = Object.values(doc.components?.schemas ?? {}).find((s) =>
    s['x-kubernetes-group-version-kind']?.some(
      (g) => g.group === r!.group && g.version === r!.version && g.kind === r!.kind,
    ),
  );
  if (!root)
    throw new KubectlError(
      `couldn't find resource for "${r!.group ? `${r!.group}/` : ''}${r!.version}, Kind=${r!.kind}"`,
    );
  let out = `${r!.group ? `GROUP:      ${r!.group}\n` : ''}KIND:       ${r!.kind}\nVERSION:    ${r!.version}\n\n`;
  let field: Schema | undefined;
  let current: Schema | undefined = resolve(doc, root);
  let name = '';
  for (const p of path) {
    // Arrays are explained through their items.
    while (current?.type === 'array') current = resolve(doc, current.items);
    const next = current?.properties?.[p];
    if (!next) {
      ctx.io.out(out);
      throw new KubectlError(`field "${p}" does not exist`);
    }
    field = next;
    name = p;
    current = resolve(doc, next);
  }
  let body = current;
  while (body?.type === 'array') body = resolve(doc, body.items);
  if (field) {
    const values = (field.enum ?? current?.enum) as unknown[] | undefined;
    out += `FIELD: ${name} <${typeName(doc, field)}>\n`;
    out += values?.length ? `ENUM:\n${values.map((v) => `    ${String(v)}\n`).join('')}` : '\n';
    out += '\n';
    const typeDesc = typeDescription(doc, field);
    const own = field.description ?? '';
    const desc = [own, typeDesc && typeDesc !== own ? typeDesc : ''].filter(Boolean).join('\n');
    out += `DESCRIPTION:\n${indent(wrap(desc, 76))}\n    \n`;
  } else {
    out += `DESCRIPTION:\n${indent(wrap(body?.description ?? '', 76))}\n    \n`;
  }
  if (body?.properties && Object.keys(body.properties).length)
    out += `FIELDS:\n${fieldLines(doc, body)}`;
  out += '\n';
  ctx.io.out(out);
  return 0;
}

export const explainCommand: Command = {
  name: 'explain',
  summary: 'Get documentation for a resource',
  help: `Describe fields and structure of various resources.

 This command describes the fields associated with each supported API resource. Fields are
identified via a simple JSONPath identifier:

        <type>.<fieldName>[.<fieldName>]

Examples:
  # Get the documentation of the resource and its fields
  kubectl explain pods

  # Get the documentation of a specific field of a resource
  kubectl explain pods.spec.containers

Usage:
  kubectl explain TYPE [--recursive=FALSE|TRUE] [--api-version=api-version-group] [-o|--output=plaintext|plaintext-openapiv2] [options]`,
  flags: [
    { name: 'recursive', type: 'bool' },
    { name: 'api-version', type: 'string' },
    { name: 'output', short: 'o', type: 'string' },
  ],
  run,
};

register(explainCommand);
