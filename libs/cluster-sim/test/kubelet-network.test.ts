import { SimCluster } from '../src';
import { deployment } from './helpers';

// Traffic from inside a container, through the cluster network: what `wget`, `curl` and
// `nslookup` in a busybox pod print.

describe('a container talking to a Service', () => {
  it("gets nginx's page with wget and resolves the Service with nslookup", () => {
    const c = new SimCluster();
    c.apply(deployment('web', { replicas: 2, image: 'nginx' }));
    c.apply(`apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 80}]
---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec:
  containers: [{name: c, image: "busybox:1.36", command: [sleep, "3600"]}]`);
    c.runUntil(() => c.pods().filter((p) => p.status.phase === 'Running').length === 3, 120_000);
    c.advance(5_000);
    const page = c.exec('default', 'client', ['wget', '-qO-', 'http://web']);
    expect(page.stdout).toContain('<title>Welcome to nginx!</title>');
    const ip = c.get('services', 'default', 'web').spec.clusterIP;
    const dns = c.exec('default', 'client', ['nslookup', 'web']);
    expect(dns.stdout).toContain(`Name:\tweb.default.svc.cluster.local\nAddress: ${ip}\n`);
    const none = c.exec('default', 'client', ['wget', '-qO-', 'http://nosuch']);
    expect(none).toMatchObject({ exitCode: 1, stderr: "wget: bad address 'nosuch'\n" });
  });

  it("logs a script's requests in a loop as the Service answers them", () => {
    const c = new SimCluster();
    c.apply(
      deployment('api', {
        replicas: 1,
        image: 'hashicorp/http-echo:1.0',
        extra: '        args: [-text=pong, -listen=:80]',
      }),
    );
    c.apply(`apiVersion: v1
kind: Service
metadata: {name: api}
spec:
  selector: {app: api}
  ports: [{port: 80}]
---
apiVersion: v1
kind: Pod
metadata: {name: poller}
spec:
  containers: [{name: c, image: busybox, command: [sh, -c, 'while true; do wget -qO- http://api; sleep 10; done']}]`);
    c.runUntil(() => c.pods().filter((p) => p.status.phase === 'Running').length === 2, 120_000);
    c.advance(60_000);
    const logs = c.logs('default', 'poller');
    expect(logs.length).toBeGreaterThanOrEqual(5);
    expect(logs.at(-1)).toBe('pong');
  });
});
