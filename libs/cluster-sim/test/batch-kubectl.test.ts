import { StatusError } from '@kubelab/apimachinery';
import { KubectlSession, LabShell, bufferIO, type KubeTransport } from '@kubelab/kubectl';
import { SimCluster, apiGroupList, apiResourceList } from '../src';

// `kubectl create job NAME --from=cronjob/CRONJOB` in the lab's terminal: the manual run of a
// CronJob, which the CronJob controller then sees as a Job it did not make.

/** Just enough of the Kubernetes API over a SimCluster for `kubectl create`. */
function transportFor(c: SimCluster): KubeTransport {
  const json = (status: number, body: unknown) => ({ status, body, text: JSON.stringify(body) });
  return {
    async request(method, path, opts = {}) {
      const url = new URL(path, 'https://cluster');
      const p = url.pathname;
      if (p === '/api') return json(200, { kind: 'APIVersions', versions: ['v1'] });
      if (p === '/apis') return json(200, apiGroupList(c.registry));
      const m =
        /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?(?:\/([^/]+))?(?:\/([^/]+))?$/.exec(
          p,
        );
      if (!m)
        return json(404, { kind: 'Status', code: 404, reason: 'NotFound', message: 'not found' });
      const [group, version] = m[1] ? ['', 'v1'] : [m[2]!, m[3]!];
      const [, , , , namespace, plural, name] = m;
      if (!plural) return json(200, apiResourceList(c.registry, group, version));
      const t = c.registry.resource(group, version, plural)!;
      try {
        if (method === 'GET' && name) {
          const o = c.state.get(t.group, t.kind, namespace ?? '', name);
          if (o) return json(200, o);
          throw new StatusError(404, 'NotFound', `${t.plural}.${t.group} "${name}" not found`);
        }
        if (method === 'POST') {
          const dryRun = url.searchParams.get('dryRun') === 'All';
          const created = c.sim.core.create(
            c.state,
            t,
            namespace,
            opts.body,
            c.requestOptions({ fieldManager: 'kubectl-create', dryRun }),
          ).object;
          return json(201, created);
        }
      } catch (e) {
        if (e instanceof StatusError) return json(e.code, e.toStatus());
        throw e;
      }
      return json(405, { kind: 'Status', code: 405, reason: 'MethodNotAllowed', message: 'no' });
    },
    async watch() {},
    async stream() {
      return 200;
    },
    async exec() {
      return 0;
    },
  };
}

async function kubectl(c: SimCluster, line: string) {
  const sh = new LabShell(new KubectlSession({ transport: transportFor(c) }), {
    saveFile: () => {},
    clear: () => {},
  });
  const b = bufferIO();
  const code = await sh.execute(line, b.io);
  return { code, out: b.stdout, err: b.stderr };
}

const CRONJOB = `apiVersion: batch/v1
kind: CronJob
metadata: {name: report}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    metadata: {labels: {team: data}}
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: report, image: python, command: [python3, -c, "print('report ready')"]}]
`;

describe('kubectl create job --from=cronjob/NAME', () => {
  it('runs the CronJob now, as a Job it owns, marked as a manual run', async () => {
    const c = new SimCluster();
    const [cj] = c.apply(CRONJOB) as any[];
    const r = await kubectl(c, 'kubectl create job report-now --from=cronjob/report');
    expect(r).toEqual({ code: 0, out: 'job.batch/report-now created\n', err: '' });
    const job = c.get('jobs', 'default', 'report-now');
    expect(job.metadata.annotations).toEqual({ 'cronjob.kubernetes.io/instantiate': 'manual' });
    expect(job.metadata.labels).toMatchObject({ team: 'data' });
    expect(job.metadata.ownerReferences).toEqual([
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        name: 'report',
        uid: cj.metadata.uid,
        controller: true,
      },
    ]);
    c.runUntil(
      () => c.get('jobs', 'default', 'report-now').status?.completionTime !== undefined,
      2 * 60_000,
    );
    const [pod] = c.pods();
    expect(c.logs('default', pod.metadata.name)).toEqual(['report ready']);
    // The controller did not make it: it says so, once.
    const warnings = c
      .events('default')
      .filter((e) => e.involvedObject.name === 'report' && e.reason === 'UnexpectedJob');
    expect(warnings.map((e) => `${e.type} ${e.message}`)).toEqual([
      'Warning Saw a job that the controller did not create or forgot: report-now',
    ]);
    expect(c.get('cronjobs', 'default', 'report').status.active).toBeUndefined();
  });

  it('prints what it would create with --dry-run=client -o yaml', async () => {
    const c = new SimCluster();
    c.apply(CRONJOB);
    const r = await kubectl(c, 'kubectl create job once --from=cj/report --dry-run=client -o yaml');
    expect(r.code).toBe(0);
    expect(r.out).toContain('cronjob.kubernetes.io/instantiate: manual');
    expect(r.out).toContain('name: once');
    expect(c.get('jobs', 'default', 'once')).toBeUndefined();
  });

  it('says what is wrong as kubectl does', async () => {
    const c = new SimCluster();
    c.apply(CRONJOB);
    expect((await kubectl(c, 'kubectl create job x --from=cronjob/nope')).err).toBe(
      'Error from server (NotFound): cronjobs.batch "nope" not found\n',
    );
    expect((await kubectl(c, 'kubectl create job x --from=report')).err).toBe(
      'error: the server doesn\'t have a resource type "report"\n',
    );
    expect(
      (await kubectl(c, 'kubectl create job x --from=cronjob/report --image=busybox')).err,
    ).toBe('error: either --image or --from must be specified\n');
    expect((await kubectl(c, 'kubectl create job x --from=cronjob/report -- date')).err).toBe(
      'error: cannot specify --from and command\n',
    );
  });
});
