// Helpers shared by the networking.k8s.io kinds: the name checks of
// k8s.io/apimachinery/pkg/api/validation/path and util/validation that pkg/apis/networking/
// validation/validation.go relies on.
import { invalid, isDNS1123Subdomain, type FieldError } from '@kubelab/apimachinery';

/** path.IsValidPathSegmentName: a name that can be one segment of a URL path. */
export function isPathSegmentName(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const errs: string[] = [];
  for (const bad of ['/', '%']) if (name.includes(bad)) errs.push(`may not contain '${bad}'`);
  return errs;
}

const PATH_SEGMENT = /^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/;

/** validation.IsDomainPrefixedPath: "example.com/path", as IngressClass.spec.controller needs. */
export function validateDomainPrefixedPath(field: string, value: string): FieldError[] {
  const slash = value.indexOf('/');
  if (slash < 0)
    return [invalid(field, value, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  const host = value.slice(0, slash);
  const path = value.slice(slash + 1);
  const errs = isDNS1123Subdomain(host).map((m) => invalid(field, host, m));
  for (const segment of path.split('/'))
    if (segment && !PATH_SEGMENT.test(segment)) errs.push(invalid(field, path, 'Invalid path'));
  return errs;
}

/** An IPv4 address in dotted form (netutils.ParseIPSloppy accepts leading zeros too). */
export const isIPv4 = (s: string) =>
  /^\d{1,3}(\.\d{1,3}){3}$/.test(s) && s.split('.').every((p) => Number(p) <= 255);

/** An IPv6 address, loosely: only what an Ingress host check needs to refuse. */
export const isIPv6 = (s: string) => s.includes(':') && /^[0-9a-fA-F:.]+$/.test(s);

const WILDCARD_FMT = '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
const WILDCARD_RE = new RegExp(`^${WILDCARD_FMT}$`);

/** validation.IsWildcardDNS1123Subdomain: "*.example.com". */
export function isWildcardDNS1123Subdomain(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 253) errs.push('must be no more than 253 characters');
  if (!WILDCARD_RE.test(v))
    errs.push(
      `a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '${WILDCARD_FMT}')`,
    );
  return errs;
}
