import type { KubeTransport } from '../src';

// A tiny cluster behind the transport interface: discovery with pods and configmaps, two pods,
// and configmaps that can be created — enough to test the shell's plumbing without a server.

export function fakeTransport() {
  const configmaps: any[] = [];
  const requests: string[] = [];
  const pods = [
    {
      metadata: { name: 'web-1', namespace: 'default', labels: { app: 'web' } },
      status: { phase: 'Running' },
    },
    {
      metadata: { name: 'db-1', namespace: 'default', labels: { app: 'db' } },
      status: { phase: 'Pending' },
    },
  ];
  const table = (items: any[]) => ({
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion: '10' },
    columnDefinitions: [
      { name: 'Name', type: 'string', format: 'name', priority: 0 },
      { name: 'Status', type: 'string', priority: 0 },
    ],
    rows: items.map((p) => ({
      cells: [p.metadata.name, p.status?.phase ?? ''],
      object: { metadata: p.metadata },
    })),
  });
  const transport: KubeTransport = {
    async request(method, path, opts = {}) {
      requests.push(`${method} ${path}`);
      const json = (status: number, body: unknown) => ({
        status,
        body,
        text: JSON.stringify(body),
      });
      if (path === '/api/v1')
        return json(200, {
          resources: [
            {
              name: 'pods',
              singularName: 'pod',
              namespaced: true,
              kind: 'Pod',
              verbs: ['get', 'list'],
              shortNames: ['po'],
            },
            {
              name: 'configmaps',
              singularName: 'configmap',
              namespaced: true,
              kind: 'ConfigMap',
              verbs: ['create', 'get', 'list'],
              shortNames: ['cm'],
            },
          ],
        });
      if (path === '/apis') return json(200, { groups: [] });
      const podName = /\/pods\/([^/?]+)$/.exec(path)?.[1];
      if (podName) {
        const pod = pods.find((p) => p.metadata.name === podName);
        return pod
          ? json(200, pod)
          : json(404, {
              kind: 'Status',
              reason: 'NotFound',
              code: 404,
              message: `pods "${podName}" not found`,
            });
      }
      if (path.startsWith('/api/v1/namespaces/default/pods')) {
        const sel = /labelSelector=app%3D(\w+)/.exec(path)?.[1];
        const items = pods.filter((p) => !sel || p.metadata.labels.app === sel);
        return json(
          200,
          opts.accept?.includes('Table') ? table(items) : { kind: 'PodList', items },
        );
      }
      if (path.startsWith('/api/v1/namespaces/default/configmaps')) {
        const name = /configmaps\/([^?]+)/.exec(path)?.[1];
        if (method === 'POST') {
          configmaps.push(opts.body);
          return json(201, opts.body);
        }
        const found = configmaps.find((c) => c.metadata.name === name);
        if (name && !found)
          return json(404, {
            kind: 'Status',
            status: 'Failure',
            reason: 'NotFound',
            code: 404,
            message: `configmaps "${name}" not found`,
          });
        return json(200, found ?? { items: configmaps });
      }
      return json(404, {
        kind: 'Status',
        reason: 'NotFound',
        code: 404,
        message: 'the server could not find the requested resource',
      });
    },
    async watch() {},
    async stream() {
      return 200;
    },
    async exec(_path, io) {
      io.stdout('hello from the container\n');
      return 0;
    },
  };
  return { transport, configmaps, requests };
}
