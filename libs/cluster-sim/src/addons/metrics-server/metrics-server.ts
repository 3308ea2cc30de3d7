// metrics-server (kubernetes-sigs/metrics-server, its scraper and storage): every 15 s
// (--metric-resolution) it scrapes each kubelet's resource metrics and serves the latest values
// as metrics.k8s.io PodMetrics and NodeMetrics. A container's CPU is a rate between two scrapes,
// so a pod shows up one resolution after its containers start. Here a scrape writes a sample
// only when it differs from the stored one, and the component wakes only while one will.
import { formatTime } from '@kubelab/apimachinery';
import { METRICS_GROUP } from '../../apis/metrics/metrics';
import type { Controller, ControllerContext } from '../../controllers/controller';
import { clusterNetwork, rememberProfile } from '../../network/kubelet-port';
import { jsonEqual } from '../../util/equal';
import { loadGenerators, loadKey, trafficLoads, type ServerLoad } from './load';
import { containerUsage, nodeOverhead, type Usage } from './usage-model';

export const METRIC_RESOLUTION_MS = 15_000;
const WINDOW = '15s';

const nanocores = (u: Usage) => `${Math.round(u.cpuMilli * 1_000_000)}n`;
const kibibytes = (u: Usage) => `${Math.round(u.memoryBytes / 1024)}Ki`;

/** When every container of the pod has run for one resolution: its first sample. */
function firstSampleAt(pod: any): number | undefined {
  if (pod.status?.phase !== 'Running' || pod.metadata.deletionTimestamp) return undefined;
  const statuses: any[] = pod.status?.containerStatuses ?? [];
  if (!statuses.length || statuses.length < (pod.spec?.containers ?? []).length) return undefined;
  let started = 0;
  for (const s of statuses) {
    const at = Date.parse(s.state?.running?.startedAt ?? '');
    if (Number.isNaN(at)) return undefined;
    started = Math.max(started, at);
  }
  return started + METRIC_RESOLUTION_MS;
}

interface Loads {
  servers: Map<string, ServerLoad>;
  clients: Map<string, number>;
}

interface PodSample {
  containers: { name: string; usage: { cpu: string; memory: string } }[];
  total: Usage;
}

/** A pod's sample as a scrape at `t` reads it. */
function podSample(pod: any, t: number, loads: Loads): PodSample {
  const total = { cpuMilli: 0, memoryBytes: 0 };
  const containers = (pod.spec?.containers ?? []).map((c: any) => {
    const k = loadKey(pod.metadata.namespace, pod.metadata.name, c.name);
    const u = containerUsage(pod, c, t, loads.servers.get(k), loads.clients.get(k) ?? 0);
    total.cpuMilli += u.cpuMilli;
    total.memoryBytes += u.memoryBytes;
    return { name: c.name, usage: { cpu: nanocores(u), memory: kibibytes(u) } };
  });
  return { containers, total };
}

function removeAll(ctx: ControllerContext): void {
  for (const kind of ['PodMetrics', 'NodeMetrics'])
    for (const o of ctx.state.list(METRICS_GROUP, kind)) ctx.api.forceRemove(o);
}

