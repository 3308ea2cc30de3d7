import type { KubeTransport } from '../transport';

// What the cluster serves, from its discovery documents (read once per terminal), and how a
// name the learner types — `po`, `pods`, `pod`, `Pod`, `deployments.apps`, `deploy.v1.apps`,
// `all` — maps to resources, as kubectl's RESTMapper does.

export interface ResourceInfo {
  group: string;
  version: string;
  /** Plural, as in the URL. */
  resource: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames: string[];
  verbs: string[];
  categories: string[];
  /** Subresources served (status, scale, log, exec, ...). */
  subresources: string[];
}

export class ResourceNotFound extends Error {
  constructor(readonly typed: string) {
    super(`the server doesn't have a resource type "${typed}"`);
  }
}

export const groupVersion = (r: { group: string; version: string }) =>
  r.group ? `${r.group}/${r.version}` : r.version;

/** `deployment.apps`, `pod`: how kubectl names a kind in messages and `-o name`. */
export const kindDotGroup = (r: { kind: string; group: string }) =>
  r.group ? `${r.kind.toLowerCase()}.${r.group}` : r.kind.toLowerCase();

/** `deployments.apps`, `pods`: how kubectl names a resource in messages. */
export const resourceDotGroup = (r: { resource: string; group: string }) =>
  r.group ? `${r.resource}.${r.group}` : r.resource;

export function basePath(r: ResourceInfo, namespace?: string): string {
  const prefix = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  return r.namespaced && namespace
    ? `${prefix}/namespaces/${encodeURIComponent(namespace)}/${r.resource}`
    : `${prefix}/${r.resource}`;
}

export function objectPath(r: ResourceInfo, namespace: string | undefined, name: string): string {
  return `${basePath(r, r.namespaced ? namespace : undefined)}/${encodeURIComponent(name)}`;
}

interface ApiResource {
  name: string;
  singularName?: string;
  namespaced: boolean;
  kind: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
}

export class Discovery {
  private loaded?: Promise<ResourceInfo[]>;
  /** Group versions in the order the server prefers them. */
  private preferred = new Map<string, string>();

  constructor(private readonly transport: KubeTransport) {}

  resources(): Promise<ResourceInfo[]> {
    this.loaded ??= this.load().catch((e) => {
      this.loaded = undefined;
      throw e;
    });
    return this.loaded;
  }

  private async load(): Promise<ResourceInfo[]> {
    const core = await this.transport.request('GET', '/api/v1');
    const groups = await this.transport.request('GET', '/apis');
    const lists: { group: string; version: string; resources: ApiResource[] }[] = [
      { group: '', version: 'v1', resources: core.body?.resources ?? [] },
    ];
    this.preferred.set('', 'v1');
    const gvs: { group: string; version: string }[] = [];
    for (const g of groups.body?.groups ?? []) {
      this.preferred.set(g.name, g.preferredVersion?.version ?? g.versions[0].version);
      for (const v of g.versions) gvs.push({ group: g.name, version: v.version });
    }
    const fetched = await Promise.all(
      gvs.map(async (gv) => {
        const r = await this.transport.request('GET', `/apis/${gv.group}/${gv.version}`);
        return { ...gv, resources: (r.body?.resources ?? []) as ApiResource[] };
      }),
    );
    lists.push(...fetched);
    const out: ResourceInfo[] = [];
    for (const l of lists) {
      const subs = new Map<string, string[]>();
      for (const r of l.resources) {
        const [base, sub] = r.name.split('/');
        if (sub) subs.set(base!, [...(subs.get(base!) ?? []), sub]);
      }
      for (const r of l.resources) {
        if (r.name.includes('/')) continue;
        out.push({
          group: l.group,
          version: l.version,
          resource: r.name,
          singular: r.singularName || r.kind.toLowerCase(),
          kind: r.kind,
          namespaced: r.namespaced,
          shortNames: r.shortNames ?? [],
          verbs: r.verbs ?? [],
          categories: r.categories ?? [],
          subresources: subs.get(r.name) ?? [],
        });
      }
    }
    return out;
  }

  /** The preferred version of each resource, as `kubectl api-resources` lists them. */
  async preferredResources(): Promise<ResourceInfo[]> {
    const all = await this.resources();
    return all.filter((r) => this.preferred.get(r.group) === r.version);
  }

  /** Resolves one name (no commas). `all` and other categories resolve to several. */
  async resolve(name: string): Promise<ResourceInfo[]> {
    const all = await this.preferredResources();
    const every = await this.resources();
    const lower = name.toLowerCase();
    // resource.version.group, resource.group
    const parts = lower.split('.');
    const candidates: ResourceInfo[] = [];
    const matches = (r: ResourceInfo, n: string) =>
      r.resource === n ||
      r.singular === n ||
      r.shortNames.includes(n) ||
      r.kind.toLowerCase() === n;
    if (parts.length > 1) {
      const [n, ...rest] = parts;
      const tail = rest.join('.');
      for (const r of every) {
        if (!matches(r, n!)) continue;
        if (r.group === tail || `${r.version}.${r.group}` === tail) candidates.push(r);
      }
      if (candidates.length) {
        // Prefer the preferred version when only the group was named.
        const pref = candidates.find((c) => all.includes(c));
        return [pref ?? candidates[0]!];
      }
    }
    const direct = all.filter((r) => matches(r, lower));
    if (direct.length) {
      // Core wins over a group with the same name (as kubectl's priority list does).
      direct.sort((a, b) => groupRank(a.group) - groupRank(b.group));
      return [direct[0]!];
    }
    const cat = all.filter((r) => r.categories.includes(lower));
    if (cat.length) return cat;
    throw new ResourceNotFound(name);
  }
}

function groupRank(group: string): number {
  const order = ['', 'apps', 'batch', 'autoscaling', 'networking.k8s.io', 'policy'];
  const i = order.indexOf(group);
  return i < 0 ? order.length : i;
}
