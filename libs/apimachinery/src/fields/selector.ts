// Follows k8s.io/apimachinery/pkg/fields/selector.go (with fields.go and requirements.go), plus the
// per-kind field label conversions (pkg/apis/*/v1/conversion.go, runtime.DefaultMetaV1FieldSelectorConversion)
// and selectable field sets (pkg/registry/*/*/strategy.go GetAttrs) of Kubernetes 1.32.
import { splitApiVersion } from '../meta/types';
import { compareGoStrings, goQuote } from '../labels/go-text';

/** A field requirement as Go exposes it: parsed "==" becomes "=". */
export interface FieldRequirement {
  readonly operator: '=' | '!=';
  readonly field: string;
  readonly value: string;
}

/** The fields of an object: a map, or a getter where undefined means the field is absent (""). */
export type Fields = Readonly<Record<string, string>> | ((path: string) => string | undefined);

export type FieldTransform = (field: string, value: string) => [string, string];

export class FieldSelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FieldSelectorError';
  }
}

export interface FieldSelector {
  matches(fields: Fields): boolean;
  /** True when it does not restrict anything. */
  empty(): boolean;
  /** The value the selector pins `field` to with =, if any. */
  requiresExactMatch(field: string): string | undefined;
  /** Rewrites every term; a term rewritten to an empty field and value is dropped. */
  transform(fn: FieldTransform): FieldSelector;
  requirements(): FieldRequirement[];
  toString(): string;
}

// A missing field reads as "", as it does from Go's fields.Set.
function get(fields: Fields, path: string): string {
  if (typeof fields === 'function') return fields(path) ?? '';
  return Object.prototype.hasOwnProperty.call(fields, path) ? fields[path]! : '';
}

class HasTerm implements FieldSelector {
  constructor(
    readonly field: string,
    readonly value: string,
  ) {}
  matches(fields: Fields): boolean {
    return get(fields, this.field) === this.value;
  }
  empty(): boolean {
    return false;
  }
  requiresExactMatch(field: string): string | undefined {
    return this.field === field ? this.value : undefined;
  }
  transform(fn: FieldTransform): FieldSelector {
    const [f, v] = fn(this.field, this.value);
    return f === '' && v === '' ? EVERYTHING : new HasTerm(f, v);
  }
  requirements(): FieldRequirement[] {
    return [{ operator: '=', field: this.field, value: this.value }];
  }
  toString(): string {
    return `${this.field}=${escapeValue(this.value)}`;
  }
}

class NotHasTerm implements FieldSelector {
  constructor(
    readonly field: string,
    readonly value: string,
  ) {}
  matches(fields: Fields): boolean {
    return get(fields, this.field) !== this.value;
  }
  empty(): boolean {
    return false;
  }
  requiresExactMatch(): string | undefined {
    return undefined;
  }
  transform(fn: FieldTransform): FieldSelector {
    const [f, v] = fn(this.field, this.value);
    return f === '' && v === '' ? EVERYTHING : new NotHasTerm(f, v);
  }
  requirements(): FieldRequirement[] {
    return [{ operator: '!=', field: this.field, value: this.value }];
  }
  toString(): string {
    return `${this.field}!=${escapeValue(this.value)}`;
  }
}

class AndTerm implements FieldSelector {
  constructor(private readonly terms: readonly FieldSelector[]) {}
  matches(fields: Fields): boolean {
    return this.terms.every((t) => t.matches(fields));
  }
  empty(): boolean {
    return this.terms.every((t) => t.empty());
  }
  requiresExactMatch(field: string): string | undefined {
    for (const t of this.terms) {
      const v = t.requiresExactMatch(field);
      if (v !== undefined) return v;
    }
    return undefined;
  }
  transform(fn: FieldTransform): FieldSelector {
    return new AndTerm(this.terms.map((t) => t.transform(fn)).filter((t) => !t.empty()));
  }
  requirements(): FieldRequirement[] {
    return this.terms.flatMap((t) => t.requirements());
  }
  toString(): string {
    return this.terms.map((t) => t.toString()).join(',');
  }
}

