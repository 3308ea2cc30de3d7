import { StatusError } from '@kubelab/apimachinery';
import {
  LOCAL_PATH_PROVISIONER,
  persistentMountFiles,
  printTable,
  SimCluster,
  STANDARD_CLASS,
  tableColumns,
  writeVolumeFiles,
  type ProvisionerProfile,
} from '../src';

// Claims and volumes over their life: binding choices, reclaim policies, protection finalizers,
// expansion, access modes across nodes, and the data a volume keeps — as a learner sees them in
// kubectl get/describe.

const events = (c: SimCluster, name: string, kind?: string) =>
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
  const cells = printTable([c.get(kind, ns, name)], { group: t.group, kind: t.kind, now: c.now })
    .rows[0]!.cells;
  const cols = tableColumns(t.group, t.kind).filter((x) => !x.priority);
  return Object.fromEntries(cols.map((col, i) => [col.name.toUpperCase(), cells[i]]));
};

function refusal(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error('expected the API to refuse');
}

const claim = (
  name: string,
  opts: { size?: string; modes?: string[]; cls?: string | null } = {},
) => `
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: ${name}}
spec:
  accessModes: [${(opts.modes ?? ['ReadWriteOnce']).join(', ')}]
  resources: {requests: {storage: ${opts.size ?? '1Gi'}}}
${opts.cls === undefined ? '' : `  storageClassName: ${opts.cls === null ? '""' : opts.cls}`}`;

const pod = (name: string, claimName: string, extra = '') => `
apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
${extra}
  containers: [{name: app, image: nginx, volumeMounts: [{name: data, mountPath: /data}]}]
  volumes: [{name: data, persistentVolumeClaim: {claimName: ${claimName}}}]`;

const hostPathPv = (
  name: string,
  size: string,
  opts: { policy?: string; path?: string; modes?: string[]; cls?: string } = {},
) => `
apiVersion: v1
kind: PersistentVolume
metadata: {name: ${name}}
spec:
  capacity: {storage: ${size}}
  accessModes: [${(opts.modes ?? ['ReadWriteOnce']).join(', ')}]
  storageClassName: ${opts.cls ?? 'manual'}
  ${opts.policy ? `persistentVolumeReclaimPolicy: ${opts.policy}` : ''}
  hostPath: {path: ${opts.path ?? `/mnt/${name}`}}`;

const running = (c: SimCluster, name: string) => () =>
  c.get('pods', 'default', name)?.status?.phase === 'Running';

/** An attachable, expandable CSI driver (EBS-like), with a WaitForFirstConsumer class gp3. */
const EBS: ProvisionerProfile = {
  name: 'ebs.csi.aws.com',
  accessModes: ['ReadWriteOnce', 'ReadWriteOncePod'],
  csi: true,
  attachRequired: true,
  resizer: true,
  nodeExpansion: true,
  provisionMs: 3_000,
  deleteMs: 2_000,
  attachMs: 400,
  resizeMs: 2_000,
  podName: 'ebs-csi-controller-7d5b9c6c8f-q2xvn',
};
const withEbs = () =>
  new SimCluster({
    profile: {
      storage: {
        provisioners: [LOCAL_PATH_PROVISIONER, EBS],
        classes: [
          STANDARD_CLASS,
          {
            name: 'gp3',
            provisioner: 'ebs.csi.aws.com',
            volumeBindingMode: 'WaitForFirstConsumer',
            allowVolumeExpansion: true,
            parameters: { type: 'gp3' },
          },
        ],
      },
    },
  });

