import fs from 'node:fs';
import path from 'node:path';
import { printTable, SimCluster, tableColumns } from '../src';
import {
  persistentMountFiles,
  resolvePersistentPath,
  writeVolumeFiles,
} from '../src/storage/volume-data';

// The seed's storage manifests (03, 10, 11, 12) and the documentation's PV/PVC examples, with
// what a kind 1.32 cluster shows for each: claim phases, printer cells, events, pod phases.

const seed = (f: string) =>
  fs.readFileSync(path.resolve(__dirname, 'fixtures/seed-examples', f), 'utf8');
const corpus = (f: string) =>
  fs.readFileSync(path.resolve(__dirname, 'fixtures/corpus/website', f), 'utf8');

const eventsOf = (c: SimCluster, name: string, kind?: string) =>
  c
    .events()
    .filter((e) => e.involvedObject?.name === name && (!kind || e.involvedObject.kind === kind))
    .map((e) => ({
      type: e.type,
      reason: e.reason,
      message: e.message,
      from: e.source?.component ?? e.reportingComponent,
      count: e.count,
    }));

const row = (c: SimCluster, kind: string, ns: string, name: string) => {
  const t = c.type(kind);
  const o = c.get(kind, ns, name);
  const cells = printTable([o], { group: t.group, kind: t.kind, now: c.now }).rows[0]!.cells;
  const cols = tableColumns(t.group, t.kind).filter((x) => !x.priority);
  return Object.fromEntries(cols.map((col, i) => [col.name.toUpperCase(), cells[i]]));
};

const UNBOUND =
  '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';

describe('seed example 03: a Deployment sharing one ReadWriteMany claim of class efs', () => {
  it('without an efs class, the claim stays Pending (class not found) and the pods Pending', () => {
    const c = new SimCluster();
    c.apply(seed('03-counter-deployment-shared-pvc.yaml'));
    c.advance(60_000);
    const pvc = c.get('pvc', 'default', 'counter');
    expect(pvc.status.phase).toBe('Pending');
    expect(row(c, 'pvc', 'default', 'counter')).toMatchObject({
      NAME: 'counter',
      STATUS: 'Pending',
      VOLUME: '',
      CAPACITY: '',
      'ACCESS MODES': '',
      STORAGECLASS: 'efs',
      VOLUMEATTRIBUTESCLASS: '<unset>',
    });
    const failed = eventsOf(c, 'counter', 'PersistentVolumeClaim').find(
      (e) => e.reason === 'ProvisioningFailed',
    )!;
    expect(failed).toMatchObject({
      type: 'Warning',
      message: 'storageclass.storage.k8s.io "efs" not found',
      from: 'persistentvolume-controller',
    });
    // Every resync (15 s) says it again: "(x5 over 60s)".
    expect(failed.count).toBe(5);
    const pods = c.pods().filter((p) => p.metadata.name.startsWith('counter-'));
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^counter-[a-z0-9]+-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.status.phase).toBe('Pending');
      expect(p.spec.nodeName).toBeUndefined();
      const cond = p.status.conditions.find((x: any) => x.type === 'PodScheduled');
      expect(cond).toMatchObject({ status: 'False', reason: 'Unschedulable', message: UNBOUND });
      expect(eventsOf(c, p.metadata.name)).toContainEqual(
        expect.objectContaining({ type: 'Warning', reason: 'FailedScheduling', message: UNBOUND }),
      );
    }
  });

  it('with the profile RWX class efs, the claim binds and all 3 pods run on the same volume', () => {
    const c = new SimCluster({ profile: { storage: { efs: true } } });
    c.apply(seed('03-counter-deployment-shared-pvc.yaml'));
    c.runUntil(
      () =>
        c
          .pods()
          .filter((p) => p.metadata.name.startsWith('counter-') && p.status.phase === 'Running')
          .length === 3,
      60_000,
    );
    const pvc = c.get('pvc', 'default', 'counter');
    const pvName = `pvc-${pvc.metadata.uid}`;
    expect(pvc.spec.volumeName).toBe(pvName);
    expect(row(c, 'pvc', 'default', 'counter')).toMatchObject({
      STATUS: 'Bound',
      VOLUME: pvName,
      CAPACITY: '50Mi',
      'ACCESS MODES': 'RWX',
      STORAGECLASS: 'efs',
    });
    expect(row(c, 'pv', '', pvName)).toMatchObject({
      CAPACITY: '50Mi',
      'ACCESS MODES': 'RWX',
      'RECLAIM POLICY': 'Delete',
      STATUS: 'Bound',
      CLAIM: 'default/counter',
      STORAGECLASS: 'efs',
    });
    const pv = c.get('pv', '', pvName);
    expect(pv.spec.csi).toMatchObject({ driver: 'efs.csi.aws.com' });
    expect(pv.spec.csi.volumeHandle).toMatch(/^fs-0a1b2c3d4e5f67890::fsap-[0-9a-f]{17}$/);
    expect(pv.metadata.annotations['pv.kubernetes.io/provisioned-by']).toBe('efs.csi.aws.com');
    expect(
      eventsOf(c, 'counter', 'PersistentVolumeClaim')
        .map((e) => e.reason)
        .sort(),
    ).toEqual(['ExternalProvisioning', 'Provisioning', 'ProvisioningSucceeded']);
    // The pods waited for the claim, then were scheduled; none waits any more.
    const pods = c.pods().filter((p) => p.metadata.name.startsWith('counter-'));
    expect(new Set(pods.map((p) => p.spec.nodeName)).size).toBeGreaterThan(1);
    // What one pod writes under /app/ the others read: one volume.
    const [a, b, d] = pods;
    const container = (p: any) => p.spec.containers[0];
    const where = resolvePersistentPath(c.state, a, container(a), '/app/count.txt')!;
    expect(where).toEqual({ pvName, path: 'count.txt', readOnly: false });
    writeVolumeFiles(
      { create: (o) => c.state.put(o), update: (o) => c.state.put(o) },
      c.state,
      where.pvName,
      { [where.path]: '42\n' },
    );
    for (const p of [b, d])
      expect(persistentMountFiles(c.state, p, container(p))).toEqual({ '/app/count.txt': '42\n' });
  });
});

