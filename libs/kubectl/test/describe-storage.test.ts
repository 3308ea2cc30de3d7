import { SimCluster } from '@kubelab/cluster-sim';
import { KubectlSession, bufferIO, runKubectl } from '../src';
import { simTransport } from './sim-transport';

// kubectl describe for PersistentVolumes, PersistentVolumeClaims, StorageClasses and CSINodes,
// on the objects the simulated cluster's storage makes.

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

const CLAIM_AND_POD = `apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: my-pvc}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 10Gi}}
  storageClassName: standard
---
apiVersion: v1
kind: Pod
metadata: {name: user}
spec:
  containers: [{name: app, image: nginx}]
  volumes: [{name: data, persistentVolumeClaim: {claimName: my-pvc}}]`;

describe('kubectl describe (storage)', () => {
  it("describes kind's default StorageClass, its kubectl annotation included", async () => {
    const c = new SimCluster({ seed: 'describe-sc' });
    const r = await kubectl(c)('describe sc standard');
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      'Name:            standard\n' +
        'IsDefaultClass:  Yes\n' +
        'Annotations:     kubectl.kubernetes.io/last-applied-configuration={"apiVersion":"storage.k8s.io/v1","kind":"StorageClass","metadata":{"annotations":{"storageclass.kubernetes.io/is-default-class":"true"},"name":"standard"},"provisioner":"rancher.io/local-path","reclaimPolicy":"Delete","volumeBindingMode":"WaitForFirstConsumer"}\n' +
        ',storageclass.kubernetes.io/is-default-class=true\n' +
        'Provisioner:           rancher.io/local-path\n' +
        'Parameters:            <none>\n' +
        'AllowVolumeExpansion:  <unset>\n' +
        'MountOptions:          <none>\n' +
        'ReclaimPolicy:         Delete\n' +
        'VolumeBindingMode:     WaitForFirstConsumer\n' +
        'Events:                <none>\n',
    );
  });

  it('describes a Pending claim waiting for its first consumer', async () => {
    const c = new SimCluster({ seed: 'describe-pvc' });
    c.apply(CLAIM_AND_POD.split('---')[0]!);
    c.advance(31_000);
    const r = await kubectl(c)('describe pvc my-pvc');
    expect(r.out).toBe(
      'Name:          my-pvc\n' +
        'Namespace:     default\n' +
        'StorageClass:  standard\n' +
        'Status:        Pending\n' +
        'Volume:        \n' +
        'Labels:        <none>\n' +
        'Annotations:   <none>\n' +
        'Finalizers:    [kubernetes.io/pvc-protection]\n' +
        'Capacity:      \n' +
        'Access Modes:  \n' +
        'VolumeMode:    Filesystem\n' +
        'Used By:       <none>\n' +
        'Events:\n' +
        '  Type    Reason                Age               From                         Message\n' +
        '  ----    ------                ----              ----                         -------\n' +
        '  Normal  WaitForFirstConsumer  1s (x3 over 31s)  persistentvolume-controller  waiting for first consumer to be created before binding\n',
    );
  });

  it('describes the bound claim, its pod, and the local-path volume with its node affinity', async () => {
    const c = new SimCluster({ seed: 'describe-pv' });
    c.apply(CLAIM_AND_POD);
    c.runUntil(() => c.get('pods', 'default', 'user').status.phase === 'Running', 60_000);
    const pvc = c.get('pvc', 'default', 'my-pvc');
    const node = c.get('pods', 'default', 'user').spec.nodeName;
    const k = kubectl(c);
    const claim = (await k('describe pvc my-pvc')).out.split('\n');
    expect(claim.slice(0, 4)).toEqual([
      'Name:          my-pvc',
      'Namespace:     default',
      'StorageClass:  standard',
      'Status:        Bound',
    ]);
    expect(claim).toContain(`Volume:        pvc-${pvc.metadata.uid}`);
    expect(claim).toContain('Annotations:   pv.kubernetes.io/bind-completed: yes');
    expect(claim).toContain(`               volume.kubernetes.io/selected-node: ${node}`);
    expect(claim).toContain('Capacity:      10Gi');
    expect(claim).toContain('Access Modes:  RWO');
    expect(claim).toContain('Used By:       user');
    const volume = (await k(`describe pv pvc-${pvc.metadata.uid}`)).out.split('\n');
    const pv = `pvc-${pvc.metadata.uid}`;
    expect(volume).toEqual([
      `Name:              ${pv}`,
      'Labels:            <none>',
      `Annotations:       local.path.provisioner/selected-node: ${node}`,
      '                   pv.kubernetes.io/provisioned-by: rancher.io/local-path',
      'Finalizers:        [kubernetes.io/pv-protection]',
      'StorageClass:      standard',
      'Status:            Bound',
      'Claim:             default/my-pvc',
      'Reclaim Policy:    Delete',
      'Access Modes:      RWO',
      'VolumeMode:        Filesystem',
      'Capacity:          10Gi',
      'Node Affinity:     ',
      '  Required Terms:  ',
      `    Term 0:        kubernetes.io/hostname in [${node}]`,
      'Message:           ',
      'Source:',
      '    Type:          HostPath (bare host directory volume)',
      `    Path:          /var/local-path-provisioner/${pv}_default_my-pvc`,
      '    HostPathType:  DirectoryOrCreate',
      'Events:            <none>',
      '',
    ]);
  });

  it('describes a CSINode', async () => {
    const c = new SimCluster({ seed: 'describe-csinode' });
    const r = await kubectl(c)('describe csinode kubelab-worker');
    expect(r.out.split('\n').slice(0, 3)).toEqual([
      'Name:               kubelab-worker',
      'Labels:             <none>',
      'Annotations:        storage.alpha.kubernetes.io/migrated-plugins:',
    ]);
    expect(r.out).toContain('Spec:\n');
  });
});