describe('static binding', () => {
  it('binds a claim to the smallest Available volume of its class that is big enough', () => {
    const c = new SimCluster();
    c.apply(hostPathPv('big', '20Gi'));
    c.apply(hostPathPv('small', '2Gi'));
    c.apply(hostPathPv('right', '5Gi'));
    c.apply(hostPathPv('other-class', '5Gi', { cls: 'slow' }));
    c.advance(1_000);
    c.apply(claim('want-3', { size: '3Gi', cls: 'manual' }));
    c.advance(1_000);
    expect(c.get('pvc', 'default', 'want-3').spec.volumeName).toBe('right');
    expect(row(c, 'pv', '', 'right')).toMatchObject({ STATUS: 'Bound', CLAIM: 'default/want-3' });
    expect(row(c, 'pv', '', 'big')).toMatchObject({ STATUS: 'Available', CLAIM: '' });
  });

  it('a claim with storageClassName "" and no volume says no class is set', () => {
    const c = new SimCluster();
    c.apply(claim('classless', { cls: null }));
    c.advance(16_000);
    expect(c.get('pvc', 'default', 'classless').spec.storageClassName).toBe('');
    expect(events(c, 'classless')).toEqual([
      {
        type: 'Normal',
        reason: 'FailedBinding',
        message: 'no persistent volumes available for this claim and no storage class is set',
        from: 'persistentvolume-controller',
        count: 2,
      },
    ]);
  });

  it('a claim naming a volume too small for it says why it cannot bind', () => {
    const c = new SimCluster();
    c.apply(hostPathPv('tiny', '1Gi'));
    c.apply(`${claim('asks-more', { size: '5Gi', cls: 'manual' })}\n  volumeName: tiny`);
    c.advance(1_000);
    expect(c.get('pvc', 'default', 'asks-more').status.phase).toBe('Pending');
    expect(events(c, 'asks-more')).toContainEqual(
      expect.objectContaining({
        type: 'Warning',
        reason: 'VolumeMismatch',
        message: 'Cannot bind to requested volume "tiny": requested PV is too small',
      }),
    );
  });
});

describe('reclaim policies', () => {
  it('Delete: a provisioned volume is Released when its claim goes, then deleted', () => {
    const c = new SimCluster();
    c.apply(claim('scratch'));
    c.apply(pod('user', 'scratch'));
    c.runUntil(running(c, 'user'), 60_000);
    const pvName = c.get('pvc', 'default', 'scratch').spec.volumeName;
    c.delete('pods', 'default', 'user', { gracePeriodSeconds: 0 });
    c.advance(2_000);
    c.delete('pvc', 'default', 'scratch');
    c.advance(500);
    expect(c.get('pvc', 'default', 'scratch')).toBeUndefined();
    expect(row(c, 'pv', '', pvName)).toMatchObject({
      STATUS: 'Released',
      CLAIM: 'default/scratch',
    });
    c.advance(5_000);
    expect(c.get('pv', '', pvName)).toBeUndefined();
  });

  it('Retain: the volume stays Released, its claimRef kept, and no new claim binds it', () => {
    const c = new SimCluster();
    c.apply(hostPathPv('keep', '5Gi'));
    c.apply(claim('first', { cls: 'manual' }));
    c.advance(1_000);
    c.delete('pvc', 'default', 'first');
    c.advance(60_000);
    expect(row(c, 'pv', '', 'keep')).toMatchObject({
      'RECLAIM POLICY': 'Retain',
      STATUS: 'Released',
      CLAIM: 'default/first',
    });
    c.apply(claim('second', { cls: 'manual' }));
    c.advance(1_000);
    expect(c.get('pvc', 'default', 'second').status.phase).toBe('Pending');
  });

  it("Delete on a hostPath volume outside /tmp: Failed, with the deleter's reason", () => {
    const c = new SimCluster();
    c.apply(hostPathPv('data', '5Gi', { policy: 'Delete', path: '/mnt/data' }));
    c.apply(claim('c1', { cls: 'manual' }));
    c.advance(1_000);
    c.delete('pvc', 'default', 'c1');
    c.advance(1_000);
    const pv = c.get('pv', '', 'data');
    expect(pv.status.phase).toBe('Failed');
    expect(pv.status.message).toBe(
      'host_path deleter only supports /tmp/.+ but received provided /mnt/data',
    );
    expect(events(c, 'data', 'PersistentVolume')).toEqual([
      expect.objectContaining({
        type: 'Warning',
        reason: 'VolumeFailedDelete',
        message: 'host_path deleter only supports /tmp/.+ but received provided /mnt/data',
      }),
    ]);
  });

  it('Recycle (deprecated): warned on create; scrubbed and Available again once released', () => {
    const c = new SimCluster();
    const created = c.sim.core.create(
      c.state,
      c.type('pv'),
      undefined,
      {
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: { name: 'recycled' },
        spec: {
          capacity: { storage: '1Gi' },
          accessModes: ['ReadWriteOnce'],
          persistentVolumeReclaimPolicy: 'Recycle',
          storageClassName: 'manual',
          hostPath: { path: '/mnt/r' },
        },
      },
      c.requestOptions(),
    );
    expect(created.warnings).toEqual([
      'spec.persistentVolumeReclaimPolicy: The Recycle reclaim policy is deprecated. Instead, the recommended approach is to use dynamic provisioning.',
    ]);
    c.apply(claim('r1', { cls: 'manual' }));
    c.advance(1_000);
    c.delete('pvc', 'default', 'r1');
    c.advance(1_000);
    expect(c.get('pv', '', 'recycled').status.phase).toBe('Released');
    c.advance(10_000);
    expect(row(c, 'pv', '', 'recycled')).toMatchObject({ STATUS: 'Available', CLAIM: '' });
    expect(events(c, 'recycled', 'PersistentVolume')).toContainEqual(
      expect.objectContaining({ reason: 'VolumeRecycled', message: 'Volume recycled' }),
    );
  });
});