describe('seed example 10: PVC my-pvc, 10Gi RWO, class standard', () => {
  it('waits for its first consumer (standard is WaitForFirstConsumer), then binds on its node', () => {
    const c = new SimCluster();
    c.apply(seed('10-my-pvc.yaml'));
    c.advance(30_000);
    expect(row(c, 'pvc', 'default', 'my-pvc')).toMatchObject({
      STATUS: 'Pending',
      VOLUME: '',
      STORAGECLASS: 'standard',
    });
    expect(eventsOf(c, 'my-pvc')).toEqual([
      {
        type: 'Normal',
        reason: 'WaitForFirstConsumer',
        message: 'waiting for first consumer to be created before binding',
        from: 'persistentvolume-controller',
        count: 3,
      },
    ]);
    c.apply(`apiVersion: v1
kind: Pod
metadata: {name: consumer}
spec:
  containers: [{name: app, image: nginx}]
  volumes: [{name: data, persistentVolumeClaim: {claimName: my-pvc}}]`);
    c.runUntil(() => c.get('pods', 'default', 'consumer').status.phase === 'Running', 60_000);
    const pvc = c.get('pvc', 'default', 'my-pvc');
    const pod = c.get('pods', 'default', 'consumer');
    expect(pvc.metadata.annotations).toMatchObject({
      'pv.kubernetes.io/bind-completed': 'yes',
      'pv.kubernetes.io/bound-by-controller': 'yes',
      'volume.beta.kubernetes.io/storage-provisioner': 'rancher.io/local-path',
      'volume.kubernetes.io/storage-provisioner': 'rancher.io/local-path',
      'volume.kubernetes.io/selected-node': pod.spec.nodeName,
    });
    expect(row(c, 'pvc', 'default', 'my-pvc')).toMatchObject({
      STATUS: 'Bound',
      VOLUME: `pvc-${pvc.metadata.uid}`,
      CAPACITY: '10Gi',
      'ACCESS MODES': 'RWO',
      STORAGECLASS: 'standard',
    });
    const pv = c.get('pv', '', pvc.spec.volumeName);
    expect(pv.spec).toMatchObject({
      hostPath: {
        path: `/var/local-path-provisioner/pvc-${pvc.metadata.uid}_default_my-pvc`,
        type: 'DirectoryOrCreate',
      },
      nodeAffinity: {
        required: {
          nodeSelectorTerms: [
            {
              matchExpressions: [
                { key: 'kubernetes.io/hostname', operator: 'In', values: [pod.spec.nodeName] },
              ],
            },
          ],
        },
      },
      persistentVolumeReclaimPolicy: 'Delete',
      storageClassName: 'standard',
      volumeMode: 'Filesystem',
    });
    expect(pv.metadata.finalizers).toEqual(['kubernetes.io/pv-protection']);
    const provisioner = eventsOf(c, 'my-pvc').find((e) => e.reason === 'ProvisioningSucceeded')!;
    expect(provisioner.message).toBe(`Successfully provisioned volume pvc-${pvc.metadata.uid}`);
    expect(provisioner.from).toMatch(
      /^rancher\.io\/local-path_local-path-provisioner-[a-z0-9]+-[a-z0-9]{5}_[0-9a-f-]{36}$/,
    );
    // The pod waited unscheduled while its volume was made: no FailedScheduling.
    expect(eventsOf(c, 'consumer').map((e) => e.reason)).not.toContain('FailedScheduling');
  });
});

