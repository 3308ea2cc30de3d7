import { StatusError } from '@kubelab/apimachinery';
import { KubectlSession, bufferIO, runKubectl, type KubeTransport } from '@kubelab/kubectl';
import { SimCluster, apiGroupList, apiResourceList, parseRequestInfo } from '../src';
import { ready } from './helpers';

// `kubectl rollout status|history|undo|pause` of the lab's kubectl on StatefulSets and
// DaemonSets, against a simulated cluster served in-process: kubectl's StatusViewers'
// messages, history from ControllerRevisions, undo by patching a revision back.

/** Just enough of the API for rollout: discovery, get, list and patch. */
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
      if (!t)
        return json(404, {
          kind: 'Status',
          code: 404,
          reason: 'NotFound',
          message: 'the server could not find the requested resource',
        });
      try {
        if (method === 'GET' && info.name) {
          const o = c.sim.core.getOrThrow(c.state, t, info.namespace, info.name);
          return json(200, o);
        }
        if (method === 'GET')
          return json(200, {
            kind: `${t.kind}List`,
            apiVersion: 'v1',
            metadata: { resourceVersion: c.state.resourceVersion },
            items: c.state.list(t.group, t.kind, info.namespace || undefined),
          });
        if (method === 'PATCH') {
          const ct = opts.contentType ?? '';
          const type = ct.includes('strategic')
            ? 'strategic'
            : ct.includes('json-patch')
              ? 'json'
              : 'merge';
          const r = c.sim.core.patch(
            c.state,
            t,
            info.namespace,
            info.name,
            type,
            opts.body,
            c.requestOptions({ fieldManager: 'kubectl-rollout' }),
          );
          return json(200, r.object);
        }
      } catch (e) {
        if (e instanceof StatusError) return json(e.code, e.toStatus());
        throw e;
      }
      return json(405, {
        kind: 'Status',
        code: 405,
        reason: 'MethodNotAllowed',
        message: 'the server does not allow this method on the requested resource',
      });
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

const STS = `
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: web }
spec:
  serviceName: web
  replicas: 3
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: nginx, image: "nginx:1.27" }]
`;

const DS = `
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: agent }
spec:
  selector: { matchLabels: { app: agent } }
  template:
    metadata: { labels: { app: agent } }
    spec:
      containers: [{ name: agent, image: "nginx:1.27" }]
`;

const image = (container: string, i: string) => ({
  spec: { template: { spec: { containers: [{ name: container, image: i }] } } },
});

