import { SimCluster, printPod, reconcileCluster } from '../src';
import { kubelet } from '../src/kubelet/kubelet';
import { readManifest } from './corpus-harness';

// Probes as a learner sees them: Unhealthy events, restarts, READY, Service endpoints.

const pod = (name: string, spec: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, labels: {app: ${name}}}
spec:
${spec}`;

const status = (c: SimCluster, name: string, ns = 'default') => c.get('pods', ns, name)?.status;
const cs = (c: SimCluster, name: string, i = 0) => status(c, name)?.containerStatuses?.[i];
const events = (c: SimCluster, name: string) =>
  c
    .events('default')
    .filter((e) => e.involvedObject.name === name)
    .map((e) => `${e.type} ${e.reason}: ${e.message}${(e.count ?? 1) > 1 ? ` (x${e.count})` : ''}`);
const statusCell = (c: SimCluster, name: string) =>
  printPod(c.get('pods', 'default', name), c.now).cells[2];
const readyCell = (c: SimCluster, name: string) =>
  printPod(c.get('pods', 'default', name), c.now).cells[1];

describe('liveness probes', () => {
  it('restarts agnhost liveness once /healthz turns 500 (pods/probe/http-liveness.yaml)', () => {
    const c = new SimCluster();
    c.apply(readManifest('pods/probe/http-liveness.yaml'));
    c.runUntil(() => cs(c, 'liveness-http')?.state.running, 30_000);
    const started = Date.parse(cs(c, 'liveness-http').state.running.startedAt);
    // Healthy for its first 10 s: no restart, no Unhealthy event.
    c.advance(started + 9_000 - c.now);
    expect(cs(c, 'liveness-http').restartCount).toBe(0);
    expect(events(c, 'liveness-http').filter((e) => e.includes('Unhealthy'))).toEqual([]);
    // Then three failures 3 s apart, and the kubelet restarts it.
    c.runUntil(() => cs(c, 'liveness-http').restartCount === 1, 30_000);
    expect(c.now - started).toBeGreaterThan(15_000);
    expect(c.now - started).toBeLessThan(25_000);
    expect(events(c, 'liveness-http')).toEqual(
      expect.arrayContaining([
        'Warning Unhealthy: Liveness probe failed: HTTP probe failed with statuscode: 500 (x3)',
        'Normal Killing: Container liveness failed liveness probe, will be restarted',
      ]),
    );
    expect(status(c, 'liveness-http').phase).toBe('Running');
    const s = cs(c, 'liveness-http');
    expect(s.lastState.terminated).toMatchObject({ reason: 'Error', exitCode: 2 });
  });

  it('restarts when an exec probe finds its file gone (liveness-exec)', () => {
    const c = new SimCluster();
    c.apply(readManifest('pods/probe/exec-liveness.yaml'));
    c.runUntil(() => cs(c, 'liveness-exec')?.state.running, 30_000);
    const started = Date.parse(cs(c, 'liveness-exec').state.running.startedAt);
    c.advance(started + 30_000 - c.now);
    expect(events(c, 'liveness-exec').filter((e) => e.includes('Unhealthy'))).toEqual([]);
    c.runUntil(() => events(c, 'liveness-exec').some((e) => e.includes('Killing')), 60_000);
    expect(events(c, 'liveness-exec')).toContain(
      "Warning Unhealthy: Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory (x3)",
    );
    // sh ignores SIGTERM: it is killed at the end of the 30 s grace period (exit 137).
    c.runUntil(() => cs(c, 'liveness-exec').restartCount === 1, 60_000);
    expect(cs(c, 'liveness-exec').lastState.terminated).toMatchObject({
      reason: 'Error',
      exitCode: 137,
    });
  });

  it('sees files removed with kubectl exec', () => {
    const c = new SimCluster();
    c.apply(
      pod(
        'probe-file',
        `  containers:
  - name: app
    image: busybox
    command: [sh, -c, 'touch /tmp/healthy; sleep 3600']
    livenessProbe:
      exec: {command: [cat, /tmp/healthy]}
      periodSeconds: 5`,
      ),
    );
    c.runUntil(() => cs(c, 'probe-file')?.state.running, 30_000);
    c.advance(60_000);
    expect(cs(c, 'probe-file').restartCount).toBe(0);
    expect(c.exec('default', 'probe-file', ['ls', '/tmp']).stdout).toBe('healthy\n');
    expect(c.exec('default', 'probe-file', ['rm', '/tmp/healthy']).exitCode).toBe(0);
    c.runUntil(() => events(c, 'probe-file').some((e) => e.includes('Killing')), 30_000);
  });

  it('costs nothing while it keeps succeeding: the cluster is not woken', () => {
    const c = new SimCluster();
    c.apply(
      pod(
        'steady',
        `  containers:
  - name: web
    image: nginx
    livenessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 1}`,
      ),
    );
    c.runUntil(() => cs(c, 'steady')?.ready === true, 30_000);
    c.advance(5_000);
    // The kubelet wants nothing more of this pod (not the next probe in 1 s).
    const r = reconcileCluster({
      state: c.state,
      core: c.sim.core,
      profile: c.profile,
      now: c.now,
      seed: 's',
      controllers: [kubelet],
    });
    expect(r.wakeAt).toBeUndefined();
    c.advance(3_600_000);
    expect(cs(c, 'steady').restartCount).toBe(0);
  });

  it('fails with connection refused on a port nothing listens on', () => {
    const c = new SimCluster();
    c.apply(
      pod(
        'wrong-port',
        `  containers:
  - name: web
    image: nginx
    livenessProbe: {tcpSocket: {port: 8080}, initialDelaySeconds: 5, periodSeconds: 5}`,
      ),
    );
    c.runUntil(() => cs(c, 'wrong-port')?.restartCount === 1, 120_000);
    const ip = status(c, 'wrong-port').podIP;
    expect(events(c, 'wrong-port')).toContain(
      `Warning Unhealthy: Liveness probe failed: dial tcp ${ip}:8080: connect: connection refused (x3)`,
    );
    // nginx exits 0 on SIGTERM.
    expect(cs(c, 'wrong-port').lastState.terminated).toMatchObject({
      reason: 'Completed',
      exitCode: 0,
    });
  });

  it('ends in CrashLoopBackOff when liveness keeps killing it', () => {
    const c = new SimCluster();
    c.apply(readManifest('pods/probe/http-liveness.yaml'));
    c.runUntil(() => statusCell(c, 'liveness-http') === 'CrashLoopBackOff', 5 * 60_000);
    expect(
      events(c, 'liveness-http').some((e) =>
        e.startsWith(
          'Warning BackOff: Back-off restarting failed container liveness in pod liveness-http_default(',
        ),
      ),
    ).toBe(true);
  });

  it('times out when the app answers slower than timeoutSeconds', () => {
    const c = new SimCluster();
    c.apply(
      pod(
        'slow',
        `  containers:
  - name: app
    image: kubelab/demo
    env: [{name: LATENCY, value: 2s}]
    livenessProbe: {httpGet: {path: /healthz, port: 8080}, timeoutSeconds: 1, periodSeconds: 5}`,
      ),
    );
    c.runUntil(() => events(c, 'slow').some((e) => e.includes('Killing')), 120_000);
    const ip = status(c, 'slow').podIP;
    expect(events(c, 'slow')).toContain(
      `Warning Unhealthy: Liveness probe failed: Get "http://${ip}:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers) (x3)`,
    );
  });

  it('passes a gRPC probe on etcd (grpc-liveness.yaml)', () => {
    const c = new SimCluster();
    c.apply(readManifest('pods/probe/grpc-liveness.yaml'));
    c.advance(120_000);
    expect(cs(c, 'etcd-with-grpc')).toMatchObject({ ready: true, restartCount: 0 });
    expect(events(c, 'etcd-with-grpc').filter((e) => e.includes('Unhealthy'))).toEqual([]);
  });
});

