// @kubernetes/client-node (1.x; 2.x needs Node 22) as a second, independent judge of our API:
// list, watch, server-side apply, exec — through its own discovery, decoding and protocols.
import { Writable } from 'node:stream';
import * as k8s from '@kubernetes/client-node';
import { startKubeStack, type KubeCluster, type KubeStack } from './kube-harness';

describe('@kubernetes/client-node', () => {
  let s: KubeStack;
  let c: KubeCluster;
  let kc: k8s.KubeConfig;
  beforeAll(async () => {
    s = await startKubeStack('clientnode');
    c = await s.newCluster('client-node', 0);
    kc = new k8s.KubeConfig();
    kc.loadFromString(c.kubeconfig);
  }, 120_000);
  afterAll(() => s?.close(), 30_000);

  it('lists nodes and namespaces with the typed API', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const nodes = await core.listNode();
    expect(nodes.items.map((n) => n.metadata?.name)).toEqual([
      'kubelab-control-plane',
      'kubelab-worker',
      'kubelab-worker2',
    ]);
    expect(nodes.items[1]!.status?.allocatable?.cpu).toBe('4');
    const ns = await core.listNamespace();
    expect(ns.items.map((n) => n.metadata?.name)).toContain('kube-system');
  });

  it('applies with server-side apply (KubernetesObjectApi), then patches as the same manager', async () => {
    const objects = k8s.KubernetesObjectApi.makeApiClient(kc);
    const spec: k8s.V1Deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'cn-web', namespace: 'default' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'cn-web' } },
        template: {
          metadata: { labels: { app: 'cn-web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
        },
      },
    };
    const created = await objects.patch(
      spec,
      undefined,
      undefined,
      'client-node-test',
      true,
      k8s.PatchStrategy.ServerSideApply,
    );
    expect(created.metadata?.uid).toBeDefined();
    expect(
      (created.metadata?.managedFields ?? []).map((m) => `${m.manager}/${m.operation}`),
    ).toContain('client-node-test/Apply');
    const scaled = await objects.patch(
      { ...spec, spec: { ...spec.spec, replicas: 3 } },
      undefined,
      undefined,
      'client-node-test',
      true,
      k8s.PatchStrategy.ServerSideApply,
    );
    expect((scaled as k8s.V1Deployment).spec?.replicas).toBe(3);
    const read = (await objects.read({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'cn-web', namespace: 'default' },
    })) as k8s.V1Deployment;
    expect(read.spec?.template.spec?.containers[0]!.image).toBe('nginx:1.27');
  });

  it('watches pods: ADDED for what exists, then the changes as they happen', async () => {
    const watch = new k8s.Watch(kc);
    const events: string[] = [];
    let req: { abort(): void } | undefined;
    const seen = new Promise<void>((resolve, reject) => {
      watch
        .watch(
          '/api/v1/namespaces/default/pods',
          {},
          (type: string, obj: k8s.V1Pod) => {
            events.push(`${type} ${obj.metadata?.name} ${obj.status?.phase}`);
            if (
              type === 'MODIFIED' &&
              obj.metadata?.name === 'cn-pod' &&
              obj.status?.phase === 'Running'
            )
              resolve();
          },
          (err: unknown) => (err ? reject(err) : undefined),
        )
        .then((r) => (req = r as unknown as { abort(): void }), reject);
    });
    await new Promise((r) => setTimeout(r, 300));
    const core = kc.makeApiClient(k8s.CoreV1Api);
    await core.createNamespacedPod({
      namespace: 'default',
      body: { metadata: { name: 'cn-pod' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
    });
    await seen;
    req?.abort();
    expect(events.some((e) => e.startsWith('ADDED cn-pod'))).toBe(true);
    expect(events.some((e) => e === 'MODIFIED cn-pod Running')).toBe(true);
  });

  it('execs a command over WebSocket and gets its output and exit status', async () => {
    const exec = new k8s.Exec(kc);
    let out = '';
    const stdout = new Writable({
      write(chunk, _e, cb) {
        out += chunk.toString();
        cb();
      },
    });
    const status = await new Promise<k8s.V1Status>((resolve, reject) => {
      exec
        .exec('default', 'cn-pod', 'c', ['cat', '/etc/hostname'], stdout, null, null, false, (st) =>
          resolve(st),
        )
        .catch(reject);
    });
    expect(status.status).toBe('Success');
    expect(out).toBe('cn-pod\n');
  });

  it('reads logs', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const log = await core.readNamespacedPodLog({
      name: 'cn-pod',
      namespace: 'default',
      container: 'c',
      tailLines: 2,
    });
    expect(String(log).trim().split('\n')).toHaveLength(2);
  });

  it('answers a missing object with a NotFound Status', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    await expect(
      core.readNamespacedPod({ name: 'nope', namespace: 'default' }),
    ).rejects.toMatchObject({ code: 404 });
  });
});
