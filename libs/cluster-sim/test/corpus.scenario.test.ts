import { SimCluster, printPod } from '../src';
import {
  checkBlock,
  ensureNamespaces,
  kubectlApply,
  loadExpected,
  namespaceOf,
  loadIndex,
  readManifest,
  relPath,
  runPrereq,
  untaintControlPlane,
  type CheckContext,
  type Expectation,
  type IndexEntry,
} from './corpus-harness';

// The 388 manifests of the Kubernetes documentation (fixtures/corpus): each is applied to a fresh
// cluster as `kubectl apply -f` would; the ones a real 1.32 server refuses must be refused for
// the same reason, the others accepted, and the 30 with an entry in expected.json must reach
// what a real cluster shows (pods, status fields, events, conditions, logs).
//
// Files whose outcome depends on an area not built yet are listed in PENDING with the reason;
// they run as `it.failing`, so a pending file that starts passing fails the suite until it is
// taken off the list, and a passing file that regresses fails as any test does.

/** Known problems of the index that make a real server (or kubectl) refuse the file. */
const NOTE_REFUSALS: Record<string, string> = {
  'controllers/job-success-policy-example.yaml': 'resource name may not be empty',
  'pods/pod-with-node-affinity.yaml': 'requiredDuringSchedulingIgnoredDuringExecution',
  'secret/serviceaccount/mysecretname.yaml': 'annotations',
  'service/networking/dual-stack-ipv6-lb-svc.yaml': 'unknown field "spec.ipFamily"',
  'service/networking/dual-stack-ipv6-svc.yaml': 'unknown field "spec.ipFamily"',
};

/**
 * Files the index lists without a known problem that a real 1.32 server (or kubectl apply, which
 * validates strictly) refuses all the same, with what the refusal says and why.
 */
const OTHER_REFUSALS: Record<string, { contains: string; why: string }> = {
  'application/job/job-tmpl.yaml': {
    contains: 'metadata.name: Invalid value: "process-item-$ITEM"',
    why: 'a template for sed: $ITEM is not a valid name until expanded',
  },
  'concepts/policy/limit-range/problematic-limit-range.yaml': {
    contains: 'spec.limits[0].type: Invalid value: ""',
    why: 'its limit has no type, which ValidateLimitRange requires',
  },
  'deployments/deployment-with-capacity-reservation.yaml': {
    contains:
      'unknown field "spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].labelSelector"',
    why: 'labelSelector and topologyKey belong under podAffinityTerm',
  },
  'pods/emptydir-volume-mode.yaml': {
    contains: 'unknown field "spec.volumes[0].emptyDir.mode"',
    why: 'emptyDir.mode is newer than 1.32',
  },
  'pods/pod-with-numeric-toleration.yaml': {
    contains: 'spec.tolerations[0].operator: Unsupported value: "Gt"',
    why: 'numeric toleration operators are newer than 1.32',
  },
  'pods/security/security-context-7.yaml': {
    contains: 'unknown field "spec.containers[0].securityContext.cgroupOptions"',
    why: 'cgroupOptions is newer than 1.32',
  },
  'pods/storage/projected-podcertificate.yaml': {
    contains:
      'strict decoding error: unknown field "spec.volumes[0].projected.sources[0].podCertificate',
    why: 'podCertificate projections are newer than 1.32',
  },
  'policy/high-priority-pod.yaml': {
    contains: 'no PriorityClass with name high was found',
    why: 'it needs the PriorityClass "high" that its docs page creates first',
  },
  'policy/quota-vac.yaml': {
    contains: 'unsupported scope',
    why: 'the VolumeAttributesClass quota scope needs a feature gate that 1.32 leaves off',
  },
  'storage/storageclass/storageclass-topology.yaml': {
    contains: 'updates to provisioner are forbidden',
    why: 'like kind, the cluster already has a default StorageClass named standard',
  },
};

/** Files whose expected outcome is not reached yet, and why (the area that will bring it). */
const PENDING: Record<string, string> = {};

/** How long the clock runs before outcomes are checked, and how long they may take at most. */
const SETTLE_MS = 60_000;
const MAX_MS = 15 * 60_000;

function expectedRefusal(
  entry: IndexEntry,
  exp: Expectation | undefined,
): { contains?: string; reason?: string } | undefined {
  const file = relPath(entry);
  if (exp?.expect.apply === 'rejected')
    return { contains: exp.expect.message_contains, reason: exp.expect.reason };
  if (entry.flags.includes('yaml-parse-error')) return { reason: 'YamlError' };
  if (entry.flags.includes('missing-apiVersion'))
    return { contains: "Object 'apiVersion' is missing" };
  if (entry.flags.some((f) => f.startsWith('api-not-served:')))
    return { contains: 'no matches for kind' };
  if (file in NOTE_REFUSALS) return { contains: NOTE_REFUSALS[file] };
  if (file in OTHER_REFUSALS) return { contains: OTHER_REFUSALS[file]!.contains };
  return undefined;
}

