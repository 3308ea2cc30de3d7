// Access to each cluster's Kubernetes API: a kubeconfig opens its own cluster and nothing else;
// tokens can be revoked and die with their cluster; one learner cannot exhaust the service; the
// API refuses bad input without changing anything; Secret data is encrypted at rest.
import { login } from './harness';
import {
  kube,
  startKubeStack,
  tokenOf,
  type KubeStack,
  type KubeCluster,
  type Reply,
} from './kube-harness';

describe('Kubernetes API access and limits', () => {
  let s: KubeStack;
  let a: KubeCluster;
  let b: KubeCluster;
  beforeAll(async () => {
    s = await startKubeStack('kubeaccess', {
      KUBE_API_REQUESTS_PER_10S: '100000',
      SANDBOX_MAX_PODS: '6',
      KUBE_API_BODY_LIMIT_BYTES: String(256 * 1024),
    });
    a = await s.newCluster('cluster-a', 0);
    b = await s.newCluster('cluster-b', 0);
  }, 120_000);
  afterAll(() => s?.close(), 30_000);

  it('a kubeconfig reads and changes only its own cluster', async () => {
    const ta = tokenOf(a);
    const tb = tokenOf(b);
    expect(ta).not.toBe(tb);
    const made = await kube(s.kubePort, ta, 'POST', '/api/v1/namespaces/default/configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'only-in-a' },
      data: { x: '1' },
    });
    expect(made.status).toBe(201);
    expect(
      (await kube(s.kubePort, ta, 'GET', '/api/v1/namespaces/default/configmaps/only-in-a')).status,
    ).toBe(200);
    const fromB = await kube(
      s.kubePort,
      tb,
      'GET',
      '/api/v1/namespaces/default/configmaps/only-in-a',
    );
    expect(fromB.status).toBe(404);
    expect(fromB.body).toMatchObject({
      kind: 'Status',
      reason: 'NotFound',
      message: 'configmaps "only-in-a" not found',
    });
    const del = await kube(
      s.kubePort,
      tb,
      'DELETE',
      '/api/v1/namespaces/default/configmaps/only-in-a',
    );
    expect(del.status).toBe(404);
    expect(
      (await kube(s.kubePort, ta, 'GET', '/api/v1/namespaces/default/configmaps/only-in-a')).status,
    ).toBe(200);
    // Through the web path, A's token cannot name B's cluster either.
    const web = await fetch(`${s.api.url}/k8s/clusters/${b.id}/api/v1/namespaces`, {
      headers: { authorization: `Bearer ${ta}` },
    });
    expect(web.status).toBe(404);
  });

  it('a signed-in user reaches only clusters they may see through /k8s/clusters/<id>', async () => {
    const own = await fetch(`${s.api.url}/k8s/clusters/${a.id}/api/v1/namespaces`, {
      headers: { authorization: `Bearer ${s.token}` },
    });
    expect(own.status).toBe(200);
    const other = await login(s.rest, s.org.learner2.email);
    const denied = await fetch(`${s.api.url}/k8s/clusters/${a.id}/api/v1/namespaces`, {
      headers: { authorization: `Bearer ${other.accessToken}` },
    });
    expect(denied.status).toBe(404);
    expect(await denied.json()).toMatchObject({ kind: 'Status', code: 404 });
  });

  it('refuses requests without a token, or with a bad one, as 401 Status', async () => {
    for (const token of [undefined, 'klc_not-a-real-token', s.token]) {
      const r = await kube(s.kubePort, token, 'GET', '/api/v1/namespaces');
      expect(r.status).toBe(401);
      expect(r.body).toMatchObject({ kind: 'Status', reason: 'Unauthorized' });
    }
  });

  it('revoked tokens stop working; deleting a cluster kills its tokens', async () => {
    const c = await s.newCluster('revocable', 0);
    const t = tokenOf(c);
    expect((await kube(s.kubePort, t, 'GET', '/api/v1/namespaces')).status).toBe(200);
    const rv = await s.rest.post(`/api/v1/clusters/${c.id}/kubeconfig/revoke`, {}, s.token);
    expect(rv.body.revoked).toBe(1);
    expect((await kube(s.kubePort, t, 'GET', '/api/v1/namespaces')).status).toBe(401);
    const d = await s.newCluster('doomed', 0);
    const td = tokenOf(d);
    expect((await s.rest.del(`/api/v1/clusters/${d.id}`, s.token)).status).toBe(204);
    expect((await kube(s.kubePort, td, 'GET', '/api/v1/namespaces')).status).toBe(401);
  }, 30_000);

  it('caps a sandbox: the pod quota answers 403 Forbidden, and controllers record FailedCreate', async () => {
    const t = tokenOf(b);
    const pod = (n: number) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `p${n}` },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    });
    // Two CoreDNS pods and four static pods already count: six is the limit here.
    const r = await kube(s.kubePort, t, 'POST', '/api/v1/namespaces/default/pods', pod(1));
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ kind: 'Status', reason: 'Forbidden', code: 403 });
    expect(r.body.message).toBe(
      'pods "p1" is forbidden: exceeded sandbox quota: pods=6, limited: pods=6',
    );
  });

  it('refuses bodies over the limit with 413, changing nothing', async () => {
    const t = tokenOf(a);
    const big = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'big' },
      data: { blob: 'x'.repeat(300 * 1024) },
    };
    const r = await kube(s.kubePort, t, 'POST', '/api/v1/namespaces/default/configmaps', big);
    expect(r.status).toBe(413);
    expect(r.body).toMatchObject({ kind: 'Status', reason: 'RequestEntityTooLarge' });
    expect(
      (await kube(s.kubePort, t, 'GET', '/api/v1/namespaces/default/configmaps/big')).status,
    ).toBe(404);
  });

  it('refuses malformed JSON and unknown kinds with Status errors', async () => {
    const t = tokenOf(a);
    const bad = await kube(
      s.kubePort,
      t,
      'POST',
      '/api/v1/namespaces/default/configmaps',
      '{"apiVersion": "v1", ',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^couldn't get version\/kind; json parse error: /);
    const unknown = await kube(s.kubePort, t, 'GET', '/apis/example.com/v1/widgets');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({
      kind: 'Status',
      reason: 'NotFound',
      message: 'the server could not find the requested resource',
    });
  });

  it('dry runs change nothing', async () => {
    const t = tokenOf(a);
    const before = (await s.rest.get(`/api/v1/clusters/${a.id}`, s.token)).body.resourceVersion;
    const r = await kube(
      s.kubePort,
      t,
      'POST',
      '/api/v1/namespaces/default/configmaps?dryRun=All',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dry' }, data: {} },
    );
    expect(r.status).toBe(201);
    expect(r.body.metadata.name).toBe('dry');
    expect(
      (await kube(s.kubePort, t, 'GET', '/api/v1/namespaces/default/configmaps/dry')).status,
    ).toBe(404);
    expect((await s.rest.get(`/api/v1/clusters/${a.id}`, s.token)).body.resourceVersion).toBe(
      before,
    );
  });

  it('a refused write leaves nothing behind', async () => {
    const t = tokenOf(a);
    const before = (await s.rest.get(`/api/v1/clusters/${a.id}`, s.token)).body.resourceVersion;
    const r = await kube(s.kubePort, t, 'POST', '/apis/apps/v1/namespaces/default/deployments', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'broken' },
      spec: {
        replicas: -1,
        selector: { matchLabels: { a: 'b' } },
        template: {
          metadata: { labels: { a: 'b' } },
          spec: { containers: [{ name: 'c', image: 'nginx' }] },
        },
      },
    });
    expect(r.status).toBe(422);
    expect(r.body.details.causes[0]).toEqual({
      reason: 'FieldValueInvalid',
      message: 'Invalid value: -1: must be greater than or equal to 0',
      field: 'spec.replicas',
    });
    expect((await s.rest.get(`/api/v1/clusters/${a.id}`, s.token)).body.resourceVersion).toBe(
      before,
    );
  });

  it('stores Secret data encrypted, and serves it decrypted', async () => {
    const t = tokenOf(a);
    const r = await kube(s.kubePort, t, 'POST', '/api/v1/namespaces/default/secrets', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db' },
      stringData: { password: 'hunter2-super-secret' },
    });
    expect(r.status).toBe(201);
    const rows = await s.api.db.pool.query(
      `SELECT "object"::text AS o FROM "KubeObject" WHERE "clusterId"=$1 AND "kind"='Secret' AND "name"='db'`,
      [a.id],
    );
    expect(rows.rows[0].o).not.toContain('hunter2');
    expect(rows.rows[0].o).not.toContain(Buffer.from('hunter2-super-secret').toString('base64'));
    expect(rows.rows[0].o).toContain('kubelabEncrypted');
    const log = await s.api.db.pool.query(
      `SELECT "object"::text AS o FROM "ClusterChange" WHERE "clusterId"=$1 AND "kind"='Secret' AND "name"='db'`,
      [a.id],
    );
    expect(
      log.rows.every(
        (x: any) => !x.o.includes(Buffer.from('hunter2-super-secret').toString('base64')),
      ),
    ).toBe(true);
    const got = await kube(s.kubePort, t, 'GET', '/api/v1/namespaces/default/secrets/db');
    expect(Buffer.from(got.body.data.password, 'base64').toString()).toBe('hunter2-super-secret');
  });

  it('a watch from a compacted resourceVersion ends with 410 Expired', async () => {
    const t = tokenOf(a);
    await s.api.db.pool.query(
      `DELETE FROM "ClusterChange" WHERE "clusterId"=$1 AND "resourceVersion" < 20`,
      [a.id],
    );
    const r = await kube(
      s.kubePort,
      t,
      'GET',
      '/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=5&timeoutSeconds=2',
    );
    expect(r.status).toBe(200);
    // A single event parses as one JSON document; several are newline-separated.
    const last = typeof r.body === 'string' ? JSON.parse(r.body.trim().split('\n').pop()!) : r.body;
    expect(last).toMatchObject({
      type: 'ERROR',
      object: { kind: 'Status', code: 410, reason: 'Expired' },
    });
  });
});

describe('the Kubernetes API rate limit', () => {
  let s: KubeStack;
  beforeAll(async () => {
    s = await startKubeStack('kuberate', { KUBE_API_REQUESTS_PER_10S: '20' });
  }, 120_000);
  afterAll(() => s?.close(), 30_000);

  it('answers 429 TooManyRequests with Retry-After once a cluster spends its budget', async () => {
    const c = await s.newCluster('busy', 0);
    const t = tokenOf(c);
    let last: Reply | undefined;
    for (let i = 0; i < 25; i++) {
      last = await kube(s.kubePort, t, 'GET', '/api/v1/namespaces');
      if (last.status === 429) break;
    }
    expect(last!.status).toBe(429);
    expect(last!.body).toMatchObject({ kind: 'Status', reason: 'TooManyRequests', code: 429 });
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
  });
});
