import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { StatusError, parseQuantity, type KubeObject } from '@kubelab/apimachinery';
import { SimCluster, mountedFiles, printPod, rbacAuthorize, type ResourceType } from '../src';

// The corpus of real manifests from the Kubernetes documentation (fixtures/corpus, copied from
// fixtures/corpus with its README and licence note): how to read it, how `kubectl apply`
// would send each file, and how to check what expected.json says a real cluster shows after it.

export const CORPUS_DIR = path.join(__dirname, 'fixtures/corpus');

export interface IndexEntry {
  file: string;
  scope: string;
  objects: { apiVersion?: string; kind: string; name?: string }[];
  flags: string[];
  notes: string[];
  yaml_parse_error: string | null;
}

export interface Expectation {
  file: string;
  prereqs?: string[];
  cluster_assumptions?: Record<string, string>;
  expect: Record<string, any>;
}

const readJson = <T>(f: string): T => JSON.parse(fs.readFileSync(path.join(CORPUS_DIR, f), 'utf8'));

export const loadIndex = () => readJson<IndexEntry[]>('index.json');
export const loadExpected = () => readJson<Expectation[]>('expected.json');
/** The path under website/ (and as expected.json names it). */
export const relPath = (e: IndexEntry) => e.file.replace(/^content\/en\/examples\//, '');
export const readManifest = (rel: string) =>
  fs.readFileSync(path.join(CORPUS_DIR, 'website', rel), 'utf8');

// ---------------------------------------------------------------------------------------------
// kubectl apply -f FILE [-n NS]

export interface ApplyError {
  message: string;
  reason?: string;
  code?: number;
}

export interface ApplyResult {
  ok: boolean;
  /** What kubectl prints on stdout: `deployment.apps/web created`. */
  lines: string[];
  errors: ApplyError[];
  objects: KubeObject[];
}

const kindDotGroup = (t: ResourceType) =>
  t.group ? `${t.kind.toLowerCase()}.${t.group}` : t.kind.toLowerCase();

/** The documents of a manifest, as kubectl's decoder sees them (v1 Lists flattened). */
export function decodeManifest(text: string, source: string): any[] {
  const docs = parseAllDocuments(text, { uniqueKeys: true });
  const out: any[] = [];
  for (const d of docs) {
    if (d.errors.length)
      throw new Error(
        `error parsing ${source}: error converting YAML to JSON: yaml: ${d.errors[0]!.message}`,
      );
    const v = d.toJS();
    if (!v || typeof v !== 'object') continue;
    if (typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items))
      out.push(...v.items);
    else out.push(v);
  }
  return out;
}

/**
 * What `kubectl apply -f` does with a file: decodes it client-side, maps each object to its
 * resource, then creates it or patches it in (strict field validation, kubectl's default), going
 * on after an object fails, as kubectl does.
 */
