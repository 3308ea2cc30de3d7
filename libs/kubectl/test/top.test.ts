import { SimCluster } from '@kubelab/cluster-sim';
import { KubectlSession, bufferIO, runKubectl } from '../src';
import { simTransport } from './sim-transport';

// kubectl top pod and top node against a simulated cluster whose metrics-server reports usage.

jest.setTimeout(60_000);

function kubectl(c: SimCluster) {
  const { transport } = simTransport(c);
  const session = new KubectlSession({ transport, now: () => c.now });
  return async (line: string) => {
    const b = bufferIO();
    const code = await runKubectl(line.split(/\s+/).filter(Boolean), { session, io: b.io });
    return { code, out: b.stdout, err: b.stderr };
  };
}

const nginx = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: nginx, image: nginx:1.27}]}`;

describe('kubectl top', () => {
  it('lists pods with CPU(cores) and MEMORY(bytes) once metrics-server has sampled them', async () => {
    const c = new SimCluster();
    c.apply(nginx);
    const k = kubectl(c);
    c.advance(10_000);
    // Running, but not sampled yet.
    expect(await k('top pods')).toEqual({
      code: 1,
      out: '',
      err: 'error: metrics not available yet\n',
    });
    c.advance(60_000);
    const r = await k('top pods');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n').filter(Boolean);
    expect(lines[0]).toMatch(/^NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)\s+$/);
    expect(lines).toHaveLength(3);
    for (const l of lines.slice(1))
      expect(l).toMatch(/^web-[a-z0-9]+-[a-z0-9]{5}\s+\d+m\s+\d+Mi\s+$/);
  });

  it('shows nodes with their share of allocatable CPU and memory', async () => {
    const c = new SimCluster();
    c.advance(30_000);
    const r = await kubectl(c)('top nodes');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n').filter(Boolean);
    expect(lines[0]).toMatch(/^NAME\s+CPU\(cores\)\s+CPU\(%\)\s+MEMORY\(bytes\)\s+MEMORY\(%\)\s+$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0])).toEqual([
      'kubelab-control-plane',
      'kubelab-worker',
      'kubelab-worker2',
    ]);
    expect(lines[1]).toMatch(/^kubelab-control-plane\s+\d+m\s+\d+%\s+\d+Mi\s+\d+%\s+$/);
  });

  it('names a pod without metrics the way metrics-server does', async () => {
    const c = new SimCluster();
    c.advance(30_000);
    expect(await kubectl(c)('top pod nope')).toEqual({
      code: 1,
      out: '',
      err: 'Error from server (NotFound): podmetrics.metrics.k8s.io "default/nope" not found\n',
    });
  });

  it('answers with containers and across namespaces', async () => {
    const c = new SimCluster();
    c.advance(60_000);
    const r = await kubectl(c)('top pods -A --containers');
    const lines = r.out.split('\n').filter(Boolean);
    expect(lines[0]).toMatch(/^NAMESPACE\s+POD\s+NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)\s+$/);
    expect(
      lines.some((l) => /^kube-system\s+etcd-kubelab-control-plane\s+etcd\s+\d+m\s+\d+Mi/.test(l)),
    ).toBe(true);
  });

  it('says metrics are missing for old pods when metrics-server is not installed', async () => {
    const c = new SimCluster({ profile: { metricsServer: false } });
    c.advance(3 * 60_000);
    const r = await kubectl(c)('top pods -n kube-system');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /^error: Metrics not available for pod kube-system\/\S+, age: 3m0(\.\d+)?s\n$/,
    );
  });
});

describe('kubectl autoscale', () => {
  it('creates an autoscaling/v1 HPA for a Deployment, as the HPA walkthrough does', async () => {
    const c = new SimCluster();
    c.apply(nginx);
    const k = kubectl(c);
    expect(await k('autoscale deployment web --cpu-percent=50 --min=1 --max=10')).toEqual({
      code: 0,
      out: 'horizontalpodautoscaler.autoscaling/web autoscaled\n',
      err: '',
    });
    const hpa = c.get('hpa', 'default', 'web');
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 1,
      maxReplicas: 10,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
        },
      ],
    });
    expect(await k('autoscale deployment web --max=0')).toEqual({
      code: 1,
      out: '',
      err: 'error: --max=MAXPODS is required and must be at least 1, max: 0\n',
    });
  });
});