describe('protection finalizers', () => {
  it('a claim in use stays Terminating until its pod is gone', () => {
    const c = new SimCluster();
    c.apply(claim('busy'));
    c.apply(pod('holder', 'busy'));
    c.runUntil(running(c, 'holder'), 60_000);
    c.delete('pvc', 'default', 'busy');
    c.advance(30_000);
    expect(c.get('pvc', 'default', 'busy').metadata.finalizers).toEqual([
      'kubernetes.io/pvc-protection',
    ]);
    expect(row(c, 'pvc', 'default', 'busy')).toMatchObject({ STATUS: 'Terminating' });
    c.delete('pods', 'default', 'holder');
    c.advance(40_000);
    expect(c.get('pvc', 'default', 'busy')).toBeUndefined();
  });

  it('a Bound volume stays Terminating until it is released', () => {
    const c = new SimCluster();
    c.apply(hostPathPv('held', '1Gi'));
    c.apply(claim('holds', { cls: 'manual' }));
    c.advance(1_000);
    c.delete('pv', '', 'held');
    c.advance(10_000);
    expect(row(c, 'pv', '', 'held')).toMatchObject({
      STATUS: 'Terminating',
      CLAIM: 'default/holds',
    });
    c.delete('pvc', 'default', 'holds');
    c.advance(1_000);
    expect(c.get('pv', '', 'held')).toBeUndefined();
  });
});

describe('volume expansion', () => {
  it("refuses to grow a claim whose class does not allow expansion (kind's standard)", () => {
    const c = new SimCluster();
    c.apply(claim('fixed'));
    c.apply(pod('p', 'fixed'));
    c.runUntil(() => c.get('pvc', 'default', 'fixed').status.phase === 'Bound', 60_000);
    const err = refusal(() =>
      c.patch('pvc', 'default', 'fixed', { spec: { resources: { requests: { storage: '2Gi' } } } }),
    );
    expect(err.code).toBe(403);
    expect(err.message).toBe(
      'persistentvolumeclaims "fixed" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize',
    );
  });

  it('grows a gp3 claim: the resizer expands the volume, the kubelet the file system', () => {
    const c = withEbs();
    c.apply(claim('grow', { cls: 'gp3' }));
    c.apply(pod('app', 'grow'));
    c.runUntil(running(c, 'app'), 60_000);
    c.patch('pvc', 'default', 'grow', { spec: { resources: { requests: { storage: '4Gi' } } } });
    c.advance(100);
    const pvc = c.get('pvc', 'default', 'grow');
    expect(pvc.status.allocatedResources).toEqual({ storage: '4Gi' });
    expect(pvc.status.allocatedResourceStatuses).toEqual({ storage: 'ControllerResizeInProgress' });
    expect(pvc.status.conditions.map((x: any) => x.type)).toEqual(['Resizing']);
    expect(row(c, 'pvc', 'default', 'grow')).toMatchObject({ CAPACITY: '1Gi' });
    c.advance(5_000);
    const done = c.get('pvc', 'default', 'grow');
    expect(done.status.capacity).toEqual({ storage: '4Gi' });
    expect(done.status.conditions).toBeUndefined();
    expect(c.get('pv', '', done.spec.volumeName).spec.capacity).toEqual({ storage: '4Gi' });
    expect(row(c, 'pvc', 'default', 'grow')).toMatchObject({ CAPACITY: '4Gi' });
    const reasons = events(c, 'grow', 'PersistentVolumeClaim').map((e) => [
      e.reason,
      e.message,
      e.from,
    ]);
    expect(reasons).toEqual(
      expect.arrayContaining([
        [
          'ExternalExpanding',
          'waiting for an external controller to expand this PVC',
          'volume_expand',
        ],
        [
          'Resizing',
          `External resizer is resizing volume ${done.spec.volumeName}`,
          'external-resizer ebs.csi.aws.com',
        ],
        [
          'FileSystemResizeRequired',
          'Require file system resize of volume on node',
          'external-resizer ebs.csi.aws.com',
        ],
        [
          'FileSystemResizeSuccessful',
          `MountVolume.NodeExpandVolume succeeded for volume "${done.spec.volumeName}" ${c.get('pods', 'default', 'app').spec.nodeName}`,
          'kubelet',
        ],
      ]),
    );
  });
});

