import { StatusError } from '@kubelab/apimachinery';
import { printTable, SimCluster, tableColumns } from '../src';

// The storage kinds at the API: what kind ships, defaults, the real validation messages,
// immutability, admission (default class, protection finalizers, resize), and printer cells.

function refusal(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error('expected the API to refuse');
}

const row = (c: SimCluster, kind: string, ns: string, name: string) => {
  const t = c.type(kind);
  const cells = printTable([c.get(kind, ns, name)], { group: t.group, kind: t.kind, now: c.now })
    .rows[0]!.cells;
  const cols = tableColumns(t.group, t.kind).filter((x) => !x.priority);
  return Object.fromEntries(cols.map((col, i) => [col.name.toUpperCase(), cells[i]]));
};

describe('what a new cluster holds, as kind 1.32 installs it', () => {
  const c = new SimCluster();

  it('one default StorageClass, standard, of rancher.io/local-path, waiting for first consumers', () => {
    const classes = c.list('storageclasses');
    expect(classes.map((s) => s.metadata.name)).toEqual(['standard']);
    expect(classes[0]).toMatchObject({
      provisioner: 'rancher.io/local-path',
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'WaitForFirstConsumer',
      metadata: { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    });
    expect(classes[0].allowVolumeExpansion).toBeUndefined();
    expect(row(c, 'sc', '', 'standard')).toMatchObject({
      NAME: 'standard (default)',
      PROVISIONER: 'rancher.io/local-path',
      RECLAIMPOLICY: 'Delete',
      VOLUMEBINDINGMODE: 'WaitForFirstConsumer',
      ALLOWVOLUMEEXPANSION: false,
    });
  });

  it('a CSINode per node, with no drivers; no CSIDriver, no volumes', () => {
    const nodes = c.list('csinodes');
    expect(nodes.map((n) => n.metadata.name)).toEqual([
      'kubelab-control-plane',
      'kubelab-worker',
      'kubelab-worker2',
    ]);
    expect(nodes[1].spec).toEqual({ drivers: null });
    expect(nodes[1].metadata.ownerReferences[0]).toMatchObject({
      kind: 'Node',
      name: 'kubelab-worker',
    });
    expect(row(c, 'csinodes', '', 'kubelab-worker')).toMatchObject({ DRIVERS: 0 });
    expect(c.list('csidrivers')).toEqual([]);
    expect(c.list('pv')).toEqual([]);
  });

  it('the kinds are served under their short names', () => {
    for (const [short, kind] of [
      ['pv', 'PersistentVolume'],
      ['pvc', 'PersistentVolumeClaim'],
      ['sc', 'StorageClass'],
    ])
      expect(c.type(short).kind).toBe(kind);
    expect(c.type('volumeattachments').group).toBe('storage.k8s.io');
  });

  it("with the profile's efs enabled, a second class efs and its CSIDriver", () => {
    const e = new SimCluster({ profile: { storage: { efs: true } } });
    expect(row(e, 'sc', '', 'efs')).toMatchObject({
      NAME: 'efs',
      PROVISIONER: 'efs.csi.aws.com',
      VOLUMEBINDINGMODE: 'Immediate',
    });
    expect(e.get('csidrivers', '', 'efs.csi.aws.com').spec).toEqual({
      attachRequired: false,
      podInfoOnMount: false,
      storageCapacity: false,
      fsGroupPolicy: 'ReadWriteOnceWithFSType',
      volumeLifecycleModes: ['Persistent'],
      requiresRepublish: false,
      seLinuxMount: false,
    });
    expect(e.get('csinodes', '', 'kubelab-worker').spec.drivers).toEqual([
      { name: 'efs.csi.aws.com', nodeID: 'kubelab-worker', topologyKeys: null },
    ]);
  });
});

describe('PersistentVolume', () => {
  it('defaults: Retain, Filesystem, hostPath type "", the protection finalizer, Pending then Available', () => {
    const c = new SimCluster();
    const [pv] = c.apply(`apiVersion: v1
kind: PersistentVolume
metadata: {name: pv1}
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  hostPath: {path: /mnt/pv1}`) as any[];
    expect(pv.spec).toMatchObject({
      persistentVolumeReclaimPolicy: 'Retain',
      volumeMode: 'Filesystem',
      hostPath: { path: '/mnt/pv1', type: '' },
    });
    expect(pv.metadata.finalizers).toEqual(['kubernetes.io/pv-protection']);
    expect(pv.status).toEqual({
      phase: 'Pending',
      lastPhaseTransitionTime: '2026-01-05T09:00:00Z',
    });
    c.advance(3_000);
    expect(c.get('pv', '', 'pv1').status).toEqual({
      phase: 'Available',
      lastPhaseTransitionTime: '2026-01-05T09:00:00Z',
    });
  });

  it('refuses a volume with no capacity, no access modes and no source', () => {
    const c = new SimCluster();
    const err = refusal(() =>
      c.apply({
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: { name: 'empty' },
        spec: {},
      } as any),
    );
    expect(err.code).toBe(422);
    expect(err.message).toBe(
      'PersistentVolume "empty" is invalid: [spec.accessModes: Required value, spec.capacity: Required value, spec.capacity: Unsupported value: core.ResourceList(nil): supported values: "storage", spec: Required value: must specify a volume type]',
    );
  });

  it('refuses an unknown access mode, two sources, and a local volume without node affinity', () => {
    const c = new SimCluster();
    const err = refusal(() =>
      c.apply(`apiVersion: v1
kind: PersistentVolume
metadata: {name: bad}
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteSometimes]
  hostPath: {path: /mnt/a}
  local: {path: /mnt/b}`),
    );
    expect(err.message).toBe(
      'PersistentVolume "bad" is invalid: [spec.accessModes: Unsupported value: "ReadWriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod", spec.local: Forbidden: may not specify more than 1 volume type]',
    );
    const local = refusal(() =>
      c.apply(`apiVersion: v1
kind: PersistentVolume
metadata: {name: local}
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  local: {path: /mnt/disks/ssd1}`),
    );
    expect(local.message).toBe(
      'PersistentVolume "local" is invalid: spec.nodeAffinity: Required value: Local volume requires node affinity',
    );
  });

  it('its source cannot change after creation, but its capacity can', () => {
    const c = new SimCluster();
    c.apply(`apiVersion: v1
kind: PersistentVolume
metadata: {name: fixed}
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  hostPath: {path: /mnt/data}`);
    const err = refusal(() =>
      c.patch('pv', '', 'fixed', { spec: { hostPath: { path: '/mnt/other' } } }),
    );
    expect(err.message).toBe(
      'PersistentVolume "fixed" is invalid: spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation\n' +
        '  core.PersistentVolumeSource{\n' +
        '  \tGCEPersistentDisk:    nil,\n' +
        '  \tAWSElasticBlockStore: nil,\n' +
        '  \tHostPath: &core.HostPathVolumeSource{\n' +
        '- \t\tPath: "/mnt/data",\n' +
        '+ \t\tPath: "/mnt/other",\n' +
        '  \t\tType: &"",\n' +
        '  \t},\n' +
        '  \tGlusterfs: nil,\n' +
        '  \tNFS:       nil,\n' +
        '  \t... // 17 identical fields\n' +
        '  }\n',
    );
    c.patch('pv', '', 'fixed', { spec: { capacity: { storage: '2Gi' } } });
    expect(c.get('pv', '', 'fixed').spec.capacity.storage).toBe('2Gi');
  });
});

describe('PersistentVolumeClaim', () => {
  it('gets the default class, volumeMode Filesystem, the protection finalizer and phase Pending', () => {
    const c = new SimCluster();
    const [pvc] = c.apply(`apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: plain}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}`) as any[];
    expect(pvc.spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '1Gi' } },
      storageClassName: 'standard',
      volumeMode: 'Filesystem',
    });
    expect(pvc.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);
    expect(pvc.status).toEqual({ phase: 'Pending' });
  });

  it('keeps storageClassName "" (no class: static volumes only)', () => {
    const c = new SimCluster();
    const [pvc] = c.apply(`apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: none}
spec:
  storageClassName: ""
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}`) as any[];
    expect(pvc.spec.storageClassName).toBe('');
  });

  it('refuses a claim without access modes or a storage request', () => {
    const c = new SimCluster();
    const err = refusal(() =>
      c.apply({
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'x' },
        spec: {},
      } as any),
    );
    expect(err.message).toBe(
      'PersistentVolumeClaim "x" is invalid: [spec.accessModes: Required value: at least 1 access mode is required, spec.resources[storage]: Required value]',
    );
    const rwop = refusal(() =>
      c.apply(`apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: y}
spec:
  accessModes: [ReadWriteOncePod, ReadWriteOnce]
  resources: {requests: {storage: "0"}}`),
    );
    expect(rwop.message).toBe(
      'PersistentVolumeClaim "y" is invalid: [spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes, spec.resources[storage]: Invalid value: "0": must be greater than zero]',
    );
  });

  it('its spec is immutable but for the requests of a bound claim: the diff says what changed', () => {
    const c = new SimCluster();
    c.apply(`apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: my-pvc}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 10Gi}}
  storageClassName: standard`);
    const err = refusal(() =>
      c.patch('pvc', 'default', 'my-pvc', { spec: { accessModes: ['ReadWriteMany'] } }),
    );
    expect(err.code).toBe(422);
    expect(err.message).toBe(
      'PersistentVolumeClaim "my-pvc" is invalid: spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n' +
        '  core.PersistentVolumeClaimSpec{\n' +
        '  \tAccessModes: []core.PersistentVolumeAccessMode{\n' +
        '- \t\t"ReadWriteOnce",\n' +
        '+ \t\t"ReadWriteMany",\n' +
        '  \t},\n' +
        '  \tSelector:  nil,\n' +
        '  \tResources: {Requests: {s"storage": {i: {...}, s: "10Gi", Format: "BinarySI"}}},\n' +
        '  \t... // 6 identical fields\n' +
        '  }\n',
    );
    // An unbound claim cannot be resized either.
    const grow = refusal(() =>
      c.patch('pvc', 'default', 'my-pvc', {
        spec: { resources: { requests: { storage: '20Gi' } } },
      }),
    );
    expect(grow.message).toContain(
      '  \tResources: core.VolumeResourceRequirements{\n' +
        '  \t\tLimits:   nil,\n' +
        '- \t\tRequests: {s"storage": {i: {...}, s: "10Gi", Format: "BinarySI"}},\n' +
        '+ \t\tRequests: {s"storage": {i: {...}, s: "20Gi", Format: "BinarySI"}},\n' +
        '  \t},\n',
    );
    // Labels and annotations may change.
    c.patch('pvc', 'default', 'my-pvc', { metadata: { labels: { team: 'a' } } });
  });

  it('a bound claim cannot shrink below its capacity', () => {
    const c = new SimCluster();
    c.apply(`apiVersion: v1
kind: PersistentVolume
metadata: {name: v}
spec: {capacity: {storage: 5Gi}, accessModes: [ReadWriteOnce], storageClassName: manual, hostPath: {path: /mnt/v}}`);
    c.apply(`apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: shrink}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 5Gi}}, storageClassName: manual}`);
    c.advance(1_000);
    const err = refusal(() =>
      c.patch('pvc', 'default', 'shrink', {
        spec: { resources: { requests: { storage: '1Gi' } } },
      }),
    );
    expect(err.message).toBe(
      'PersistentVolumeClaim "shrink" is invalid: spec.resources.requests.storage: Forbidden: field can not be less than status.capacity',
    );
  });

  it('drops volumeAttributesClassName (the feature is off in 1.32) and mirrors dataSource', () => {
    const c = new SimCluster();
    const [vac] = c.apply(`apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: gold-vac-pvc}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 2Gi}}
  storageClassName:
  volumeAttributesClassName: gold`) as any[];
    expect(vac.spec.volumeAttributesClassName).toBeUndefined();
    expect(vac.spec.storageClassName).toBe('standard');
    expect(row(c, 'pvc', 'default', 'gold-vac-pvc')).toMatchObject({
      VOLUMEATTRIBUTESCLASS: '<unset>',
    });
    const [restored] = c.apply(`apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: restored-pvc}
spec:
  dataSource: {name: example-snapshot, kind: VolumeSnapshot, apiGroup: snapshot.storage.k8s.io}
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 5Gi}}`) as any[];
    expect(restored.spec.dataSourceRef).toEqual({
      apiGroup: 'snapshot.storage.k8s.io',
      kind: 'VolumeSnapshot',
      name: 'example-snapshot',
    });
  });
});

