import { SimCluster, printPod } from '../src';
import { containerUsage } from '../src/kubelet/usage';
import { readManifest, runPrereq } from './corpus-harness';

// Requests and limits as a learner meets them: OOMKilled and its back-off, CPU throttled at the
// limit in the usage the metrics read, QoS classes.

const cs = (c: SimCluster, ns: string, name: string, i = 0) =>
  c.get('pods', ns, name)?.status?.containerStatuses?.[i];
const cell = (c: SimCluster, ns: string, name: string) =>
  printPod(c.get('pods', ns, name), c.now).cells[2];
const withNs = (c: SimCluster, ns: string) => {
  runPrereq(c, `kubectl create namespace ${ns}`);
  c.reconcile();
};

describe('memory limits', () => {
  it('OOMKills stress allocating 250M under a 100Mi limit, then backs off (memory-request-limit-2)', () => {
    const c = new SimCluster();
    withNs(c, 'mem-example');
    c.apply(readManifest('pods/resource/memory-request-limit-2.yaml'));
    const seen: string[] = [];
    c.runUntil(
      () => cs(c, 'mem-example', 'memory-demo-2')?.restartCount >= 3,
      5 * 60_000,
      () => {
        const s = String(cell(c, 'mem-example', 'memory-demo-2'));
        if (seen.at(-1) !== s) seen.push(s);
      },
    );
    // As `kubectl get pods -w` shows it: created, killed, backing off.
    const order = ['ContainerCreating', 'OOMKilled', 'CrashLoopBackOff'].map((x) =>
      seen.indexOf(x),
    );
    expect(order.every((i, k) => i >= 0 && (k === 0 || i > order[k - 1]!))).toBe(true);
    const s = cs(c, 'mem-example', 'memory-demo-2');
    expect(s.lastState.terminated).toMatchObject({ reason: 'OOMKilled', exitCode: 137 });
    expect(c.get('pods', 'mem-example', 'memory-demo-2').status.phase).toBe('Running');
    expect(c.logs('mem-example', 'memory-demo-2', undefined, true)).toEqual([
      'stress: info: [1] dispatching hogs: 0 cpu, 0 io, 1 vm, 0 hdd',
    ]);
  });

  it('keeps stress running within its limit (memory-request-limit.yaml) and reports its memory', () => {
    const c = new SimCluster();
    withNs(c, 'mem-example');
    c.apply(readManifest('pods/resource/memory-request-limit.yaml'));
    c.runUntil(() => cs(c, 'mem-example', 'memory-demo')?.state.running, 60_000);
    c.advance(120_000);
    expect(cs(c, 'mem-example', 'memory-demo').restartCount).toBe(0);
    const u = containerUsage(c.get('pods', 'mem-example', 'memory-demo'), 'memory-demo-ctr', c.now);
    // 150M of stress plus the process itself: about what `kubectl top` shows in the docs.
    expect(u.memoryBytes).toBeGreaterThan(150 * 1024 * 1024);
    expect(u.memoryBytes).toBeLessThan(200 * 1024 * 1024);
  });

  it('OOMKills a leaking demo app when its memory reaches the limit', () => {
    const c = new SimCluster();
    c.apply(`apiVersion: v1
kind: Pod
metadata: {name: leaky}
spec:
  containers:
  - name: app
    image: kubelab/demo
    env: [{name: MEMORY, value: 20Mi}, {name: MEMORY_GROWTH, value: 1Mi}]
    resources: {limits: {memory: 64Mi}}`);
    c.runUntil(() => cs(c, 'default', 'leaky')?.state.running, 60_000);
    const started = Date.parse(cs(c, 'default', 'leaky').state.running.startedAt);
    c.runUntil(() => cs(c, 'default', 'leaky').restartCount === 1, 5 * 60_000);
    const last = cs(c, 'default', 'leaky').lastState.terminated;
    expect(last).toMatchObject({ reason: 'OOMKilled', exitCode: 137 });
    // 20Mi + 1Mi/s passes 64Mi after 44 s.
    expect(Math.round((Date.parse(last.finishedAt) - started) / 1000)).toBe(44);
  });
});

describe('CPU limits', () => {
  it('throttles vish/stress -cpus 2 at its 1 CPU limit (cpu-request-limit.yaml)', () => {
    const c = new SimCluster();
    withNs(c, 'cpu-example');
    c.apply(readManifest('pods/resource/cpu-request-limit.yaml'));
    c.runUntil(() => cs(c, 'cpu-example', 'cpu-demo')?.state.running, 60_000);
    c.advance(60_000);
    const u = containerUsage(c.get('pods', 'cpu-example', 'cpu-demo'), 'cpu-demo-ctr', c.now);
    expect(u.cpuMilli).toBe(1000);
  });

  it('leaves an oversized CPU request Pending (cpu-request-limit-2.yaml)', () => {
    const c = new SimCluster();
    withNs(c, 'cpu-example');
    c.apply(readManifest('pods/resource/cpu-request-limit-2.yaml'));
    c.advance(30_000);
    const p = c.get('pods', 'cpu-example', 'cpu-demo-2');
    expect(p.status.phase).toBe('Pending');
    expect(p.status.conditions[0].message).toMatch(/Insufficient cpu/);
  });
});

describe('QoS classes', () => {
  it.each([
    ['pods/qos/qos-pod.yaml', 'qos-demo', 'Guaranteed'],
    ['pods/qos/qos-pod-2.yaml', 'qos-demo-2', 'Burstable'],
    ['pods/qos/qos-pod-3.yaml', 'qos-demo-3', 'BestEffort'],
  ])('%s runs as %s', (file, name, qos) => {
    const c = new SimCluster();
    withNs(c, 'qos-example');
    c.apply(readManifest(file));
    c.runUntil(() => c.get('pods', 'qos-example', name)?.status?.phase === 'Running', 60_000);
    expect(c.get('pods', 'qos-example', name).status.qosClass).toBe(qos);
  });

  it('pods/simple-pod.yaml: nginx Running 1/1, BestEffort', () => {
    const c = new SimCluster();
    c.apply(readManifest('pods/simple-pod.yaml'));
    c.runUntil(() => c.get('pods', 'default', 'nginx')?.status?.phase === 'Running', 60_000);
    const row = printPod(c.get('pods', 'default', 'nginx'), c.now).cells;
    expect(row.slice(1, 4)).toEqual(['1/1', 'Running', '0']);
    expect(c.get('pods', 'default', 'nginx').status.qosClass).toBe('BestEffort');
  });
});