describe('access modes across nodes', () => {
  it('ReadWriteOnce on local-path: a second pod goes to the node that holds the volume', () => {
    const c = new SimCluster();
    c.apply(claim('local'));
    c.apply(pod('one', 'local'));
    c.runUntil(running(c, 'one'), 60_000);
    c.apply(pod('two', 'local'));
    c.runUntil(running(c, 'two'), 60_000);
    expect(c.get('pods', 'default', 'two').spec.nodeName).toBe(
      c.get('pods', 'default', 'one').spec.nodeName,
    );
  });

  it('ReadWriteOnce on local-path: a pod that must run elsewhere has a volume node affinity conflict', () => {
    const c = new SimCluster();
    c.apply(claim('pinned'));
    c.apply(pod('first', 'pinned'));
    c.runUntil(running(c, 'first'), 60_000);
    const node = c.get('pods', 'default', 'first').spec.nodeName;
    const other = node === 'kubelab-worker' ? 'kubelab-worker2' : 'kubelab-worker';
    c.apply(pod('elsewhere', 'pinned', `  nodeSelector: {kubernetes.io/hostname: ${other}}`));
    c.advance(5_000);
    const cond = c
      .get('pods', 'default', 'elsewhere')
      .status.conditions.find((x: any) => x.type === 'PodScheduled');
    expect(cond.message).toBe(
      "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 node(s) had volume node affinity conflict. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
  });

  it('ReadWriteOncePod: a second pod using the claim cannot be scheduled anywhere', () => {
    const c = new SimCluster();
    c.apply(claim('solo', { modes: ['ReadWriteOncePod'] }));
    c.apply(pod('owner', 'solo'));
    c.runUntil(running(c, 'owner'), 60_000);
    c.apply(pod('intruder', 'solo'));
    c.advance(5_000);
    const cond = c
      .get('pods', 'default', 'intruder')
      .status.conditions.find((x: any) => x.type === 'PodScheduled');
    // The control plane's taint fails first there; preemption cannot help (same priority).
    expect(cond.message).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
    );
  });

  it('ReadWriteOnce on an attachable volume: the second node gets the Multi-Attach error', () => {
    const c = withEbs();
    c.apply(claim('disk', { cls: 'gp3' }));
    c.apply(pod('a', 'disk', '  nodeSelector: {kubernetes.io/hostname: kubelab-worker}'));
    c.runUntil(running(c, 'a'), 60_000);
    const pvName = c.get('pvc', 'default', 'disk').spec.volumeName;
    const [va] = c.list('volumeattachments');
    expect(row(c, 'volumeattachments', '', va.metadata.name)).toMatchObject({
      ATTACHER: 'ebs.csi.aws.com',
      PV: pvName,
      NODE: 'kubelab-worker',
      ATTACHED: true,
    });
    expect(va.metadata.name).toMatch(/^csi-[0-9a-f]{64}$/);
    expect(events(c, 'a')).toContainEqual(
      expect.objectContaining({
        reason: 'SuccessfulAttachVolume',
        message: `AttachVolume.Attach succeeded for volume "${pvName}"`,
        from: 'attachdetach-controller',
      }),
    );
    c.apply(pod('b', 'disk', '  nodeSelector: {kubernetes.io/hostname: kubelab-worker2}'));
    c.advance(10_000);
    const b = c.get('pods', 'default', 'b');
    expect(b.spec.nodeName).toBe('kubelab-worker2');
    expect(b.status.phase).toBe('Pending');
    expect(b.status.containerStatuses[0].state.waiting.reason).toBe('ContainerCreating');
    expect(events(c, 'b')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'Warning',
          reason: 'FailedAttachVolume',
          message: `Multi-Attach error for volume "${pvName}" Volume is already used by pod(s) a`,
          from: 'attachdetach-controller',
        }),
        expect.objectContaining({
          type: 'Warning',
          reason: 'FailedMount',
          message:
            'Unable to attach or mount volumes: unmounted volumes=[data], unattached volumes=[data], failed to process volumes=[]: timed out waiting for the condition',
        }),
      ]),
    );
    // Once a lets go, b's node gets the volume and b starts.
    c.delete('pods', 'default', 'a');
    c.runUntil(running(c, 'b'), 5 * 60_000);
  });
});