describe('StorageClass', () => {
  it('defaults reclaimPolicy Delete and volumeBindingMode Immediate', () => {
    const c = new SimCluster();
    const [sc] = c.apply(`apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: fast}
provisioner: kubernetes.io/no-provisioner`) as any[];
    expect(sc).toMatchObject({ reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' });
    expect(sc.metadata.generation).toBeUndefined();
  });

  it('refuses an unsupported reclaim policy and binding mode', () => {
    const c = new SimCluster();
    const err = refusal(() =>
      c.apply(`apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: odd}
provisioner: example.com/x
reclaimPolicy: Recycle
volumeBindingMode: Later`),
    );
    expect(err.message).toBe(
      'StorageClass.storage.k8s.io "odd" is invalid: [reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain", volumeBindingMode: Unsupported value: "Later": supported values: "Immediate", "WaitForFirstConsumer"]',
    );
  });

  it('its provisioner, parameters, reclaim policy and binding mode cannot change', () => {
    const c = new SimCluster();
    c.apply(`apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: fast-storage}
provisioner: diskplugin.csi.alibabacloud.com
parameters: {type: cloud_essd}
reclaimPolicy: Delete`);
    const err = refusal(() =>
      c.patch('sc', '', 'fast-storage', {
        provisioner: 'other.example.com',
        parameters: { type: 'cloud_ssd' },
        reclaimPolicy: 'Retain',
        volumeBindingMode: 'WaitForFirstConsumer',
      }),
    );
    expect(err.message).toBe(
      'StorageClass.storage.k8s.io "fast-storage" is invalid: [parameters: Forbidden: updates to parameters are forbidden., provisioner: Forbidden: updates to provisioner are forbidden., reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden., volumeBindingMode: Invalid value: "WaitForFirstConsumer": field is immutable]',
    );
    // allowVolumeExpansion and the default-class annotation may change.
    c.patch('sc', '', 'fast-storage', { allowVolumeExpansion: true });
    expect(row(c, 'sc', '', 'fast-storage')).toMatchObject({ ALLOWVOLUMEEXPANSION: true });
  });

  it('of the newest of several default classes, claims get the newest', () => {
    const c = new SimCluster();
    c.advance(5_000);
    c.apply(`apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: newer
  annotations: {storageclass.kubernetes.io/is-default-class: "true"}
provisioner: rancher.io/local-path`);
    const [pvc] = c.apply(`apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: which}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}`) as any[];
    expect(pvc.spec.storageClassName).toBe('newer');
  });
});

describe('CSI kinds', () => {
  it('a CSIDriver is defaulted, and attachRequired cannot change', () => {
    const c = new SimCluster();
    const [d] = c.apply(`apiVersion: storage.k8s.io/v1
kind: CSIDriver
metadata: {name: hostpath.csi.k8s.io}
spec: {attachRequired: false}`) as any[];
    expect(row(c, 'csidrivers', '', 'hostpath.csi.k8s.io')).toMatchObject({
      ATTACHREQUIRED: false,
      PODINFOONMOUNT: false,
      STORAGECAPACITY: false,
      TOKENREQUESTS: '<unset>',
      REQUIRESREPUBLISH: false,
      MODES: 'Persistent',
    });
    expect(d.spec.fsGroupPolicy).toBe('ReadWriteOnceWithFSType');
    const err = refusal(() =>
      c.patch('csidrivers', '', 'hostpath.csi.k8s.io', { spec: { attachRequired: true } }),
    );
    expect(err.message).toBe(
      'CSIDriver.storage.k8s.io "hostpath.csi.k8s.io" is invalid: spec.attachedRequired: Invalid value: true: field is immutable',
    );
  });

  it('a VolumeAttachment names exactly one source and its spec cannot change', () => {
    const c = new SimCluster();
    const err = refusal(() =>
      c.apply(`apiVersion: storage.k8s.io/v1
kind: VolumeAttachment
metadata: {name: va}
spec: {attacher: ebs.csi.aws.com, nodeName: kubelab-worker, source: {}}`),
    );
    expect(err.message).toBe(
      'VolumeAttachment.storage.k8s.io "va" is invalid: spec.source: Required value: must specify exactly one of inlineVolumeSpec and persistentVolumeName',
    );
    const [va] = c.apply(`apiVersion: storage.k8s.io/v1
kind: VolumeAttachment
metadata: {name: va}
spec: {attacher: ebs.csi.aws.com, nodeName: kubelab-worker, source: {persistentVolumeName: pv-1}}`) as any[];
    expect(va.status).toEqual({ attached: false });
    expect(
      refusal(() =>
        c.patch('volumeattachments', '', 'va', { spec: { nodeName: 'kubelab-worker2' } }),
      ).message,
    ).toMatch(
      /^VolumeAttachment\.storage\.k8s\.io "va" is invalid: spec: Invalid value: .*: field is immutable$/,
    );
  });
});
