// Serves Tables of a simulated cluster over HTTPS and has the real kubectl print them.
import { execFile, execFileSync } from 'node:child_process';
import {
  accessSync,
  appendFileSync,
  constants,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { KubeObject } from '@kubelab/apimachinery';
import { SimCluster, printTable, type ResourceType } from '../../src';
import { deployment } from '../helpers';

jest.setTimeout(60_000);

function onPath(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    try {
      accessSync(join(dir, cmd), constants.X_OK);
      return join(dir, cmd);
    } catch {}
  }
  return undefined;
}

const KUBECTL = onPath('kubectl');
const OPENSSL = onPath('openssl');
if (!KUBECTL || !OPENSSL)
  console.warn(
    `\n*** ${KUBECTL ? 'openssl' : 'kubectl'} is not on the PATH: the tests that run the real kubectl are SKIPPED. ***\n`,
  );

/** A cluster with something in every state the commands below print. */
function buildCluster(): SimCluster {
  const c = new SimCluster();
  const pod = (name: string, spec: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n${spec}`;
  c.apply(deployment('web', { replicas: 2 }));
  c.apply(`apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: NodePort
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 80, nodePort: 30100}, {name: https, port: 443, targetPort: 80}]`);
  c.apply(`apiVersion: v1
kind: Service
metadata: {name: edge}
spec:
  type: LoadBalancer
  selector: {app: web}
  ports: [{port: 8080, targetPort: 80}]`);
  c.apply(
    pod(
      'done',
      '  restartPolicy: Never\n  containers: [{name: c, image: busybox, command: [sh, -c, "echo hi"]}]',
    ),
  );
  c.apply(pod('crash', '  containers: [{name: c, image: busybox, command: [sh, -c, "exit 3"]}]'));
  c.apply(`apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {mode: fast, level: "3"}`);
  c.apply(`apiVersion: v1
