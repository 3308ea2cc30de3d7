import { SimCluster } from '../src';
import { readManifest } from './corpus-harness';

// Volumes from inside the containers: what `kubectl exec -- cat` shows, what nginx serves, what
// survives a restart, a new pod, another node.

const pod = (name: string, spec: string, extra = '') => `apiVersion: v1
kind: Pod
metadata: {name: ${name}${extra}}
spec:
${spec}`;
const phase = (c: SimCluster, name: string) => c.get('pods', 'default', name)?.status?.phase;
const run = (c: SimCluster, name: string) =>
  c.runUntil(() => phase(c, name) === 'Running', 120_000);
const sh = (c: SimCluster, name: string, script: string, container?: string) =>
  c.exec('default', name, ['sh', '-c', script], container).stdout;

describe('Secret and ConfigMap volumes', () => {
  it("shows the Secret's decoded keys as files (pods/inject/secret-pod.yaml)", () => {
    const c = new SimCluster();
    c.apply(readManifest('pods/inject/secret.yaml'));
    c.apply(readManifest('pods/inject/secret-pod.yaml'));
    run(c, 'secret-test-pod');
    expect(c.exec('default', 'secret-test-pod', ['ls', '/etc/secret-volume']).stdout).toBe(
      'password\nusername\n',
    );
    expect(
      c.exec('default', 'secret-test-pod', ['cat', '/etc/secret-volume/username']).stdout,
    ).toBe('my-app');
    expect(
      c.exec('default', 'secret-test-pod', ['cat', '/etc/secret-volume/password']).stdout,
    ).toBe('39528$vdg7Jb');
    const w = c.exec('default', 'secret-test-pod', ['touch', '/etc/secret-volume/x']);
    expect(w.stderr).toBe("touch: cannot touch '/etc/secret-volume/x': Read-only file system\n");
  });

  it('waits in ContainerCreating with FailedMount while the Secret is missing', () => {
    const c = new SimCluster();
    c.apply(readManifest('pods/inject/secret-pod.yaml'));
    c.advance(30_000);
    expect(
      c.get('pods', 'default', 'secret-test-pod').status.containerStatuses[0].state.waiting.reason,
    ).toBe('ContainerCreating');
    expect(c.events('default').find((e) => e.reason === 'FailedMount').message).toBe(
      'MountVolume.SetUp failed for volume "secret-volume" : secret "test-secret" not found',
    );
  });

  it("serves a ConfigMap mounted over nginx's html, and an update after the kubelet's sync delay", () => {
    const c = new SimCluster();
    c.apply(`apiVersion: v1
kind: ConfigMap
metadata: {name: site}
data: {index.html: "v1\\n"}
---
${pod(
  'web',
  `  containers:
  - name: nginx
    image: nginx
    volumeMounts:
    - {name: html, mountPath: /usr/share/nginx/html}
    - {name: html, mountPath: /etc/fixed.html, subPath: index.html}
  volumes: [{name: html, configMap: {name: site}}]`,
)}`);
    run(c, 'web');
    expect(c.exec('default', 'web', ['curl', '-s', 'localhost']).stdout).toBe('v1\n');
    c.patch('configmaps', 'default', 'site', { data: { 'index.html': 'v2\n' } });
    c.advance(10_000);
    // Not yet: the kubelet projects the change at its next sync.
    expect(c.exec('default', 'web', ['curl', '-s', 'localhost']).stdout).toBe('v1\n');
    c.advance(60_000);
    expect(c.exec('default', 'web', ['curl', '-s', 'localhost']).stdout).toBe('v2\n');
    // A subPath mount is a copy made at start: it never changes.
    expect(c.exec('default', 'web', ['cat', '/etc/fixed.html']).stdout).toBe('v1\n');
  });

  it('prints the downward API files in a loop (dapi-volume.yaml)', () => {
    const c = new SimCluster();
    c.apply(readManifest('pods/inject/dapi-volume.yaml'));
    run(c, 'kubernetes-downwardapi-volume-example');
    c.advance(12_000);
    const logs = c.logs('default', 'kubernetes-downwardapi-volume-example');
    expect(logs.slice(0, 9)).toEqual([
      '',
      '',
      'cluster="test-cluster1"',
      'rack="rack-22"',
      'zone="us-est-coast"',
      '',
      'build="two"',
      'builder="john-doe"',
      '',
    ]);
  });
});

