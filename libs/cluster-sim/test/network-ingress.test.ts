import { readFileSync } from 'fs';
import { SimCluster, printTable } from '../src';
import { clusterNetwork, type Delivery } from '../src/network';
import type { IngressControllerProfile } from '../src/profile/cluster-profile';

// Ingresses with and without an ingress controller: the class ingress-nginx installs, its
// "Scheduled for sync" events and the address it publishes, and how it routes a request by host
// and path (Prefix, Exact, ImplementationSpecific, rewrite-target, default backends).

const corpus = (p: string) => readFileSync(`${__dirname}/fixtures/corpus/website/${p}`, 'utf8');

const NGINX: IngressControllerProfile = {
  component: 'nginx-ingress-controller',
  className: 'nginx',
  controller: 'k8s.io/ingress-nginx',
  address: '172.18.0.2',
};

let seeds = 0;
function cluster(controller: IngressControllerProfile | null = NGINX): SimCluster {
  return new SimCluster({ seed: `ingress-${seeds++}`, profile: { ingressController: controller } });
}

/** The minikube tutorial's app: Deployment and Service `web` (hello-app on 8080). */
const WEB = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: hello-app, image: "gcr.io/google-samples/hello-app:1.0"}]}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {type: NodePort, selector: {app: web}, ports: [{port: 8080, targetPort: 8080}]}
---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec:
  containers: [{name: shell, image: busybox:1.36, command: [sleep, '3600']}]`;

const EXAMPLE_INGRESS = (extra = '') => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: example-ingress
${extra}
spec:
  ingressClassName: nginx
  rules:
  - host: hello-world.info
    http:
      paths:
      - path: /
        pathType: Prefix
        backend: {service: {name: web, port: {number: 8080}}}`;

const request = (c: SimCluster, host: string, path = '/'): Delivery =>
  clusterNetwork(c.state, c.profile, c.now).http(
    c.get('pods', 'default', 'client'),
    `http://172.18.0.2${path}`,
    {
      headers: { Host: host },
    },
  );
const text = (d: Delivery) =>
  d.kind === 'response' ? `${d.status} ${d.body}` : `${d.kind}:${d.error}`;

describe('without an ingress controller', () => {
  it('keeps an Ingress without an address, and says nothing about it', () => {
    const c = cluster(null);
    c.apply(EXAMPLE_INGRESS());
    c.advance(5 * 60_000);
    expect(c.get('ing', 'default', 'example-ingress').status).toEqual({ loadBalancer: {} });
    expect(c.events('default').filter((e) => e.involvedObject.kind === 'Ingress')).toEqual([]);
    expect(c.list('ingressclasses')).toEqual([]);
  });
});

describe('with ingress-nginx', () => {
  it('installs its namespace and IngressClass when the cluster starts', () => {
    const c = cluster();
    expect(c.get('ns', '', 'ingress-nginx')).toBeDefined();
    const ic = c.get('ingressclass', '', 'nginx');
    expect(ic.spec).toEqual({ controller: 'k8s.io/ingress-nginx' });
    expect(ic.metadata.labels['app.kubernetes.io/name']).toBe('ingress-nginx');
  });

  it('schedules the Ingress for sync at once and publishes its address at the next status sync', () => {
    const c = cluster();
    c.apply(WEB);
    c.advance(1_000);
    c.apply(EXAMPLE_INGRESS());
    c.reconcile();
    const sync = () => c.events('default').filter((e) => e.involvedObject.kind === 'Ingress');
    expect(sync().map((e) => [e.type, e.reason, e.message, e.source.component, e.count])).toEqual([
      ['Normal', 'Sync', 'Scheduled for sync', 'nginx-ingress-controller', 1],
    ]);
    expect(c.get('ing', 'default', 'example-ingress').status.loadBalancer).toEqual({});
    c.advance(60_000);
    expect(c.get('ing', 'default', 'example-ingress').status.loadBalancer).toEqual({
      ingress: [{ ip: '172.18.0.2' }],
    });
    // The status change is one more sync.
    expect(sync()[0].count).toBe(2);
    const table = printTable([c.get('ing', 'default', 'example-ingress')], {
      group: 'networking.k8s.io',
      kind: 'Ingress',
      now: c.now,
    });
    expect(table.rows[0]!.cells.slice(0, 5)).toEqual([
      'example-ingress',
      'nginx',
      'hello-world.info',
      '172.18.0.2',
      '80',
    ]);
  });

  it('publishes a hostname when the controller reports one (kind: localhost)', () => {
    const c = cluster({ ...NGINX, address: 'localhost' });
    c.apply(EXAMPLE_INGRESS());
    c.advance(61_000);
    expect(c.get('ing', 'default', 'example-ingress').status.loadBalancer).toEqual({
      ingress: [{ hostname: 'localhost' }],
    });
  });

  it('gives classless Ingresses its class when the profile marks it default, and ignores other classes', () => {
    const c = cluster({ ...NGINX, defaultClass: true });
    expect(c.get('ingressclass', '', 'nginx').metadata.annotations).toEqual({
      'ingressclass.kubernetes.io/is-default-class': 'true',
    });
    c.apply(corpus('service/networking/test-ingress.yaml'));
    c.apply(corpus('service/networking/minimal-ingress.yaml'));
    c.advance(61_000);
    expect(c.get('ing', 'default', 'test-ingress').spec.ingressClassName).toBe('nginx');
    expect(c.get('ing', 'default', 'test-ingress').status.loadBalancer.ingress).toEqual([
      { ip: '172.18.0.2' },
    ]);
    // nginx-example is another controller's class.
    expect(c.get('ing', 'default', 'minimal-ingress').status.loadBalancer).toEqual({});
  });
});