export const metricsServer: Controller = {
  name: 'metrics-server',
  reconcile(ctx) {
    // Containers' own requests (a load generator's wget) need this cluster's network settings.
    rememberProfile(ctx.state, ctx.profile);
    if (ctx.profile.metricsServer === false) {
      removeAll(ctx);
      return undefined;
    }
    const { now, state } = ctx;
    // The latest scrape is the one at `tick`. A reconcile rarely runs exactly on it (the worker
    // wakes a little late, or a write wakes it between scrapes): whatever the time, the stored
    // sample is the latest scrape's, written at the first reconcile that finds it missing.
    const tick = Math.floor(now / METRIC_RESOLUTION_MS) * METRIC_RESOLUTION_MS;
    const next = tick + METRIC_RESOLUTION_MS;
    let wake: number | undefined;
    const due = (t: number) => (wake = wake === undefined ? t : Math.min(wake, t));

    const pods = state.list('', 'Pod') as any[];
    const loads = trafficLoads(clusterNetwork(state, ctx.profile, now), loadGenerators(pods));

    const nodeUsage = new Map<string, { now: Usage; next: Usage }>();
    const live = new Set<string>();
    for (const pod of pods) {
      const ns = pod.metadata.namespace;
      const first = firstSampleAt(pod);
      if (first === undefined) continue;
      const existing = state.get(METRICS_GROUP, 'PodMetrics', ns, pod.metadata.name) as any;
      const sample = podSample(pod, tick, loads);
      const later = podSample(pod, next, loads);
      if (pod.spec?.nodeName) {
        const n = nodeUsage.get(pod.spec.nodeName) ?? {
          now: { cpuMilli: 0, memoryBytes: 0 },
          next: { cpuMilli: 0, memoryBytes: 0 },
        };
        n.now.cpuMilli += sample.total.cpuMilli;
        n.now.memoryBytes += sample.total.memoryBytes;
        n.next.cpuMilli += later.total.cpuMilli;
        n.next.memoryBytes += later.total.memoryBytes;
        nodeUsage.set(pod.spec.nodeName, n);
      }
      if (first > tick && !existing) {
        due(Math.ceil(first / METRIC_RESOLUTION_MS) * METRIC_RESOLUTION_MS);
        continue;
      }
      live.add(`${ns}/${pod.metadata.name}`);
      // Usage that keeps changing (memory that grows) is scraped again at the next resolution.
      if (!jsonEqual(later.containers, sample.containers)) due(next);
      const labels = pod.metadata.labels;
      if (
        existing &&
        jsonEqual(existing.containers, sample.containers) &&
        jsonEqual(existing.metadata.labels, labels)
      )
        continue;
      write(ctx, existing, {
        apiVersion: `${METRICS_GROUP}/v1beta1`,
        kind: 'PodMetrics',
        metadata: { name: pod.metadata.name, namespace: ns, ...(labels ? { labels } : {}) },
        timestamp: formatTime(tick),
        window: WINDOW,
        containers: sample.containers,
      });
    }
    // Samples of pods that are gone go at once; of pods that stopped running, at the next scrape.
    for (const m of state.list(METRICS_GROUP, 'PodMetrics') as any[]) {
      if (live.has(`${m.metadata.namespace}/${m.metadata.name}`)) continue;
      const pod = state.get('', 'Pod', m.metadata.namespace, m.metadata.name);
      // Gone once a scrape after its last sample found it stopped.
      if (!pod || Date.parse(m.timestamp) < tick) ctx.api.forceRemove(m);
      else due(next);
    }

    for (const node of state.list('', 'Node') as any[]) {
      const created = Date.parse(node.metadata.creationTimestamp);
      const existing = state.get(METRICS_GROUP, 'NodeMetrics', '', node.metadata.name) as any;
      if (created + METRIC_RESOLUTION_MS > tick && !existing) {
        due(
          Math.ceil((created + METRIC_RESOLUTION_MS) / METRIC_RESOLUTION_MS) * METRIC_RESOLUTION_MS,
        );
        continue;
      }
      const overhead = nodeOverhead(node);
      const pods = nodeUsage.get(node.metadata.name);
      const at = (u: Usage | undefined) => {
        const total = {
          cpuMilli: overhead.cpuMilli + (u?.cpuMilli ?? 0),
          memoryBytes: overhead.memoryBytes + (u?.memoryBytes ?? 0),
        };
        return { cpu: nanocores(total), memory: kibibytes(total) };
      };
      const usage = at(pods?.now);
      if (!jsonEqual(at(pods?.next), usage)) due(next);
      if (existing && jsonEqual(existing.usage, usage)) continue;
      const labels = node.metadata.labels;
      write(ctx, existing, {
        apiVersion: `${METRICS_GROUP}/v1beta1`,
        kind: 'NodeMetrics',
        metadata: { name: node.metadata.name, ...(labels ? { labels } : {}) },
        timestamp: formatTime(tick),
        window: WINDOW,
        usage,
      });
    }
    for (const m of state.list(METRICS_GROUP, 'NodeMetrics') as any[])
      if (!state.get('', 'Node', '', m.metadata.name)) ctx.api.forceRemove(m);
    return wake;
  },
};

function write(ctx: ControllerContext, existing: any, body: any): void {
  if (!existing) {
    ctx.api.create(body);
    return;
  }
  ctx.api.mutate(existing, (m: any) => {
    m.metadata.labels = body.metadata.labels;
    if (!m.metadata.labels) delete m.metadata.labels;
    m.timestamp = body.timestamp;
    m.window = body.window;
    if (body.containers) m.containers = body.containers;
    if (body.usage) m.usage = body.usage;
  });
}
