// Volume setup as the kubelet's volume manager does it for the simulated sources: ConfigMap and
// Secret volumes need their object (FailedMount until it exists); their files are the keys.

import { persistentVolumeMountProblems } from '../storage/kubelet-volumes';
import type { EnvView } from './env';
import { hostFiles } from './fs/mounts';
import { normPath } from './fs/versioned-files';

export interface MountProblem {
  volume: string;
  message: string;
}

/** The first volume that cannot be set up, with the kubelet's FailedMount text. */
export function mountProblems(view: EnvView, pod: any): MountProblem[] {
  const ns = pod.metadata.namespace;
  const out: MountProblem[] = [];
  for (const v of pod.spec?.volumes ?? []) {
    if (v.configMap && !v.configMap.optional && !view.get('', 'ConfigMap', ns, v.configMap.name)) {
      out.push({
        volume: v.name,
        message: `MountVolume.SetUp failed for volume "${v.name}" : configmap "${v.configMap.name}" not found`,
      });
    }
    if (v.secret && !v.secret.optional && !view.get('', 'Secret', ns, v.secret.secretName)) {
      out.push({
        volume: v.name,
        message: `MountVolume.SetUp failed for volume "${v.name}" : secret "${v.secret.secretName}" not found`,
      });
    }
    for (const src of v.projected?.sources ?? []) {
      if (
        src.configMap &&
        !src.configMap.optional &&
        !view.get('', 'ConfigMap', ns, src.configMap.name)
      )
        out.push({
          volume: v.name,
          message: `MountVolume.SetUp failed for volume "${v.name}" : configmap "${src.configMap.name}" not found`,
        });
      if (src.secret && !src.secret.optional && !view.get('', 'Secret', ns, src.secret.name))
        out.push({
          volume: v.name,
          message: `MountVolume.SetUp failed for volume "${v.name}" : secret "${src.secret.name}" not found`,
        });
    }
    // hostPath's type check (pkg/volume/hostpath checkType): it must already be there.
    const kind = HOST_PATH_KINDS[v.hostPath?.type ?? ''];
    if (kind && !hostPathIs(view, pod.spec?.nodeName, v.hostPath.path, kind))
      out.push({
        volume: v.name,
        message: `MountVolume.SetUp failed for volume "${v.name}" : hostPath type check failed: ${v.hostPath.path} is not ${kind === 'dir' ? 'a directory' : kind === 'file' ? 'a file' : kind === 'socket' ? 'a socket file' : kind === 'char' ? 'a character device' : 'a block device'}`,
      });
  }
  // Claims: missing, unbound or being deleted; volumes not attached here (storage/kubelet-volumes.ts).
  out.push(...persistentVolumeMountProblems(view, pod));
  return out;
}

const HOST_PATH_KINDS: Record<string, 'dir' | 'file' | 'socket' | 'char' | 'block'> = {
  Directory: 'dir',
  File: 'file',
  Socket: 'socket',
  CharDevice: 'char',
  BlockDevice: 'block',
};

/** Whether the node has this path, of this kind (what pods wrote there, and its own dirs). */
function hostPathIs(view: EnvView, node: string | undefined, path: string, kind: string): boolean {
  const files = hostFiles(view, node);
  const p = normPath(path);
  const latest = (k: string) => files[k]?.[files[k]!.length - 1];
  const v = latest(p);
  const isDir =
    (v && v.dir && !v.deleted) ||
    Object.keys(files).some((k) => k.startsWith(`${p}/`) && !latest(k)?.deleted);
  if (kind === 'dir') return !!isDir;
  if (kind === 'socket') return !!v && !v.deleted && !v.dir && p.endsWith('.sock');
  if (kind === 'char')
    return ['/dev/null', '/dev/zero', '/dev/random', '/dev/urandom', '/dev/tty'].includes(p);
  if (kind === 'block') return false;
  return !!v && !v.deleted && !v.dir;
}

const b64 = (s: string) => {
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(s), (c) => c.charCodeAt(0)));
  } catch {
    return s;
  }
};

/** Files a container sees from its ConfigMap/Secret/downward-API volumes: absolute path -> content. */
export function mountedFiles(view: EnvView, pod: any, container: any): Record<string, string> {
  const ns = pod.metadata.namespace;
  const files: Record<string, string> = {};
  const volumes = new Map<string, any>((pod.spec?.volumes ?? []).map((v: any) => [v.name, v]));
  for (const m of container.volumeMounts ?? []) {
    const v = volumes.get(m.name);
    if (!v) continue;
    const base = String(m.mountPath).replace(/\/$/, '');
    const put = (items: any[] | undefined, data: Record<string, string>, decode: boolean) => {
      const entries = items?.length
        ? items.map((i: any) => [i.path, data[i.key]] as const)
        : Object.entries(data);
      for (const [p, val] of entries) {
        if (val === undefined) continue;
        const content = decode ? b64(String(val)) : String(val);
        if (m.subPath) {
          if (p === m.subPath) files[base] = content;
        } else files[`${base}/${p}`] = content;
      }
    };
    if (v.configMap)
      put(v.configMap.items, view.get('', 'ConfigMap', ns, v.configMap.name)?.data ?? {}, false);
    if (v.secret)
      put(v.secret.items, view.get('', 'Secret', ns, v.secret.secretName)?.data ?? {}, true);
    if (v.projected) {
      for (const src of v.projected.sources ?? []) {
        if (src.configMap)
          put(
            src.configMap.items,
            view.get('', 'ConfigMap', ns, src.configMap.name)?.data ?? {},
            false,
          );
        if (src.secret)
          put(src.secret.items, view.get('', 'Secret', ns, src.secret.name)?.data ?? {}, true);
        if (src.serviceAccountToken)
          files[`${base}/${src.serviceAccountToken.path}`] =
            'eyJhbGciOiJSUzI1NiIsImtpZCI6Imt1YmVsYWIifQ.simulated-service-account-token.c2lnbmF0dXJl';
        for (const i of src.downwardAPI?.items ?? []) {
          if (i.fieldRef?.fieldPath === 'metadata.namespace') files[`${base}/${i.path}`] = ns;
          if (i.fieldRef?.fieldPath === 'metadata.name')
            files[`${base}/${i.path}`] = pod.metadata.name;
        }
      }
    }
    for (const i of v.downwardAPI?.items ?? []) {
      const fp = i.fieldRef?.fieldPath;
      if (fp === 'metadata.labels')
        files[`${base}/${i.path}`] = Object.entries(pod.metadata.labels ?? {})
          .map(([k, val]) => `${k}="${val}"`)
          .join('\n');
      else if (fp === 'metadata.annotations')
        files[`${base}/${i.path}`] = Object.entries(pod.metadata.annotations ?? {})
          .map(([k, val]) => `${k}="${val}"`)
          .join('\n');
      else if (fp)
        files[`${base}/${i.path}`] = String(
          fp.split('.').reduce((o: any, k: string) => o?.[k], pod) ?? '',
        );
    }
  }
  return files;
}