export function kubectlApply(
  c: SimCluster,
  text: string,
  source: string,
  namespace?: string,
): ApplyResult {
  const result: ApplyResult = { ok: true, lines: [], errors: [], objects: [] };
  const fail = (e: ApplyError) => {
    result.ok = false;
    result.errors.push(e);
  };
  let docs: any[];
  try {
    docs = decodeManifest(text, source);
  } catch (e) {
    fail({ message: (e as Error).message, reason: 'YamlError' });
    return result;
  }
  for (const o of docs) {
    if (!o.apiVersion || !o.kind) {
      fail({
        message: `unable to decode "${source}": Object '${o.apiVersion ? 'Kind' : 'apiVersion'}' is missing in '${JSON.stringify(o)}'`,
        reason: 'ClientDecode',
      });
      continue;
    }
    const type = c.registry.forApiVersion(String(o.apiVersion), String(o.kind));
    const name = o.metadata?.name;
    if (!type || type.internal) {
      fail({
        message: `resource mapping not found for name: "${name ?? ''}" namespace: "${o.metadata?.namespace ?? ''}" from "${source}": no matches for kind "${o.kind}" in version "${o.apiVersion}"\nensure CRDs are installed first`,
        reason: 'NoMatch',
      });
      continue;
    }
    let ns = '';
    if (type.namespaced) {
      const own = o.metadata?.namespace;
      if (own && namespace && own !== namespace) {
        fail({
          message: `the namespace from the provided object "${own}" does not match the namespace "${namespace}". You must pass '--namespace=${own}' to perform this operation.`,
          reason: 'ClientNamespace',
        });
        continue;
      }
      ns = own || namespace || 'default';
    }
    if (!name) {
      const gv = type.group ? `${type.group}/${type.version}` : type.version;
      fail({
        message: `error when retrieving current configuration of:\nResource: "${gv}, Resource=${type.plural}", GroupVersionKind: "${gv}, Kind=${type.kind}"\nName: "", Namespace: "${ns}"\nfrom server for: "${source}": resource name may not be empty`,
        reason: 'ClientNoName',
      });
      continue;
    }
    const opts = c.requestOptions({
      fieldManager: 'kubectl-client-side-apply',
      fieldValidation: 'Strict',
    });
    try {
      const existing = c.state.get(type.group, type.kind, ns, name);
      if (!existing) {
        const r = c.sim.core.create(c.state, type, ns || undefined, o, opts);
        result.objects.push(r.object);
        result.lines.push(`${kindDotGroup(type)}/${name} created`);
      } else {
        const r = c.sim.core.patch(c.state, type, ns, name, 'strategic', o, opts);
        result.objects.push(r.object);
        result.lines.push(
          `${kindDotGroup(type)}/${name} ${r.changed ? 'configured' : 'unchanged'}`,
        );
      }
    } catch (e) {
      if (e instanceof StatusError) fail({ message: e.message, reason: e.reason, code: e.code });
      else fail({ message: (e as Error).message, reason: 'Error' });
    }
  }
  return result;
}

/** Creates the namespaces a file's objects name that the file does not create itself. */
export function ensureNamespaces(c: SimCluster, text: string, source: string): void {
  let docs: any[];
  try {
    docs = decodeManifest(text, source);
  } catch {
    return;
  }
  const own = new Set(
    docs.filter((d) => d?.kind === 'Namespace').map((d) => d.metadata?.name as string),
  );
  for (const d of docs) {
    const ns = d?.metadata?.namespace;
    if (typeof ns !== 'string' || !ns || own.has(ns) || c.get('namespaces', '', ns)) continue;
    c.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } as KubeObject);
  }
}

/** `kubectl taint nodes <control-plane> node-role.kubernetes.io/control-plane:NoSchedule-`. */
export function untaintControlPlane(c: SimCluster): void {
  for (const n of c.list('nodes'))
    if ((n.spec?.taints ?? []).some((t: any) => t.key === 'node-role.kubernetes.io/control-plane'))
      c.patch('nodes', '', n.metadata.name, {
        spec: {
          taints: n.spec.taints.filter(
            (t: any) => t.key !== 'node-role.kubernetes.io/control-plane',
          ),
        },
      });
}

/**
 * The namespace a docs page works in: the one its expectation names, or the one its
 * prerequisites create (`kubectl create namespace X`, then `kubectl apply ... -n X`).
 */
export function namespaceOf(exp: Expectation): string | undefined {
  if (exp.expect.pods?.namespace) return exp.expect.pods.namespace;
  if (exp.expect.namespace) return exp.expect.namespace;
  for (const p of exp.prereqs ?? []) {
    const m = /^kubectl create namespace (\S+)/.exec(p);
    if (m) return m[1];
  }
  return undefined;
}

/** Runs an expectation's prerequisite commands (apply, create namespace, label a node). */
export function runPrereq(c: SimCluster, command: string): void {
  const cmd = command.replace(/\s*\(.*\)\s*$/, '').trim();
  let m = /^kubectl create namespace (\S+)$/.exec(cmd);
  if (m) {
    c.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: m[1]! } } as KubeObject);
    return;
  }
  m = /^(?:kubectl apply -f )?(\S+\.ya?ml)(?: -n (\S+))?$/.exec(cmd);
  if (m) {
    const r = kubectlApply(c, readManifest(m[1]!), m[1]!, m[2]);
    if (!r.ok) throw new Error(`prerequisite ${m[1]} was refused: ${r.errors[0]!.message}`);
    return;
  }
  // Anything else is prose about an alternative scenario (a labelled node, ...), handled there.
}

// ---------------------------------------------------------------------------------------------
// What a real cluster shows: expected.json's conventions