describe('seed example 11: StorageClass fast-storage of a provisioner that does not run here', () => {
  it('leaves database-storage Pending, waiting for the external provisioner, and database-pod Pending', () => {
    const c = new SimCluster();
    c.apply(seed('11-fast-storage-class-pvc-pod.yaml'));
    c.advance(45_000);
    expect(row(c, 'sc', '', 'fast-storage')).toMatchObject({
      NAME: 'fast-storage',
      PROVISIONER: 'diskplugin.csi.alibabacloud.com',
      RECLAIMPOLICY: 'Delete',
      VOLUMEBINDINGMODE: 'Immediate',
      ALLOWVOLUMEEXPANSION: false,
    });
    expect(c.get('pvc', 'default', 'database-storage').status.phase).toBe('Pending');
    const waiting = eventsOf(c, 'database-storage');
    expect(waiting).toEqual([
      {
        type: 'Normal',
        reason: 'ExternalProvisioning',
        message:
          "Waiting for a volume to be created either by the external provisioner 'diskplugin.csi.alibabacloud.com' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
        from: 'persistentvolume-controller',
        count: 4,
      },
    ]);
    const pod = c.get('pods', 'default', 'database-pod');
    expect(pod.status.phase).toBe('Pending');
    expect(eventsOf(c, 'database-pod')).toContainEqual(
      expect.objectContaining({ reason: 'FailedScheduling', message: UNBOUND }),
    );
  });
});

describe('seed example 12: the Deployment mounting claim counter at /app/', () => {
  it('waits, Pending, for a claim that does not exist, and runs once an efs claim is bound', () => {
    const c = new SimCluster({ profile: { storage: { efs: true } } });
    c.apply(seed('12-counter-deployment-volume-mount.yaml'));
    c.advance(10_000);
    const pods = c.pods().filter((p) => p.metadata.name.startsWith('counter-'));
    expect(pods).toHaveLength(3);
    for (const p of pods)
      expect(p.status.conditions.find((x: any) => x.type === 'PodScheduled').message).toBe(
        '0/3 nodes are available: persistentvolumeclaim "counter" not found. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
      );
    c.apply(seed('03-counter-deployment-shared-pvc.yaml'));
    c.runUntil(
      () =>
        c
          .pods()
          .filter((p) => p.metadata.name.startsWith('counter-') && p.status.phase === 'Running')
          .length === 3,
      6 * 60_000,
    );
  });
});

