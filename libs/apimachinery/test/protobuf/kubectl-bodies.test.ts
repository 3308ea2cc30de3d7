// The proof that decodeKubeProtobuf is right: the real kubectl 1.32 (protobuf bodies) and kubectl
// 1.31 (JSON bodies) run the same commands against a probe server, and the decoded protobuf must
// be the very JSON 1.31 sent, key order included. kubectl-wire.md §11 lists these commands.
//
// RECORD_PROTOBUF_FIXTURES=1 rewrites fixtures/kubectl-bodies.json from this run, so the decoder
// unit tests keep covering real bodies on machines without kubectl.
import fs from 'node:fs';
import path from 'node:path';
import { decodeKubeProtobuf, isKubeProtobuf, KUBE_PROTOBUF_CONTENT_TYPE } from '../../src/protobuf';
import { startProbeServer, type ProbeServer, type RecordedWrite } from './probe-server';

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const p = path.join(dir, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {}
  }
  return undefined;
}

// `kubectl` here is a dispatcher that runs kubectl.1.<server minor>; the probe reports v1.32.4,
// so it runs 1.32. The versioned binaries sit next to the real one; 1.31 is called directly.
const KUBECTL = findOnPath('kubectl');
const KUBECTL_131 = KUBECTL
  ? path.join(path.dirname(fs.realpathSync(KUBECTL)), 'kubectl.1.31')
  : undefined;
const available =
  !!KUBECTL && !!KUBECTL_131 && fs.existsSync(KUBECTL_131) && !!findOnPath('openssl');
if (!available) {
  console.warn(
    '\n!!! kubectl, kubectl.1.31 or openssl not found: SKIPPING the real-kubectl protobuf checks.\n' +
      '!!! Only the recorded fixtures test the decoder on this machine.\n',
  );
}

interface Case {
  args: string[];
  /** Writes to matching paths answer 404 (kubectl then tries the next version). */
  reject?: RegExp;
  /** Objects the command reads first. */
  seed?: (s: ProbeServer) => void;
}