describe('waiting for the first consumer', () => {
  it('says which pod it waits for while that pod cannot be scheduled', () => {
    const c = new SimCluster();
    c.apply(claim('later'));
    c.apply(pod('stuck', 'later', '  nodeSelector: {disk: ssd}'));
    c.advance(1_000);
    expect(events(c, 'later')).toEqual([
      expect.objectContaining({
        reason: 'WaitForPodScheduled',
        message: 'waiting for pod stuck to be scheduled',
      }),
    ]);
  });

  it('local-path cannot provision ReadWriteMany: ProvisioningFailed, and the pod waits without events', () => {
    const c = new SimCluster();
    c.apply(claim('shared', { modes: ['ReadWriteMany'] }));
    c.apply(pod('wants-rwx', 'shared'));
    c.advance(20_000);
    expect(c.get('pvc', 'default', 'shared').status.phase).toBe('Pending');
    expect(events(c, 'shared')).toContainEqual(
      expect.objectContaining({
        type: 'Warning',
        reason: 'ProvisioningFailed',
        message:
          'failed to provision volume with StorageClass "standard": NodePath only supports ReadWriteOnce and ReadWriteOncePod (1.22+) access modes',
      }),
    );
    expect(c.get('pods', 'default', 'wants-rwx').spec.nodeName).toBeUndefined();
    expect(events(c, 'wants-rwx')).toEqual([]);
  });
});

describe('pods placed on a node directly', () => {
  it('wait in ContainerCreating while their claim is unbound, then start', () => {
    const c = new SimCluster();
    c.apply(pod('direct', 'not-yet', '  nodeName: kubelab-worker'));
    c.advance(3_000);
    const p = c.get('pods', 'default', 'direct');
    expect(p.status.containerStatuses[0].state.waiting.reason).toBe('ContainerCreating');
    expect(events(c, 'direct')).toContainEqual(
      expect.objectContaining({
        type: 'Warning',
        reason: 'FailedMount',
        message:
          'Unable to attach or mount volumes: unmounted volumes=[data], unattached volumes=[], failed to process volumes=[data]: error processing PVC default/not-yet: failed to fetch PVC from API server: persistentvolumeclaims "not-yet" not found',
      }),
    );
    c.apply(hostPathPv('spare', '1Gi'));
    c.apply(claim('not-yet', { cls: 'manual' }));
    c.runUntil(running(c, 'direct'), 5 * 60_000);
  });
});

describe('default StorageClass', () => {
  it('a claim made while no class is default gets the default class as soon as there is one', () => {
    const c = new SimCluster({ profile: { storage: { classes: [] } } });
    c.apply(claim('early'));
    c.advance(1_000);
    expect(c.get('pvc', 'default', 'early').spec.storageClassName).toBeUndefined();
    c.apply(`apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: late-default
  annotations: {storageclass.kubernetes.io/is-default-class: "true"}
provisioner: rancher.io/local-path
volumeBindingMode: WaitForFirstConsumer`);
    c.advance(1_000);
    expect(c.get('pvc', 'default', 'early').spec.storageClassName).toBe('late-default');
  });
});

