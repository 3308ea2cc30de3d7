import { instanceOf, serveInstance } from './container-process';
import type { EnvView } from './env';
import type { PodRuntimeObject } from './runtime-record';

// What a pod's container answers to an HTTP request on one of its ports (for the cluster
// network's routing): the image's own server at that virtual time — nginx's files (a mounted
// ConfigMap included), the demo app's endpoints — or nothing when no process listens there.

export interface ServedResponse {
  status: number;
  body: string;
  headers: Record<string, string>;
  latencyMs?: number;
}

/**
 * `undefined`: connection refused (not running, or not listening yet); status 0: the port
 * listens but does not speak HTTP (a TCP server such as redis).
 */
export function serveHttp(
  pod: any,
  container: string,
  port: number,
  path: string,
  now: number,
  view: EnvView,
  req: { method?: string; headers?: Record<string, string>; remoteAddr?: string } = {},
): ServedResponse | undefined {
  const rt = view.get('sim.kubelab.io', 'PodRuntime', pod.metadata.namespace, pod.metadata.name) as
    PodRuntimeObject | undefined;
  if (!rt || rt.record.podUid !== pod.metadata.uid) return undefined;
  const c = rt.record.containers.find((x) => x.name === container);
  const inst = c && instanceOf(view, pod, rt.record, c);
  if (!inst) return undefined;
  const r = serveInstance(
    inst,
    {
      method: req.method ?? 'GET',
      path,
      port,
      headers: req.headers,
      userAgent: req.headers?.['User-Agent'] ?? 'Wget',
      remoteAddr: req.remoteAddr,
    },
    now,
  );
  if (r.kind === 'refused') return undefined;
  if (r.kind === 'not-http') return { status: 0, body: '', headers: {} };
  return {
    status: r.res.status,
    body: r.res.body,
    headers: r.res.headers ?? {},
    latencyMs: r.res.latencyMs,
  };
}
