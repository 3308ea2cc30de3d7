import type { KubeObject } from '@kubelab/apimachinery';
import type { ControllerContext } from '../controllers/controller';
import { writeVolumeFiles } from '../storage/volume-data';
import { scriptTrace, type Instance } from './container-process';
import { HOST_STORE, volumeSourceFiles, volumeSourceVersion } from './fs/mounts';
import { pushVersion, type FileStore } from './fs/versioned-files';
import type { PodRecord } from './runtime-record';

// The volume manager's side of files: ConfigMap and Secret volumes are projected when the pod
// starts and re-projected after the object changes, not at once but at the kubelet's next sync
// (pkg/kubelet/volumemanager: "the total delay ... can be as long as the kubelet sync period +
// cache propagation delay"); what containers write to emptyDir, hostPath and persistent volumes
// is flushed to where it outlives them.

/** A changed ConfigMap/Secret reaches mounted files this long after the change. */
export const VOLUME_SYNC_DELAY_MS = 60_000;

const projectedVolumes = (pod: any) =>
  (pod.spec?.volumes ?? []).filter(
    (v: any) => v.configMap || v.secret || v.downwardAPI || v.projected,
  );

/** Takes the first snapshot of the pod's projected volumes (at mount time). */
export function projectVolumes(ctx: ControllerContext, pod: any, rec: PodRecord): void {
  rec.volumes ??= {};
  rec.volumes.projected ??= {};
  for (const v of projectedVolumes(pod)) {
    if (rec.volumes.projected[v.name]) continue;
    rec.volumes.projected[v.name] = {
      version: volumeSourceVersion(ctx.state, pod, v),
      files: volumeSourceFiles(ctx.state, pod, v) ?? {},
    };
  }
}

/** Whether a projected volume's source changed since it was last projected. */
export function projectedStale(
  view: ControllerContext['state'],
  pod: any,
  rec: PodRecord,
): boolean {
  const snap = rec.volumes?.projected;
  if (!snap) return false;
  for (const v of projectedVolumes(pod)) {
    const s = snap[v.name];
    if (s && s.version !== volumeSourceVersion(view, pod, v)) return true;
  }
  return false;
}

/** Schedules and applies the re-projection; returns when it is due. */
export function refreshVolumes(
  ctx: ControllerContext,
  pod: any,
  rec: PodRecord,
): number | undefined {
  if (!projectedStale(ctx.state, pod, rec)) {
    rec.volumeRefreshAt = undefined;
    return undefined;
  }
  rec.volumeRefreshAt ??= ctx.now + (ctx.profile.timings.volumeSyncMs ?? VOLUME_SYNC_DELAY_MS);
  if (ctx.now < rec.volumeRefreshAt) return rec.volumeRefreshAt;
  for (const v of projectedVolumes(pod)) {
    rec.volumes!.projected![v.name] = {
      version: volumeSourceVersion(ctx.state, pod, v),
      files: volumeSourceFiles(ctx.state, pod, v) ?? {},
    };
  }
  rec.volumeRefreshAt = undefined;
  return undefined;
}

/**
 * Moves what an instance's script wrote to shared volumes up to `until` into their stores:
 * emptyDirs into the pod's record, hostPath into the node's, claims into the volume's.
 */
export function flushWrites(ctx: ControllerContext, inst: Instance, until: number): void {
  if (!inst.plan.script) return;
  const from = inst.c.flushedUntil ?? -Infinity;
  if (until <= from) return;
  const r = scriptTrace(inst, until, { maxLines: 0 });
  if (!r) return;
  const rec = inst.rec;
  for (const store of r.fs.writableStores()) {
    if (store === 'root') continue;
    const writes = r.fs.ownWrites(store, from).filter((w) => w.version.at <= until);
    if (!writes.length) continue;
    if (store.startsWith('vol:')) {
      rec.volumes ??= {};
      rec.volumes.emptyDirs ??= {};
      const s: FileStore = (rec.volumes.emptyDirs[store.slice(4)] ??= {});
      for (const w of writes) pushVersion(s, w.path, w.version);
    } else if (store === HOST_STORE) {
      const node = inst.pod.spec?.nodeName;
      if (!node) continue;
      const existing: any = ctx.state.get('sim.kubelab.io', 'HostPathContents', '', node);
      const files: FileStore = structuredClone(existing?.files ?? {});
      for (const w of writes) pushVersion(files, w.path, w.version);
      if (existing) ctx.api.update({ ...existing, files } as KubeObject);
      else
        ctx.api.create({
          apiVersion: 'sim.kubelab.io/v1',
          kind: 'HostPathContents',
          metadata: { name: node },
          files,
        } as unknown as KubeObject);
    } else if (store.startsWith('pv:')) {
      const changes: Record<string, string | null> = {};
      for (const w of writes) {
        if (w.version.dir) continue;
        changes[w.path.replace(/^\//, '')] = w.version.deleted ? null : (w.version.content ?? '');
      }
      if (Object.keys(changes).length)
        writeVolumeFiles(ctx.api, ctx.state, store.slice(3), changes);
    }
  }
  inst.c.flushedUntil = until;
}