describe('kubectl rollout on a StatefulSet', () => {
  it('status says how many pods it waits for, then that the partitioned roll out is complete', async () => {
    const c = new SimCluster();
    const kubectl = lab(c);
    c.apply(STS);
    c.reconcile();
    expect((await kubectl('rollout status sts/web --watch=false')).out).toBe(
      'Waiting for 3 pods to be ready...\n',
    );
    c.runUntil(
      () => c.pods().filter((p) => p.metadata.name.startsWith('web-') && ready(p)).length === 1,
    );
    c.reconcile();
    expect((await kubectl('rollout status statefulset/web --watch=false')).out).toBe(
      'Waiting for 2 pods to be ready...\n',
    );
    c.advance(3 * 60_000);
    expect(await kubectl('rollout status sts/web')).toEqual({
      code: 0,
      out: 'partitioned roll out complete: 3 new pods have been updated...\n',
      err: '',
    });
    c.patch('sts', 'default', 'web', image('nginx', 'nginx:1.28'), 'strategic');
    c.reconcile();
    expect((await kubectl('rollout status sts/web --watch=false')).out).toMatch(
      /^(Waiting for 1 pods to be ready\.\.\.|Waiting for partitioned roll out to finish: 0 out of 3 new pods have been updated\.\.\.)\n$/,
    );
  });

  it('status refuses OnDelete', async () => {
    const c = new SimCluster();
    c.apply(STS.replace('  replicas: 3', '  replicas: 1\n  updateStrategy: { type: OnDelete }'));
    c.advance(60_000);
    expect(await lab(c)('rollout status sts/web')).toEqual({
      code: 1,
      out: '',
      err: 'error: rollout status is only available for RollingUpdate strategy type\n',
    });
  });

  it('history lists the ControllerRevisions; undo puts the previous template back', async () => {
    const c = new SimCluster();
    const kubectl = lab(c);
    c.apply(STS);
    c.advance(3 * 60_000);
    c.patch('sts', 'default', 'web', image('nginx', 'nginx:1.28'), 'strategic');
    c.advance(5 * 60_000);
    expect((await kubectl('rollout history sts/web')).out).toBe(
      'statefulset.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n',
    );
    expect((await kubectl('rollout undo sts/web --to-revision=2')).out).toBe(
      'statefulset.apps/web skipped rollback (current template already matches revision 2)\n',
    );
    expect((await kubectl('rollout undo sts/web')).out).toBe('statefulset.apps/web rolled back\n');
    expect(c.get('sts', 'default', 'web').spec.template.spec.containers[0].image).toBe(
      'nginx:1.27',
    );
    c.advance(5 * 60_000);
    expect((await kubectl('rollout history sts/web')).out).toBe(
      'statefulset.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n',
    );
    expect(await kubectl('rollout undo sts/web --to-revision=7')).toEqual({
      code: 1,
      out: '',
      err: 'error: unable to find specified revision 7 in history\n',
    });
  });

  it('pause is not supported', async () => {
    const c = new SimCluster();
    c.apply(STS);
    expect(await lab(c)('rollout pause sts/web')).toEqual({
      code: 1,
      out: '',
      err: 'error: statefulsets.apps "web" pausing is not supported\n',
    });
  });

  it('restart stamps the template, and the pods are replaced', async () => {
    const c = new SimCluster();
    c.apply(STS.replace('replicas: 3', 'replicas: 1'));
    c.advance(60_000);
    const uid = c.pods().find((p) => p.metadata.name === 'web-0').metadata.uid;
    expect((await lab(c)('rollout restart sts/web')).out).toBe('statefulset.apps/web restarted\n');
    c.advance(2 * 60_000);
    const pod = c.pods().find((p) => p.metadata.name === 'web-0');
    expect(pod.metadata.uid).not.toBe(uid);
    expect(pod.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toBeDefined();
  });
});

describe('kubectl rollout on a DaemonSet', () => {
  it('status follows updated and available pods to "successfully rolled out"', async () => {
    const c = new SimCluster();
    const kubectl = lab(c);
    c.apply(DS);
    c.advance(2 * 60_000);
    expect((await kubectl('rollout status ds/agent')).out).toBe(
      'daemon set "agent" successfully rolled out\n',
    );
    c.patch('ds', 'default', 'agent', image('agent', 'nginx:1.28'), 'strategic');
    expect((await kubectl('rollout status ds/agent --watch=false')).out).toBe(
      'Waiting for daemon set spec update to be observed...\n',
    );
    c.reconcile();
    expect((await kubectl('rollout status daemonset/agent --watch=false')).out).toBe(
      'Waiting for daemon set "agent" rollout to finish: 0 out of 2 new pods have been updated...\n',
    );
    c.advance(5 * 60_000);
    expect((await kubectl('rollout history ds/agent')).out).toBe(
      'daemonset.apps/agent \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n',
    );
    expect((await kubectl('rollout undo ds/agent')).out).toBe('daemonset.apps/agent rolled back\n');
    expect(c.get('ds', 'default', 'agent').spec.template.spec.containers[0].image).toBe(
      'nginx:1.27',
    );
    expect((await kubectl('rollout resume ds/agent')).err).toBe(
      'error: daemonsets.apps "agent" resuming is not supported\n',
    );
  });
});
