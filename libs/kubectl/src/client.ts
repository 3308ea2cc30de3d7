import { ApiError } from './errors';
import { Discovery, basePath, objectPath, type ResourceInfo } from './resources/discovery';
import type { KubeTransport, RequestOptions } from './transport';

// Typed calls on the transport: every non-2xx answer becomes an ApiError carrying the Status.

export const TABLE_ACCEPT =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

export interface ListQuery {
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  includeObject?: 'Object' | 'Metadata' | 'None';
}

export function queryString(q: Record<string, string | undefined>): string {
  const parts = Object.entries(q)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v!)}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

export class KubeClient {
  readonly discovery: Discovery;

  constructor(readonly transport: KubeTransport) {
    this.discovery = new Discovery(transport);
  }

  async call(method: string, path: string, opts: RequestOptions = {}): Promise<any> {
    const r = await this.transport.request(method, path, opts);
    if (r.status >= 400) {
      const status =
        r.body && r.body.kind === 'Status'
          ? r.body
          : { message: r.text || `the server responded with status ${r.status}`, code: r.status };
      throw new ApiError(status, r.status);
    }
    return r.body;
  }

  table(r: ResourceInfo, namespace: string | undefined, name?: string, q: ListQuery = {}) {
    const path = name ? objectPath(r, namespace, name) : basePath(r, namespace);
    return this.call('GET', path + queryString({ ...q }), { accept: TABLE_ACCEPT });
  }

  get(r: ResourceInfo, namespace: string | undefined, name: string) {
    return this.call('GET', objectPath(r, namespace, name));
  }

  list(r: ResourceInfo, namespace: string | undefined, q: ListQuery = {}) {
    return this.call('GET', basePath(r, namespace) + queryString({ ...q }));
  }
}