describe('routing through ingress-nginx', () => {
  function routed(ingress: string): SimCluster {
    const c = cluster();
    c.apply(WEB);
    c.apply(ingress);
    c.advance(60_000);
    return c;
  }

  it('routes hello-world.info to Service web:8080 (the minikube tutorial)', () => {
    const c = routed(EXAMPLE_INGRESS());
    expect(text(request(c, 'hello-world.info'))).toMatch(
      /^200 Hello, world!\nVersion: 1\.0\.0\nHostname: web-[a-z0-9]+-[a-z0-9]{5}\n$/,
    );
    expect(text(request(c, 'hello-world.info', '/anything/below'))).toMatch(/^200 Hello, world!/);
  });

  it('answers nginx\u2019s 404 for a host no rule names', () => {
    const c = routed(EXAMPLE_INGRESS());
    const d = request(c, 'other.info');
    expect(d).toMatchObject({ kind: 'response', status: 404 });
    expect(text(d)).toContain(
      '<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>',
    );
  });

  it('matches Prefix paths by element and Exact paths exactly, the longest first', () => {
    const c = routed(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: paths}
spec:
  ingressClassName: nginx
  rules:
  - http:
      paths:
      - {path: /foo, pathType: Prefix, backend: {service: {name: web, port: {number: 8080}}}}
      - {path: /exact, pathType: Exact, backend: {service: {name: web, port: {number: 8080}}}}`);
    expect(text(request(c, 'any.host', '/foo'))).toMatch(/^200 /);
    expect(text(request(c, 'any.host', '/foo/bar'))).toMatch(/^200 /);
    expect(text(request(c, 'any.host', '/foobar'))).toMatch(/^404 /);
    expect(text(request(c, 'any.host', '/exact'))).toMatch(/^200 /);
    expect(text(request(c, 'any.host', '/exact/more'))).toMatch(/^404 /);
  });

  it('rewrites the path with rewrite-target and the path\u2019s groups', () => {
    const c = cluster();
    c.apply(`apiVersion: apps/v1
kind: Deployment
metadata: {name: echo}
spec:
  selector: {matchLabels: {app: echo}}
  template:
    metadata: {labels: {app: echo}}
    spec: {containers: [{name: netexec, image: "registry.k8s.io/e2e-test-images/agnhost:2.39", args: [netexec, --http-port=8080]}]}
---
apiVersion: v1
kind: Service
metadata: {name: echo}
spec: {selector: {app: echo}, ports: [{port: 80, targetPort: 8080}]}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: rewrite
  annotations: {nginx.ingress.kubernetes.io/rewrite-target: /$2}
spec:
  ingressClassName: nginx
  rules:
  - host: rewrite.bar.com
    http:
      paths:
      - {path: /something(/|$)(.*), pathType: ImplementationSpecific, backend: {service: {name: echo, port: {number: 80}}}}
---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec:
  containers: [{name: shell, image: busybox:1.36, command: [sleep, '3600']}]`);
    c.advance(60_000);
    expect(text(request(c, 'rewrite.bar.com', '/something/echo?msg=rewritten'))).toBe(
      '200 rewritten',
    );
    expect(text(request(c, 'rewrite.bar.com', '/something'))).toMatch(/^200 echo-/);
  });

  it('sends what no rule matches to an Ingress\u2019s default backend', () => {
    const c = cluster();
    c.apply(WEB);
    c.apply(
      corpus('service/networking/test-ingress.yaml')
        .replace('name: "test"', 'name: "web"')
        .replace('number: 80', 'number: 8080')
        .replace('spec: {', 'spec: {\n    ingressClassName: "nginx",'),
    );
    c.advance(60_000);
    expect(text(request(c, 'whatever.example', '/some/path'))).toMatch(/^200 Hello, world!/);
  });

  it('answers 503 when the backend Service is missing or has no endpoints', () => {
    const c = routed(EXAMPLE_INGRESS().replace('name: web, port', 'name: missing, port'));
    const d = request(c, 'hello-world.info');
    expect(d).toMatchObject({ kind: 'response', status: 503 });
    expect(text(d)).toContain('503 Service Temporarily Unavailable');
  });

  it('redirects plain HTTP to HTTPS for a host with TLS', () => {
    const c = routed(
      corpus('service/networking/tls-example-ingress.yaml').replace(
        'spec: {',
        'spec: {\n    ingressClassName: "nginx",',
      ),
    );
    const d = request(c, 'https-example.foo.com', '/x');
    expect(d).toMatchObject({
      kind: 'response',
      status: 308,
      headers: { Location: 'https://https-example.foo.com/x' },
    });
  });

  it('is reached from a container\u2019s curl-like request with a Host header', () => {
    const c = routed(EXAMPLE_INGRESS());
    const d = clusterNetwork(c.state, c.profile, c.now).http(undefined, 'http://172.18.0.2/', {
      headers: { Host: 'hello-world.info' },
    });
    expect(text(d)).toMatch(/^200 Hello, world!/);
  });
});