class NothingTerm implements FieldSelector {
  matches(): boolean {
    return false;
  }
  empty(): boolean {
    return false;
  }
  requiresExactMatch(): string | undefined {
    return undefined;
  }
  transform(): FieldSelector {
    return this;
  }
  requirements(): FieldRequirement[] {
    return [];
  }
  toString(): string {
    return '';
  }
}

const EVERYTHING: FieldSelector = new AndTerm([]);
const NOTHING: FieldSelector = new NothingTerm();

export const everythingFieldSelector = (): FieldSelector => EVERYTHING;
export const nothingFieldSelector = (): FieldSelector => NOTHING;
export const oneTermEqualSelector = (field: string, value: string): FieldSelector =>
  new HasTerm(field, value);
export const oneTermNotEqualSelector = (field: string, value: string): FieldSelector =>
  new NotHasTerm(field, value);
export const andFieldSelectors = (...selectors: FieldSelector[]): FieldSelector =>
  new AndTerm(selectors);

/**
 * fields.SelectorFromSet: field=value for every entry; null selects everything. Go orders the
 * terms by map iteration (random); they are ordered by field here so String() is stable.
 */
export function fieldSelectorFromSet(
  set: Readonly<Record<string, string>> | null | undefined,
): FieldSelector {
  if (!set) return EVERYTHING;
  const items = Object.keys(set)
    .sort(compareGoStrings)
    .map((k) => new HasTerm(k, set[k]!));
  return items.length === 1 ? items[0]! : new AndTerm(items);
}

/** fields.Set.String(): "k=v" pairs sorted as whole strings. */
export function fieldsToString(set: Readonly<Record<string, string>>): string {
  return Object.entries(set)
    .map(([k, v]) => `${k}=${v}`)
    .sort(compareGoStrings)
    .join(',');
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', ',': '\\,', '=': '\\=' };

/** fields.EscapeValue: backslash-escapes \ , and = so a value survives the selector syntax. */
export function escapeValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => ESCAPES[c]!);
}

/** fields.UnescapeValue, with Go's error texts (an unescaped rune is printed as its number). */
export function unescapeValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=')
        throw new FieldSelectorError(`invalid field selector: invalid escape sequence: \\${c}`);
      out += c;
      inSlash = false;
    } else if (c === '\\') {
      inSlash = true;
    } else if (c === ',' || c === '=') {
      throw new FieldSelectorError(
        `invalid field selector: unescaped character in value: ${c.codePointAt(0)}`,
      );
    } else {
      out += c;
    }
  }
  if (inSlash) throw new FieldSelectorError('invalid field selector: invalid escape sequence: \\');
  return out;
}

// Commas preceded by a backslash are data; the backslash stays for unescapeValue.
function splitTerms(selector: string): string[] {
  if (selector === '') return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

// "!=" is tried before "==" and "=", at the first position where any matches: the field
// name cannot contain an operator, the value can (escaped).
const TERM_OPERATORS = ['!=', '==', '='] as const;

function splitTerm(term: string): [string, (typeof TERM_OPERATORS)[number], string] | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of TERM_OPERATORS) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)];
    }
  }
  return undefined;
}

/** fields.ParseAndTransformSelector. */
export function parseAndTransformFieldSelector(
  selector: string,
  fn: FieldTransform,
): FieldSelector {
  const parts = splitTerms(selector).sort(compareGoStrings);
  const items: FieldSelector[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const split = splitTerm(part);
    if (!split)
      throw new FieldSelectorError(`invalid selector: '${selector}'; can't understand '${part}'`);
    const [lhs, op, rhs] = split;
    const value = unescapeValue(rhs);
    items.push(op === '!=' ? new NotHasTerm(lhs, value) : new HasTerm(lhs, value));
  }
  return (items.length === 1 ? items[0]! : new AndTerm(items)).transform(fn);
}

