import { SimCluster, fastForward, jumpTo, realTimeOf, setSpeed, virtualNow } from '../src';

const pod = (name: string, spec: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
${spec}`;

const cstate = (c: SimCluster, name: string, i = 0) =>
  c.get('pods', 'default', name).status.containerStatuses[i];
const kubeletEvents = (c: SimCluster, name: string) =>
  c
    .events('default')
    .filter((e) => e.involvedObject.name === name && e.source?.component === 'kubelet');

describe('the kubelet', () => {
  it('goes Pending → ContainerCreating → Running with the events a real kubelet records', () => {
    const c = new SimCluster();
    c.apply(pod('web', '  containers: [{name: nginx, image: nginx}]'));
    c.reconcile();
    expect(cstate(c, 'web').state).toEqual({ waiting: { reason: 'ContainerCreating' } });
    expect(c.get('pods', 'default', 'web').status.phase).toBe('Pending');
    c.runUntil(() => c.get('pods', 'default', 'web').status.phase === 'Running', 30_000);
    const s = c.get('pods', 'default', 'web').status;
    expect(s.conditions.map((x: any) => `${x.type}=${x.status}`)).toEqual([
      'PodReadyToStartContainers=True',
      'Initialized=True',
      'Ready=True',
      'ContainersReady=True',
      'PodScheduled=True',
    ]);
    expect(cstate(c, 'web')).toMatchObject({
      ready: true,
      started: true,
      restartCount: 0,
      image: 'docker.io/library/nginx:latest',
    });
    expect(cstate(c, 'web').imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(kubeletEvents(c, 'web').map((e) => `${e.reason}: ${e.message}`)).toEqual([
      'Pulling: Pulling image "nginx"',
      expect.stringMatching(
        /^Pulled: Successfully pulled image "nginx" in [\d.]+s \([\d.]+s including waiting\)\. Image size: \d+ bytes\.$/,
      ),
      'Created: Created container: nginx',
      'Started: Started container nginx',
    ]);
    expect(kubeletEvents(c, 'web')[0].involvedObject.fieldPath).toBe('spec.containers{nginx}');
    // nginx's startup lines are in its log, a moment after it starts.
    c.advance(1_000);
    expect(
      c
        .logs('default', 'web')
        .some((l) => l.includes('Configuration complete; ready for start up')),
    ).toBe(true);
    // The second pod on the same node finds the image there.
    const node = c.get('pods', 'default', 'web').spec.nodeName;
    c.apply(
      pod(
        'web2',
        `  nodeName: ${node}\n  containers: [{name: nginx, image: nginx:latest, imagePullPolicy: IfNotPresent}]`,
      ),
    );
    c.runUntil(() => c.get('pods', 'default', 'web2').status.phase === 'Running', 30_000);
    expect(kubeletEvents(c, 'web2')[0].message).toBe(
      'Container image "nginx:latest" already present on machine',
    );
  });

  it('waits in ContainerCreating with FailedMount until a mounted ConfigMap exists, then runs', () => {
    const c = new SimCluster();
    c.apply(
      pod(
        'site',
        `  containers:
  - name: nginx
    image: nginx
    volumeMounts: [{name: html, mountPath: /usr/share/nginx/html}]
  volumes:
  - name: html
    configMap: {name: nginx-index-v1}`,
      ),
    );
    c.advance(60_000);
    expect(cstate(c, 'site').state.waiting.reason).toBe('ContainerCreating');
    const failed = c.events('default').filter((e) => e.reason === 'FailedMount');
    expect(failed[0]).toMatchObject({
      type: 'Warning',
      message: 'MountVolume.SetUp failed for volume "html" : configmap "nginx-index-v1" not found',
    });
    c.apply({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'nginx-index-v1' },
      data: { 'index.html': 'Nginx V1' },
    } as any);
    c.runUntil(() => c.get('pods', 'default', 'site').status.phase === 'Running', 5 * 60_000);
  });

  it('keeps a deleted pod Terminating for its grace period when PID 1 ignores SIGTERM', () => {
    const c = new SimCluster();
    c.apply(pod('sleepy', '  containers: [{name: c, image: busybox, command: [sleep, "3600"]}]'));
    c.runUntil(() => c.get('pods', 'default', 'sleepy').status.phase === 'Running', 30_000);
    c.delete('pods', 'default', 'sleepy');
    const p = c.get('pods', 'default', 'sleepy');
    expect(p.metadata.deletionGracePeriodSeconds).toBe(30);
    c.advance(1_000);
    expect(kubeletEvents(c, 'sleepy').map((e) => e.reason)).toContain('Killing');
    expect(kubeletEvents(c, 'sleepy').find((e) => e.reason === 'Killing').message).toBe(
      'Stopping container c',
    );
    c.advance(20_000);
    expect(c.get('pods', 'default', 'sleepy')).toBeDefined();
    c.advance(10_000);
    expect(c.get('pods', 'default', 'sleepy')).toBeUndefined();
  });

  it('lets nginx go at once on SIGTERM, and --grace-period=0 skips the wait', () => {
    const c = new SimCluster();
    c.apply(pod('quick', '  containers: [{name: nginx, image: nginx}]'));
    c.apply(pod('now', '  containers: [{name: c, image: busybox, command: [sleep, "3600"]}]'));
    c.runUntil(() => c.pods().filter((p) => p.status.phase === 'Running').length === 2, 30_000);
    c.delete('pods', 'default', 'quick');
    c.advance(2_000);
    expect(c.get('pods', 'default', 'quick')).toBeUndefined();
    c.delete('pods', 'default', 'now', { gracePeriodSeconds: 0 });
    expect(c.get('pods', 'default', 'now')).toBeUndefined();
  });

  it('restarts a crashing container with CrashLoopBackOff: at once, then 10 s, 20 s, 40 s', () => {
    const c = new SimCluster();
    c.apply(
      pod(
        'crash',
        '  containers: [{name: app, image: busybox, command: [sh, -c, "echo starting; exit 3"]}]',
      ),
    );
    const restartsAt: number[] = [];
    let last = 0;
    c.runUntil(
      () => (cstate(c, 'crash')?.restartCount ?? 0) >= 4,
      5 * 60_000,
      () => {
        const n = cstate(c, 'crash')?.restartCount ?? 0;
        if (n > last) {
          restartsAt.push(c.now);
          last = n;
        }
      },
    );
    const gaps = restartsAt.slice(1).map((t, i) => Math.round((t - restartsAt[i]!) / 1000));
    // Each instance runs ~0.6 s (create + start) before crashing, then waits out its back-off.
    expect(gaps.map((g) => Math.round(g / 10) * 10)).toEqual([10, 20, 40]);
    c.advance(1_000);
    const s = cstate(c, 'crash');
    expect((s.state.waiting?.reason ?? s.state.running) ? 'ok' : '').toBeTruthy();
    expect(s.lastState.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(c.logs('default', 'crash', 'app', true)).toEqual(['starting']);
    const backoffs = c.events('default').filter((e) => e.reason === 'BackOff');
    expect(backoffs[0].message).toMatch(
      /^Back-off restarting failed container app in pod crash_default\(/,
    );
    // While backing off, the container waits with the real reason and message.
    c.runUntil(() => cstate(c, 'crash').state.waiting?.reason === 'CrashLoopBackOff', 5 * 60_000);
    expect(cstate(c, 'crash').state.waiting.message).toMatch(
      /^back-off \d+[sm]\S* restarting failed container=app pod=crash_default\(/,
    );
  });

  it('shows READY 1/2 when one container of two has exited, and the pod stays Running', () => {
    const c = new SimCluster();
    c.apply(
      pod(
        'two',
        `  restartPolicy: OnFailure
  containers:
  - {name: web, image: nginx}
  - {name: job, image: busybox, command: [sh, -c, "echo done"]}`,
      ),
    );
    c.runUntil(
      () =>
        c
          .get('pods', 'default', 'two')
          .status.containerStatuses.filter((s: any) => s.state.terminated).length === 1,
      60_000,
    );
    const p = c.get('pods', 'default', 'two');
    expect(p.status.phase).toBe('Running');
    expect(p.status.containerStatuses.map((s: any) => s.ready)).toEqual([true, false]);
    expect(p.status.containerStatuses[1].state.terminated).toMatchObject({
      exitCode: 0,
      reason: 'Completed',
    });
    expect(p.status.conditions.find((x: any) => x.type === 'Ready')).toMatchObject({
      status: 'False',
      reason: 'ContainersNotReady',
      message: 'containers with unready status: [job]',
    });
  });

  it('runs init containers first, and a pod of finished containers Succeeds', () => {
    const c = new SimCluster();
    c.apply(
      pod(
        'init',
        `  restartPolicy: Never
  initContainers: [{name: setup, image: busybox, command: [sh, -c, "echo preparing; sleep 5"]}]
  containers: [{name: main, image: busybox, command: [sh, -c, "echo hello from main"]}]`,
      ),
    );
    c.advance(2_000);
    const p = c.get('pods', 'default', 'init');
    expect(p.status.conditions.find((x: any) => x.type === 'Initialized')).toMatchObject({
      status: 'False',
      reason: 'ContainersNotInitialized',
      message: 'containers with incomplete status: [setup]',
    });
    expect(p.status.containerStatuses[0].state.waiting.reason).toBe('PodInitializing');
    c.runUntil(() => c.get('pods', 'default', 'init').status.phase === 'Succeeded', 60_000);
    expect(c.logs('default', 'init', 'setup')).toEqual(['preparing']);
    expect(c.logs('default', 'init', 'main')).toEqual(['hello from main']);
    const done = c.get('pods', 'default', 'init');
    expect(done.status.conditions.find((x: any) => x.type === 'Ready')).toMatchObject({
      status: 'False',
      reason: 'PodCompleted',
    });
  });

  it('resolves env from values, ConfigMaps, Secrets and the downward API', () => {
    const c = new SimCluster();
    c.apply({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg' },
      data: { MODE: 'fast' },
    } as any);
    c.apply({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'sec' },
      stringData: { TOKEN: 's3cret' },
    } as any);
    c.apply(
      pod(
        'envy',
        `  containers:
  - name: app
    image: busybox
    command: [sh, -c, 'echo $GREETING $MODE $TOKEN $MY_POD']
    envFrom: [{configMapRef: {name: cfg}}]
    env:
    - {name: GREETING, value: hi}
    - name: TOKEN
      valueFrom: {secretKeyRef: {name: sec, key: TOKEN}}
    - name: MY_POD
      valueFrom: {fieldRef: {fieldPath: metadata.name}}`,
      ),
    );
    c.runUntil(() => c.logs('default', 'envy').length > 0, 60_000);
    expect(c.logs('default', 'envy')).toEqual(['hi fast s3cret envy']);
  });
});

describe('the virtual clock', () => {
  const anchor = { speed: 1, virtualMs: 1_000_000, realMs: 5_000 };
  it('runs at its speed from its anchor', () => {
    expect(virtualNow(anchor, 6_000)).toBe(1_001_000);
    expect(virtualNow({ ...anchor, speed: 10 }, 6_000)).toBe(1_010_000);
    expect(virtualNow({ ...anchor, speed: 0 }, 600_000)).toBe(1_000_000);
  });
  it('fast-forwards and changes speed without going back in time', () => {
    const f = fastForward(anchor, 6_000, 15 * 60_000);
    expect(virtualNow(f, 6_000)).toBe(1_001_000 + 15 * 60_000);
    const s = setSpeed(f, 7_000, 0);
    expect(virtualNow(s, 60_000)).toBe(virtualNow(f, 7_000));
    expect(virtualNow(jumpTo(s, 8_000, 0), 8_000)).toBe(virtualNow(s, 8_000));
  });
  it('says when a virtual time will come in real time, and that it never will at speed 0', () => {
    expect(realTimeOf(anchor, 1_010_000)).toBe(15_000);
    expect(realTimeOf({ ...anchor, speed: 0 }, 1_010_000)).toBeNull();
  });
});