describe('emptyDir', () => {
  it("is shared by the pod's containers, survives a container restart, and goes with the pod", () => {
    const c = new SimCluster();
    c.apply(
      pod(
        'pair',
        `  containers:
  - name: writer
    image: busybox
    command: [sh, -c, 'while true; do date >> /data/log.txt; sleep 10; done']
    volumeMounts: [{name: data, mountPath: /data}]
  - name: reader
    image: busybox
    command: [sh, -c, 'sleep 3600']
    volumeMounts: [{name: data, mountPath: /shared}]
  volumes: [{name: data, emptyDir: {}}]`,
      ),
    );
    run(c, 'pair');
    c.advance(35_000);
    const lines = sh(c, 'pair', 'wc -l < /shared/log.txt', 'reader');
    expect(Number(lines)).toBeGreaterThanOrEqual(4);
    // A file written with exec in one container is there in the other.
    c.exec('default', 'pair', ['sh', '-c', 'echo note > /data/note'], 'writer');
    expect(sh(c, 'pair', 'cat /shared/note', 'reader')).toBe('note\n');
  });
});

describe('hostPath', () => {
  it('keeps files on the node: a later pod there sees them, a pod on another node does not', () => {
    const c = new SimCluster();
    const hp = (name: string, node: string, cmd: string) =>
      pod(
        name,
        `  nodeName: ${node}
  containers:
  - name: c
    image: busybox
    command: [sh, -c, '${cmd}']
    volumeMounts: [{name: host, mountPath: /host}]
  volumes: [{name: host, hostPath: {path: /var/lib/demo, type: DirectoryOrCreate}}]`,
      );
    c.apply(hp('first', 'kubelab-worker', 'echo hello > /host/greeting; sleep 3600'));
    run(c, 'first');
    c.advance(5_000);
    c.delete('pods', 'default', 'first', { gracePeriodSeconds: 0 });
    c.apply(hp('same-node', 'kubelab-worker', 'sleep 3600'));
    c.apply(hp('other-node', 'kubelab-worker2', 'sleep 3600'));
    run(c, 'same-node');
    run(c, 'other-node');
    expect(sh(c, 'same-node', 'cat /host/greeting')).toBe('hello\n');
    expect(c.exec('default', 'other-node', ['cat', '/host/greeting']).stderr).toBe(
      "cat: can't open '/host/greeting': No such file or directory\n",
    );
  });
});

describe('kubectl exec', () => {
  it("runs in the container's environment and shell", () => {
    const c = new SimCluster();
    c.apply(
      pod(
        'box',
        `  containers: [{name: c, image: busybox, command: [sleep, "3600"], env: [{name: COLOR, value: blue}]}]`,
      ),
    );
    run(c, 'box');
    expect(c.exec('default', 'box', ['printenv', 'COLOR']).stdout).toBe('blue\n');
    expect(c.exec('default', 'box', ['hostname']).stdout).toBe('box\n');
    expect(sh(c, 'box', 'echo $((6 * 7)) > /tmp/answer; cat /tmp/answer')).toBe('42\n');
    // What exec wrote stays in the container's writable layer.
    expect(c.exec('default', 'box', ['cat', '/tmp/answer']).stdout).toBe('42\n');
    const r = c.exec('default', 'box', ['curl', 'http://example.com']);
    expect(r).toMatchObject({ exitCode: 126 });
    expect(r.stderr).toMatch(/exec: "curl": executable file not found in \$PATH/);
    expect(c.exec('default', 'box', ['sh', '-c', 'exit 3']).exitCode).toBe(3);
  });

  it('reads /etc/resolv.conf and /etc/hosts the kubelet wrote', () => {
    const c = new SimCluster();
    c.apply(pod('dns', `  containers: [{name: c, image: busybox, command: [sleep, "3600"]}]`));
    run(c, 'dns');
    expect(c.exec('default', 'dns', ['cat', '/etc/resolv.conf']).stdout).toBe(
      'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n',
    );
    const ip = c.get('pods', 'default', 'dns').status.podIP;
    expect(c.exec('default', 'dns', ['cat', '/etc/hosts']).stdout).toContain(`${ip}\tdns\n`);
  });
});

