// Container environment as the kubelet builds it (pkg/kubelet/kubelet_pods.go makeEnvironmentVariables):
// envFrom first, then env; values from ConfigMaps, Secrets, the downward API and resources;
// service links. A missing non-optional source is the container's CreateContainerConfigError.

import { milli } from '../util/quantity';

export interface EnvView {
  get(group: string, kind: string, namespace: string, name: string): any;
  list(group: string, kind: string, namespace?: string): any[];
}

export interface EnvResult {
  env: Record<string, string>;
  /** The kubelet's error text, e.g. `secret "demo-secrets" not found`. */
  error?: string;
}

const fromBase64 = (s: string): string => {
  try {
    const bin = atob(s);
    return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
  } catch {
    return s;
  }
};

function fieldRef(pod: any, path: string): string {
  const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (m) return pod.metadata[m[1]!]?.[m[2]!] ?? '';
  switch (path) {
    case 'metadata.name':
      return pod.metadata.name;
    case 'metadata.namespace':
      return pod.metadata.namespace;
    case 'metadata.uid':
      return pod.metadata.uid;
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? '';
    case 'status.hostIP':
      return pod.status?.hostIP ?? '';
    case 'status.hostIPs':
      return (pod.status?.hostIPs ?? []).map((i: any) => i.ip).join(',');
    case 'status.podIP':
      return pod.status?.podIP ?? '';
    case 'status.podIPs':
      return (pod.status?.podIPs ?? []).map((i: any) => i.ip).join(',');
    default:
      return '';
  }
}

function resourceRef(pod: any, c: any, ref: any, node: any): string {
  const container = ref.containerName
    ? (pod.spec.containers ?? []).find((x: any) => x.name === ref.containerName)
    : c;
  const [kind, res] = String(ref.resource).split('.');
  const alloc = node?.status?.allocatable ?? {};
  const v = container?.resources?.[kind!]?.[res!] ?? (kind === 'limits' ? alloc[res!] : '0');
  const divisor = ref.divisor ? milli(ref.divisor) : res === 'cpu' ? 1000 : 1000;
  return String(Math.ceil(milli(v) / divisor));
}

/** Service links: FOO_SERVICE_HOST / FOO_SERVICE_PORT / FOO_PORT_80_TCP... for each Service. */
function serviceLinks(view: EnvView, ns: string): Record<string, string> {
  const out: Record<string, string> = {};
  const services = [
    ...view.list('', 'Service', ns),
    ...(ns === 'default'
      ? []
      : view.list('', 'Service', 'default').filter((s: any) => s.metadata.name === 'kubernetes')),
  ];
  for (const s of services) {
    const ip = s.spec?.clusterIP;
    if (!ip || ip === 'None' || !(s.spec?.ports ?? []).length) continue;
    const name = s.metadata.name.toUpperCase().replace(/-/g, '_');
    const first = s.spec.ports[0];
    out[`${name}_SERVICE_HOST`] = ip;
    out[`${name}_SERVICE_PORT`] = String(first.port);
    out[`${name}_PORT`] = `${(first.protocol ?? 'TCP').toLowerCase()}://${ip}:${first.port}`;
    for (const p of s.spec.ports) {
      const proto = p.protocol ?? 'TCP';
      const base = `${name}_PORT_${p.port}_${proto}`;
      out[base] = `${proto.toLowerCase()}://${ip}:${p.port}`;
      out[`${base}_PROTO`] = proto.toLowerCase();
      out[`${base}_PORT`] = String(p.port);
      out[`${base}_ADDR`] = ip;
      if (p.name)
        out[`${name}_SERVICE_PORT_${p.name.toUpperCase().replace(/-/g, '_')}`] = String(p.port);
    }
  }
  return out;
}

export function resolveContainerEnv(view: EnvView, pod: any, c: any): EnvResult {
  const ns = pod.metadata.namespace;
  const env: Record<string, string> = {};
  if (pod.spec?.enableServiceLinks !== false) Object.assign(env, serviceLinks(view, ns));
  for (const src of c.envFrom ?? []) {
    if (src.configMapRef) {
      const cm = view.get('', 'ConfigMap', ns, src.configMapRef.name);
      if (!cm) {
        if (src.configMapRef.optional) continue;
        return { env, error: `configmap "${src.configMapRef.name}" not found` };
      }
      for (const [k, v] of Object.entries(cm.data ?? {})) env[(src.prefix ?? '') + k] = String(v);
    }
    if (src.secretRef) {
      const s = view.get('', 'Secret', ns, src.secretRef.name);
      if (!s) {
        if (src.secretRef.optional) continue;
        return { env, error: `secret "${src.secretRef.name}" not found` };
      }
      for (const [k, v] of Object.entries(s.data ?? {}))
        env[(src.prefix ?? '') + k] = fromBase64(String(v));
    }
  }
  const expand = (s: string) =>
    s
      .replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, v) => (v in env ? env[v]! : m))
      .replace(/\$\$/g, '$');
  for (const e of c.env ?? []) {
    if (!e.valueFrom) {
      env[e.name] = expand(e.value ?? '');
      continue;
    }
    const vf = e.valueFrom;
    if (vf.configMapKeyRef) {
      const cm = view.get('', 'ConfigMap', ns, vf.configMapKeyRef.name);
      if (!cm) {
        if (vf.configMapKeyRef.optional) continue;
        return { env, error: `configmap "${vf.configMapKeyRef.name}" not found` };
      }
      const v = cm.data?.[vf.configMapKeyRef.key];
      if (v === undefined) {
        if (vf.configMapKeyRef.optional) continue;
        return {
          env,
          error: `couldn't find key ${vf.configMapKeyRef.key} in ConfigMap ${ns}/${vf.configMapKeyRef.name}`,
        };
      }
      env[e.name] = String(v);
    } else if (vf.secretKeyRef) {
      const s = view.get('', 'Secret', ns, vf.secretKeyRef.name);
      if (!s) {
        if (vf.secretKeyRef.optional) continue;
        return { env, error: `secret "${vf.secretKeyRef.name}" not found` };
      }
      const v = s.data?.[vf.secretKeyRef.key];
      if (v === undefined) {
        if (vf.secretKeyRef.optional) continue;
        return {
          env,
          error: `couldn't find key ${vf.secretKeyRef.key} in Secret ${ns}/${vf.secretKeyRef.name}`,
        };
      }
      env[e.name] = fromBase64(String(v));
    } else if (vf.fieldRef) env[e.name] = fieldRef(pod, vf.fieldRef.fieldPath);
    else if (vf.resourceFieldRef)
      env[e.name] = resourceRef(
        pod,
        c,
        vf.resourceFieldRef,
        view.get('', 'Node', '', pod.spec?.nodeName ?? ''),
      );
  }
  return { env };
}

/** The environment `kubectl exec -- env` shows: the container's own, plus what the runtime adds. */
export function processEnvironment(view: EnvView, pod: any, c: any): Record<string, string> {
  const { env } = resolveContainerEnv(view, pod, c);
  return {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOSTNAME: pod.spec?.hostname ?? pod.metadata.name,
    ...env,
    HOME: '/root',
  };
}
