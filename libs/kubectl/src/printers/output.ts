import { KubectlError } from '../errors';
import { kindDotGroup, type ResourceInfo } from '../resources/discovery';
import { toGoJson, toGoYaml } from './go-yaml';
import { evaluate, executeTemplate, printValue } from './jsonpath';
import { TabWriter } from './tabwriter';

// `-o` formats other than the table: yaml, json, name, jsonpath, custom-columns.

export type OutputFormat =
  | { kind: 'table'; wide: boolean }
  | { kind: 'yaml' }
  | { kind: 'json' }
  | { kind: 'name' }
  | { kind: 'jsonpath'; template: string; asJson?: boolean }
  | { kind: 'custom-columns'; columns: { header: string; expr: string }[] };

export function parseOutput(o: string | undefined, template?: string): OutputFormat {
  if (!o) return { kind: 'table', wide: false };
  if (o === 'wide') return { kind: 'table', wide: true };
  if (o === 'yaml' || o === 'json' || o === 'name') return { kind: o };
  const eq = o.indexOf('=');
  const kind = eq < 0 ? o : o.slice(0, eq);
  const arg = eq < 0 ? template : o.slice(eq + 1);
  if (kind === 'jsonpath' || kind === 'jsonpath-as-json') {
    if (!arg) throw new KubectlError('template format specified but no template given');
    return { kind: 'jsonpath', template: arg, asJson: kind === 'jsonpath-as-json' };
  }
  if (kind === 'custom-columns') {
    if (!arg) throw new KubectlError('custom-columns format specified but no custom columns given');
    const columns = arg.split(',').map((spec) => {
      const i = spec.indexOf(':');
      if (i < 0)
        throw new KubectlError(
          `unexpected custom-columns spec: ${spec}, expected <header>:<json-path-expr>`,
        );
      return { header: spec.slice(0, i), expr: spec.slice(i + 1) };
    });
    return { kind: 'custom-columns', columns };
  }
  throw new KubectlError(
    `unable to match a printer suitable for the output format "${o}", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml`,
  );
}

/** An object as `-o yaml/json` shows it: typed apiVersion/kind, no managedFields by default. */
export function forOutput(o: any, r: ResourceInfo, showManagedFields = false): any {
  const out = { ...o };
  out.apiVersion ??= r.group ? `${r.group}/${r.version}` : r.version;
  out.kind ??= r.kind;
  if (!showManagedFields && out.metadata?.managedFields) {
    out.metadata = { ...out.metadata };
    delete out.metadata.managedFields;
  }
  return out;
}

export function asList(items: any[]): any {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}

export function printObjects(
  format: OutputFormat,
  objects: { object: any; resource: ResourceInfo }[],
  single: boolean,
): string {
  switch (format.kind) {
    case 'name':
      return objects.map((o) => `${kindDotGroup(o.resource)}/${o.object.metadata.name}\n`).join('');
    case 'yaml':
      return toGoYaml(single ? objects[0]!.object : asList(objects.map((o) => o.object)));
    case 'json':
      return toGoJson(single ? objects[0]!.object : asList(objects.map((o) => o.object)));
    case 'jsonpath': {
      const data = single ? objects[0]!.object : asList(objects.map((o) => o.object));
      if (format.asJson) return JSON.stringify(evaluate(format.template, data), null, 4) + '\n';
      return executeTemplate(format.template, data);
    }
    case 'custom-columns': {
      const rows = [
        format.columns.map((c) => c.header),
        ...objects.map((o) =>
          format.columns.map((c) => {
            const values = evaluate(c.expr, o.object);
            return values.length ? values.map(printValue).join(',') : '<none>';
          }),
        ),
      ];
      return new TabWriter().format(rows);
    }
    default:
      throw new Error('table output goes through the table printer');
  }
}
