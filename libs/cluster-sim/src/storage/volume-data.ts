// The contents of persistent volumes, for whoever simulates files inside containers (the
// kubelet's exec, images that write to their data directory): a pure store keyed by
// PersistentVolume name, so what a pod writes on a claim survives its restarts, its
// rescheduling to another node and is seen by every pod sharing the claim (ReadWriteMany).
//
// Paths inside a volume are relative to its root, without a leading slash ("logs/app.log").

import type { KubeObject } from '@kubelab/apimachinery';
import { SIM_GROUP } from '../apis/internal/pod-runtime';
import type { StorageView } from './helpers';

export const VOLUME_CONTENTS_KIND = 'VolumeContents';

/** One write of a file on the virtual clock (the kubelet's versioned file stores use this shape). */
export interface VolumeFileVersion {
  at: number;
  content?: string;
  dir?: boolean;
  deleted?: boolean;
  writer?: string;
}

export interface VolumeContentsObject extends KubeObject {
  /** Relative path -> content. */
  files: Record<string, string>;
  /** Optionally, the history of writes (relative path -> versions, oldest first); wins over `files`. */
  versions?: Record<string, VolumeFileVersion[]>;
}

/** One of a container's volumeMounts that lands on a bound PersistentVolume. */
export interface PersistentMount {
  /** The pod volume's name. */
  volume: string;
  mountPath: string;
  subPath?: string;
  /** The mount or the pod's claim reference is read-only. */
  readOnly: boolean;
  claim: string;
  pvName: string;
}

const clean = (p: string) =>
  p
    .replace(/^\/+/, '')
    .replace(/\/+$/, '')
    .replace(/\/{2,}/g, '/');

/** The stored contents object of a volume, if anything was ever written to it. */
export function volumeContents(
  view: StorageView,
  pvName: string,
): VolumeContentsObject | undefined {
  return view.get(SIM_GROUP, VOLUME_CONTENTS_KIND, '', pvName);
}

/** The files of a volume: relative path -> content (empty for a fresh volume). */
export function volumeFiles(view: StorageView, pvName: string): Record<string, string> {
  const vc = volumeContents(view, pvName);
  const out = { ...(vc?.files ?? {}) };
  for (const [p, versions] of Object.entries(vc?.versions ?? {})) {
    const last = versions[versions.length - 1];
    if (!last || last.deleted) delete out[p];
    else if (!last.dir) out[p] = last.content ?? '';
  }
  return out;
}

/** The versioned history of a volume's files, for stores that keep one. */
export function volumeVersions(
  view: StorageView,
  pvName: string,
): Record<string, VolumeFileVersion[]> {
  const vc = volumeContents(view, pvName);
  const out: Record<string, VolumeFileVersion[]> = {};
  for (const [p, content] of Object.entries(vc?.files ?? {})) out[p] = [{ at: 0, content }];
  return { ...out, ...(vc?.versions ?? {}) };
}

/** The contents object after replacing the versioned history (pure; see withVolumeFiles). */
export function withVolumeVersions(
  view: StorageView,
  pvName: string,
  versions: Record<string, VolumeFileVersion[]>,
): { object: VolumeContentsObject; created: boolean } {
  const { object, created } = withVolumeFiles(view, pvName, {});
  return { object: { ...object, files: {}, versions }, created };
}

/**
 * The container's mounts backed by a bound claim, in volumeMounts order. Mounts of unbound or
 * missing claims are left out (the kubelet does not start such a pod).
 */
export function persistentMounts(view: StorageView, pod: any, container: any): PersistentMount[] {
  const ns = pod.metadata.namespace;
  const volumes = new Map<string, any>((pod.spec?.volumes ?? []).map((v: any) => [v.name, v]));
  const out: PersistentMount[] = [];
  for (const m of container.volumeMounts ?? []) {
    const v = volumes.get(m.name);
    const claimName =
      v?.persistentVolumeClaim?.claimName ??
      (v?.ephemeral ? `${pod.metadata.name}-${v.name}` : undefined);
    if (!claimName) continue;
    const pvc = view.get('', 'PersistentVolumeClaim', ns, claimName);
    const pvName = pvc?.spec?.volumeName;
    if (!pvName || pvc.status?.phase !== 'Bound') continue;
    out.push({
      volume: m.name,
      mountPath: String(m.mountPath),
      ...(m.subPath ? { subPath: clean(m.subPath) } : {}),
      readOnly: !!m.readOnly || !!v.persistentVolumeClaim?.readOnly,
      claim: claimName,
      pvName,
    });
  }
  return out;
}