export interface CheckContext {
  c: SimCluster;
  /** Pods of the bootstrap (CoreDNS, the control plane): never the file's. */
  bootstrapUids: Set<string>;
  /** Every STATUS cell each pod showed while the clock ran (kubectl_status_sequence). */
  statusSeen: Map<string, string[]>;
  apply: ApplyResult;
}

/** A quantity-aware, loose equality for expected values ("500m" = "0.5", 3 = "3"). */
function sameValue(actual: unknown, expected: unknown): boolean {
  if (typeof expected === 'number' || typeof expected === 'string') {
    if (actual === expected) return true;
    if (actual === undefined || actual === null) return false;
    try {
      return parseQuantity(String(actual)).cmp(parseQuantity(String(expected))) === 0;
    } catch {
      return String(actual) === String(expected);
    }
  }
  return JSON.stringify(actual) === JSON.stringify(expected);
}

const dig = (o: any, dotted: string) =>
  dotted.split('.').reduce((v, k) => (v === undefined || v === null ? undefined : v[k]), o);

/** A value such as "Running (container repeatedly killed)" means its first word. */
const leading = (v: unknown) => (typeof v === 'string' ? v.split(' (')[0]! : v);

function findObject(c: SimCluster, kind: string, name: string, namespace?: string): any {
  const t = c.registry.lookup(kind);
  if (!t) return undefined;
  if (!t.namespaced) return c.state.get(t.group, t.kind, '', name);
  if (namespace) return c.state.get(t.group, t.kind, namespace, name);
  return c.state.list(t.group, t.kind).find((o) => o.metadata.name === name);
}

function podsOf(ctx: CheckContext, namespace: string, includeTerminating = false): any[] {
  return ctx.c
    .pods(namespace)
    .filter(
      (p) =>
        !ctx.bootstrapUids.has(p.metadata.uid) &&
        (includeTerminating || !p.metadata.deletionTimestamp),
    );
}

const statusCell = (ctx: CheckContext, pod: any) => String(printPod(pod, ctx.c.now).cells[2]);
const readyCell = (ctx: CheckContext, pod: any) => String(printPod(pod, ctx.c.now).cells[1]);
const restartCount = (pod: any) =>
  (pod.status?.containerStatuses ?? []).reduce((n: number, s: any) => n + (s.restartCount ?? 0), 0);

function checkPods(ctx: CheckContext, exp: any, ns: string, out: string[]): void {
  const all = podsOf(ctx, ns, true);
  const pods = podsOf(ctx, ns);
  const names = pods.map((p) => p.metadata.name).sort();
  const say = (m: string) => out.push(`pods: ${m} (pods: ${names.join(', ') || 'none'})`);
  if (exp.count !== undefined && pods.length !== exp.count) say(`expected ${exp.count}`);
  if (exp.total_created !== undefined && all.length < exp.total_created)
    say(`expected ${exp.total_created} created, saw ${all.length}`);
  if (exp.names && JSON.stringify(names) !== JSON.stringify([...exp.names].sort()))
    say(`expected names ${exp.names.join(', ')}`);
  if (exp.name_pattern) {
    const re = new RegExp(exp.name_pattern);
    const bad = pods.filter((p) => !re.test(p.metadata.name));
    if (bad.length || !pods.length) say(`names must match ${exp.name_pattern}`);
  }
  for (const p of pods) {
    const n = p.metadata.name;
    if (exp.phase && p.status?.phase !== leading(exp.phase))
      say(`${n} phase ${p.status?.phase}, expected ${leading(exp.phase)}`);
    if (exp.kubectl_status && statusCell(ctx, p) !== exp.kubectl_status)
      say(`${n} STATUS ${statusCell(ctx, p)}, expected ${exp.kubectl_status}`);
    if (exp.ready && readyCell(ctx, p) !== exp.ready)
      say(`${n} READY ${readyCell(ctx, p)}, expected ${exp.ready}`);
    if (typeof exp.restarts === 'number' && restartCount(p) !== exp.restarts)
      say(`${n} restarts ${restartCount(p)}, expected ${exp.restarts}`);
    if (exp.restarts === 'increasing' && restartCount(p) < 2)
      say(`${n} restarts ${restartCount(p)}, expected them to keep increasing`);
    if (exp.qosClass && p.status?.qosClass !== exp.qosClass)
      say(`${n} qosClass ${p.status?.qosClass}, expected ${exp.qosClass}`);
    if (exp.nodeName === null && p.spec?.nodeName) say(`${n} bound to ${p.spec.nodeName}`);
    for (const l of exp.labels ?? []) {
      const [k, v] = l.split('=');
      if (p.metadata.labels?.[k] !== v) say(`${n} lacks label ${l}`);
    }
    if (exp.kubectl_status_sequence) {
      const seen = ctx.statusSeen.get(p.metadata.uid) ?? [];
      let i = 0;
      for (const s of seen) if (s === exp.kubectl_status_sequence[i]) i++;
      if (i < exp.kubectl_status_sequence.length)
        say(
          `${n} STATUS went ${seen.join(' -> ')}, expected ${exp.kubectl_status_sequence.join(' -> ')}`,
        );
    }
  }
  if (exp.one_per_node) {
    const nodes = ctx.c.list('nodes').length;
    const on = new Set(pods.map((p) => p.spec?.nodeName));
    if (on.size !== pods.length || pods.length !== nodes)
      say(`expected one pod on each of ${nodes} nodes`);
  }
}