describe('readiness probes', () => {
  it('keeps READY 0/1 until the app is ready, then 1/1, and the Service follows', () => {
    const c = new SimCluster();
    c.apply(
      pod(
        'late',
        `  containers:
  - name: app
    image: kubelab/demo
    env: [{name: READY_AFTER, value: "20"}]
    ports: [{containerPort: 8080}]
    readinessProbe: {httpGet: {path: /ready, port: 8080}, periodSeconds: 5}`,
      ) +
        `
---
apiVersion: v1
kind: Service
metadata: {name: late}
spec:
  selector: {app: late}
  ports: [{port: 80, targetPort: 8080}]`,
    );
    c.runUntil(() => cs(c, 'late')?.state.running, 30_000);
    c.advance(5_000);
    expect(readyCell(c, 'late')).toBe('0/1');
    expect(status(c, 'late').conditions.find((x: any) => x.type === 'Ready')).toMatchObject({
      status: 'False',
      reason: 'ContainersNotReady',
      message: 'containers with unready status: [app]',
    });
    expect(
      events(c, 'late').some((e) =>
        e.startsWith(
          'Warning Unhealthy: Readiness probe failed: HTTP probe failed with statuscode: 503',
        ),
      ),
    ).toBe(true);
    const ep = () => c.get('endpoints', 'default', 'late');
    expect(ep().subsets?.[0]?.addresses ?? []).toEqual([]);
    c.runUntil(() => readyCell(c, 'late') === '1/1', 60_000);
    expect(ep().subsets[0].addresses[0].ip).toBe(status(c, 'late').podIP);
  });

  it('takes a pod out of the endpoints while its readiness fails, without restarting it', () => {
    const c = new SimCluster();
    c.apply(
      pod(
        'flaky',
        `  containers:
  - name: web
    image: nginx
    readinessProbe: {exec: {command: [cat, /usr/share/nginx/html/ready]}, periodSeconds: 2}`,
      ),
    );
    c.runUntil(() => cs(c, 'flaky')?.state.running, 30_000);
    c.advance(10_000);
    expect(cs(c, 'flaky').ready).toBe(false);
    c.exec('default', 'flaky', ['touch', '/usr/share/nginx/html/ready']);
    c.runUntil(() => cs(c, 'flaky').ready === true, 30_000);
    c.exec('default', 'flaky', ['rm', '/usr/share/nginx/html/ready']);
    c.runUntil(() => cs(c, 'flaky').ready === false, 30_000);
    expect(cs(c, 'flaky').restartCount).toBe(0);
    expect(
      events(c, 'flaky').some((e) =>
        e.startsWith(
          'Warning Unhealthy: Readiness probe failed: cat: /usr/share/nginx/html/ready: No such file or directory',
        ),
      ),
    ).toBe(true);
  });
});

