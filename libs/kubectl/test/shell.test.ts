import { KubectlSession, LabShell, bufferIO, needsMoreInput, parseScript } from '../src';
import { fakeTransport } from './fake-transport';

function shell(files: Record<string, string> = {}) {
  const f = fakeTransport();
  const saved: Record<string, string> = { ...files };
  let cleared = 0;
  const session = new KubectlSession({
    transport: f.transport,
    files: { read: (n) => saved[n], list: () => Object.keys(saved) },
  });
  const sh = new LabShell(session, {
    saveFile: (n, t) => void (saved[n] = t),
    clear: () => void cleared++,
  });
  const run = async (text: string) => {
    const b = bufferIO();
    const code = await sh.execute(text, b.io);
    return { code, out: b.stdout, err: b.stderr };
  };
  return { sh, run, saved, fake: f, cleared: () => cleared, session };
}

describe('the lab shell', () => {
  it('parses quotes, pipes, lists and here-documents', () => {
    const items = parseScript(
      `kubectl get pods -l 'app=web' | grep "Run ning" && echo ok; echo two\n`,
    );
    expect(items.map((i) => [i.op, i.pipeline.map((c) => c.argv)])).toEqual([
      [
        null,
        [
          ['kubectl', 'get', 'pods', '-l', 'app=web'],
          ['grep', 'Run ning'],
        ],
      ],
      ['&&', [['echo', 'ok']]],
      [';', [['echo', 'two']]],
    ]);
    const doc = parseScript('cat <<EOF | kubectl apply -f -\nkind: ConfigMap\nEOF');
    expect(doc[0]!.pipeline[0]!.heredoc).toBe('kind: ConfigMap\n');
  });

  it('waits for the rest of a here-document, an open quote or a trailing pipe', () => {
    expect(needsMoreInput('cat <<EOF | kubectl apply -f -')).toBe(true);
    expect(needsMoreInput('cat <<EOF | kubectl apply -f -\na: b')).toBe(true);
    expect(needsMoreInput('cat <<EOF | kubectl apply -f -\na: b\nEOF')).toBe(false);
    expect(needsMoreInput('echo "open')).toBe(true);
    expect(needsMoreInput('kubectl get pods |')).toBe(true);
    expect(needsMoreInput('kubectl get pods')).toBe(false);
  });

  it('runs kubectl and the k alias, and pipes its output through grep', async () => {
    const { run } = shell();
    expect((await run('k get pods')).out).toBe(
      'NAME    STATUS\nweb-1   Running\ndb-1    Pending\n',
    );
    expect((await run('kubectl get pods | grep Running')).out).toBe('web-1   Running\n');
    expect((await run('kubectl get pods | grep -c -v NAME')).out).toBe('2\n');
    expect((await run('kubectl get pods --no-headers | wc -l')).out).toBe('2\n');
  });

  it('feeds a here-document to kubectl apply -f -', async () => {
    const { run, fake } = shell();
    const r = await run(
      'cat <<EOF | kubectl apply -f -\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\ndata:\n  a: "1"\nEOF',
    );
    expect(r).toEqual({ code: 0, out: 'configmap/demo created\n', err: '' });
    expect(
      fake.configmaps[0].metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'],
    ).toBe(
      '{"apiVersion":"v1","data":{"a":"1"},"kind":"ConfigMap","metadata":{"name":"demo","namespace":"default"}}\n',
    );
  });

  it('saves output with > and reads lab files with cat and -f', async () => {
    const { run, saved } = shell({
      'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fromfile\n',
    });
    await run('kubectl get pods -o name > pods.txt');
    expect(saved['pods.txt']).toBe('pod/web-1\npod/db-1\n');
    expect((await run('ls')).out).toBe('cm.yaml\npods.txt\n');
    expect((await run('kubectl apply -f cm.yaml')).out).toBe('configmap/fromfile created\n');
    expect((await run('kubectl apply -f nope.yaml')).err).toBe(
      'error: the path "nope.yaml" does not exist\nFiles saved in this lab: cm.yaml, pods.txt\n',
    );
  });

  it('keeps aliases, history, and runs && and || by exit code', async () => {
    const { run, sh } = shell();
    await run('alias kgp="kubectl get pods"');
    expect((await run('kgp -l app=db')).out).toBe('NAME   STATUS\ndb-1   Pending\n');
    expect((await run('false && echo no || echo yes')).out).toBe('yes\n');
    expect(sh.history).toEqual([
      'alias kgp="kubectl get pods"',
      'kgp -l app=db',
      'false && echo no || echo yes',
    ]);
  });

  it('says what it does not know, and suggests', async () => {
    const { run } = shell();
    expect(await run('kubeclt get pods')).toEqual({
      code: 127,
      out: '',
      err: 'kubeclt: command not found\nDid you mean kubectl?\n',
    });
    const pf = await run('kubectl port-forward svc/web 8080:80');
    expect(pf.code).toBe(1);
    expect(pf.err).toMatch(/^error: "port-forward" is not supported in the kubelab terminal\. /);
    expect((await run('kubectl gte pods')).err).toBe(
      'error: unknown command "gte" for "kubectl"\n\nDid you mean this?\n\tget\n',
    );
    expect((await run('echo $(date)')).err).toBe(
      'sh: shell variables and $(…) are not available in the lab terminal\n',
    );
  });

  it('turns kubectl exec -it POD -- sh into a container prompt', async () => {
    const { run, sh } = shell();
    expect(sh.prompt()).toBe('$ ');
    expect((await run('kubectl exec -it web-1 -- sh')).code).toBe(0);
    expect(sh.prompt()).toBe('root@web-1:/# ');
    expect((await run('echo hi')).out).toBe('hello from the container\n');
    await run('exit');
    expect(sh.prompt()).toBe('$ ');
  });

  it('changes the namespace for later commands with config set-context', async () => {
    const { run, sh, session } = shell();
    expect((await run('kubectl config set-context --current --namespace=shop')).out).toBe(
      'Context "kubelab-kubelab" modified.\n',
    );
    expect(session.namespace).toBe('shop');
    expect(sh.prompt()).toBe('(shop) $ ');
  });
});
