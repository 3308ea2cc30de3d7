import { volumeFiles } from '../../storage/volume-data';
import type { EnvView } from '../env';
import type { Mount } from './container-fs';
import { normPath, type FileStore } from './versioned-files';

// The kubelet's volume manager for the simulated sources (pkg/kubelet/volumemanager and the
// volume plugins): what each pod volume holds and where each container sees it. ConfigMap,
// Secret, downward-API and projected volumes are files computed from their objects (as last
// projected by the kubelet: an update reaches running pods after the kubelet's sync delay,
// never through a subPath mount); emptyDir, hostPath and persistent volumes are stores.

const SIM = 'sim.kubelab.io';

const b64 = (s: string) => {
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(s), (c) => c.charCodeAt(0)));
  } catch {
    return s;
  }
};

function fieldValue(pod: any, fp: string): string {
  if (fp === 'metadata.labels' || fp === 'metadata.annotations') {
    const m = fp === 'metadata.labels' ? pod.metadata.labels : pod.metadata.annotations;
    return Object.entries(m ?? {})
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${k}="${v}"`)
      .join('\n');
  }
  const sub = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(fp);
  if (sub) return pod.metadata[sub[1]!]?.[sub[2]!] ?? '';
  return String(fp.split('.').reduce((o: any, k: string) => o?.[k], pod) ?? '');
}

function resourceValue(pod: any, ref: any, containerSpec: any): string {
  const c = ref.containerName
    ? (pod.spec.containers ?? []).find((x: any) => x.name === ref.containerName)
    : containerSpec;
  const [kind, res] = String(ref.resource).split('.');
  const v = c?.resources?.[kind!]?.[res!];
  return v === undefined ? '0' : String(v);
}

function items(
  files: Record<string, string>,
  list: any[] | undefined,
  data: Record<string, string>,
) {
  const entries = list?.length
    ? list.map((i: any) => [i.path, data[i.key]] as const)
    : Object.entries(data);
  for (const [p, v] of entries) if (v !== undefined) files[String(p)] = v;
}

/** The files of a ConfigMap/Secret/downward-API/projected volume, relative path -> content. */
export function volumeSourceFiles(
  view: EnvView,
  pod: any,
  v: any,
  containerSpec?: any,
): Record<string, string> | undefined {
  const ns = pod.metadata.namespace;
  const files: Record<string, string> = {};
  const cm = (name: string) => {
    const o = view.get('', 'ConfigMap', ns, name);
    return o ? { ...(o.data ?? {}) } : {};
  };
  const secret = (name: string) => {
    const o = view.get('', 'Secret', ns, name);
    const out: Record<string, string> = {};
    for (const [k, val] of Object.entries(o?.data ?? {})) out[k] = b64(String(val));
    return out;
  };
  const downward = (list: any[]) => {
    for (const i of list ?? []) {
      if (i.fieldRef) files[i.path] = fieldValue(pod, i.fieldRef.fieldPath);
      else if (i.resourceFieldRef)
        files[i.path] = resourceValue(pod, i.resourceFieldRef, containerSpec);
    }
  };
  if (v.configMap) items(files, v.configMap.items, cm(v.configMap.name));
  else if (v.secret) items(files, v.secret.items, secret(v.secret.secretName));
  else if (v.downwardAPI) downward(v.downwardAPI.items);
  else if (v.projected) {
    for (const src of v.projected.sources ?? []) {
      if (src.configMap) items(files, src.configMap.items, cm(src.configMap.name));
      if (src.secret) items(files, src.secret.items, secret(src.secret.name));
      if (src.downwardAPI) downward(src.downwardAPI.items);
      if (src.serviceAccountToken)
        files[src.serviceAccountToken.path] = serviceAccountToken(pod, src.serviceAccountToken);
    }
  } else return undefined;
  return files;
}

/** A bound service-account token: a JWT whose claims name the pod and its account. */
function serviceAccountToken(pod: any, src: any): string {
  const enc = (o: object) =>
    btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  const created = Math.floor(
    Date.parse(pod.metadata.creationTimestamp ?? '2026-01-01T00:00:00Z') / 1000,
  );
  return [
    enc({ alg: 'RS256', kid: 'kubelab' }),
    enc({
      aud: src.audience ? [src.audience] : ['https://kubernetes.default.svc.cluster.local'],
      exp: created + (src.expirationSeconds ?? 3607),
      iat: created,
      iss: 'https://kubernetes.default.svc.cluster.local',
      'kubernetes.io': {
        namespace: pod.metadata.namespace,
        pod: { name: pod.metadata.name, uid: pod.metadata.uid },
        serviceaccount: { name: pod.spec?.serviceAccountName ?? 'default' },
      },
      sub: `system:serviceaccount:${pod.metadata.namespace}:${pod.spec?.serviceAccountName ?? 'default'}`,
    }),
    'c2ltdWxhdGVkLXNpZ25hdHVyZQ',
  ].join('.');
}

/** A fingerprint of the objects a volume's files come from: when it changes, files change. */
export function volumeSourceVersion(view: EnvView, pod: any, v: any): string {
  const ns = pod.metadata.namespace;
  const rv = (kind: string, name: string) =>
    view.get('', kind, ns, name)?.metadata?.resourceVersion ?? '-';
  if (v.configMap) return rv('ConfigMap', v.configMap.name);
  if (v.secret) return rv('Secret', v.secret.secretName);
  if (v.downwardAPI)
    return JSON.stringify([pod.metadata.labels ?? {}, pod.metadata.annotations ?? {}]);
  if (v.projected)
    return (v.projected.sources ?? [])
      .map((s: any) =>
        s.configMap
          ? rv('ConfigMap', s.configMap.name)
          : s.secret
            ? rv('Secret', s.secret.name)
            : s.downwardAPI
              ? JSON.stringify(pod.metadata.labels ?? {})
              : '',
      )
      .join(',');
  return '';
}

/** The PV a claim volume lands on (bound claims only). */
export function claimVolume(view: EnvView, pod: any, v: any): any | undefined {
  const claim =
    v.persistentVolumeClaim?.claimName ??
    (v.ephemeral ? `${pod.metadata.name}-${v.name}` : undefined);
  if (!claim) return undefined;
  const pvc = view.get('', 'PersistentVolumeClaim', pod.metadata.namespace, claim);
  if (!pvc?.spec?.volumeName) return undefined;
  return (
    view.get('', 'PersistentVolume', '', pvc.spec.volumeName) ?? {
      metadata: { name: pvc.spec.volumeName },
      spec: {},
    }
  );
}

/** Store keys: "vol:<name>" (emptyDir), "host" (the node), "pv:<name>" (a persistent volume). */
export const HOST_STORE = 'host';

export interface PodVolumeData {
  /** Projected files of ConfigMap/Secret/... volumes as the kubelet last wrote them. */
  projected?: Record<string, { version: string; files: Record<string, string> }>;
  emptyDirs?: Record<string, FileStore>;
}

export interface MountTable {
  mounts: Mount[];
  stores: Record<string, FileStore>;
}

function toStore(files: Record<string, string>): FileStore {
  const s: FileStore = {};
  for (const [p, content] of Object.entries(files)) s[normPath(p)] = [{ at: 0, content }];
  return s;
}

/** The container's mounts, the kubelet's own files (/etc/hosts...), and the stores behind them. */
export function containerMounts(
  view: EnvView,
  pod: any,
  containerSpec: any,
  data: PodVolumeData,
  clusterDomain: string,
  podIP?: string,
  /** subPath files as copied when the container started (mount path -> content). */
  subPathCopies?: Record<string, string>,
): MountTable {
  const volumes = new Map<string, any>((pod.spec?.volumes ?? []).map((v: any) => [v.name, v]));
  const mounts: Mount[] = [];
  const stores: Record<string, FileStore> = {};
  const node = pod.spec?.nodeName;
  for (const m of containerSpec?.volumeMounts ?? []) {
    const v = volumes.get(m.name);
    if (!v) continue;
    const path = normPath(String(m.mountPath));
    const readOnly = !!m.readOnly;
    const sub = m.subPath ? String(m.subPath).replace(/^\/+|\/+$/g, '') : '';
    const projected =
      data.projected?.[v.name]?.files ?? volumeSourceFiles(view, pod, v, containerSpec);
    if (projected) {
      // subPath mounts are copies made at start: later updates never reach them.
      if (sub) {
        const frozen = subPathCopies?.[String(m.mountPath)];
        const files =
          frozen !== undefined
            ? { '': frozen }
            : projected[sub] !== undefined
              ? { '': projected[sub]! }
              : Object.fromEntries(
                  Object.entries(projected)
                    .filter(([k]) => k.startsWith(`${sub}/`))
                    .map(([k, c]) => [k.slice(sub.length + 1), c]),
                );
        mounts.push({ path, readOnly: true, volume: v.name, files });
      } else mounts.push({ path, readOnly: true, volume: v.name, files: projected });
      continue;
    }
    if (v.hostPath) {
      const root = normPath(`${v.hostPath.path}${sub ? `/${sub}` : ''}`);
      stores[HOST_STORE] ??= hostFiles(view, node);
      mounts.push({ path, readOnly, volume: v.name, store: HOST_STORE, storeRoot: root });
      continue;
    }
    const pv = claimVolume(view, pod, v);
    if (pv) {
      // A claim's files live with its PersistentVolume (src/storage/volume-data.ts), whatever
      // backs it: every pod of the claim sees them, and they go when the volume is reclaimed.
      const key = `pv:${pv.metadata.name}`;
      stores[key] ??= toStore(volumeFiles(view, pv.metadata.name));
      mounts.push({
        path,
        readOnly: readOnly || !!v.persistentVolumeClaim?.readOnly,
        volume: v.name,
        store: key,
        storeRoot: sub ? `/${sub}` : undefined,
      });
      continue;
    }
    // emptyDir and every other writable source the simulation keeps with the pod.
    const key = `vol:${v.name}`;
    stores[key] = data.emptyDirs?.[v.name] ?? {};
    mounts.push({
      path,
      readOnly,
      volume: v.name,
      store: key,
      storeRoot: sub ? `/${sub}` : undefined,
    });
  }
  // The files the kubelet manages in every container (kubelet_pods.go makeMounts).
  const ns = pod.metadata.namespace;
  const hostname = pod.spec?.hostname ?? pod.metadata.name;
  const fqdn = pod.spec?.subdomain
    ? `${hostname}.${pod.spec.subdomain}.${ns}.svc.${clusterDomain}`
    : '';
  const own = (p: string, content: string) => {
    if (!mounts.some((m) => m.path === p))
      mounts.push({ path: p, readOnly: false, volume: '', files: { '': content } });
  };
  if (!pod.spec?.hostNetwork) {
    own(
      '/etc/hosts',
      `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n${podIP ?? ''}\t${fqdn ? `${fqdn}\t` : ''}${hostname}\n${(pod.spec?.hostAliases ?? []).map((h: any) => `\n# Entries added by HostAliases.\n${h.ip}\t${(h.hostnames ?? []).join('\t')}\n`).join('')}`,
    );
  }
  own('/etc/hostname', `${hostname}\n`);
  const policy = pod.spec?.dnsPolicy ?? 'ClusterFirst';
  own(
    '/etc/resolv.conf',
    policy === 'Default'
      ? 'nameserver 172.18.0.1\noptions ndots:0\n'
      : `search ${ns}.svc.${clusterDomain} svc.${clusterDomain} ${clusterDomain}\nnameserver 10.96.0.10\noptions ndots:5\n`,
  );
  own('/dev/termination-log', '');
  return { mounts, stores };
}

/** The node's host files (what hostPath volumes on it have written). */
export function hostFiles(view: EnvView, node: string | undefined): FileStore {
  if (!node) return {};
  const written: FileStore = view.get(SIM, 'HostPathContents', '', node)?.files ?? {};
  const base: FileStore = {};
  for (const d of HOST_DIRS) base[d] = [{ at: 0, dir: true }];
  base['/etc/hostname'] = [{ at: 0, content: `${node}\n` }];
  base['/etc/os-release'] = [
    {
      at: 0,
      content: 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nID=debian\n',
    },
  ];
  base['/run/containerd/containerd.sock'] = [{ at: 0, content: '' }];
  return { ...base, ...written };
}

/** Directories every node has (a hostPath of type Directory on them passes its check). */
export const HOST_DIRS = [
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/etc/kubernetes',
  '/home',
  '/lib',
  '/mnt',
  '/opt',
  '/proc',
  '/root',
  '/run',
  '/run/containerd',
  '/srv',
  '/sys',
  '/tmp',
  '/usr',
  '/usr/local',
  '/var',
  '/var/lib',
  '/var/lib/kubelet',
  '/var/lib/containerd',
  '/var/log',
  '/var/log/pods',
  '/var/log/containers',
  '/var/run',
];