describe('startup probes', () => {
  it('holds liveness back until startup succeeds, and marks the container started', () => {
    const c = new SimCluster();
    c.apply(
      pod(
        'slowstart',
        `  containers:
  - name: app
    image: kubelab/demo
    env: [{name: STARTUP_DELAY, value: "40"}]
    startupProbe: {httpGet: {path: /healthz, port: 8080}, periodSeconds: 10, failureThreshold: 10}
    livenessProbe: {httpGet: {path: /healthz, port: 8080}, periodSeconds: 5, failureThreshold: 1}`,
      ),
    );
    c.runUntil(() => cs(c, 'slowstart')?.state.running, 30_000);
    c.advance(20_000);
    expect(cs(c, 'slowstart')).toMatchObject({ started: false, ready: false, restartCount: 0 });
    c.runUntil(() => cs(c, 'slowstart').started === true, 60_000);
    expect(cs(c, 'slowstart').ready).toBe(true);
    c.advance(120_000);
    expect(cs(c, 'slowstart').restartCount).toBe(0);
    expect(events(c, 'slowstart').some((e) => e.includes('Startup probe failed'))).toBe(true);
  });

  it('kills a container whose startup probe never passes', () => {
    const c = new SimCluster();
    c.apply(
      pod(
        'neverstarts',
        `  containers:
  - name: app
    image: nginx
    startupProbe: {httpGet: {path: /healthz, port: 80}, periodSeconds: 2, failureThreshold: 3}`,
      ),
    );
    c.runUntil(() => events(c, 'neverstarts').some((e) => e.includes('Killing')), 60_000);
    expect(events(c, 'neverstarts')).toEqual(
      expect.arrayContaining([
        'Warning Unhealthy: Startup probe failed: HTTP probe failed with statuscode: 404 (x3)',
        'Normal Killing: Container app failed startup probe, will be restarted',
      ]),
    );
  });
});