describe('docs: pods/storage pv-volume, pv-claim, pv-pod (static binding, class manual)', () => {
  it('binds the claim to the hostPath volume and runs task-pv-pod', () => {
    const c = new SimCluster();
    c.apply(corpus('pods/storage/pv-volume.yaml'));
    c.advance(1_000);
    expect(row(c, 'pv', '', 'task-pv-volume')).toMatchObject({
      NAME: 'task-pv-volume',
      CAPACITY: '10Gi',
      'ACCESS MODES': 'RWO',
      'RECLAIM POLICY': 'Retain',
      STATUS: 'Available',
      CLAIM: '',
      STORAGECLASS: 'manual',
      VOLUMEATTRIBUTESCLASS: '<unset>',
      REASON: '',
    });
    c.apply(corpus('pods/storage/pv-claim.yaml'));
    c.advance(1_000);
    expect(row(c, 'pvc', 'default', 'task-pv-claim')).toMatchObject({
      STATUS: 'Bound',
      VOLUME: 'task-pv-volume',
      CAPACITY: '10Gi',
      'ACCESS MODES': 'RWO',
      STORAGECLASS: 'manual',
    });
    expect(row(c, 'pv', '', 'task-pv-volume')).toMatchObject({
      STATUS: 'Bound',
      CLAIM: 'default/task-pv-claim',
    });
    const pv = c.get('pv', '', 'task-pv-volume');
    expect(pv.metadata.annotations).toEqual({ 'pv.kubernetes.io/bound-by-controller': 'yes' });
    expect(pv.spec.hostPath).toEqual({ path: '/mnt/data', type: '' });
    c.apply(corpus('pods/storage/pv-pod.yaml'));
    c.runUntil(() => c.get('pods', 'default', 'task-pv-pod').status.phase === 'Running', 60_000);
  });

  it('without the claim, task-pv-pod stays Pending: persistentvolumeclaim "task-pv-claim" not found', () => {
    const c = new SimCluster();
    c.apply(corpus('pods/storage/pv-pod.yaml'));
    c.advance(5_000);
    const pod = c.get('pods', 'default', 'task-pv-pod');
    expect(pod.status.phase).toBe('Pending');
    expect(eventsOf(c, 'task-pv-pod')).toContainEqual(
      expect.objectContaining({
        reason: 'FailedScheduling',
        message:
          '0/3 nodes are available: persistentvolumeclaim "task-pv-claim" not found. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
      }),
    );
  });

  it('a claim of class manual made before its volume says the class is not found, then binds', () => {
    const c = new SimCluster();
    c.apply(corpus('pods/storage/pv-claim.yaml'));
    c.advance(1_000);
    expect(eventsOf(c, 'task-pv-claim')).toEqual([
      expect.objectContaining({
        type: 'Warning',
        reason: 'ProvisioningFailed',
        message: 'storageclass.storage.k8s.io "manual" not found',
      }),
    ]);
    c.apply(corpus('pods/storage/pv-volume.yaml'));
    c.advance(1_000);
    expect(c.get('pvc', 'default', 'task-pv-claim').status.phase).toBe('Bound');
  });
});

describe('docs: controllers/statefulset.yaml (volumeClaimTemplates of class my-storage-class)', () => {
  it('without the class, www-web-0 is Pending (class not found) and web-0 cannot be scheduled', () => {
    const c = new SimCluster();
    c.apply(corpus('controllers/statefulset.yaml'));
    c.advance(30_000);
    expect(c.list('pvc', 'default').map((p) => [p.metadata.name, p.status.phase])).toEqual([
      ['www-web-0', 'Pending'],
    ]);
    expect(eventsOf(c, 'www-web-0')).toContainEqual(
      expect.objectContaining({
        reason: 'ProvisioningFailed',
        message: 'storageclass.storage.k8s.io "my-storage-class" not found',
      }),
    );
    expect(eventsOf(c, 'web-0')).toContainEqual(
      expect.objectContaining({ reason: 'FailedScheduling', message: UNBOUND }),
    );
  });

  it('with a provisioning class my-storage-class, three Bound claims and three Running pods', () => {
    const c = new SimCluster();
    c.apply(`apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: my-storage-class}
provisioner: rancher.io/local-path
volumeBindingMode: WaitForFirstConsumer`);
    c.apply(corpus('controllers/statefulset.yaml'));
    c.runUntil(() => c.pods().filter((p) => p.status.phase === 'Running').length === 3, 5 * 60_000);
    for (const n of ['www-web-0', 'www-web-1', 'www-web-2'])
      expect(row(c, 'pvc', 'default', n)).toMatchObject({
        STATUS: 'Bound',
        CAPACITY: '1Gi',
        'ACCESS MODES': 'RWO',
        STORAGECLASS: 'my-storage-class',
      });
  });
});
