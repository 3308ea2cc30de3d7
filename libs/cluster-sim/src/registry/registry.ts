import type { ResourceType } from './resource-type';

/**
 * The kinds this simulator serves: the single source of truth for discovery, the store, the
 * API server and kubectl emulation. Groups register their kinds (registry/kinds/*.ts).
 */
export class Registry {
  private readonly types: ResourceType[] = [];
  private readonly byGvk = new Map<string, ResourceType>();
  private readonly byGroupKind = new Map<string, ResourceType>();
  private readonly byGvr = new Map<string, ResourceType>();

  register(...types: ResourceType[]): this {
    for (const t of types) {
      const gvk = `${t.group}/${t.version}/${t.kind}`;
      if (this.byGvk.has(gvk)) throw new Error(`kind registered twice: ${gvk}`);
      this.types.push(t);
      this.byGvk.set(gvk, t);
      this.byGvr.set(`${t.group}/${t.version}/${t.plural}`, t);
      const gk = `${t.group}/${t.kind}`;
      const prev = this.byGroupKind.get(gk);
      if (!prev || (t.preferred && !prev.preferred)) this.byGroupKind.set(gk, t);
    }
    return this;
  }

  all(): readonly ResourceType[] {
    return this.types;
  }

  served(): ResourceType[] {
    return this.types.filter((t) => !t.internal);
  }

  /** By exact group, version and kind. */
  get(group: string, version: string, kind: string): ResourceType | undefined {
    return this.byGvk.get(`${group}/${version}/${kind}`);
  }

  /** The preferred version of a kind in a group. */
  forKind(group: string, kind: string): ResourceType | undefined {
    return this.byGroupKind.get(`${group}/${kind}`);
  }

  forApiVersion(apiVersion: string, kind: string): ResourceType | undefined {
    const i = apiVersion.indexOf('/');
    return i < 0
      ? this.get('', apiVersion, kind)
      : this.get(apiVersion.slice(0, i), apiVersion.slice(i + 1), kind);
  }

  /** By group, version and plural resource name (URL form). */
  resource(group: string, version: string, plural: string): ResourceType | undefined {
    return this.byGvr.get(`${group}/${version}/${plural}`);
  }

  /** Group/versions served, each group's preferred version first. */
  groupVersions(): { group: string; versions: string[] }[] {
    const out = new Map<string, string[]>();
    for (const t of this.served()) {
      const vs = out.get(t.group) ?? [];
      if (!vs.includes(t.version)) {
        if (t.preferred) vs.unshift(t.version);
        else vs.push(t.version);
      }
      out.set(t.group, vs);
    }
    return [...out].map(([group, versions]) => ({ group, versions }));
  }

  /**
   * Resolves what a user typed — plural, singular, short name or kind, optionally with .group
   * (`deploy`, `deployments.apps`, `Deployment`) — as kubectl's RESTMapper does.
   */
  lookup(name: string): ResourceType | undefined {
    const lower = name.toLowerCase();
    const dot = lower.indexOf('.');
    const [res, group] = dot < 0 ? [lower, undefined] : [lower.slice(0, dot), lower.slice(dot + 1)];
    const candidates = this.served().filter(
      (t) => group === undefined || t.group === group || `${t.version}.${t.group}` === group,
    );
    const match = (t: ResourceType) =>
      t.plural === res ||
      t.singular === res ||
      t.kind.toLowerCase() === res ||
      (t.shortNames ?? []).includes(res);
    const found = candidates.filter(match);
    return found.find((t) => t.preferred !== false && isPreferred(this, t)) ?? found[0];
  }
}

function isPreferred(r: Registry, t: ResourceType): boolean {
  return r.forKind(t.group, t.kind) === t;
}
