// A throwaway HTTPS "API server" that serves just enough for the real kubectl to run its create
// commands (the /version the dispatcher reads, legacy discovery, GET of what it stored) and
// records every write body. It follows the wire facts in /work/shared/docs/kubectl-wire.md §2–§3.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { decodeKubeProtobuf, isKubeProtobuf } from '../../src/protobuf';

const run = promisify(execFile);

export interface RecordedWrite {
  method: string;
  path: string;
  contentType: string;
  body: Buffer;
}

interface Resource {
  name: string;
  singularName: string;
  namespaced: boolean;
  kind: string;
  shortNames?: string[];
  verbs?: string[];
  group?: string;
  version?: string;
}

const CRUD = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const r = (
  name: string,
  kind: string,
  namespaced: boolean,
  shortNames?: string[],
  extra: Partial<Resource> = {},
): Resource => ({
  name,
  singularName: name.includes('/') ? '' : kind.toLowerCase(),
  namespaced,
  kind,
  verbs: CRUD,
  ...(shortNames ? { shortNames } : {}),
  ...extra,
});

const scale = (plural: string) =>
  r(`${plural}/scale`, 'Scale', true, undefined, {
    group: 'autoscaling',
    version: 'v1',
    verbs: ['get', 'patch', 'update'],
  });

// Group versions in /apis order; the first version of a group is its preferred one.
const GROUP_VERSIONS: Record<string, Resource[]> = {
  v1: [
    r('pods', 'Pod', true, ['po']),
    r('pods/eviction', 'Eviction', true, undefined, {
      group: 'policy',
      version: 'v1',
      verbs: ['create'],
    }),
    r('services', 'Service', true, ['svc']),
    r('configmaps', 'ConfigMap', true, ['cm']),
    r('secrets', 'Secret', true),
    r('namespaces', 'Namespace', false, ['ns']),
    r('nodes', 'Node', false, ['no']),
    r('serviceaccounts', 'ServiceAccount', true, ['sa']),
    r('serviceaccounts/token', 'TokenRequest', true, undefined, {
      group: 'authentication.k8s.io',
      version: 'v1',
      verbs: ['create'],
    }),
    r('resourcequotas', 'ResourceQuota', true, ['quota']),
    r('limitranges', 'LimitRange', true, ['limits']),
    r('persistentvolumeclaims', 'PersistentVolumeClaim', true, ['pvc']),
  ],
  'apps/v1': [
    r('deployments', 'Deployment', true, ['deploy']),
    scale('deployments'),
    r('replicasets', 'ReplicaSet', true, ['rs']),
    scale('replicasets'),
    r('statefulsets', 'StatefulSet', true, ['sts']),
    scale('statefulsets'),
    r('daemonsets', 'DaemonSet', true, ['ds']),
  ],
  'batch/v1': [r('jobs', 'Job', true), r('cronjobs', 'CronJob', true, ['cj'])],
  'autoscaling/v2': [r('horizontalpodautoscalers', 'HorizontalPodAutoscaler', true, ['hpa'])],
  'autoscaling/v1': [r('horizontalpodautoscalers', 'HorizontalPodAutoscaler', true, ['hpa'])],
  'networking.k8s.io/v1': [r('ingresses', 'Ingress', true, ['ing'])],
  'policy/v1': [r('poddisruptionbudgets', 'PodDisruptionBudget', true, ['pdb'])],
  'rbac.authorization.k8s.io/v1': [
    r('roles', 'Role', true),
    r('rolebindings', 'RoleBinding', true),
    r('clusterroles', 'ClusterRole', false),
    r('clusterrolebindings', 'ClusterRoleBinding', false),
  ],
  'scheduling.k8s.io/v1': [r('priorityclasses', 'PriorityClass', false, ['pc'])],
  'authentication.k8s.io/v1': [
    r('selfsubjectreviews', 'SelfSubjectReview', false, undefined, { verbs: ['create'] }),
  ],
  'authorization.k8s.io/v1': [
    r('selfsubjectaccessreviews', 'SelfSubjectAccessReview', false, undefined, {
      verbs: ['create'],
    }),
    r('selfsubjectrulesreviews', 'SelfSubjectRulesReview', true, undefined, {
      verbs: ['create'],
    }),
  ],
};

