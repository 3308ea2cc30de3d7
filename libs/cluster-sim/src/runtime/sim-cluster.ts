import { parseAllDocuments } from 'yaml';
import { StatusError, type KubeObject } from '@kubelab/apimachinery';
import type { DeleteOptions, RequestOptions } from '../apiserver/api-server';
import type { Machinery } from '../apiserver/machinery';
import { bootstrapObjects } from '../bootstrap/cluster-bootstrap';
import type { ContainerRecord, PodRuntimeObject } from '../kubelet/runtime-record';
import { execInContainer, keepExecWrites, type ExecResult } from '../kubelet/exec';
import { containerLogLines } from '../kubelet/logs';
import { resolveProfile, type ClusterProfile } from '../profile/cluster-profile';
import type { ResourceType } from '../registry/resource-type';
import { ClusterState } from '../state/cluster-state';
import { hashString, seededRandom } from '../util/random';
import { reconcileCluster, type ReconcileResult } from './controller-manager';
import { createSimulation, type Simulation } from './simulation';

// A whole simulated cluster in memory, on its own virtual clock: what unit and scenario tests,
// benchmarks and fast-forwards drive. The platform's worker runs the same reconcile against
// Postgres instead.

export interface SimClusterOptions {
  profile?: Partial<ClusterProfile>;
  /** Virtual start time (ms). */
  start?: number;
  seed?: string;
  machinery?: Machinery;
}

export class SimCluster {
  readonly sim: Simulation;
  readonly state: ClusterState;
  readonly profile: ClusterProfile;
  readonly seed: string;
  now: number;
  private requestCount = 0;

  constructor(opts: SimClusterOptions = {}) {
    this.sim = createSimulation(opts.machinery);
    this.profile = resolveProfile(opts.profile);
    this.seed = opts.seed ?? 'sim';
    this.now = opts.start ?? Date.parse('2026-01-05T09:00:00Z');
    this.state = new ClusterState();
    for (const o of bootstrapObjects(this.profile, this.now, this.seed)) {
      const type = this.typeOf(o);
      this.sim.core.create(this.state, type, o.metadata.namespace, o, {
        ...this.requestOptions(),
        trusted: true,
        fieldManager: 'kube-apiserver',
      });
    }
    this.reconcile();
  }

  get registry() {
    return this.sim.registry;
  }

  private typeOf(o: KubeObject): ResourceType {
    const t = this.registry.forApiVersion(o.apiVersion, o.kind);
    if (!t)
      throw new StatusError(
        404,
        'NotFound',
        `no matches for kind "${o.kind}" in version "${o.apiVersion}"`,
      );
    return t;
  }

  /** A kind by what a user would type: "pods", "deploy", "Deployment", "deployments.apps". */
  type(name: string): ResourceType {
    const t = this.registry.lookup(name);
    if (!t) throw new Error(`the server doesn't have a resource type "${name}"`);
    return t;
  }

  requestOptions(extra: Partial<RequestOptions> = {}): RequestOptions {
    this.requestCount++;
    return {
      now: this.now,
      random: seededRandom(
        hashString(`${this.seed}/req/${this.requestCount}/${this.state.resourceVersion}`),
      ),
      fieldManager: 'kubectl',
      ...extra,
    };
  }

  create(obj: KubeObject, extra: Partial<RequestOptions> = {}): KubeObject {
    const t = this.typeOf(obj);
    return this.sim.core.create(
      this.state,
      t,
      obj.metadata?.namespace ?? (t.namespaced ? 'default' : undefined),
      obj,
      this.requestOptions(extra),
    ).object;
  }

  /** kubectl apply, in short: create when missing, otherwise merge the manifest in. */
  apply(input: KubeObject | string, extra: Partial<RequestOptions> = {}): KubeObject[] {
    const docs = typeof input === 'string' ? parseManifests(input) : [input];
    return docs.map((doc) => {
      // A kind served as a view of another (autoscaling/v1 HPAs) is written in its stored form, as the API does.
      const served = this.typeOf(doc);
      const o = served.storedAs ? served.storedAs.toStored(doc) : doc;
      const t = served.storedAs
        ? this.registry.forKind(served.storedAs.group, served.storedAs.kind)!
        : served;
      const ns = t.namespaced ? (o.metadata.namespace ?? 'default') : '';
      const existing = this.state.get(t.group, t.kind, ns, o.metadata.name);
      if (!existing)
        return this.sim.core.create(
          this.state,
          t,
          ns || undefined,
          o,
          this.requestOptions({ fieldManager: 'kubectl-client-side-apply', ...extra }),
        ).object;
      return this.sim.core.patch(
        this.state,
        t,
        ns,
        o.metadata.name,
        'strategic',
        o,
        this.requestOptions({ fieldManager: 'kubectl-client-side-apply', ...extra }),
      ).object;
    });
  }