/** fields.ParseSelector: "metadata.name=web,status.phase!=Running". Terms are sorted. */
export function parseFieldSelector(selector: string): FieldSelector {
  return parseAndTransformFieldSelector(selector, (f, v) => [f, v]);
}

// ---- what the API server lets each kind select on ----------------------------------------------

type Obj = Record<string, any> | null | undefined;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const int = (v: unknown): string =>
  String(typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : 0);
const bool = (v: unknown): string => String(v === true);

interface KindFieldRules {
  group: string;
  kind: string;
  namespaced: boolean;
  /**
   * The labels the kind's field label conversion accepts. Absent: the kind has none, and
   * runtime.DefaultMetaV1FieldSelectorConversion accepts only metadata.name and metadata.namespace.
   */
  accepted?: readonly string[];
  /** Old spellings the conversion rewrites. */
  renames?: Readonly<Record<string, string>>;
  /** The conversion's own error text for an unknown label. */
  reject?: (label: string) => string;
  /** The kind-specific part of GetAttrs' field set (metadata.name/namespace are added for all). */
  extract?: (obj: Record<string, any>) => Record<string, string>;
}

const notSupported = (label: string) => `field label not supported: ${label}`;

const podIP = (status: Obj): string => str(status?.podIPs?.[0]?.ip) || str(status?.podIP);