kind: Secret
metadata: {name: creds}
stringData: {user: admin, password: hunter2}`);
  c.advance(3 * 60_000);
  return c;
}

/** The kinds' objects as the API would list them (views such as events.k8s.io converted). */
function listObjects(c: SimCluster, t: ResourceType, namespace?: string): KubeObject[] {
  if (!t.storedAs) return c.state.list(t.group, t.kind, namespace);
  return c.state.list(t.storedAs.group, t.storedAs.kind, namespace).map(t.storedAs.fromStored);
}

/** Just enough of a Kubernetes API server for `kubectl get`: version, legacy discovery, lists. */
function handler(c: SimCluster, port: () => number, userAgents: Set<string>) {
  const served = c.registry.served();
  const groups = c.registry.groupVersions();
  const resourceList = (group: string, version: string) => ({
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources: served
      .filter((t) => t.group === group && t.version === version)
      .map((t) => ({
        name: t.plural,
        singularName: t.singular,
        namespaced: t.namespaced,
        kind: t.kind,
        verbs: t.verbs,
        ...(t.shortNames ? { shortNames: t.shortNames } : {}),
        ...(t.categories ? { categories: t.categories } : {}),
      })),
  });

  return (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'https://localhost');
    userAgents.add(req.headers['user-agent'] ?? '');
    const send = (code: number, body: unknown) => {
      res.writeHead(code, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const notFound = () =>
      send(404, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'the server could not find the requested resource',
        reason: 'NotFound',
        code: 404,
      });
    const p = url.pathname.replace(/\/+$/, '');
    if (p === '/version')
      return send(200, { major: '1', minor: '32', gitVersion: 'v1.32.4', platform: 'linux/amd64' });
    if (p === '/api')
      return send(200, {
        kind: 'APIVersions',
        versions: ['v1'],
        serverAddressByClientCIDRs: [
          { clientCIDR: '0.0.0.0/0', serverAddress: `127.0.0.1:${port()}` },
        ],
      });
    if (p === '/apis')
      return send(200, {
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: groups
          .filter((g) => g.group !== '')
          .map((g) => ({
            name: g.group,
            versions: g.versions.map((v) => ({ groupVersion: `${g.group}/${v}`, version: v })),
            preferredVersion: {
              groupVersion: `${g.group}/${g.versions[0]}`,
              version: g.versions[0],
            },
          })),
      });

    const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))(?:\/(.*))?$/.exec(p);
    if (!m) return notFound();
    const [group, version] = m[1] ? ['', m[1]] : [m[2]!, m[3]!];
    const rest = (m[4] ?? '').split('/').filter(Boolean);
    if (rest.length === 0) return send(200, resourceList(group, version));
    let namespace: string | undefined;
    let plural = rest[0]!;
    if (rest[0] === 'namespaces' && rest.length === 3) [namespace, plural] = [rest[1], rest[2]!];
    else if (rest.length !== 1) return notFound();
    const t = c.registry.resource(group, version, plural);
    if (!t || t.internal) return notFound();
    const items = listObjects(c, t, namespace);
    const rv = c.state.resourceVersion;
    if ((req.headers.accept ?? '').includes('as=Table')) {
      const includeObject = url.searchParams.get('includeObject') ?? undefined;
      return send(
        200,
        printTable(items, {
          group: t.group,
          kind: t.kind,
          now: c.now,
          resourceVersion: rv,
          includeObject: includeObject as 'None' | 'Metadata' | 'Object' | undefined,
        }),
      );
    }
    return send(200, {
      kind: `${t.kind}List`,
      apiVersion: group ? `${group}/${version}` : version,
      metadata: { resourceVersion: rv },
      items,
    });
  };
}

/** kubectl's table lines split into cells (its tab writer pads columns with 3+ spaces). */
const cellsOf = (line: string) => line.trimEnd().split(/ {3,}/);

(KUBECTL && OPENSSL ? describe : describe.skip)('the real kubectl prints our Tables', () => {
  let c: SimCluster;
  let server: Server;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const userAgents = new Set<string>();

  beforeAll(async () => {
    c = buildCluster();
    dir = mkdtempSync(join(tmpdir(), 'kubectl-render-'));
    execFileSync(
      OPENSSL!,
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
      ].concat(
        ['-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1'],
        ['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
      ),
      { stdio: 'ignore' },
    );
    let port = 0;
    server = createServer(
      { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
      handler(c, () => port, userAgents),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    writeFileSync(
      join(dir, 'kubeconfig'),
      `apiVersion: v1
kind: Config
clusters:
- name: sim
  cluster: {server: "https://127.0.0.1:${port}", insecure-skip-tls-verify: true}
users:
- name: learner
  user: {token: render-test-token}
contexts:
- name: sim
  context: {cluster: sim, user: learner, namespace: default}
