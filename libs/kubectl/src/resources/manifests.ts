import { parseAllDocuments } from 'yaml';
import { KubectlError } from '../errors';
import type { KubectlSession } from '../session';
import type { Discovery, ResourceInfo } from './discovery';

// Objects from `-f`: standard input (`-f -`, a here-document or a pipe), or a file the learner
// saved in the lab. YAML or JSON, several documents, and `kind: List`, as kubectl reads them.

export interface ManifestObject {
  object: any;
  source: string;
  resource: ResourceInfo;
}

export function readSources(
  filenames: string[] | undefined,
  session: KubectlSession,
  stdin: string | undefined,
): { source: string; text: string }[] {
  if (!filenames?.length)
    throw new KubectlError(
      'must specify one of -f and -k',
      "See 'kubectl apply -h' for help and examples",
    );
  return filenames.map((f) => {
    if (f === '-') {
      if (stdin === undefined)
        throw new KubectlError('no objects passed to apply: standard input is empty');
      return { source: 'STDIN', text: stdin };
    }
    if (/^https?:\/\//.test(f))
      throw new KubectlError(
        `unable to read URL "${f}": the lab has no internet access; paste the manifest into the editor and apply it from there`,
      );
    const text = session.files?.read(f);
    if (text === undefined) {
      const known = session.files?.list() ?? [];
      throw new KubectlError(
        `the path "${f}" does not exist`,
        known.length ? `Files saved in this lab: ${known.join(', ')}` : undefined,
      );
    }
    return { source: f, text };
  });
}

export function parseObjects(text: string, source: string): any[] {
  const docs = parseAllDocuments(text);
  const out: any[] = [];
  for (const d of Array.isArray(docs) ? docs : [docs]) {
    const err = d.errors[0];
    if (err) {
      const line = err.linePos?.[0]?.line;
      throw new KubectlError(
        `error parsing ${source}: error converting YAML to JSON: yaml: ${line ? `line ${line}: ` : ''}${err.message.split('\n')[0]}`,
      );
    }
    const v = d.toJS();
    if (v === null || v === undefined) continue;
    if (typeof v !== 'object' || Array.isArray(v))
      throw new KubectlError(`error validating "${source}": error validating data: invalid object`);
    if (v.kind === 'List' && Array.isArray(v.items)) out.push(...v.items);
    else out.push(v);
  }
  return out;
}

export async function resolveObjects(
  discovery: Discovery,
  sources: { source: string; text: string }[],
): Promise<ManifestObject[]> {
  const out: ManifestObject[] = [];
  for (const s of sources) {
    for (const object of parseObjects(s.text, s.source)) {
      const missing = [
        ...(object.apiVersion ? [] : ['apiVersion not set']),
        ...(object.kind ? [] : ['kind not set']),
      ];
      if (missing.length)
        throw new KubectlError(
          `error validating "${s.source}": error validating data: ${missing.length > 1 ? `[${missing.join(', ')}]` : missing[0]}; if you choose to ignore these errors, turn validation off with --validate=false`,
        );
      const [group, version] = String(object.apiVersion).includes('/')
        ? String(object.apiVersion).split('/')
        : ['', String(object.apiVersion)];
      const resource = (await discovery.resources()).find(
        (r) => r.group === group && r.version === version && r.kind === object.kind,
      );
      if (!resource)
        throw new KubectlError(
          `resource mapping not found for name: "${object.metadata?.name ?? ''}" namespace: "${object.metadata?.namespace ?? ''}" from "${s.source}": no matches for kind "${object.kind}" in version "${object.apiVersion}"\nensure CRDs are installed first`,
        );
      out.push({ object, source: s.source, resource });
    }
  }
  return out;
}
