import { StatusError } from '@kubelab/apimachinery';
import { KubectlSession, bufferIO, runKubectl, type KubeTransport } from '@kubelab/kubectl';
import {
  SimCluster,
  apiGroupList,
  apiResourceList,
  objectFilter,
  parseRequestInfo,
  printTable,
} from '../src';
import { applyIn, corpus, namespace } from './resources-helpers';

// What the lab's kubectl shows for quotas, limit ranges and priority classes: `kubectl get`
// columns from the server's Table and `kubectl describe` text, against a simulated cluster
// served in-process (reads only).

function simTransport(c: SimCluster): KubeTransport {
  const json = (status: number, body: unknown) => ({ status, body, text: JSON.stringify(body) });
  return {
    async request(method, path, opts = {}) {
      const url = new URL(path, 'https://sim');
      if (url.pathname === '/api/v1') return json(200, apiResourceList(c.registry, '', 'v1'));
      if (url.pathname === '/apis') return json(200, apiGroupList(c.registry));
      const gv = /^\/apis\/([^/]+)\/([^/]+)$/.exec(url.pathname);
      if (gv) return json(200, apiResourceList(c.registry, gv[1]!, gv[2]!));
      const info = parseRequestInfo(method, url.pathname, url.searchParams);
      const t = c.registry.resource(info.group, info.version, info.resource);
      if (!t || method !== 'GET')
        return json(404, { kind: 'Status', code: 404, reason: 'NotFound', message: 'not found' });
      const table = (opts.accept ?? '').includes('as=Table');
      try {
        if (info.name) {
          const o = c.sim.core.getOrThrow(c.state, t, info.namespace, info.name);
          if (table)
            return json(200, printTable([o], { group: t.group, kind: t.kind, now: c.now }));
          return json(200, o);
        }
        const filter = objectFilter(
          t,
          url.searchParams.get('labelSelector'),
          url.searchParams.get('fieldSelector'),
        );
        const items = c.state
          .list(t.group, t.kind, info.namespace || undefined)
          .filter((o) => filter.matches(o));
        if (table)
          return json(200, printTable(items, { group: t.group, kind: t.kind, now: c.now }));
        return json(200, {
          kind: `${t.kind}List`,
          apiVersion: t.group ? `${t.group}/${t.version}` : t.version,
          metadata: { resourceVersion: c.state.resourceVersion },
          items,
        });
      } catch (e) {
        if (e instanceof StatusError) return json(e.code, e.toStatus());
        throw e;
      }
    },
    watch: async () => {},
    stream: async () => 0,
    exec: async () => 0,
  };
}

function lab(c: SimCluster) {
  const session = new KubectlSession({ transport: simTransport(c), now: () => c.now });
  return async (line: string) => {
    const b = bufferIO();
    const code = await runKubectl(line.split(' '), { session, io: b.io });
    return { code, out: b.stdout, err: b.stderr };
  };
}

function memCpuQuota() {
  const c = new SimCluster();
  namespace(c, 'quota-mem-cpu-example');
  applyIn(c, corpus('admin/resource/quota-mem-cpu.yaml'), 'quota-mem-cpu-example');
  applyIn(c, corpus('admin/resource/quota-mem-cpu-pod.yaml'), 'quota-mem-cpu-example');
  c.advance(30_000);
  return c;
}

describe('kubectl describe quota', () => {
  it('shows Used and Hard for each limited resource', async () => {
    const c = memCpuQuota();
    const r = await lab(c)('describe quota mem-cpu-demo -n quota-mem-cpu-example');
    expect(r.err).toBe('');
    expect(r.out).toBe(
      [
        'Name:            mem-cpu-demo',
        'Namespace:       quota-mem-cpu-example',
        'Resource         Used   Hard',
        '--------         ----   ----',
        'limits.cpu       800m   2',
        'limits.memory    800Mi  2Gi',
        'requests.cpu     400m   1',
        'requests.memory  600Mi  1Gi',
        '',
      ].join('\n'),
    );
  });

  it('kubectl get quota prints the REQUEST and LIMIT cells', async () => {
    const c = memCpuQuota();
    const r = await lab(c)('get quota -n quota-mem-cpu-example');
    expect(r.out.split('\n')[0]).toMatch(/^NAME\s+AGE\s+REQUEST\s+LIMIT$/);
    expect(r.out).toContain(
      'requests.cpu: 400m/1, requests.memory: 600Mi/1Gi   limits.cpu: 800m/2, limits.memory: 800Mi/2Gi',
    );
  });
});

describe('kubectl describe limitrange', () => {
  it('shows one row per type and resource, with the defaults the API server filled in', async () => {
    const c = new SimCluster();
    namespace(c, 'constraints-mem-example');
    applyIn(c, corpus('admin/resource/memory-constraints.yaml'), 'constraints-mem-example');
    const r = await lab(c)('describe limits mem-min-max-demo-lr -n constraints-mem-example');
    expect(r.out).toBe(
      [
        'Name:       mem-min-max-demo-lr',
        'Namespace:  constraints-mem-example',
        'Type        Resource  Min    Max  Default Request  Default Limit  Max Limit/Request Ratio',
        '----        --------  ---    ---  ---------------  -------------  -----------------------',
        'Container   memory    500Mi  1Gi  1Gi              1Gi            -',
        '',
      ].join('\n'),
    );
  });
});

describe('kubectl describe priorityclass', () => {
  it('shows value, default, preemption policy and description', async () => {
    const c = new SimCluster();
    const r = await lab(c)('describe pc system-cluster-critical');
    expect(r.out).toBe(
      [
        'Name:              system-cluster-critical',
        'Value:             2000000000',
        'GlobalDefault:     false',
        'PreemptionPolicy:  PreemptLowerPriority',
        'Description:       Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
        'Annotations:       <none>',
        'Events:            <none>',
        '',
      ].join('\n'),
    );
  });
});