const RULES: readonly KindFieldRules[] = [
  {
    group: '',
    kind: 'Pod',
    namespaced: true,
    accepted: [
      'metadata.name',
      'metadata.namespace',
      'spec.nodeName',
      'spec.restartPolicy',
      'spec.schedulerName',
      'spec.serviceAccountName',
      'spec.hostNetwork',
      'status.phase',
      'status.podIP',
      'status.podIPs',
      'status.nominatedNodeName',
    ],
    renames: { 'spec.host': 'spec.nodeName' },
    reject: notSupported,
    // Upstream accepts status.podIPs but never puts it in the field set, so it only ever
    // equals "" — kept that way on purpose.
    extract: (o) => ({
      'spec.nodeName': str(o.spec?.nodeName),
      'spec.restartPolicy': str(o.spec?.restartPolicy),
      'spec.schedulerName': str(o.spec?.schedulerName),
      'spec.serviceAccountName': str(o.spec?.serviceAccountName) || str(o.spec?.serviceAccount),
      'spec.hostNetwork': bool(o.spec?.hostNetwork),
      'status.phase': str(o.status?.phase),
      'status.podIP': podIP(o.status),
      'status.nominatedNodeName': str(o.status?.nominatedNodeName),
    }),
  },
  {
    group: '',
    kind: 'Node',
    namespaced: false,
    accepted: ['metadata.name', 'spec.unschedulable'],
    reject: notSupported,
    extract: (o) => ({ 'spec.unschedulable': bool(o.spec?.unschedulable) }),
  },
  {
    group: '',
    kind: 'ReplicationController',
    namespaced: true,
    accepted: ['metadata.name', 'metadata.namespace', 'status.replicas'],
    reject: notSupported,
    extract: (o) => ({ 'status.replicas': int(o.status?.replicas) }),
  },
  {
    group: '',
    kind: 'Event',
    namespaced: true,
    accepted: [
      'involvedObject.kind',
      'involvedObject.namespace',
      'involvedObject.name',
      'involvedObject.uid',
      'involvedObject.apiVersion',
      'involvedObject.resourceVersion',
      'involvedObject.fieldPath',
      'reason',
      'reportingComponent',
      'source',
      'type',
      'metadata.namespace',
      'metadata.name',
    ],
    reject: notSupported,
    extract: (o) => ({
      'involvedObject.kind': str(o.involvedObject?.kind),
      'involvedObject.namespace': str(o.involvedObject?.namespace),
      'involvedObject.name': str(o.involvedObject?.name),
      'involvedObject.uid': str(o.involvedObject?.uid),
      'involvedObject.apiVersion': str(o.involvedObject?.apiVersion),
      'involvedObject.resourceVersion': str(o.involvedObject?.resourceVersion),
      'involvedObject.fieldPath': str(o.involvedObject?.fieldPath),
      reason: str(o.reason),
      reportingComponent: str(o.reportingComponent),
      source: str(o.source?.component) || str(o.reportingComponent),
      type: str(o.type),
    }),
  },
  {
    // Served by the same storage as core events, so GetAttrs exposes the same fields; but
    // events.k8s.io registers no conversion, so only metadata.name/namespace are selectable.
    group: 'events.k8s.io',
    kind: 'Event',
    namespaced: true,
    extract: (o) => ({
      'involvedObject.kind': str(o.regarding?.kind),
      'involvedObject.namespace': str(o.regarding?.namespace),
      'involvedObject.name': str(o.regarding?.name),
      'involvedObject.uid': str(o.regarding?.uid),
      'involvedObject.apiVersion': str(o.regarding?.apiVersion),
      'involvedObject.resourceVersion': str(o.regarding?.resourceVersion),
      'involvedObject.fieldPath': str(o.regarding?.fieldPath),
      reason: str(o.reason),
      reportingComponent: str(o.reportingController),
      source: str(o.deprecatedSource?.component) || str(o.reportingController),
      type: str(o.type),
    }),
  },
  {
    group: '',
    kind: 'Namespace',
    namespaced: false,
    accepted: ['status.phase', 'metadata.name'],
    reject: notSupported,
    // "name" is an upstream bug kept for compatibility; the conversion never lets it through.
    extract: (o) => ({ 'status.phase': str(o.status?.phase), name: str(o.metadata?.name) }),
  },
  {
    group: '',
    kind: 'Secret',
    namespaced: true,
    accepted: ['type', 'metadata.namespace', 'metadata.name'],
    reject: notSupported,
    extract: (o) => ({ type: str(o.type) }),
  },
  {
    group: '',
    kind: 'Service',
    namespaced: true,
    accepted: ['metadata.namespace', 'metadata.name', 'spec.clusterIP', 'spec.type'],
    reject: notSupported,
    extract: (o) => ({ 'spec.clusterIP': str(o.spec?.clusterIP), 'spec.type': str(o.spec?.type) }),
  },
  {
    // GetAttrs has status.replicas, but apps/v1 registers no conversion, so selecting on it
    // fails (kubernetes/kubernetes#135136; still so in 1.34) despite the documentation.
    group: 'apps',
    kind: 'ReplicaSet',
    namespaced: true,
    extract: (o) => ({ 'status.replicas': int(o.status?.replicas) }),
  },
  {
    group: 'batch',
    kind: 'Job',
    namespaced: true,
    accepted: ['metadata.name', 'metadata.namespace', 'status.successful'],
    reject: (label) => `field label ${goQuote(label)} not supported for batchv1.Job`,
    extract: (o) => ({ 'status.successful': int(o.status?.succeeded) }),
  },
  {
    group: 'certificates.k8s.io',
    kind: 'CertificateSigningRequest',
    namespaced: false,
    accepted: ['metadata.name', 'spec.signerName'],
    reject: notSupported,
    extract: (o) => ({ 'spec.signerName': str(o.spec?.signerName) }),
  },
];

/** Built-in cluster-scoped kinds, whose default field set has no metadata.namespace. */
const CLUSTER_SCOPED = new Set([
  'APIService',
  'CSIDriver',
  'CSINode',
  'CertificateSigningRequest',
  'ClusterRole',
  'ClusterRoleBinding',
  'ClusterTrustBundle',
  'ComponentStatus',
  'CustomResourceDefinition',
  'DeviceClass',
  'FlowSchema',
  'IPAddress',
  'IngressClass',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'MutatingWebhookConfiguration',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PriorityClass',
  'PriorityLevelConfiguration',
  'ResourceSlice',
  'RuntimeClass',
  'ServiceCIDR',
  'StorageClass',
  'StorageVersion',
  'StorageVersionMigration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
  'VolumeAttributesClass',
]);