function checkContainers(ctx: CheckContext, exp: any, ns: string, out: string[]): void {
  const pods = podsOf(ctx, ns);
  for (const [rawName, want] of Object.entries<any>(exp)) {
    const name = rawName.split(' (')[0]!;
    const pod = pods.find((p) =>
      [...(p.spec?.containers ?? []), ...(p.spec?.initContainers ?? [])].some(
        (x: any) => x.name === name,
      ),
    );
    if (!pod) {
      out.push(`containers: no pod has a container ${name}`);
      continue;
    }
    if (typeof want !== 'object') continue; // prose
    const spec = [...(pod.spec.containers ?? []), ...(pod.spec.initContainers ?? [])].find(
      (x: any) => x.name === name,
    );
    const st = [
      ...(pod.status?.containerStatuses ?? []),
      ...(pod.status?.initContainerStatuses ?? []),
    ].find((x: any) => x.name === name);
    for (const [field, value] of Object.entries<any>(want)) {
      if (field === 'resources') {
        for (const kind of ['requests', 'limits'])
          for (const [r, q] of Object.entries<any>(value[kind] ?? {}))
            if (!sameValue(spec.resources?.[kind]?.[r], q))
              out.push(
                `containers: ${name} ${kind}.${r} is ${spec.resources?.[kind]?.[r]}, expected ${q}`,
              );
      } else if (field === 'exitCode') {
        const code = st?.state?.terminated?.exitCode ?? st?.lastState?.terminated?.exitCode;
        if (code !== value) out.push(`containers: ${name} exit code ${code}, expected ${value}`);
      } else if (!sameValue(dig(st, field), value))
        out.push(
          `containers: ${name} ${field} is ${JSON.stringify(dig(st, field))}, expected ${value}`,
        );
    }
  }
}

function readyEndpoints(c: SimCluster, ns: string, name: string): number {
  const ep: any = c.get('endpoints', ns, name);
  return (ep?.subsets ?? []).reduce((n: number, s: any) => n + (s.addresses ?? []).length, 0);
}