const CASES: Case[] = [
  { args: ['create', 'deployment', 'web', '--image=nginx', '--replicas=0'] },
  { args: ['create', 'deployment', 'web2', '--image=nginx:1.27', '--port=80', '--replicas=3'] },
  { args: ['create', 'deployment', 'multi', '--image=nginx', '--image=redis'] },
  { args: ['create', 'configmap', 'cfg', '--from-literal=a=1', '--from-literal=b=two'] },
  { args: ['create', 'configmap', 'blank', '--from-literal=x='] },
  { args: ['create', 'secret', 'generic', 's', '--from-literal=password=admin'] },
  {
    args: [
      'create',
      'secret',
      'docker-registry',
      'reg',
      '--docker-server=r.io',
      '--docker-username=u',
      '--docker-password=p',
    ],
  },
  { args: ['create', 'namespace', 'team-a'] },
  { args: ['create', 'serviceaccount', 'bot'] },
  { args: ['create', 'service', 'clusterip', 'web', '--tcp=80:8080'] },
  { args: ['create', 'service', 'nodeport', 'np', '--tcp=5678:8080', '--node-port=30080'] },
  { args: ['create', 'service', 'loadbalancer', 'lb', '--tcp=80:http'] },
  { args: ['create', 'service', 'externalname', 'en', '--external-name=example.com'] },
  { args: ['create', 'job', 'j', '--image=busybox', '--', 'echo', 'hi'] },
  {
    args: ['create', 'cronjob', 'c', '--image=busybox', '--schedule=*/15 * * * *', '--', 'date'],
  },
  { args: ['create', 'job', 'j2', '--from=cronjob/c'] },
  { args: ['create', 'role', 'r', '--verb=get', '--resource=pods'] },
  {
    args: [
      'create',
      'rolebinding',
      'rb',
      '--role=r',
      '--user=alice',
      '--serviceaccount=default:bot',
      '--group=devs',
    ],
  },
  {
    args: ['create', 'clusterrole', 'cr', '--verb=get,list', '--resource=pods,deployments.apps'],
  },
  { args: ['create', 'clusterrole', 'agg', '--aggregation-rule=rbac.example.com/agg=true'] },
  { args: ['create', 'clusterrolebinding', 'crb', '--clusterrole=cr', '--user=bob'] },
  { args: ['create', 'priorityclass', 'high', '--value=1000'] },
  {
    args: [
      'create',
      'priorityclass',
      'low',
      '--value=10',
      '--global-default=true',
      '--preemption-policy=Never',
      '--description=batch',
    ],
  },
  { args: ['create', 'quota', 'q', '--hard=pods=10'] },
  {
    args: [
      'create',
      'quota',
      'q2',
      '--hard=cpu=1,memory=1Gi,requests.storage=10Gi',
      '--scopes=BestEffort',
    ],
  },
  { args: ['create', 'poddisruptionbudget', 'pdb', '--selector=app=web', '--min-available=50%'] },
  { args: ['create', 'pdb', 'pdb2', '--selector=app=web', '--max-unavailable=1'] },
  {
    args: [
      'create',
      'ingress',
      'ing',
      '--rule=foo.com/bar=svc1:8080,tls=my-cert',
      '--class=nginx',
      '--annotation=a=b',
    ],
  },
  { args: ['autoscale', 'deployment', 'web', '--max=5', '--min=2', '--cpu-percent=80'] },
  { args: ['create', 'token', 'bot'] },
  {
    args: [
      'create',
      'token',
      'bot',
      '--duration=10m',
      '--audience=api',
      '--bound-object-kind=Pod',
      '--bound-object-name=p1',
      '--bound-object-uid=123',
    ],
  },
  { args: ['auth', 'can-i', 'get', 'pods'] },
  {
    args: [
      'auth',
      'can-i',
      'create',
      'deployments.apps',
      '--subresource=scale',
      '-n',
      'kube-system',
    ],
  },
  { args: ['auth', 'can-i', '--list'] },
  { args: ['auth', 'whoami'] },
  // whoami falls back from v1 to v1beta1 to v1alpha1 on 404.
  { args: ['auth', 'whoami'], reject: /^\/apis\/authentication\.k8s\.io\/v1(beta1)?\// },
  { args: ['create', 'namespace', 'dry', '--dry-run=server'] },
];

const describeKubectl = available ? describe : describe.skip;

describeKubectl('protobuf bodies from the real kubectl 1.32 match kubectl 1.31 JSON', () => {
  let server: ProbeServer;
  const recorded: Array<{ command: string; path: string; protobuf: string; json: unknown }> = [];

  beforeAll(async () => {
    server = await startProbeServer();
  }, 30_000);

  afterAll(async () => {
    await server?.close();
    if (process.env.RECORD_PROTOBUF_FIXTURES === '1') {
      const file = path.join(__dirname, 'fixtures/kubectl-bodies.json');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const doc = {
        '//': 'Recorded by kubectl-bodies.test.ts (RECORD_PROTOBUF_FIXTURES=1): kubectl 1.32 protobuf bodies and the JSON kubectl 1.31 sent for the same command.',
        bodies: recorded,
      };
      fs.writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
    }
  });

  async function runBoth(c: Case): Promise<{ pb: RecordedWrite[]; json: RecordedWrite[] }> {
    const runOne = async (binary: string) => {
      server.rejectWrites = c.reject;
      c.seed?.(server);
      const before = server.writes.length;
      const result = await server.kubectl(binary, c.args);
      const writes = server.writes.slice(before);
      const ok = result.code === 0 || (c.args[0] === 'auth' && result.code === 1);
      if (!ok) throw new Error(`${binary} ${c.args.join(' ')} failed: ${result.stderr}`);
      return writes;
    };
    const pb = await runOne(KUBECTL!);
    const json = await runOne(KUBECTL_131!);
    server.rejectWrites = undefined;
    return { pb, json };
  }

  it.each(CASES.map((c) => [c.args.join(' '), c] as const))(
    'kubectl %s',
    async (_name, c) => {
      const { pb, json } = await runBoth(c);
      expect(pb.length).toBeGreaterThan(0);
      expect(pb.map((w) => `${w.method} ${w.path}`)).toEqual(
        json.map((w) => `${w.method} ${w.path}`),
      );
      for (const [i, w] of pb.entries()) {
        expect(w.contentType).toBe(KUBE_PROTOBUF_CONTENT_TYPE);
        expect(isKubeProtobuf(w.body)).toBe(true);
        expect(json[i]!.contentType).toBe('application/json');
        const sent = JSON.parse(json[i]!.body.toString('utf8')) as unknown;
        const decoded = decodeKubeProtobuf(w.body);
        expect(decoded.object).toStrictEqual(sent);
        // Same key order too (Go writes struct fields in declaration order).
        expect(JSON.stringify(decoded.object)).toBe(JSON.stringify(sent));
        recorded.push({
          command: `kubectl ${c.args.join(' ')}`,
          path: w.path,
          protobuf: w.body.toString('base64'),
          json: sent,
        });
      }
    },
    120_000,
  );

  it('kubectl drain evicts with a JSON body, even 1.32', async () => {
    const seed = (s: ProbeServer) => {
      s.put('/api/v1/nodes/n1', { kind: 'Node', apiVersion: 'v1', metadata: { name: 'n1' } });
      s.put('/api/v1/namespaces/default/pods/p1', {
        kind: 'Pod',
        apiVersion: 'v1',
        metadata: { name: 'p1', namespace: 'default' },
        spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'nginx' }] },
      });
    };
    const { pb, json } = await runBoth({
      args: ['drain', 'n1', '--force', '--delete-emptydir-data', '--timeout=20s'],
      seed,
    });
    const evictions = [...pb, ...json].filter((w) => w.path.endsWith('/eviction'));
    expect(evictions).toHaveLength(2);
    for (const w of evictions) expect(w.contentType).toBe('application/json');
  }, 120_000);
});
