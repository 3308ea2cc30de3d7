import { StatusError } from '@kubelab/apimachinery';
import {
  apiGroupList,
  apiResourceList,
  objectFilter,
  parseRequestInfo,
  type SimCluster,
} from '@kubelab/cluster-sim';
import type { KubeTransport } from '../src';

// A simulated cluster behind the transport interface, for the commands that need a real API
// (cordon, drain, taint): discovery, get, list with selectors, patch, delete and eviction, as
// apps/api serves them. The cluster's clock follows the (fake) wall clock between requests.

export function simTransport(c: SimCluster) {
  const t0 = Date.now();
  const start = c.now;
  const requests: string[] = [];
  const catchUp = () => {
    const target = start + (Date.now() - t0);
    if (target > c.now) c.advance(target - c.now);
  };
  const json = (status: number, body: unknown) => ({ status, body, text: JSON.stringify(body) });
  const transport: KubeTransport = {
    async request(method, path, opts = {}) {
      requests.push(`${method} ${path}`);
      catchUp();
      const [pathname, search = ''] = path.split('?');
      const query = new URLSearchParams(search);
      if (pathname === '/api/v1') return json(200, apiResourceList(c.registry, '', 'v1'));
      if (pathname === '/apis') return json(200, apiGroupList(c.registry));
      const info = parseRequestInfo(method, pathname!, query);
      if (info.apiPrefix === 'apis' && !info.resource) {
        // A group version's discovery (/apis/<group>/<version>): not a resource request.
        const [, , group = '', version = ''] = pathname!.split('/');
        return json(200, apiResourceList(c.registry, group, version));
      }
      const type = c.registry.resource(info.group, info.version, info.resource);
      try {
        if (!type)
          throw new StatusError(
            404,
            'NotFound',
            'the server could not find the requested resource',
          );
        const opts2 = c.requestOptions({
          fieldManager: query.get('fieldManager') ?? 'kubectl',
          dryRun: query.get('dryRun') === 'All',
        });
        const ns = info.namespace;
        if (method === 'GET' && info.name)
          return json(200, c.sim.core.getOrThrow(c.state, type, ns, info.name));
        if (method === 'GET') {
          const f = objectFilter(type, query.get('labelSelector'), query.get('fieldSelector'));
          const items = c.state
            .list(type.group, type.kind, type.namespaced && ns ? ns : undefined)
            .filter((o) => f.matches(o));
          return json(200, { kind: `${type.kind}List`, apiVersion: 'v1', metadata: {}, items });
        }
        if (method === 'PATCH') {
          const ct = opts.contentType ?? '';
          const kind = ct.includes('strategic')
            ? 'strategic'
            : ct.includes('json-patch')
              ? 'json'
              : 'merge';
          const r = c.sim.core.patch(c.state, type, ns, info.name, kind, opts.body, opts2);
          c.reconcile();
          return json(200, r.object);
        }
        if (method === 'POST' && !info.subresource && !info.name) {
          // A create, in the stored form of kinds served as views (autoscaling/v1 HPAs), as apps/api does.
          const stored = type.storedAs ? type.storedAs.toStored(opts.body) : opts.body;
          const target = type.storedAs
            ? c.registry.forKind(type.storedAs.group, type.storedAs.kind)!
            : type;
          const r = c.sim.core.create(c.state, target, ns || undefined, stored, opts2);
          c.reconcile();
          return json(201, type.storedAs ? type.storedAs.fromStored(r.object) : r.object);
        }
        if (method === 'POST' && info.subresource === 'eviction') {
          const body = opts.body as any;
          c.sim.core.delete(
            c.state,
            type,
            ns,
            info.name,
            { gracePeriodSeconds: body?.deleteOptions?.gracePeriodSeconds },
            {
              ...opts2,
              fieldManager: 'eviction',
              dryRun: (body?.deleteOptions?.dryRun ?? []).includes('All'),
            },
          );
          c.reconcile();
          return json(201, {
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Success',
            code: 201,
          });
        }
        if (method === 'DELETE') {
          const r = c.sim.core.delete(
            c.state,
            type,
            ns,
            info.name,
            (opts.body as any) ?? {},
            opts2,
          );
          c.reconcile();
          return json(200, r.object);
        }
        throw new StatusError(
          405,
          'MethodNotAllowed',
          'the server does not allow this method on the requested resource',
        );
      } catch (e) {
        if (e instanceof StatusError) return json(e.code, e.toStatus());
        throw e;
      }
    },
    async watch() {},
    async stream() {
      return 200;
    },
    async exec() {
      return 0;
    },
  };
  return { transport, requests };
}
