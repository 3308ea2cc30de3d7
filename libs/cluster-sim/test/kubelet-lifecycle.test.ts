import { SimCluster, printPod } from '../src';
import { readManifest } from './corpus-harness';

// Init containers, sidecars, restart policies and `kubectl logs --previous`, as a learner sees
// them in `kubectl get pods` and `kubectl describe`.

const pod = (name: string, spec: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
${spec}`;
const st = (c: SimCluster, name: string) => c.get('pods', 'default', name)?.status;
const cell = (c: SimCluster, name: string) => printPod(c.get('pods', 'default', name), c.now).cells;

describe('init containers', () => {
  it('shows Init:0/2, Init:1/2, PodInitializing, then Running', () => {
    const c = new SimCluster();
    c.apply(
      pod(
        'myapp',
        `  initContainers:
  - {name: init-myservice, image: busybox, command: [sh, -c, 'echo waiting; sleep 10']}
  - {name: init-mydb, image: busybox, command: [sh, -c, 'sleep 10']}
  containers:
  - {name: app, image: busybox, command: [sh, -c, 'echo The app is running! && sleep 3600']}`,
      ),
    );
    const seen: string[] = [];
    c.runUntil(
      () => st(c, 'myapp')?.phase === 'Running',
      120_000,
      () => {
        const s = String(cell(c, 'myapp')[2]);
        if (seen.at(-1) !== s) seen.push(s);
      },
    );
    expect(seen).toEqual(['Init:0/2', 'Init:1/2', 'PodInitializing', 'Running']);
    expect(c.logs('default', 'myapp', 'init-myservice')).toEqual(['waiting']);
    expect(c.logs('default', 'myapp', 'app')).toEqual(['The app is running!']);
  });

  it('shows Init:Error and fails the pod when restartPolicy is Never', () => {
    const c = new SimCluster();
    c.apply(
      pod(
        'initfail',
        `  restartPolicy: Never
  initContainers: [{name: check, image: busybox, command: [sh, -c, 'echo no db; exit 1']}]
  containers: [{name: app, image: nginx}]`,
      ),
    );
    c.runUntil(() => st(c, 'initfail')?.phase === 'Failed', 60_000);
    expect(cell(c, 'initfail')[2]).toBe('Init:Error');
  });

  it('shows Init:CrashLoopBackOff when a failing init container is restarted', () => {
    const c = new SimCluster();
    c.apply(
      pod(
        'initloop',
        `  initContainers: [{name: check, image: busybox, command: [sh, -c, 'exit 1']}]
  containers: [{name: app, image: nginx}]`,
      ),
    );
    c.runUntil(() => cell(c, 'initloop')[2] === 'Init:CrashLoopBackOff', 120_000);
    expect(st(c, 'initloop').phase).toBe('Pending');
  });

  it('hands files to the app through an emptyDir (what the init container wrote, nginx serves)', () => {
    const c = new SimCluster();
    c.apply(
      pod(
        'seeded',
        `  initContainers:
  - name: write
    image: busybox
    command: [sh, -c, 'echo "<h1>from init</h1>" > /work-dir/index.html']
    volumeMounts: [{name: workdir, mountPath: /work-dir}]
  containers:
  - name: nginx
    image: nginx
    volumeMounts: [{name: workdir, mountPath: /usr/share/nginx/html}]
  volumes: [{name: workdir, emptyDir: {}}]`,
      ),
    );
    c.runUntil(() => st(c, 'seeded')?.phase === 'Running', 60_000);
    expect(c.exec('default', 'seeded', ['cat', '/usr/share/nginx/html/index.html']).stdout).toBe(
      '<h1>from init</h1>\n',
    );
    expect(c.exec('default', 'seeded', ['curl', '-s', 'localhost']).stdout).toBe(
      '<h1>from init</h1>\n',
    );
  });
});

describe('sidecars', () => {
  it('runs the Job sidecar before the main container, keeps it running, then stops it (job-sidecar.yaml)', () => {
    const c = new SimCluster();
    c.apply(readManifest('application/job/job-sidecar.yaml'));
    c.runUntil(
      () =>
        c.pods().some((p) => p.metadata.name.startsWith('myjob-') && p.status.phase === 'Running'),
      60_000,
    );
    const name = c.pods().find((p) => p.metadata.name.startsWith('myjob-'))!.metadata.name;
    // The sidecar tails what the main container wrote to the shared emptyDir.
    c.runUntil(
      () =>
        st(c, name).initContainerStatuses[0].state.running &&
        st(c, name).containerStatuses[0].state.terminated,
      60_000,
    );
    expect(c.logs('default', name, 'logshipper')).toContain('logging');
    expect(cell(c, name)[1]).toBe('1/2');
    c.runUntil(() => st(c, name).phase === 'Succeeded', 120_000);
    expect(st(c, name).containerStatuses[0].state.terminated).toMatchObject({
      exitCode: 0,
      reason: 'Completed',
    });
    const side = st(c, name).initContainerStatuses[0];
    expect(side.state.terminated).toBeDefined();
    const killing = c
      .events('default')
      .find((e) => e.reason === 'Killing' && e.involvedObject.name === name);
    expect(killing.message).toBe('Stopping container logshipper');
    c.runUntil(() => c.get('jobs', 'default', 'myjob')?.status?.succeeded === 1, 60_000);
  });

  it('starts app containers only after the sidecar has started', () => {
    const c = new SimCluster();
    c.apply(
      pod(
        'withside',
        `  initContainers:
  - {name: proxy, image: nginx, restartPolicy: Always}
  containers:
  - {name: app, image: busybox, command: [sh, -c, 'sleep 3600']}`,
      ),
    );
    c.runUntil(() => st(c, 'withside')?.phase === 'Running', 60_000);
    const side = Date.parse(st(c, 'withside').initContainerStatuses[0].state.running.startedAt);
    const app = Date.parse(st(c, 'withside').containerStatuses[0].state.running.startedAt);
    expect(app).toBeGreaterThanOrEqual(side);
    expect(cell(c, 'withside')[1]).toBe('2/2');
  });
});

describe('restart policies and previous logs', () => {
  it('OnFailure does not restart a container that exits 0; Never does not restart one that fails', () => {
    const c = new SimCluster();
    c.apply(
      pod(
        'once',
        `  restartPolicy: OnFailure\n  containers: [{name: c, image: busybox, command: [sh, -c, 'echo ok']}]`,
      ),
    );
    c.apply(
      pod(
        'never',
        `  restartPolicy: Never\n  containers: [{name: c, image: busybox, command: [sh, -c, 'exit 2']}]`,
      ),
    );
    c.advance(60_000);
    expect(cell(c, 'once').slice(2, 4)).toEqual(['Completed', '0']);
    expect(cell(c, 'never').slice(2, 4)).toEqual(['Error', '0']);
    expect(st(c, 'never').phase).toBe('Failed');
  });

  it("keeps the previous instance's log for `kubectl logs --previous`", () => {
    const c = new SimCluster();
    c.apply(
      pod(
        'boom',
        `  containers: [{name: c, image: busybox, command: [sh, -c, 'echo run at $(date +%s); sleep 5; echo crashing; exit 1']}]`,
      ),
    );
    c.runUntil(
      () =>
        st(c, 'boom')?.containerStatuses?.[0]?.restartCount === 1 &&
        st(c, 'boom').containerStatuses[0].state.running,
      120_000,
    );
    const prev = c.logs('default', 'boom', 'c', true);
    expect(prev).toHaveLength(2);
    expect(prev[1]).toBe('crashing');
    const now = c.logs('default', 'boom', 'c');
    expect(now).toHaveLength(1);
    expect(now[0]).not.toBe(prev[0]);
  });

  it('resets the back-off after a container ran 10 minutes', () => {
    const c = new SimCluster();
    c.apply(
      pod(
        'slowcrash',
        `  containers: [{name: c, image: busybox, command: [sh, -c, 'sleep 700; exit 1']}]`,
      ),
    );
    c.runUntil(() => st(c, 'slowcrash')?.containerStatuses?.[0]?.restartCount === 2, 30 * 60_000);
    expect(c.events('default').filter((e) => e.reason === 'BackOff')).toEqual([]);
  });
});

describe('lifecycle hooks', () => {
  it('runs postStart: its file is there for exec (lifecycle-events.yaml)', () => {
    const c = new SimCluster();
    c.apply(readManifest('pods/lifecycle-events.yaml'));
    c.runUntil(() => st(c, 'lifecycle-demo')?.phase === 'Running', 60_000);
    expect(c.exec('default', 'lifecycle-demo', ['cat', '/usr/share/message']).stdout).toBe(
      'Hello from the postStart handler\n',
    );
  });
});