current-context: sim
`,
    );
    env = { ...process.env, KUBECONFIG: join(dir, 'kubeconfig'), HOME: dir };
  });

  afterAll(async () => {
    if (server) await new Promise((resolve) => server.close(resolve));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Runs kubectl against the test server; resolves with its stdout lines (blank lines between
   * tables dropped). KUBECTL_RENDER_DUMP=<file> appends each command and its output there.
   */
  const kubectl = (...args: string[]) =>
    new Promise<string[]>((resolve, reject) =>
      execFile(
        KUBECTL!,
        [...args, '--cache-dir', join(dir, 'cache')],
        { env, timeout: 20_000 },
        (err, stdout, stderr) => {
          if (err) return reject(new Error(`kubectl ${args.join(' ')}: ${err.message}\n${stderr}`));
          const dump = process.env.KUBECTL_RENDER_DUMP;
          if (dump) appendFileSync(dump, `$ kubectl ${args.join(' ')}\n${stdout}\n`);
          resolve(stdout.split('\n').filter((l) => l !== ''));
        },
      ),
    );

  /** The rows we serve for a kind, as kubectl should show them (wide or not). */
  const served = (kind: string, namespace: string | undefined, wide = false, prefix = '') => {
    const t = c.type(kind);
    const table = printTable(listObjects(c, t, namespace), {
      group: t.group,
      kind: t.kind,
      now: c.now,
    });
    const keep = table.columnDefinitions.map((d) => wide || d.priority === 0);
    const nameAt = table.columnDefinitions.findIndex((d) => d.format === 'name');
    return table.rows.map((r) =>
      r.cells
        .filter((_, i) => keep[i])
        .map((cell, i) => (i === nameAt && prefix ? `${prefix}/${cell}` : String(cell))),
    );
  };
  const podNamed = (rows: string[][], name: string) => rows.find((r) => r[0] === name);

  it('get pods', async () => {
    const lines = await kubectl('get', 'pods');
    expect(cellsOf(lines[0]!)).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    const rows = lines.slice(1).map(cellsOf);
    expect(rows).toEqual(served('pods', 'default'));
    expect(podNamed(rows, 'done')).toEqual(['done', '0/1', 'Completed', '0', '3m']);
    expect(podNamed(rows, 'crash')?.slice(1, 3)).toEqual(['0/1', 'CrashLoopBackOff']);
    expect(podNamed(rows, 'crash')?.[3]).toMatch(/^[1-9]\d* \(\S+ ago\)$/);
    const web = rows.filter((r) => r[0]!.startsWith('web-'));
    expect(web.map((r) => r.slice(1))).toEqual([
      ['1/1', 'Running', '0', '3m'],
      ['1/1', 'Running', '0', '3m'],
    ]);
  });

  it('get pods -o wide', async () => {
    const lines = await kubectl('get', 'pods', '-o', 'wide');
    expect(cellsOf(lines[0]!)).toEqual([
      'NAME',
      'READY',
      'STATUS',
      'RESTARTS',
      'AGE',
      'IP',
      'NODE',
      'NOMINATED NODE',
      'READINESS GATES',
    ]);
    const rows = lines.slice(1).map(cellsOf);
    expect(rows).toEqual(served('pods', 'default', true));
    for (const r of rows) {
      expect(r[5]).toMatch(/^10\.244\.\d+\.\d+$/);
      expect(r[6]).toMatch(/^kubelab-worker2?$/);
      expect(r.slice(7)).toEqual(['<none>', '<none>']);
    }
  });

  it('get deploy,rs', async () => {
    const lines = await kubectl('get', 'deploy,rs');
    expect(cellsOf(lines[0]!)).toEqual(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
    expect(cellsOf(lines[1]!)).toEqual(['deployment.apps/web', '2/2', '2', '2', '3m']);
    expect(cellsOf(lines[2]!)).toEqual(['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE']);
    expect(lines.slice(3).map(cellsOf)).toEqual(served('rs', 'default', false, 'replicaset.apps'));
    expect(cellsOf(lines[3]!)).toEqual([
      expect.stringMatching(/^replicaset\.apps\/web-[a-z0-9]+$/),
      '2',
      '2',
      '2',
      '3m',
    ]);
  });

  it('get svc', async () => {
    const lines = await kubectl('get', 'svc');
    expect(cellsOf(lines[0]!)).toEqual([
      'NAME',
      'TYPE',
      'CLUSTER-IP',
      'EXTERNAL-IP',
      'PORT(S)',
      'AGE',
    ]);
    const rows = lines.slice(1).map(cellsOf);
    expect(rows).toEqual(served('svc', 'default'));
    const byName = (n: string) => rows.find((r) => r[0] === n)!;
    expect(byName('kubernetes')).toEqual([
      'kubernetes',
      'ClusterIP',
      '10.96.0.1',
      '<none>',
      '443/TCP',
      '3m',
    ]);
    expect(byName('web')).toEqual([
      'web',
      'NodePort',
      expect.stringMatching(/^10\.(9[6-9]|10\d|11[01])\./),
      '<none>',
      expect.stringMatching(/^80:30100\/TCP,443:3\d{4}\/TCP$/),
      '3m',
    ]);
    expect(byName('edge').slice(1, 5)).toEqual([
      'LoadBalancer',
      expect.any(String),
      expect.stringMatching(/^(<pending>|[\d.]+)$/),
      expect.stringMatching(/^8080:3\d{4}\/TCP$/),
    ]);
  });

  it('get nodes', async () => {
    const lines = await kubectl('get', 'nodes');
    expect(lines).toEqual([
      'NAME                    STATUS   ROLES           AGE   VERSION',
      'kubelab-control-plane   Ready    control-plane   3m    v1.32.4',
      'kubelab-worker          Ready    <none>          3m    v1.32.4',
      'kubelab-worker2         Ready    <none>          3m    v1.32.4',
    ]);
  });

  it('get ns', async () => {
    expect(await kubectl('get', 'ns')).toEqual([
      'NAME              STATUS   AGE',
      'default           Active   3m',
      'kube-node-lease   Active   3m',
      'kube-public       Active   3m',
      'kube-system       Active   3m',
    ]);
  });

  it('get events', async () => {
    const lines = await kubectl('get', 'events');
    expect(cellsOf(lines[0]!)).toEqual(['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
    const rows = lines.slice(1).map(cellsOf);
    expect(rows).toEqual(served('events', 'default'));
    expect(rows).toContainEqual([
      '3m',
      'Normal',
      'ScalingReplicaSet',
      'deployment/web',
      expect.stringMatching(/^Scaled up replica set web-[a-z0-9]+ to 2$/),
    ]);
    // A scheduler event has only eventTime: LAST SEEN comes from it.
    expect(rows).toContainEqual([
      '3m',
      'Normal',
      'Scheduled',
      'pod/done',
      expect.stringMatching(/^Successfully assigned default\/done to /),
    ]);
    expect(rows.find((r) => r[2] === 'BackOff')?.slice(1, 4)).toEqual([
      'Warning',
      'BackOff',
      'pod/crash',
    ]);
  });

  it('get endpoints', async () => {
    const lines = await kubectl('get', 'endpoints');
    expect(cellsOf(lines[0]!)).toEqual(['NAME', 'ENDPOINTS', 'AGE']);
    const rows = lines.slice(1).map(cellsOf);
    expect(rows).toEqual(served('endpoints', 'default'));
    expect(rows.find((r) => r[0] === 'kubernetes')).toEqual([
      'kubernetes',
      '172.18.0.2:6443',
      '3m',
    ]);
    expect(rows.find((r) => r[0] === 'web')?.[1]).toMatch(
      /^10\.244\.\d+\.\d+:80,10\.244\.\d+\.\d+:80,10\.244\.\d+\.\d+:80 \+ 1 more\.\.\.$/,
    );
  });

  it('is kubectl 1.32 that asked (the dispatcher picks it from /version)', async () => {
    await kubectl('get', 'ns');
    expect([...userAgents].some((ua) => /^kubectl(\.1\.32)?\/v1\.32\.\d+ /.test(ua))).toBe(true);
  });

  it('get cm,secrets,sa', async () => {
    const lines = await kubectl('get', 'cm,secrets,sa');
    const tables: string[][][] = [];
    for (const l of lines) {
      if (l.startsWith('NAME ')) tables.push([]);
      tables[tables.length - 1]!.push(cellsOf(l));
    }
    expect(tables.map((t) => t[0])).toEqual([
      ['NAME', 'DATA', 'AGE'],
      ['NAME', 'TYPE', 'DATA', 'AGE'],
      ['NAME', 'SECRETS', 'AGE'],
    ]);
    expect(tables[0]!.slice(1)).toEqual([
      ['configmap/kube-root-ca.crt', '1', '3m'],
      ['configmap/settings', '2', '3m'],
    ]);
    expect(tables[1]!.slice(1)).toEqual([['secret/creds', 'Opaque', '2', '3m']]);
    expect(tables[2]!.slice(1)).toEqual([['serviceaccount/default', '0', '3m']]);
  });
});