// What the API server would fill in, so the commands that print it succeed.
function answer(object: Record<string, unknown>): Record<string, unknown> {
  switch (object.kind) {
    case 'TokenRequest':
      return {
        ...object,
        status: { token: 'probe-token', expirationTimestamp: '2030-01-01T00:00:00Z' },
      };
    case 'SelfSubjectAccessReview':
      return { ...object, status: { allowed: true } };
    case 'SelfSubjectReview':
      return { ...object, status: { userInfo: { username: 'learner', groups: ['learners'] } } };
    default:
      return object;
  }
}

export interface ProbeServer {
  url: string;
  dir: string;
  writes: RecordedWrite[];
  /** Writes to matching paths answer 404 (to walk kubectl's version fallbacks). */
  rejectWrites: RegExp | undefined;
  /** Stores an object for later GETs and lists. */
  put(path: string, object: Record<string, unknown>): void;
  /** Runs a kubectl binary against the server; never rejects (the result says how it went). */
  kubectl(
    binary: string,
    args: string[],
  ): Promise<{ code: number; stdout: string; stderr: string }>;
  close(): Promise<void>;
}

export async function startProbeServer(): Promise<ProbeServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-protobuf-'));
  // A throwaway self-signed certificate; kubectl is told to skip verification.
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    path.join(dir, 'key.pem'),
    '-out',
    path.join(dir, 'cert.pem'),
    '-days',
    '1',
    '-subj',
    '/CN=127.0.0.1',
  ]);
  const writes: RecordedWrite[] = [];
  const store = new Map<string, unknown>();

  const server = https.createServer(
    {
      key: fs.readFileSync(path.join(dir, 'key.pem')),
      cert: fs.readFileSync(path.join(dir, 'cert.pem')),
    },
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'https://probe');
        const send = (status: number, body: unknown) => {
          res.writeHead(status, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        const notFound = () =>
          send(404, {
            kind: 'Status',
            apiVersion: 'v1',
            status: 'Failure',
            message: `${url.pathname} not found`,
            reason: 'NotFound',
            code: 404,
          });
        const p = url.pathname.replace(/\/$/, '');
        if (req.method === 'GET') {
          if (p === '/version') {
            return send(200, {
              major: '1',
              minor: '32',
              gitVersion: 'v1.32.4',
              gitCommit: '0000000000000000000000000000000000000000',
              gitTreeState: 'clean',
              buildDate: '2025-04-22T00:00:00Z',
              goVersion: 'go1.23.8',
              compiler: 'gc',
              platform: 'linux/amd64',
            });
          }
          if (p === '/api') {
            return send(200, {
              kind: 'APIVersions',
              versions: ['v1'],
              serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: url.host }],
            });
          }
          if (p === '/apis') {
            const groups = new Map<string, string[]>();
            for (const gv of Object.keys(GROUP_VERSIONS)) {
              if (!gv.includes('/')) continue;
              const [g, v] = gv.split('/') as [string, string];
              groups.set(g, [...(groups.get(g) ?? []), v]);
            }
            return send(200, {
              kind: 'APIGroupList',
              apiVersion: 'v1',
              groups: [...groups].map(([name, versions]) => ({
                name,
                versions: versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v })),
                preferredVersion: { groupVersion: `${name}/${versions[0]}`, version: versions[0] },
              })),
            });
          }
          const gv = p === '/api/v1' ? 'v1' : p.startsWith('/apis/') ? p.slice(6) : undefined;
          if (gv && GROUP_VERSIONS[gv]) {
            return send(200, {
              kind: 'APIResourceList',
              apiVersion: 'v1',
              groupVersion: gv,
              resources: GROUP_VERSIONS[gv],
            });
          }
          const stored = store.get(p);
          if (stored) return send(200, stored);
          const list = listOf(p, url.searchParams.get('fieldSelector'));
          return list ? send(200, list) : notFound();
        }
        if (req.method === 'PATCH' || req.method === 'DELETE') {
          // drain cordons its node (PATCH); nothing here needs the patch applied.
          const stored = store.get(p);
          if (req.method === 'DELETE') store.delete(p);
          return stored ? send(200, stored) : notFound();
        }
        if (req.method === 'POST' || req.method === 'PUT') {
          const body = Buffer.concat(chunks);
          const contentType = String(req.headers['content-type'] ?? '');
          writes.push({ method: req.method, path: p, contentType, body });
          if (probe.rejectWrites?.test(p)) return notFound();
          let object: Record<string, unknown>;
          try {
            object = isKubeProtobuf(body)
              ? decodeKubeProtobuf(body).object
              : (JSON.parse(body.toString('utf8')) as Record<string, unknown>);
          } catch (e) {
            return send(400, {
              kind: 'Status',
              apiVersion: 'v1',
              status: 'Failure',
              message: String(e),
              reason: 'BadRequest',
              code: 400,
            });
          }
          const name = (object.metadata as { name?: string } | undefined)?.name;
          if (p.endsWith('/eviction')) {
            // The evicted pod goes away, which is what drain waits for.
            store.delete(p.slice(0, -'/eviction'.length));
          } else if (name && req.method === 'POST' && !/\/(token|[a-z]+reviews)$/.test(p)) {
            store.set(`${p}/${name}`, object);
          }
          return send(201, answer(object));
        }
        notFound();
      });
    },
  );
  // Lists for drain: every stored object under a collection path, cluster-wide for /api/v1/pods.
  const listOf = (p: string, fieldSelector: string | null) => {
    const m = /^\/api\/v1\/(?:namespaces\/[^/]+\/)?pods$/.exec(p);
    if (!m) return undefined;
    const node = /^spec\.nodeName=(.*)$/.exec(fieldSelector ?? '')?.[1];
    const items = [...store.entries()]
      .filter(([k]) => /\/pods\/[^/]+$/.test(k) && (p === '/api/v1/pods' || k.startsWith(`${p}/`)))
      .map(([, v]) => v as { spec?: { nodeName?: string } })
      .filter((pod) => node === undefined || pod.spec?.nodeName === node);
    return { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items };
  };

  const probe = {
    rejectWrites: undefined as RegExp | undefined,
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const kubeconfig = path.join(dir, 'kubeconfig');
  fs.writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: probe',
      '  cluster:',
      `    server: ${url}`,
      '    insecure-skip-tls-verify: true',
      'users:',
      '- name: learner',
      '  user:',
      '    token: probe-token',
      'contexts:',
      '- name: probe',
      '  context: {cluster: probe, user: learner, namespace: default}',
      'current-context: probe',
      '',
    ].join('\n'),
  );

  return {
    url,
    dir,
    writes,
    get rejectWrites() {
      return probe.rejectWrites;
    },
    set rejectWrites(value: RegExp | undefined) {
      probe.rejectWrites = value;
    },
    put(p, object) {
      store.set(p, object);
    },
    async kubectl(binary, args) {
      try {
        const { stdout, stderr } = await run(
          binary,
          [...args, `--cache-dir=${path.join(dir, 'cache')}`],
          {
            env: { ...process.env, KUBECONFIG: kubeconfig, HOME: dir },
            timeout: 60_000,
          },
        );
        return { code: 0, stdout, stderr };
      } catch (e) {
        const err = e as { code?: number; stdout?: string; stderr?: string; message?: string };
        return {
          code: typeof err.code === 'number' ? err.code : -1,
          stdout: err.stdout ?? '',
          stderr: err.stderr ?? err.message ?? '',
        };
      }
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