/** What the container sees through its persistent mounts: absolute path -> content. */
export function persistentMountFiles(
  view: StorageView,
  pod: any,
  container: any,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of persistentMounts(view, pod, container)) {
    const base = m.mountPath.replace(/\/+$/, '');
    const prefix = m.subPath ? `${m.subPath}/` : '';
    for (const [rel, content] of Object.entries(volumeFiles(view, m.pvName))) {
      if (m.subPath && rel === m.subPath) out[base] = content;
      else if (!prefix || rel.startsWith(prefix))
        out[`${base}/${rel.slice(prefix.length)}`] = content;
    }
  }
  return out;
}

/**
 * Where an absolute path inside the container lands on a persistent volume (the deepest mount
 * containing it), or undefined when it is on the container's own file system.
 */
export function resolvePersistentPath(
  view: StorageView,
  pod: any,
  container: any,
  absPath: string,
): { pvName: string; path: string; readOnly: boolean } | undefined {
  const target = `/${clean(absPath)}`;
  let best: PersistentMount | undefined;
  for (const m of persistentMounts(view, pod, container)) {
    const base = `/${clean(m.mountPath)}`;
    if (target !== base && !target.startsWith(base === '/' ? '/' : `${base}/`)) continue;
    if (!best || base.length > `/${clean(best.mountPath)}`.length) best = m;
  }
  if (!best) return undefined;
  const base = `/${clean(best.mountPath)}`;
  const inside = clean(target.slice(base.length));
  const path = best.subPath ? clean(`${best.subPath}/${inside}`) : inside;
  return { pvName: best.pvName, path, readOnly: best.readOnly };
}

/**
 * The contents object to store after writing (string) or removing (null) files — pure: the
 * caller stores it (create when `created`, else update). The object is owned by its
 * PersistentVolume, so it goes when the volume is deleted (reclaim policy Delete).
 */
export function withVolumeFiles(
  view: StorageView,
  pvName: string,
  changes: Record<string, string | null>,
): { object: VolumeContentsObject; created: boolean } {
  const existing = volumeContents(view, pvName);
  const files = { ...(existing?.files ?? {}) };
  const versions = existing?.versions ? { ...existing.versions } : undefined;
  for (const [p, content] of Object.entries(changes)) {
    const key = clean(p);
    const under = (k: string) => k === key || k.startsWith(`${key}/`);
    // A plain write supersedes any history of the path.
    if (versions) for (const k of Object.keys(versions)) if (under(k)) delete versions[k];
    if (content === null) {
      for (const k of Object.keys(files)) if (under(k)) delete files[k];
    } else files[key] = content;
  }
  if (existing)
    return { object: { ...existing, files, ...(versions ? { versions } : {}) }, created: false };
  const pv = view.get('', 'PersistentVolume', '', pvName);
  return {
    created: true,
    object: {
      apiVersion: `${SIM_GROUP}/v1`,
      kind: VOLUME_CONTENTS_KIND,
      metadata: {
        name: pvName,
        ...(pv?.metadata?.uid
          ? {
              ownerReferences: [
                { apiVersion: 'v1', kind: 'PersistentVolume', name: pvName, uid: pv.metadata.uid },
              ],
            }
          : {}),
      },
      files,
    },
  };
}

/** Writes through anything with create/update (a ControllerApi, the API server core's writers). */
export function writeVolumeFiles(
  writer: { create(o: KubeObject): unknown; update(o: KubeObject): unknown },
  view: StorageView,
  pvName: string,
  changes: Record<string, string | null>,
): void {
  const { object, created } = withVolumeFiles(view, pvName, changes);
  if (created) writer.create(object);
  else writer.update(object);
}

/** Empties a volume (a Recycle reclaim's `rm -rf /scrub/*`). */
export function clearVolume(
  writer: { update(o: KubeObject): unknown },
  view: StorageView,
  pvName: string,
): void {
  const existing = volumeContents(view, pvName);
  if (existing && (Object.keys(existing.files).length || existing.versions))
    writer.update({ ...existing, files: {}, versions: undefined } as KubeObject);
}
