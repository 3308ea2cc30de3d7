import { SimCluster } from '../src';

// `kubectl exec … -- env` shows the container's environment as the kubelet set it: the spec's
// env (values from ConfigMaps and Secrets resolved), the Service variables, HOSTNAME — for a
// server image started without a script as for a shell script.

const pod = (name: string, image: string, command?: string[]) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  containers:
  - name: main
    image: ${image}
    ${command ? `command: ${JSON.stringify(command)}` : ''}
    env:
    - {name: GREETING, value: hello}
    - name: PASSWORD
      valueFrom: {secretKeyRef: {name: creds, key: password}}`;

describe('exec env', () => {
  it.each([
    ['nginx', 'nginx:1.27', undefined],
    ['script', 'busybox', ['sh', '-c', 'sleep 3600']],
  ])(
    '%s: shows the spec env, Secret values resolved, and the Service variables',
    (name, image, cmd) => {
      const c = new SimCluster();
      c.apply(
        'apiVersion: v1\nkind: Secret\nmetadata: {name: creds}\nstringData: {password: s3cret}',
      );
      c.apply(pod(name, image, cmd));
      c.advance(60_000);
      const out = c.exec('default', name, ['env']).stdout;
      expect(out).toMatch(/^GREETING=hello$/m);
      expect(out).toMatch(/^PASSWORD=s3cret$/m);
      expect(out).toMatch(new RegExp(`^HOSTNAME=${name}$`, 'm'));
      expect(out).toMatch(/^KUBERNETES_SERVICE_HOST=10\.96\.0\.1$/m);
    },
  );
});