function groupOf(apiVersionOrGroup: string | undefined): string | undefined {
  if (apiVersionOrGroup === undefined) return undefined;
  return apiVersionOrGroup.includes('/') || /^v\d/.test(apiVersionOrGroup)
    ? splitApiVersion(apiVersionOrGroup).group
    : apiVersionOrGroup;
}

function rulesFor(kind: string, apiVersionOrGroup?: string): KindFieldRules | undefined {
  const group = groupOf(apiVersionOrGroup);
  // Without a group, a kind name means the built-in kind of that name (core first).
  return RULES.find((r) => r.kind === kind && (group === undefined || r.group === group));
}

const DEFAULT_ACCEPTED = ['metadata.name', 'metadata.namespace'] as const;

/** The field labels a list or watch of this kind may select on. */
export function supportedFieldLabels(kind: string, apiVersionOrGroup?: string): string[] {
  return [...(rulesFor(kind, apiVersionOrGroup)?.accepted ?? DEFAULT_ACCEPTED)];
}

/**
 * The API server's field label conversion (Scheme.ConvertFieldLabel) for one term: the label
 * it maps to, or a FieldSelectorError with the message the server returns (as a 400 BadRequest).
 */
export function convertFieldLabel(
  kind: string,
  label: string,
  value: string,
  apiVersionOrGroup?: string,
): [string, string] {
  const rules = rulesFor(kind, apiVersionOrGroup);
  if (!rules?.accepted) {
    if (label === 'metadata.name' || label === 'metadata.namespace') return [label, value];
    throw new FieldSelectorError(
      `${goQuote(label)} is not a known field selector: only "metadata.name", "metadata.namespace"`,
    );
  }
  if (rules.accepted.includes(label)) return [label, value];
  const renamed =
    rules.renames && Object.hasOwn(rules.renames, label) ? rules.renames[label] : undefined;
  if (renamed !== undefined) return [renamed, value];
  throw new FieldSelectorError((rules.reject ?? notSupported)(label));
}

/**
 * A fieldSelector query parameter as the API server applies it to a kind: parsed, then every
 * term converted in sorted order; the first failure is the error (a FieldSelectorError).
 */
export function convertFieldSelector(
  kind: string,
  selector: string,
  apiVersionOrGroup?: string,
): FieldSelector {
  return parseAndTransformFieldSelector(selector, (label, value) =>
    convertFieldLabel(kind, label, value, apiVersionOrGroup),
  );
}

/** The message a list of `kind` with this fieldSelector is refused with, or null if accepted. */
export function validateFieldSelector(
  kind: string,
  selector: string,
  apiVersionOrGroup?: string,
): string | null {
  try {
    convertFieldSelector(kind, selector, apiVersionOrGroup);
    return null;
  } catch (e) {
    if (e instanceof FieldSelectorError) return e.message;
    throw e;
  }
}

/**
 * The field set Kubernetes matches field selectors against for an object of `kind` (its
 * registry's GetAttrs). The group comes from obj.apiVersion when present. Kinds without their
 * own rules get metadata.name, plus metadata.namespace when namespaced.
 */
export function fieldsForObject(
  kind: string,
  obj: any,
  opts: { namespaced?: boolean } = {},
): Record<string, string> {
  const o: Record<string, any> = obj && typeof obj === 'object' ? obj : {};
  const rules = rulesFor(kind, typeof o.apiVersion === 'string' ? o.apiVersion : undefined);
  const namespaced = opts.namespaced ?? rules?.namespaced ?? !CLUSTER_SCOPED.has(kind);
  const out: Record<string, string> = { ...(rules?.extract?.(o) ?? {}) };
  out['metadata.name'] = str(o.metadata?.name);
  if (namespaced) out['metadata.namespace'] = str(o.metadata?.namespace);
  return out;
}
