import type { Registry } from '../../registry/registry';
import type { ResourceType } from '../../registry/resource-type';

// Discovery documents from the kinds registry: legacy (/api, /apis, /api/v1, /apis/{g}/{v})
// and aggregated (apidiscovery.k8s.io v2 and v2beta1), which kubectl recognises by Content-Type.

export const AGGREGATED_CONTENT_TYPE = (v: 'v2' | 'v2beta1') =>
  `application/json;g=apidiscovery.k8s.io;v=${v};as=APIGroupDiscoveryList`;

/** The aggregated version the client accepts, if any (kubectl 1.30+: v2, 1.27-1.29: v2beta1). */
export function wantsAggregated(accept: string | undefined): 'v2' | 'v2beta1' | undefined {
  if (!accept) return undefined;
  for (const part of accept.split(',')) {
    const p = part.replace(/\s+/g, '');
    if (!p.includes('g=apidiscovery.k8s.io') || !p.includes('as=APIGroupDiscoveryList')) continue;
    if (p.includes('v=v2beta1')) return 'v2beta1';
    if (p.includes('v=v2')) return 'v2';
  }
  return undefined;
}

function resourceEntry(t: ResourceType) {
  const e: Record<string, unknown> = {
    name: t.plural,
    singularName: t.singular,
    namespaced: t.namespaced,
    kind: t.kind,
    verbs: t.verbs,
  };
  if (t.shortNames?.length) e.shortNames = t.shortNames;
  if (t.categories?.length) e.categories = t.categories;
  return e;
}

function subresourceEntries(t: ResourceType) {
  return (t.subresources ?? []).map((s) => {
    const e: Record<string, unknown> = {
      name: `${t.plural}/${s.name}`,
      singularName: '',
      namespaced: t.namespaced,
      kind: s.responseKind?.kind ?? t.kind,
      verbs: s.verbs,
    };
    if (
      s.responseKind &&
      (s.responseKind.group !== t.group || s.responseKind.version !== t.version)
    ) {
      e.group = s.responseKind.group;
      e.version = s.responseKind.version;
    }
    return e;
  });
}

export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

export function apiGroupList(registry: Registry) {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: registry
      .groupVersions()
      .filter((g) => g.group !== '')
      .map((g) => ({
        name: g.group,
        versions: g.versions.map((v) => ({ groupVersion: `${g.group}/${v}`, version: v })),
        preferredVersion: { groupVersion: `${g.group}/${g.versions[0]}`, version: g.versions[0] },
      })),
  };
}

export function apiResourceList(registry: Registry, group: string, version: string) {
  const types = registry.served().filter((t) => t.group === group && t.version === version);
  if (!types.length) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources: types
      .flatMap((t) => [resourceEntry(t), ...subresourceEntries(t)])
      .sort((a, b) => String(a.name).localeCompare(String(b.name))),
  };
}

/** An APIGroup (GET /apis/{group}). */
export function apiGroup(registry: Registry, group: string) {
  const g = registry.groupVersions().find((x) => x.group === group);
  if (!g) return undefined;
  return {
    kind: 'APIGroup',
    apiVersion: 'v1',
    name: group,
    versions: g.versions.map((v) => ({ groupVersion: `${group}/${v}`, version: v })),
    preferredVersion: { groupVersion: `${group}/${g.versions[0]}`, version: g.versions[0] },
  };
}

/** The aggregated discovery document for /api (core) or /apis (everything else). */
export function aggregatedDiscovery(registry: Registry, core: boolean, v: 'v2' | 'v2beta1') {
  const items = registry
    .groupVersions()
    .filter((g) => (core ? g.group === '' : g.group !== ''))
    .map((g) => ({
      metadata: { name: g.group, creationTimestamp: null },
      versions: g.versions.map((version) => ({
        version,
        resources: registry
          .served()
          .filter((t) => t.group === g.group && t.version === version)
          .sort((a, b) => a.plural.localeCompare(b.plural))
          .map((t) => {
            const r: Record<string, unknown> = {
              resource: t.plural,
              responseKind: { group: t.group, version: t.version, kind: t.kind },
              scope: t.namespaced ? 'Namespaced' : 'Cluster',
              singularResource: t.singular,
              verbs: t.verbs,
            };
            if (t.shortNames?.length) r.shortNames = t.shortNames;
            if (t.categories?.length) r.categories = t.categories;
            if (t.subresources?.length)
              r.subresources = t.subresources.map((s) => ({
                subresource: s.name,
                responseKind: s.responseKind ?? {
                  group: t.group,
                  version: t.version,
                  kind: t.kind,
                },
                verbs: s.verbs,
              }));
            return r;
          }),
        freshness: 'Current',
      })),
    }));
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${v}`,
    metadata: {},
    items,
  };
}

export function versionInfo(gitVersion: string) {
  const m = /^v(\d+)\.(\d+)/.exec(gitVersion);
  return {
    major: m?.[1] ?? '1',
    minor: m?.[2] ?? '32',
    emulationMajor: m?.[1] ?? '1',
    emulationMinor: m?.[2] ?? '32',
    minCompatibilityMajor: m?.[1] ?? '1',
    minCompatibilityMinor: String(Number(m?.[2] ?? '32') - 1),
    gitVersion,
    gitCommit: '2e1e5f5ba3a4e2d8d9a5c59c72b39c7b7b1f3f52',
    gitTreeState: 'clean',
    buildDate: '2025-04-22T16:03:21Z',
    goVersion: 'go1.23.8',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}
