import { SimCluster, printTable, reconcileCluster } from '../src';
import { podMetricsType } from '../src/apis/metrics/metrics';
import { metricsServer } from '../src/addons/metrics-server/metrics-server';
import { deployment } from './helpers';

// metrics.k8s.io as metrics-server serves it here: a pod's usage one resolution (15 s) after its
// containers start, nodes' usage with their pods', CPU held at the limit under load, samples gone
// with their pods — and no samples at all when the profile has no metrics-server.

let seeds = 0;
const cluster = (profile = {}) => new SimCluster({ seed: `metrics-${seeds++}`, profile });

const LOAD = (target: string) => `apiVersion: v1
kind: Pod
metadata: {name: load}
spec:
  containers:
  - name: load
    image: busybox:1.36
    command: [sh, -c, "while true; do wget -q -O- http://${target}; done"]`;

describe('PodMetrics', () => {
  it('appears one resolution after the pod\u2019s containers start, with the pod\u2019s labels', () => {
    const c = cluster();
    c.apply(deployment('web', { replicas: 1 }));
    c.runUntil(() => c.pods().some((p) => p.status.phase === 'Running'));
    const pod = c.pods()[0];
    expect(c.get('podmetrics', 'default', pod.metadata.name)).toBeUndefined();
    c.advance(30_000);
    const m = c.get('podmetrics', 'default', pod.metadata.name);
    const shown = podMetricsType.storedAs!.fromStored(m);
    expect(shown).toEqual({
      kind: 'PodMetrics',
      apiVersion: 'metrics.k8s.io/v1beta1',
      metadata: {
        name: pod.metadata.name,
        namespace: 'default',
        creationTimestamp: m.timestamp,
        labels: pod.metadata.labels,
      },
      timestamp: m.timestamp,
      window: '15s',
      containers: [
        {
          name: 'main',
          usage: { cpu: expect.stringMatching(/^\d+n$/), memory: expect.stringMatching(/^\d+Ki$/) },
        },
      ],
    });
    expect(Date.parse(m.timestamp) % 15_000).toBe(0);
    const cells = printTable([shown], { group: 'metrics.k8s.io', kind: 'PodMetrics', now: c.now })
      .rows[0]!.cells;
    expect(cells[0]).toBe(pod.metadata.name);
    expect(cells[3]).toBe('15s');
  });

  it('goes away with its pod', () => {
    const c = cluster();
    c.apply(deployment('web', { replicas: 1 }));
    c.advance(60_000);
    const name = c.pods()[0].metadata.name;
    expect(c.get('podmetrics', 'default', name)).toBeDefined();
    c.delete('deploy', 'default', 'web');
    c.advance(60_000);
    expect(c.list('podmetrics', 'default')).toEqual([]);
  });

  it('rises with the requests a Service receives, and is held at the CPU limit', () => {
    const c = cluster();
    c.apply(
      deployment('web', {
        replicas: 1,
        extra: '        resources: {requests: {cpu: 50m}, limits: {cpu: 100m}}',
      }).replace('image: nginx:1.27', 'image: registry.k8s.io/hpa-example'),
    );
    c.apply(`apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 80}]}`);
    c.advance(60_000);
    const cpu = () => {
      const m = c
        .list('podmetrics', 'default')
        .find((x: any) => x.metadata.name.startsWith('web-'));
      return Number(m.containers[0].usage.cpu.replace('n', '')) / 1e6;
    };
    expect(cpu()).toBeLessThan(2);
    c.apply(LOAD('web'));
    c.advance(60_000);
    expect(cpu()).toBe(100);
  });

  it('is never there without a metrics-server', () => {
    const c = cluster({ metricsServer: false });
    c.apply(deployment('web', { replicas: 1 }));
    c.advance(2 * 60_000);
    expect(c.list('podmetrics')).toEqual([]);
    expect(c.list('nodemetrics')).toEqual([]);
  });
});

describe('NodeMetrics', () => {
  it('gives every node its daemons\u2019 and pods\u2019 usage', () => {
    const c = cluster();
    c.advance(30_000);
    const nodes = c.list('nodemetrics');
    expect(nodes.map((n: any) => n.metadata.name)).toEqual([
      'kubelab-control-plane',
      'kubelab-worker',
      'kubelab-worker2',
    ]);
    const cp = nodes[0];
    // etcd, the API server, controller-manager and scheduler run on the control plane.
    expect(Number(cp.usage.cpu.replace('n', ''))).toBeGreaterThan(
      Number(nodes[1].usage.cpu.replace('n', '')),
    );
    expect(cp.metadata.labels['node-role.kubernetes.io/control-plane']).toBe('');
  });
});

describe('metrics-server wake-ups', () => {
  it('stops waking up once every sample is current', () => {
    const c = cluster();
    c.apply(deployment('web', { replicas: 2 }));
    c.advance(2 * 60_000);
    const r = reconcileCluster({
      state: c.state,
      core: c.sim.core,
      profile: c.profile,
      now: c.now,
      seed: c.seed,
      controllers: [metricsServer],
    });
    expect(r.wakeAt).toBeUndefined();
    expect(r.changes).toBe(0);
  });
});