function checkService(ctx: CheckContext, svc: any, want: any, out: string[], at: string): void {
  const ns = svc.metadata.namespace;
  for (const [field, value] of Object.entries<any>(want)) {
    if (field === 'type') {
      const actual = svc.spec.clusterIP === 'None' ? 'headless' : svc.spec.type;
      if (actual !== value) out.push(`${at}: type ${actual}, expected ${value}`);
    } else if (field === 'ports') {
      const ports: any[] = svc.spec.ports ?? [];
      const text = ports.map((p) =>
        p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol}` : `${p.port}/${p.protocol}`,
      );
      const ok = value.every((v: any, i: number) => {
        if (typeof v === 'number') return ports.some((p) => p.port === v);
        const m = /^(\d+):<(\d+)-(\d+)>\/(\w+)$/.exec(v);
        if (m)
          return ports.some(
            (p) =>
              p.port === Number(m[1]) &&
              p.nodePort >= Number(m[2]) &&
              p.nodePort <= Number(m[3]) &&
              p.protocol === m[4],
          );
        return text[i] === v;
      });
      if (!ok) out.push(`${at}: ports ${text.join(',')}, expected ${value.join(',')}`);
    } else if (field === 'endpoints' || field === 'endpoints_when_ready') {
      const n = readyEndpoints(ctx.c, ns, svc.metadata.name);
      if (n !== value) out.push(`${at}: ${n} ready endpoints, expected ${value}`);
    } else if (field === 'external_ip') {
      const ingress = svc.status?.loadBalancer?.ingress ?? [];
      if (String(value).startsWith('<pending>') && ingress.length)
        out.push(`${at}: has an external IP, expected <pending>`);
    }
  }
}

/** A status (or spec) field of a workload, as kubectl and expected.json name it. */
function workloadField(o: any, field: string): unknown {
  if (field.includes('.')) return dig(o, field);
  if (field === 'replicas') return o.spec?.replicas;
  if (o.status && field in o.status) return o.status[field];
  if (o.spec && field in o.spec) return o.spec[field];
  return 0; // omitted counters are zero
}

function checkConditions(conds: any[], want: Record<string, any>, at: string, out: string[]): void {
  for (const [type, w] of Object.entries(want)) {
    const cond = conds.find((x) => x.type === type);
    const status = typeof w === 'string' ? w : w.status;
    if (!cond || cond.status !== status) {
      out.push(`${at}: condition ${type} is ${cond?.status ?? 'absent'}, expected ${status}`);
      continue;
    }
    if (typeof w === 'object') {
      if (w.reason && cond.reason !== w.reason)
        out.push(`${at}: condition ${type} reason ${cond.reason}, expected ${w.reason}`);
      if (w.message && cond.message !== w.message)
        out.push(
          `${at}: condition ${type} message ${JSON.stringify(cond.message)}, expected ${JSON.stringify(w.message)}`,
        );
      if (w.message_contains && !String(cond.message ?? '').includes(w.message_contains))
        out.push(
          `${at}: condition ${type} message ${JSON.stringify(cond.message)} lacks ${JSON.stringify(w.message_contains)}`,
        );
    }
  }
}

function checkObject(
  ctx: CheckContext,
  key: string,
  want: any,
  ns: string | undefined,
  out: string[],
): void {
  const [kind, name] = key.split('/') as [string, string];
  const o =
    findObject(ctx.c, kind, name, want.namespace ?? undefined) ?? findObject(ctx.c, kind, name, ns);
  if (!o) {
    out.push(`${key}: not found`);
    return;
  }
  if (kind === 'service') return checkService(ctx, o, want, out, key);
  for (const [field, value] of Object.entries<any>(want)) {
    if (field === 'notes') continue;
    if (field === 'namespace') {
      if (o.metadata.namespace !== value) out.push(`${key}: namespace ${o.metadata.namespace}`);
    } else if (field === 'conditions') {
      checkConditions(o.status?.conditions ?? [], value, key, out);
    } else if (field === 'completions') {
      const actual = `${o.status?.succeeded ?? 0}/${o.spec?.completions ?? 1}`;
      if (actual !== value) out.push(`${key}: COMPLETIONS ${actual}, expected ${value}`);
    } else if (field === 'roleRef') {
      const actual = `${o.roleRef?.kind}/${o.roleRef?.name}`;
      if (actual !== value) out.push(`${key}: roleRef ${actual}, expected ${value}`);
    } else if (field === 'subjects') {
      const actual = (o.subjects ?? []).map((s: any) => `${s.kind}/${s.name}`);
      if (JSON.stringify(actual) !== JSON.stringify(value))
        out.push(`${key}: subjects ${actual.join(',')}`);
    } else if (field === 'hard' || field === 'used') {
      for (const [r, q] of Object.entries<any>(value))
        if (!sameValue(o.status?.[field]?.[r], q))
          out.push(`${key}: ${field}.${r} is ${o.status?.[field]?.[r]}, expected ${q}`);
    } else if (field === 'podSelector') {
      if (String(value).startsWith('{}') && Object.keys(o.spec?.podSelector ?? {}).length)
        out.push(`${key}: podSelector is not empty`);
    } else if (field === 'policyTypes') {
      if (JSON.stringify(o.spec?.policyTypes) !== JSON.stringify(value))
        out.push(`${key}: policyTypes ${JSON.stringify(o.spec?.policyTypes)}`);
    } else if (
      kind === 'poddisruptionbudget' &&
      (field === 'minAvailable' || field === 'maxUnavailable')
    ) {
      const actual = o.spec?.[field];
      if (value === 'N/A' ? actual !== undefined : !sameValue(actual, value))
        out.push(`${key}: ${field} ${actual}, expected ${value}`);
    } else {
      let expected = value;
      if (value && typeof value === 'object' && 'A' in value) expected = value.A; // 3 untainted nodes
      if (expected === '= desired') expected = o.status?.desiredNumberScheduled ?? 0;
      const actual = workloadField(o, field);
      if (!sameValue(actual, expected))
        out.push(`${key}: ${field} ${JSON.stringify(actual)}, expected ${expected}`);
    }
  }
}

const ACCESS_MODES: Record<string, string> = {
  ReadWriteOnce: 'RWO',
  ReadOnlyMany: 'ROX',
  ReadWriteMany: 'RWX',
  ReadWriteOncePod: 'RWOP',
};

function checkPvcs(ctx: CheckContext, want: Record<string, any>, ns: string, out: string[]): void {
  for (const [name, w] of Object.entries(want)) {
    const pvc: any = ctx.c.state
      .list('', 'PersistentVolumeClaim')
      .find((p) => p.metadata.name === name && (p.metadata.namespace === ns || true));
    if (!pvc) {
      out.push(`pvc ${name}: not found`);
      continue;
    }
    if (typeof w === 'string') {
      const [phase, size, modes] = w.split(' ');
      const actual = `${pvc.status?.phase} ${pvc.status?.capacity?.storage} ${(pvc.status?.accessModes ?? []).map((m: string) => ACCESS_MODES[m] ?? m).join(',')}`;
      if (actual !== `${phase} ${size} ${modes}`) out.push(`pvc ${name}: ${actual}, expected ${w}`);
      continue;
    }
    if (w.phase && pvc.status?.phase !== w.phase)
      out.push(`pvc ${name}: phase ${pvc.status?.phase}`);
    if (w.storageClassName && pvc.spec?.storageClassName !== w.storageClassName)
      out.push(`pvc ${name}: storageClassName ${pvc.spec?.storageClassName}`);
    if (w.events_contains) {
      const evs = ctx.c
        .events(pvc.metadata.namespace)
        .filter((e) => e.involvedObject?.uid === pvc.metadata.uid);
      if (!evs.some((e) => String(e.message).includes(w.events_contains)))
        out.push(`pvc ${name}: no event saying ${w.events_contains}`);
    }
  }
}

function checkEvents(ctx: CheckContext, want: any[], ns: string, out: string[]): void {
  const uids = new Set(podsOf(ctx, ns).map((p) => p.metadata.uid));
  const evs = ctx.c.events(ns).filter((e) => uids.has(e.involvedObject?.uid));
  for (const w of want)
    if (
      !evs.some(
        (e) => e.reason === w.reason && String(e.message).includes(w.message_contains ?? ''),
      )
    )
      out.push(
        `events: no ${w.reason} event saying ${JSON.stringify(w.message_contains)} (saw ${evs.map((e) => e.reason).join(', ')})`,
      );
}

function checkAuthz(ctx: CheckContext, want: Record<string, string>, out: string[]): void {
  for (const [cmd, answer] of Object.entries(want)) {
    const m = /^kubectl auth can-i (\S+) (\S+) --as (\S+) -n (\S+)$/.exec(cmd);
    if (!m) continue;
    const [, verb, resource, user, namespace] = m;
    const t = ctx.c.registry.lookup(resource!);
    const d = rbacAuthorize(ctx.c.state, {
      user: user!,
      verb: verb!,
      apiGroup: t?.group ?? '',
      resource: t?.plural ?? resource!,
      namespace,
    });
    if ((d.allowed ? 'yes' : 'no') !== answer)
      out.push(`${cmd}: ${d.allowed ? 'yes' : 'no'}, expected ${answer}`);
  }
}

function checkLogs(ctx: CheckContext, exp: any, ns: string, out: string[]): void {
  const pods = podsOf(ctx, ns);
  const svcIP = ctx.c.get('services', 'default', 'kubernetes')?.spec.clusterIP;
  const logs = pods.flatMap((p) => ctx.c.logs(ns, p.metadata.name)).join('\n');
  if (exp.logs_prefix && !logs.startsWith(exp.logs_prefix))
    out.push(`logs: ${JSON.stringify(logs.slice(0, 60))} do not start with ${exp.logs_prefix}`);
  for (const s of exp.logs_contain ?? []) {
    const want = String(s).replace('<kubernetes Service ClusterIP>', svcIP);
    if (!logs.includes(want)) out.push(`logs: lack ${JSON.stringify(want)}`);
  }
}

function checkFiles(
  ctx: CheckContext,
  want: Record<string, string>,
  ns: string,
  out: string[],
): void {
  const pod = podsOf(ctx, ns)[0];
  if (!pod) return void out.push('files: no pod');
  const files = Object.assign(
    {},
    ...(pod.spec.containers ?? []).map((x: any) => mountedFiles(ctx.c.state, pod, x)),
  );
  for (const [p, content] of Object.entries(want))
    if (files[p] !== content)
      out.push(`files: ${p} is ${JSON.stringify(files[p])}, expected ${JSON.stringify(content)}`);
}

/** The timeline of a probe example: its events, then at least one restart. */
function checkTimeline(ctx: CheckContext, timeline: any[], ns: string, out: string[]): void {
  const pods = podsOf(ctx, ns);
  const uids = new Set(pods.map((p) => p.metadata.uid));
  const evs = ctx.c.events(ns).filter((e) => uids.has(e.involvedObject?.uid));
  for (const step of timeline) {
    for (const text of step.events ?? []) {
      const [reason, message] = String(text).split(': ', 2) as [string, string | undefined];
      const words = reason.split(' ');
      const prefix = (message ?? words.slice(1).join(' ')).split(' ... ')[0]!.replace('...', '');
      if (!evs.some((e) => e.reason === words[0] && String(e.message).includes(prefix)))
        out.push(`timeline: no ${words[0]} event with ${JSON.stringify(prefix)}`);
    }
    if (
      typeof step.restarts === 'number' &&
      step.restarts > 0 &&
      !pods.some((p) => restartCount(p) >= step.restarts)
    )
      out.push(`timeline: expected ${step.restarts} restart(s) by ${step.t}`);
  }
}

/** Every difference between the cluster and an expectation block (empty when it holds). */
export function checkBlock(ctx: CheckContext, exp: any, namespace = 'default'): string[] {
  const out: string[] = [];
  const ns: string = exp.pods?.namespace ?? exp.namespace ?? namespace;
  for (const [key, value] of Object.entries<any>(exp)) {
    if (key.includes('/')) checkObject(ctx, key, value, ns, out);
    else if (key === 'pods') checkPods(ctx, value, ns, out);
    else if (key === 'containers') checkContainers(ctx, value, ns, out);
    else if (key === 'replicasets') {
      const sets = ctx.c.list('replicasets', ns);
      if (value.count !== undefined && sets.length !== value.count)
        out.push(`replicasets: ${sets.length}, expected ${value.count}`);
      for (const rs of sets)
        checkConditions(
          rs.status?.conditions ?? [],
          value.conditions ?? {},
          `replicaset/${rs.metadata.name}`,
          out,
        );
    } else if (key === 'pvcs') checkPvcs(ctx, value, ns, out);
    else if (key === 'events') checkEvents(ctx, value, ns, out);
    else if (key === 'conditions')
      for (const p of podsOf(ctx, ns))
        checkConditions(p.status?.conditions ?? [], value, `pod/${p.metadata.name}`, out);
    else if (key === 'authz') checkAuthz(ctx, value, out);
    else if (key === 'logs_prefix' || key === 'logs_contain') checkLogs(ctx, exp, ns, out);
    else if (key === 'files') checkFiles(ctx, value, ns, out);
    else if (key === 'timeline') checkTimeline(ctx, value, ns, out);
    else if (key === 'apply_output') {
      if (JSON.stringify(ctx.apply.lines) !== JSON.stringify(value))
        out.push(
          `apply printed ${JSON.stringify(ctx.apply.lines)}, expected ${JSON.stringify(value)}`,
        );
    }
    // apply/reason/message_contains are checked when applying; notes, effect, order and the
    // prose of alternative scenarios are documentation.
  }
  return [...new Set(out)];
}