/** Runs the clock until the block holds (after a settling minute), or says what differs. */
function settleAndCheck(ctx: CheckContext, block: any, label: string, namespace?: string): void {
  const { c } = ctx;
  let problems: string[] = [];
  const sample = () => {
    for (const p of c.state.list('', 'Pod') as any[]) {
      if (ctx.bootstrapUids.has(p.metadata.uid!)) continue;
      const seen = ctx.statusSeen.get(p.metadata.uid) ?? [];
      // The STATUS column, as `kubectl get pods -w` would have shown it.
      const cell = String(printPod(p, c.now).cells[2]);
      if (seen.at(-1) !== cell) seen.push(cell);
      ctx.statusSeen.set(p.metadata.uid, seen);
    }
  };
  try {
    // `kubectl get pods -w` starts with the state right after the apply.
    sample();
    // A settling minute first (advance wakes the controllers at every time they ask for), then
    // until the outcome holds.
    for (let t = 0; t < SETTLE_MS; t += 5_000) {
      c.advance(5_000);
      sample();
    }
    c.runUntil(
      () => {
        problems = checkBlock(ctx, block, namespace);
        return problems.length === 0;
      },
      MAX_MS,
      sample,
    );
  } catch {
    throw new Error(`${label}: not reached in ${MAX_MS / 60_000} min:\n  ${problems.join('\n  ')}`);
  }
}

const SCENARIO_KEYS = ['without_labelled_node', 'with_labelled_node', 'after_gates_removed'];

function checkOutcomes(ctx: CheckContext, exp: Expectation): void {
  const { c } = ctx;
  const e = exp.expect;
  const main: any = Object.fromEntries(
    Object.entries(e).filter(([k]) => !SCENARIO_KEYS.includes(k)),
  );
  Object.assign(main, e.without_labelled_node ?? {});
  const ns = namespaceOf(exp);
  settleAndCheck(ctx, main, exp.file, ns);
  if (e.with_labelled_node) {
    c.patch('nodes', '', 'kubelab-worker', { metadata: { labels: { disktype: 'ssd' } } });
    settleAndCheck(ctx, e.with_labelled_node, `${exp.file} (node labelled disktype=ssd)`, ns);
  }
  if (e.after_gates_removed) {
    for (const p of c.pods())
      if (p.spec.schedulingGates)
        c.patch(
          'pods',
          'default',
          p.metadata.name,
          [{ op: 'remove', path: '/spec/schedulingGates' }],
          'json',
        );
    settleAndCheck(ctx, e.after_gates_removed, `${exp.file} (gates removed)`, ns);
  }
  if (typeof e.after_labelling === 'string' && /ssd=true/.test(e.after_labelling)) {
    c.patch('nodes', '', 'kubelab-worker2', { metadata: { labels: { ssd: 'true' } } });
    settleAndCheck(
      ctx,
      { pods: { count: 1, name_pattern: '^nginx-ssd-[bcdfghjklmnpqrstvwxz2456789]{5}$' } },
      `${exp.file} (node labelled ssd=true)`,
    );
    const [pod] = c.pods();
    expect(pod.spec.nodeName).toBe('kubelab-worker2');
  }
}

function checkFile(entry: IndexEntry, exp: Expectation | undefined): void {
  const file = relPath(entry);
  const c = new SimCluster();
  const bootstrapUids = new Set(c.state.list('', 'Pod').map((p) => p.metadata.uid!));
  const text = readManifest(file);
  if (exp) {
    // The cluster expected.json assumes: three untainted nodes (README), and the prerequisites.
    untaintControlPlane(c);
    for (const p of exp.prereqs ?? []) runPrereq(c, p);
  } else ensureNamespaces(c, text, file);
  // What happens between two commands: a new namespace gets its default ServiceAccount.
  c.reconcile();
  // The docs apply into the namespace their page created (`kubectl apply -f ... -n <ns>`).
  const apply = kubectlApply(c, text, file, exp && namespaceOf(exp));
  const refusal = expectedRefusal(entry, exp);
  if (refusal) {
    if (apply.ok)
      throw new Error(
        `accepted, but a 1.32 server refuses it (${refusal.contains ?? refusal.reason})`,
      );
    const messages = apply.errors.map((e) => e.message);
    if (refusal.contains && !messages.some((m) => m.includes(refusal.contains!)))
      throw new Error(
        `refused, but not because of ${JSON.stringify(refusal.contains)}:\n  ${messages.join('\n  ')}`,
      );
    if (refusal.reason && !apply.errors.some((e) => e.reason === refusal.reason))
      throw new Error(
        `refused with ${apply.errors.map((e) => e.reason).join(', ')}, expected ${refusal.reason}`,
      );
    return;
  }
  if (!apply.ok) throw new Error(`refused:\n  ${apply.errors.map((e) => e.message).join('\n  ')}`);
  // The controllers take it in without failing.
  c.reconcile();
  if (exp) checkOutcomes({ c, bootstrapUids, statusSeen: new Map(), apply }, exp);
}

const index = loadIndex().filter((e) => e.scope === 'in');
const expected = new Map(loadExpected().map((e) => [e.file, e]));

describe('the documentation corpus, applied as kubectl apply -f would', () => {
  for (const entry of index) {
    const file = relPath(entry);
    const exp = expected.get(file);
    const name = exp ? `${file} (expected outcome)` : file;
    if (PENDING[file])
      it.failing(`${name} — pending: ${PENDING[file]}`, () => checkFile(entry, exp));
    else it(name, () => checkFile(entry, exp));
  }

  it('lists only files of the corpus as pending', () => {
    const files = new Set(index.map(relPath));
    expect(Object.keys(PENDING).filter((f) => !files.has(f))).toEqual([]);
  });
});