describe('what a volume holds', () => {
  it('outlives the pod that wrote it: a new pod on the claim sees the same files', () => {
    const c = new SimCluster({ profile: { storage: { efs: true } } });
    c.apply(claim('keepsake', { modes: ['ReadWriteMany'], cls: 'efs' }));
    c.apply(pod('writer', 'keepsake'));
    c.runUntil(running(c, 'writer'), 60_000);
    const pvName = c.get('pvc', 'default', 'keepsake').spec.volumeName;
    writeVolumeFiles(
      { create: (o) => c.state.put(o), update: (o) => c.state.put(o) },
      c.state,
      pvName,
      { 'notes/today.txt': 'hello\n' },
    );
    c.delete('pods', 'default', 'writer');
    c.advance(60_000);
    c.apply(pod('reader', 'keepsake'));
    c.runUntil(running(c, 'reader'), 60_000);
    const reader = c.get('pods', 'default', 'reader');
    expect(persistentMountFiles(c.state, reader, reader.spec.containers[0])).toEqual({
      '/data/notes/today.txt': 'hello\n',
    });
    // Deleting the claim (Delete policy) deletes the volume and what it held.
    c.delete('pods', 'default', 'reader');
    c.advance(60_000);
    c.delete('pvc', 'default', 'keepsake');
    c.advance(60_000);
    expect(c.get('pv', '', pvName)).toBeUndefined();
    expect(c.state.get('sim.kubelab.io', 'VolumeContents', '', pvName)).toBeUndefined();
  });
});

describe('local volumes (class local-storage, kubernetes.io/no-provisioner)', () => {
  const LOCAL_CLASS = `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: local-storage}
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: WaitForFirstConsumer`;
  const localPv = (name: string, node: string) => `apiVersion: v1
kind: PersistentVolume
metadata: {name: ${name}}
spec:
  capacity: {storage: 5Gi}
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: local-storage
  local: {path: /mnt/disks/ssd1}
  nodeAffinity:
    required:
      nodeSelectorTerms:
      - matchExpressions: [{key: kubernetes.io/hostname, operator: In, values: [${node}]}]`;

  it('the scheduler picks the node of a matching local volume and binds it there', () => {
    const c = new SimCluster();
    c.apply(LOCAL_CLASS);
    c.apply(localPv('local-pv', 'kubelab-worker2'));
    c.apply(claim('local-claim', { size: '2Gi', cls: 'local-storage' }));
    c.advance(1_000);
    expect(events(c, 'local-claim')).toEqual([
      expect.objectContaining({ reason: 'WaitForFirstConsumer' }),
    ]);
    c.apply(pod('local-user', 'local-claim'));
    c.runUntil(running(c, 'local-user'), 60_000);
    expect(c.get('pods', 'default', 'local-user').spec.nodeName).toBe('kubelab-worker2');
    expect(row(c, 'pvc', 'default', 'local-claim')).toMatchObject({
      STATUS: 'Bound',
      VOLUME: 'local-pv',
      CAPACITY: '5Gi',
    });
    expect(c.get('pv', '', 'local-pv').metadata.annotations).toEqual({
      'pv.kubernetes.io/bound-by-controller': 'yes',
    });
  });

  it('without a matching local volume, no node fits: none has one to bind', () => {
    const c = new SimCluster();
    c.apply(LOCAL_CLASS);
    c.apply(claim('nothing', { cls: 'local-storage' }));
    c.apply(pod('homeless', 'nothing'));
    c.advance(5_000);
    const cond = c
      .get('pods', 'default', 'homeless')
      .status.conditions.find((x: any) => x.type === 'PodScheduled');
    expect(cond.message).toBe(
      "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't find available persistent volumes to bind. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
    expect(events(c, 'nothing')).toEqual([
      expect.objectContaining({
        reason: 'WaitForPodScheduled',
        message: 'waiting for pod homeless to be scheduled',
      }),
    ]);
  });
});
