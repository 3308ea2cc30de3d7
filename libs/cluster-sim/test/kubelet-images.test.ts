import { SimCluster, podLogLines, printPod } from '../src';
import { readManifest } from './corpus-harness';

// Images: what a pull of an image that does not exist shows, and how the catalog's images behave
// (their logs, their exits, their servers).

const pod = (name: string, spec: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
${spec}`;
const cs = (c: SimCluster, name: string, i = 0) =>
  c.get('pods', 'default', name)?.status?.containerStatuses?.[i];
const cell = (c: SimCluster, name: string) =>
  printPod(c.get('pods', 'default', name), c.now).cells[2];
const events = (c: SimCluster, name: string) =>
  c
    .events('default')
    .filter((e) => e.involvedObject.name === name && e.source?.component === 'kubelet')
    .map((e) => `${e.type} ${e.reason}: ${e.message}`);

describe('image pulls', () => {
  it('shows ErrImagePull then ImagePullBackOff for a tag that does not exist', () => {
    const c = new SimCluster();
    c.apply(pod('bad-tag', '  containers: [{name: web, image: "nginx:doesnotexist"}]'));
    c.runUntil(() => cs(c, 'bad-tag')?.state.waiting?.reason === 'ErrImagePull', 30_000);
    const msg =
      'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:doesnotexist": failed to resolve reference "docker.io/library/nginx:doesnotexist": docker.io/library/nginx:doesnotexist: not found';
    expect(cs(c, 'bad-tag').state.waiting.message).toBe(msg);
    expect(cell(c, 'bad-tag')).toBe('ErrImagePull');
    expect(events(c, 'bad-tag')).toEqual([
      'Normal Pulling: Pulling image "nginx:doesnotexist"',
      `Warning Failed: Failed to pull image "nginx:doesnotexist": ${msg}`,
      'Warning Failed: Error: ErrImagePull',
    ]);
    c.runUntil(() => cell(c, 'bad-tag') === 'ImagePullBackOff', 30_000);
    expect(cs(c, 'bad-tag').state.waiting.message).toBe(
      `Back-off pulling image "nginx:doesnotexist": ErrImagePull: ${msg}`,
    );
    expect(events(c, 'bad-tag')).toEqual(
      expect.arrayContaining([
        'Normal BackOff: Back-off pulling image "nginx:doesnotexist"',
        'Warning Failed: Error: ImagePullBackOff',
      ]),
    );
    // It tries again after the back-off (10 s, then 20 s, ...).
    const pulls = () =>
      c.events('default').find((e) => e.reason === 'Pulling' && e.involvedObject.name === 'bad-tag')
        .count;
    c.advance(60_000);
    expect(pulls()).toBeGreaterThanOrEqual(3);
    expect(c.get('pods', 'default', 'bad-tag').status.phase).toBe('Pending');
  });

  it('says "pull access denied" for a repository that does not exist', () => {
    const c = new SimCluster();
    c.apply(pod('no-repo', '  containers: [{name: app, image: nosuchimage-xyz}]'));
    c.runUntil(() => cs(c, 'no-repo')?.state.waiting?.reason === 'ErrImagePull', 30_000);
    expect(cs(c, 'no-repo').state.waiting.message).toBe(
      'rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/nosuchimage-xyz:latest": failed to resolve reference "docker.io/library/nosuchimage-xyz:latest": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
    );
  });

  it('cannot reach a registry that does not resolve', () => {
    const c = new SimCluster();
    c.apply(
      pod('private', '  containers: [{name: app, image: registry.example.invalid/team/app:1.0}]'),
    );
    c.runUntil(() => cs(c, 'private')?.state.waiting?.reason === 'ErrImagePull', 30_000);
    expect(cs(c, 'private').state.waiting.message).toMatch(
      /failed to do request: Head "https:\/\/registry\.example\.invalid\/v2\/team\/app\/manifests\/1\.0": dial tcp: lookup registry\.example\.invalid: no such host$/,
    );
  });

  it('refuses an image reference it cannot parse (InvalidImageName)', () => {
    const c = new SimCluster();
    c.apply(pod('bad-name', '  containers: [{name: app, image: "<your-private-image>"}]'));
    c.advance(10_000);
    expect(cs(c, 'bad-name').state.waiting).toEqual({
      reason: 'InvalidImageName',
      message:
        'Failed to apply default image tag "<your-private-image>": couldn\'t parse image name "<your-private-image>": invalid reference format',
    });
  });

  it('runs plausible unknown images (redis-commander, grafana/loki) as long-running processes', () => {
    const c = new SimCluster();
    c.apply(pod('loki', '  containers: [{name: loki, image: "grafana/loki:2.9.2"}]'));
    c.runUntil(() => c.get('pods', 'default', 'loki')?.status.phase === 'Running', 60_000);
    c.advance(600_000);
    expect(cs(c, 'loki')).toMatchObject({ ready: true, restartCount: 0 });
  });

  it('starts again with the fixed image after `kubectl set image` on the pod', () => {
    const c = new SimCluster();
    c.apply(pod('fixme', '  containers: [{name: web, image: "nginx:doesnotexist"}]'));
    c.runUntil(() => cell(c, 'fixme') === 'ImagePullBackOff', 60_000);
    c.patch(
      'pods',
      'default',
      'fixme',
      { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
      'strategic',
    );
    c.runUntil(() => c.get('pods', 'default', 'fixme').status.phase === 'Running', 60_000);
  });
});

describe('the image catalog', () => {
  it('pods/commands.yaml: debian prints HOSTNAME and KUBERNETES_PORT, then Completed', () => {
    const c = new SimCluster();
    c.apply(readManifest('pods/commands.yaml'));
    c.runUntil(
      () => c.get('pods', 'default', 'command-demo')?.status.phase === 'Succeeded',
      60_000,
    );
    expect(cell(c, 'command-demo')).toBe('Completed');
    expect(cs(c, 'command-demo').restartCount).toBe(0);
    const kube = c.get('services', 'default', 'kubernetes').spec.clusterIP;
    expect(c.logs('default', 'command-demo')).toEqual(['command-demo', `tcp://${kube}:443`]);
  });

  it('a bare busybox exits at once (no terminal) and goes into CrashLoopBackOff', () => {
    const c = new SimCluster();
    c.apply(pod('bare', '  containers: [{name: bb, image: busybox}]'));
    c.runUntil(() => cell(c, 'bare') === 'CrashLoopBackOff', 120_000);
    expect(cs(c, 'bare').lastState.terminated).toMatchObject({ reason: 'Completed', exitCode: 0 });
  });

  it('mysql without a root password says so and crashes; with one it is ready after its start-up', () => {
    const c = new SimCluster();
    c.apply(pod('db', '  containers: [{name: mysql, image: "mysql:8.0"}]'));
    c.runUntil(() => cs(c, 'db')?.restartCount >= 1, 120_000);
    expect(c.logs('default', 'db', 'mysql', true)).toContain('    - MYSQL_ROOT_PASSWORD');
    c.apply(
      pod(
        'db2',
        `  containers:
  - name: mysql
    image: "mysql:8.0"
    env: [{name: MYSQL_ROOT_PASSWORD, value: secret}]
    readinessProbe: {tcpSocket: {port: 3306}, periodSeconds: 5}`,
      ),
    );
    c.runUntil(() => cs(c, 'db2')?.state.running, 60_000);
    const started = Date.parse(cs(c, 'db2').state.running.startedAt);
    c.runUntil(() => cs(c, 'db2').ready === true, 60_000);
    expect(c.now - started).toBeGreaterThan(12_000);
    expect(c.logs('default', 'db2').at(-1)).toMatch(
      /ready for connections\. Version: '8\.0\.40'.*port: 3306/,
    );
  });

  it('redis prints its banner and "Ready to accept connections tcp"', () => {
    const c = new SimCluster();
    c.apply(pod('cache', '  containers: [{name: redis, image: redis}]'));
    c.runUntil(() => c.get('pods', 'default', 'cache')?.status.phase === 'Running', 60_000);
    c.advance(1_000);
    const logs = c.logs('default', 'cache');
    expect(logs[0]).toMatch(
      /^1:C \d\d \w{3} \d{4} \d\d:\d\d:\d\d\.\d{3} \* oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo$/,
    );
    expect(logs.at(-1)).toMatch(/\* Ready to accept connections tcp$/);
  });

  it('nginx logs an access line per probe request', () => {
    const c = new SimCluster();
    c.apply(
      pod(
        'web',
        `  containers:
  - name: nginx
    image: "nginx:1.27"
    readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 10}`,
      ),
    );
    c.runUntil(() => cs(c, 'web')?.ready === true, 60_000);
    c.advance(60_000);
    const access = c.logs('default', 'web').filter((l) => l.includes('kube-probe'));
    expect(access.length).toBeGreaterThanOrEqual(6);
    expect(access[0]).toMatch(
      /^10\.244\.\d+\.1 - - \[\d\d\/Jan\/2026:\d\d:\d\d:\d\d \+0000\] "GET \/ HTTP\/1\.1" 200 615 "-" "kube-probe\/1\.32" "-"$/,
    );
  });

  it('logs a busybox loop lazily: a day of it costs no more than a minute', () => {
    const c = new SimCluster();
    c.apply(
      pod(
        'counter',
        `  containers: [{name: count, image: busybox, args: [/bin/sh, -c, 'i=0; while true; do echo "$i: $(date)"; i=$((i+1)); sleep 1; done']}]`,
      ),
    );
    c.runUntil(() => c.get('pods', 'default', 'counter')?.status.phase === 'Running', 60_000);
    const started = Date.parse(cs(c, 'counter').state.running.startedAt);
    const t0 = performance.now();
    c.advance(86_400_000);
    const logs = c.logs('default', 'counter');
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(logs.length).toBe(2000);
    const n = Math.floor((c.now - started) / 1000);
    expect(logs.at(-1)).toMatch(
      new RegExp(`^${n}: \\w{3} Jan  [56] \\d\\d:\\d\\d:\\d\\d UTC 2026$`),
    );
  });
});

