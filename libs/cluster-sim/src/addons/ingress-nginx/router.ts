// How ingress-nginx routes a request (its generated nginx.conf, reduced to what Ingresses say):
// a server per host (exact, then wildcard, then the catch-all for rules without a host), in it
// Exact paths, then the longest Prefix match (path elements, so /foo matches /foo/bar but not
// /foobar), ImplementationSpecific as a plain prefix — or, with the use-regex or rewrite-target
// annotations, as a case-insensitive regex whose groups rewrite-target can use ($1, $2). Nothing
// matched: an Ingress's defaultBackend, else the controller's own 404.
import type { IngressControllerProfile } from '../../profile/cluster-profile';
import type { NetworkContext, NetworkView } from '../../network/context';
import { INGRESS_CLASS_ANNOTATION } from '../../apis/networking/ingress';

export const REWRITE_TARGET = 'nginx.ingress.kubernetes.io/rewrite-target';
export const USE_REGEX = 'nginx.ingress.kubernetes.io/use-regex';
export const APP_ROOT = 'nginx.ingress.kubernetes.io/app-root';

export interface IngressMatch {
  kind: 'backend';
  ingress: any;
  backend: any;
  /** The path sent upstream (after rewrite-target). */
  upstreamPath: string;
}

export type IngressRoute =
  IngressMatch | { kind: 'redirect'; status: number; location: string } | { kind: 'not-found' };

/** The Ingresses this controller serves: its class by field or by the old annotation. */
export function ingressesOf(view: NetworkView, controller: IngressControllerProfile): any[] {
  return view.list('networking.k8s.io', 'Ingress').filter((ing) => {
    if (ing.metadata.deletionTimestamp) return false;
    const byField = ing.spec?.ingressClassName;
    if (byField != null) return byField === controller.className;
    return ing.metadata.annotations?.[INGRESS_CLASS_ANNOTATION] === controller.className;
  });
}

interface Location {
  ingress: any;
  path: string;
  pathType: string;
  regex: boolean;
  backend: any;
}

const usesRegex = (ing: any) =>
  ing.metadata.annotations?.[USE_REGEX] === 'true' ||
  ing.metadata.annotations?.[REWRITE_TARGET] !== undefined;

function hostMatches(ruleHost: string, host: string): boolean {
  if (!ruleHost.startsWith('*.')) return ruleHost.toLowerCase() === host;
  const suffix = ruleHost.slice(1).toLowerCase();
  // A wildcard covers exactly one DNS label.
  return (
    host.endsWith(suffix) &&
    !host.slice(0, -suffix.length).includes('.') &&
    host.length > suffix.length
  );
}

function elementPrefix(prefix: string, path: string): boolean {
  const p = prefix.replace(/\/+$/, '');
  if (p === '') return true;
  return path === p || path.startsWith(`${p}/`);
}

function regexFor(path: string): RegExp | undefined {
  try {
    return new RegExp(`^${path}`, 'i');
  } catch {
    return undefined;
  }
}

function locationMatches(l: Location, path: string): RegExpExecArray | boolean {
  if (l.regex && l.pathType !== 'Exact') return regexFor(l.path)?.exec(path) ?? false;
  if (l.pathType === 'Exact') return path === l.path;
  if (l.pathType === 'Prefix') return elementPrefix(l.path, path);
  return path.startsWith(l.path || '/');
}

/** Which backend a request for host+path reaches through this controller. */
export function routeIngress(
  ctx: NetworkContext,
  controller: IngressControllerProfile,
  hostHeader: string,
  pathAndQuery: string,
  scheme: 'http' | 'https' = 'http',
): IngressRoute {
  const host = hostHeader.toLowerCase().replace(/:\d+$/, '');
  const [path = '/', query] = pathAndQuery.split('?');
  const ingresses = ingressesOf(ctx.view, controller);
  const exact: Location[] = [];
  const wildcard: Location[] = [];
  const catchAll: Location[] = [];
  const hostIngresses: any[] = [];
  for (const ing of ingresses)
    for (const rule of ing.spec?.rules ?? []) {
      const target = !rule.host
        ? catchAll
        : hostMatches(rule.host, host)
          ? rule.host.startsWith('*.')
            ? wildcard
            : exact
          : undefined;
      if (!target) continue;
      if (rule.host) hostIngresses.push(ing);
      for (const p of rule.http?.paths ?? [])
        target.push({
          ingress: ing,
          path: p.path ?? '/',
          pathType: p.pathType,
          regex: usesRegex(ing),
          backend: p.backend,
        });
    }
  const server = exact.length ? exact : wildcard.length ? wildcard : catchAll;
  // nginx: exact locations first, then the longest prefix (regexes in order of length, too).
  const ordered = [...server].sort((a, b) => {
    if ((a.pathType === 'Exact') !== (b.pathType === 'Exact'))
      return a.pathType === 'Exact' ? -1 : 1;
    return b.path.length - a.path.length;
  });
  for (const l of ordered) {
    const m = locationMatches(l, path);
    if (!m) continue;
    const tls = (l.ingress.spec?.tls ?? []).some((t: any) =>
      (t.hosts ?? []).some((h: string) => hostMatches(h, host)),
    );
    if (tls && scheme === 'http')
      return { kind: 'redirect', status: 308, location: `https://${hostHeader}${pathAndQuery}` };
    const appRoot = l.ingress.metadata.annotations?.[APP_ROOT];
    if (appRoot && path === '/')
      return { kind: 'redirect', status: 302, location: `${scheme}://${hostHeader}${appRoot}` };
    return {
      kind: 'backend',
      ingress: l.ingress,
      backend: l.backend,
      upstreamPath: rewrite(l, path, m, query),
    };
  }
  // No location: the default backend of an Ingress on this host, then of a rule-less Ingress.
  const withDefault =
    hostIngresses.find((ing) => ing.spec?.defaultBackend) ??
    ingresses.find((ing) => !(ing.spec?.rules ?? []).length && ing.spec?.defaultBackend);
  if (withDefault)
    return {
      kind: 'backend',
      ingress: withDefault,
      backend: withDefault.spec.defaultBackend,
      upstreamPath: pathAndQuery,
    };
  return { kind: 'not-found' };
}

function rewrite(
  l: Location,
  path: string,
  m: RegExpExecArray | boolean,
  query: string | undefined,
): string {
  const target = l.ingress.metadata.annotations?.[REWRITE_TARGET];
  const q = query !== undefined ? `?${query}` : '';
  if (target === undefined) return `${path}${q}`;
  const groups = Array.isArray(m) ? m : (regexFor(l.path)?.exec(path) ?? []);
  // nginx's `rewrite` replaces the whole URI with the target, $n from the path's groups.
  const out = target.replace(/\$(\d)/g, (_: string, n: string) => groups[Number(n)] ?? '');
  return `${out.startsWith('/') ? out : `/${out}`}${q}`;
}