describe('persistent volumes', () => {
  it('keeps what a pod wrote on its claim for the next pod of the claim', () => {
    const c = new SimCluster();
    c.apply(`apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}`);
    const withClaim = (name: string, cmd: string) =>
      pod(
        name,
        `  containers:
  - name: c
    image: busybox
    command: [sh, -c, '${cmd}']
    volumeMounts: [{name: data, mountPath: /data}]
  volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]`,
      );
    c.apply(withClaim('writer', 'echo saved > /data/file; sleep 3600'));
    run(c, 'writer');
    c.advance(5_000);
    expect(c.exec('default', 'writer', ['cat', '/data/file']).stdout).toBe('saved\n');
    c.exec('default', 'writer', ['sh', '-c', 'echo by-exec > /data/other']);
    c.delete('pods', 'default', 'writer');
    c.runUntil(() => !c.get('pods', 'default', 'writer'), 120_000);
    c.apply(withClaim('reader', 'cat /data/file /data/other; sleep 3600'));
    run(c, 'reader');
    c.advance(1_000);
    expect(c.logs('default', 'reader')).toEqual(['saved', 'by-exec']);
  });
});

describe('projected volumes', () => {
  it('puts two Secrets side by side (pods/storage/projected.yaml)', () => {
    const c = new SimCluster();
    c.apply(`apiVersion: v1
kind: Secret
metadata: {name: user}
stringData: {username: admin}
---
apiVersion: v1
kind: Secret
metadata: {name: pass}
stringData: {password: "1f2d1e2e67df"}`);
    c.apply(readManifest('pods/storage/projected.yaml'));
    run(c, 'test-projected-volume');
    expect(c.exec('default', 'test-projected-volume', ['ls', '/projected-volume/']).stdout).toBe(
      'password\nusername\n',
    );
    expect(
      sh(
        c,
        'test-projected-volume',
        'cat /projected-volume/username; echo; cat /projected-volume/password',
      ),
    ).toBe('admin\n1f2d1e2e67df');
  });

  it('mounts the service account token, CA and namespace in every pod', () => {
    const c = new SimCluster();
    c.apply(pod('sa', `  containers: [{name: c, image: busybox, command: [sleep, "3600"]}]`));
    run(c, 'sa');
    const dir = '/var/run/secrets/kubernetes.io/serviceaccount';
    expect(c.exec('default', 'sa', ['ls', dir]).stdout).toBe('ca.crt\nnamespace\ntoken\n');
    expect(c.exec('default', 'sa', ['cat', `${dir}/namespace`]).stdout).toBe('default');
    const token = c.exec('default', 'sa', ['cat', `${dir}/token`]).stdout;
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    expect(claims.sub).toBe('system:serviceaccount:default:default');
  });
});

describe('hostPath type checks', () => {
  it('waits with FailedMount when a hostPath of type Directory is not on the node', () => {
    const c = new SimCluster();
    c.apply(
      pod(
        'needs-dir',
        `  containers: [{name: c, image: busybox, command: [sleep, "3600"], volumeMounts: [{name: d, mountPath: /d}]}]
  volumes: [{name: d, hostPath: {path: /data/app, type: Directory}}]`,
      ),
    );
    c.advance(20_000);
    expect(c.events('default').find((e) => e.reason === 'FailedMount').message).toBe(
      'MountVolume.SetUp failed for volume "d" : hostPath type check failed: /data/app is not a directory',
    );
    c.apply(
      pod(
        'var-log',
        `  containers: [{name: c, image: busybox, command: [sleep, "3600"], volumeMounts: [{name: d, mountPath: /d}]}]
  volumes: [{name: d, hostPath: {path: /var/log, type: Directory}}]`,
      ),
    );
    run(c, 'var-log');
  });
});