describe('the demo app and kubectl logs', () => {
  it('crashes when CRASH_AFTER says, with its exit code and last words', () => {
    const c = new SimCluster();
    c.apply(
      pod(
        'crashy',
        `  containers: [{name: app, image: kubelab/demo, env: [{name: CRASH_AFTER, value: "30"}, {name: EXIT_CODE, value: "3"}]}]`,
      ),
    );
    c.runUntil(() => cs(c, 'crashy')?.restartCount === 1, 120_000);
    const last = cs(c, 'crashy').lastState.terminated;
    expect(last).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(Date.parse(last.finishedAt) - Date.parse(last.startedAt)).toBe(30_000);
    expect(c.logs('default', 'crashy', 'app', true).at(-1)).toMatch(
      /fatal: crashing as configured \(CRASH_AFTER=30s\)$/,
    );
  });

  it("answers `kubectl logs` for a pod stuck on its image with the kubelet's reason", () => {
    const c = new SimCluster();
    c.apply(pod('stuck', '  containers: [{name: web, image: "nginx:doesnotexist"}]'));
    c.runUntil(() => cell(c, 'stuck') === 'ImagePullBackOff', 60_000);
    const p = c.get('pods', 'default', 'stuck');
    expect(() => podLogLines(p, undefined, {}, c.now)).toThrow(
      'container "web" in pod "stuck" is waiting to start: trying and failing to pull image',
    );
  });

  it('refuses Windows images on Linux nodes', () => {
    const c = new SimCluster();
    c.apply(
      pod(
        'win',
        '  containers: [{name: iis, image: "mcr.microsoft.com/windows/servercore:ltsc2019"}]',
      ),
    );
    c.runUntil(() => cs(c, 'win')?.state.waiting?.reason === 'ErrImagePull', 30_000);
    expect(cs(c, 'win').state.waiting.message).toMatch(
      /no match for platform in manifest: not found$/,
    );
  });
});