  get(kind: string, namespace: string, name: string): any {
    const t = this.type(kind);
    return this.state.get(t.group, t.kind, t.namespaced ? namespace : '', name);
  }

  list(kind: string, namespace?: string): any[] {
    const t = this.type(kind);
    return this.state.list(t.group, t.kind, namespace);
  }

  patch(
    kind: string,
    namespace: string,
    name: string,
    patch: unknown,
    type: 'merge' | 'strategic' | 'json' = 'merge',
  ): KubeObject {
    return this.sim.core.patch(
      this.state,
      this.type(kind),
      namespace,
      name,
      type,
      patch,
      this.requestOptions(),
    ).object;
  }

  delete(kind: string, namespace: string, name: string, options: DeleteOptions = {}): void {
    this.sim.core.delete(
      this.state,
      this.type(kind),
      namespace,
      name,
      options,
      this.requestOptions(),
    );
  }

  /** Runs every controller at the current virtual time until nothing changes. */
  reconcile(): ReconcileResult {
    return reconcileCluster({
      state: this.state,
      core: this.sim.core,
      profile: this.profile,
      now: this.now,
      seed: this.seed,
    });
  }

  /**
   * Moves the clock forward by `ms`, waking the controllers at every time they asked for, as
   * the worker's timers do.
   */
  advance(ms: number): void {
    const target = this.now + ms;
    for (let i = 0; i < 100_000; i++) {
      const r = this.reconcile();
      if (r.wakeAt === undefined || r.wakeAt > target) break;
      this.now = Math.max(this.now, r.wakeAt);
    }
    this.now = target;
    this.reconcile();
  }

  /** Advances until `done()` holds, checking at every wake-up; fails after `maxMs` of virtual time. */
  runUntil(done: () => boolean, maxMs = 10 * 60_000, onStep?: () => void): number {
    const start = this.now;
    for (let i = 0; i < 100_000; i++) {
      const r = this.reconcile();
      onStep?.();
      if (done()) return this.now - start;
      const next = r.wakeAt ?? this.now + 1000;
      if (next - start > maxMs) break;
      this.now = Math.max(this.now + 1, next);
    }
    if (done()) return this.now - start;
    throw new Error(`condition not reached within ${maxMs / 1000}s of virtual time`);
  }

  pods(namespace = 'default'): any[] {
    return this.list('pods', namespace);
  }

  events(namespace?: string): any[] {
    return [...this.list('events', namespace)].sort(
      (a: any, b: any) =>
        Date.parse(a.lastTimestamp ?? a.eventTime) - Date.parse(b.lastTimestamp ?? b.eventTime),
    );
  }

  /** A container's log lines (the current instance, or the previous one). */
  logs(namespace: string, pod: string, container?: string, previous = false): string[] {
    const rt = this.state.get('sim.kubelab.io', 'PodRuntime', namespace, pod) as
      PodRuntimeObject | undefined;
    if (!rt) return [];
    const c: ContainerRecord | undefined = container
      ? rt.record.containers.find((x) => x.name === container)
      : rt.record.containers.find((x) => !x.init);
    if (!c) return [];
    // Computed from the container's image at the current time (kubelet/logs.ts).
    const p = this.get('pods', namespace, pod);
    if (!p) return [];
    return containerLogLines(
      p,
      rt.record,
      c.name,
      previous,
      this.now,
      this.state,
      this.profile.clusterDomain,
    )
      .filter((l) => l.t <= this.now)
      .map((l) => l.line);
  }

  /** `kubectl exec`: runs argv in the container now; what it writes is kept. */
  exec(namespace: string, pod: string, argv: string[], container?: string): ExecResult {
    const p = this.get('pods', namespace, pod);
    const name = container ?? p.spec.containers[0].name;
    const r = execInContainer(this.state, p, name, argv, this.now, this.profile.clusterDomain);
    keepExecWrites(this.sim.core, this.state, p, name, r.writes, this.now);
    this.reconcile();
    return r;
  }
}

/** Multi-document YAML, empty documents skipped; duplicate keys are refused as kubectl does. */
export function parseManifests(text: string): KubeObject[] {
  const docs = parseAllDocuments(text, { uniqueKeys: true });
  const out: KubeObject[] = [];
  for (const d of docs) {
    if (d.errors.length) throw new Error(d.errors[0]!.message);
    const v = d.toJS();
    if (v && typeof v === 'object') out.push(v as KubeObject);
  }
  return out;
}
