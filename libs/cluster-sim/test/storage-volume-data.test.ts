import {
  persistentMountFiles,
  persistentMounts,
  resolvePersistentPath,
  SimCluster,
  volumeFiles,
  volumeVersions,
  withVolumeFiles,
  withVolumeVersions,
  writeVolumeFiles,
} from '../src';

// The volume contents store other parts of the simulation (the kubelet's file systems, exec)
// use: files kept per PersistentVolume, seen through each container's mounts.

function boundCluster() {
  const c = new SimCluster({ profile: { storage: { efs: true } } });
  c.apply(`apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: shared}
spec: {accessModes: [ReadWriteMany], resources: {requests: {storage: 1Gi}}, storageClassName: efs}
---
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - name: app
    image: nginx
    volumeMounts:
    - {name: data, mountPath: /usr/share/nginx/html, subPath: site}
    - {name: data, mountPath: /var/log/app, subPath: logs, readOnly: true}
  volumes: [{name: data, persistentVolumeClaim: {claimName: shared}}]`);
  c.runUntil(() => c.get('pods', 'default', 'web').status.phase === 'Running', 60_000);
  const pod = c.get('pods', 'default', 'web');
  const pvName = c.get('pvc', 'default', 'shared').spec.volumeName;
  const writer = { create: (o: any) => c.state.put(o), update: (o: any) => c.state.put(o) };
  return { c, pod, container: pod.spec.containers[0], pvName, writer };
}

describe('the volume contents store', () => {
  it("lists a container's mounts on bound claims, subPath and read-only included", () => {
    const { c, pod, container, pvName } = boundCluster();
    expect(persistentMounts(c.state, pod, container)).toEqual([
      {
        volume: 'data',
        mountPath: '/usr/share/nginx/html',
        subPath: 'site',
        readOnly: false,
        claim: 'shared',
        pvName,
      },
      {
        volume: 'data',
        mountPath: '/var/log/app',
        subPath: 'logs',
        readOnly: true,
        claim: 'shared',
        pvName,
      },
    ]);
  });

  it('maps container paths to volume paths, the deepest mount winning', () => {
    const { c, pod, container, pvName } = boundCluster();
    expect(
      resolvePersistentPath(c.state, pod, container, '/usr/share/nginx/html/index.html'),
    ).toEqual({
      pvName,
      path: 'site/index.html',
      readOnly: false,
    });
    expect(resolvePersistentPath(c.state, pod, container, '/var/log/app/a.log')).toEqual({
      pvName,
      path: 'logs/a.log',
      readOnly: true,
    });
    expect(resolvePersistentPath(c.state, pod, container, '/etc/hosts')).toBeUndefined();
  });

  it('stores writes per volume, owned by the PV, and shows them through each mount', () => {
    const { c, pod, container, pvName, writer } = boundCluster();
    writeVolumeFiles(writer, c.state, pvName, {
      'site/index.html': '<h1>hi</h1>',
      'logs/a.log': 'x\n',
      'other/z': 'z',
    });
    expect(volumeFiles(c.state, pvName)).toEqual({
      'site/index.html': '<h1>hi</h1>',
      'logs/a.log': 'x\n',
      'other/z': 'z',
    });
    expect(persistentMountFiles(c.state, pod, container)).toEqual({
      '/usr/share/nginx/html/index.html': '<h1>hi</h1>',
      '/var/log/app/a.log': 'x\n',
    });
    const stored = c.state.get('sim.kubelab.io', 'VolumeContents', '', pvName)!;
    expect(stored.metadata.ownerReferences).toEqual([
      expect.objectContaining({ kind: 'PersistentVolume', name: pvName }),
    ]);
    // Removing a directory removes what is under it.
    writeVolumeFiles(writer, c.state, pvName, { site: null });
    expect(Object.keys(volumeFiles(c.state, pvName)).sort()).toEqual(['logs/a.log', 'other/z']);
  });

  it('keeps a versioned history when a writer gives one; the last version is the content', () => {
    const { c, pvName, writer } = boundCluster();
    const { object, created } = withVolumeVersions(c.state, pvName, {
      'count.txt': [
        { at: 1_000, content: '1\n', writer: 'c1' },
        { at: 2_000, content: '2\n', writer: 'c1' },
      ],
      'gone.txt': [
        { at: 1_000, content: 'x' },
        { at: 3_000, deleted: true },
      ],
    });
    expect(created).toBe(true);
    writer.create(object);
    expect(volumeFiles(c.state, pvName)).toEqual({ 'count.txt': '2\n' });
    expect(volumeVersions(c.state, pvName)['count.txt']).toHaveLength(2);
    // A plain write supersedes the path's history.
    const next = withVolumeFiles(c.state, pvName, { 'count.txt': '9\n' });
    expect(next.created).toBe(false);
    writer.update(next.object);
    expect(volumeFiles(c.state, pvName)).toEqual({ 'count.txt': '9\n' });
  });
});
