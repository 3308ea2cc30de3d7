import { readFileSync } from 'fs';
import { SimCluster } from '../src';

// Ingress, IngressClass and NetworkPolicy as the API server takes them: the versions served,
// defaults, the real validation messages, the DefaultIngressClass admission plugin.

const corpus = (p: string) => readFileSync(`${__dirname}/fixtures/corpus/website/${p}`, 'utf8');

function refusal(c: SimCluster, yaml: string): string {
  try {
    c.apply(yaml);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('accepted');
}

const ingress = (name: string, path: string, extra = '') => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: ${name}}
spec:
${extra}
  rules:
  - host: hello-world.info
    http:
      paths:
${path}`;

describe('Ingress API versions', () => {
  it('refuses the removed networking.k8s.io/v1beta1 Ingress of the minikube tutorial', () => {
    const c = new SimCluster();
    expect(refusal(c, corpus('service/networking/example-ingress.yaml'))).toBe(
      'no matches for kind "Ingress" in version "networking.k8s.io/v1beta1"',
    );
  });

  it('refuses extensions/v1beta1 the same way', () => {
    const c = new SimCluster();
    expect(
      refusal(
        c,
        `apiVersion: extensions/v1beta1
kind: Ingress
metadata: {name: old}
spec: {backend: {serviceName: web, servicePort: 80}}`,
      ),
    ).toBe('no matches for kind "Ingress" in version "extensions/v1beta1"');
  });

  it('serves Ingress, IngressClass and NetworkPolicy in networking.k8s.io/v1 with their short names', () => {
    const c = new SimCluster();
    expect(c.type('ing').kind).toBe('Ingress');
    expect(c.type('netpol').kind).toBe('NetworkPolicy');
    expect(c.type('ingressclasses').namespaced).toBe(false);
    expect(
      c.registry.groupVersions().find((g) => g.group === 'networking.k8s.io')?.versions,
    ).toEqual(['v1']);
  });
});

describe('Ingress validation', () => {
  it('requires a pathType on every path', () => {
    const c = new SimCluster();
    expect(
      refusal(
        c,
        ingress(
          'web',
          '      - path: /\n        backend: {service: {name: web, port: {number: 8080}}}',
        ),
      ),
    ).toBe(
      'Ingress.networking.k8s.io "web" is invalid: spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified',
    );
  });

  it('names a backend without a Service name or port', () => {
    const c = new SimCluster();
    expect(
      refusal(
        c,
        ingress(
          'web',
          '      - path: /\n        pathType: Prefix\n        backend: {service: {port: {number: 80}}}',
        ),
      ),
    ).toBe(
      'Ingress.networking.k8s.io "web" is invalid: spec.rules[0].http.paths[0].backend.service.name: Required value',
    );
    expect(
      refusal(
        c,
        ingress(
          'web',
          '      - path: /\n        pathType: Prefix\n        backend: {service: {name: web}}',
        ),
      ),
    ).toBe(
      'Ingress.networking.k8s.io "web" is invalid: spec.rules[0].http.paths[0].backend: Required value: port name or number is required',
    );
    expect(
      refusal(
        c,
        ingress(
          'web',
          '      - path: /\n        pathType: Prefix\n        backend: {service: {name: Web_1, port: {number: 80}}}',
        ),
      ),
    ).toContain(
      `spec.rules[0].http.paths[0].backend.service.name: Invalid value: "Web_1": a DNS-1035 label must consist of lower case alphanumeric characters or '-'`,
    );
  });

  it('says a v1beta1-style backend is no backend at all in v1', () => {
    const c = new SimCluster();
    expect(
      refusal(
        c,
        ingress(
          'web',
          '      - path: /\n        pathType: Prefix\n        backend: {serviceName: web, servicePort: 80}',
        ),
      ),
    ).toBe(
      'Ingress.networking.k8s.io "web" is invalid: spec.rules[0].http.paths[0].backend: Invalid value: "": resource or service backend is required',
    );
  });

  it('checks Prefix and Exact paths are absolute and clean', () => {
    const c = new SimCluster();
    expect(
      refusal(
        c,
        ingress(
          'web',
          '      - path: app\n        pathType: Exact\n        backend: {service: {name: web, port: {number: 80}}}',
        ),
      ),
    ).toBe(
      'Ingress.networking.k8s.io "web" is invalid: spec.rules[0].http.paths[0].path: Invalid value: "app": must be an absolute path',
    );
    expect(
      refusal(
        c,
        ingress(
          'web',
          '      - path: /a//b\n        pathType: Prefix\n        backend: {service: {name: web, port: {number: 80}}}',
        ),
      ),
    ).toBe(
      `Ingress.networking.k8s.io "web" is invalid: spec.rules[0].http.paths[0].path: Invalid value: "/a//b": must not contain '//'`,
    );
    expect(
      refusal(
        c,
        ingress(
          'web',
          '      - path: /\n        pathType: Regex\n        backend: {service: {name: web, port: {number: 80}}}',
        ),
      ),
    ).toBe(
      'Ingress.networking.k8s.io "web" is invalid: spec.rules[0].http.paths[0].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"',
    );
  });

  it('refuses an IP address as a host, and an Ingress with neither rules nor a default backend', () => {
    const c = new SimCluster();
    expect(
      refusal(
        c,
        `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: ip}
spec:
  rules:
  - host: 10.0.0.1
    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}`,
      ),
    ).toBe(
      'Ingress.networking.k8s.io "ip" is invalid: spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address',
    );
    expect(
      refusal(
        c,
        'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: empty}\nspec: {}',
      ),
    ).toBe(
      'Ingress.networking.k8s.io "empty" is invalid: spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified',
    );
  });

  it('accepts every v1 Ingress of the documentation, without an address when no controller runs', () => {
    const c = new SimCluster();
    for (const f of [
      'minimal-ingress',
      'ingress-resource-backend',
      'ingress-wildcard-host',
      'name-virtual-host-ingress',
      'name-virtual-host-ingress-no-third-host',
      'simple-fanout-example',
      'test-ingress',
      'tls-example-ingress',
    ])
      c.apply(corpus(`service/networking/${f}.yaml`));
    c.advance(5 * 60_000);
    const all = c.list('ingresses', 'default');
    expect(all).toHaveLength(8);
    for (const ing of all) expect(ing.status).toEqual({ loadBalancer: {} });
    // No IngressClass is marked default, so ingressClassName stays as written.
    expect(c.get('ing', 'default', 'test-ingress').spec.ingressClassName).toBeUndefined();
    expect(c.get('ing', 'default', 'minimal-ingress').spec.ingressClassName).toBe('nginx-example');
  });

  it('warns that the kubernetes.io/ingress.class annotation is deprecated, and wants it to match the field', () => {
    const c = new SimCluster();
    const r = c.sim.core.create(
      c.state,
      c.type('ing'),
      'default',
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'old-style', annotations: { 'kubernetes.io/ingress.class': 'nginx' } },
        spec: { defaultBackend: { service: { name: 'web', port: { number: 80 } } } },
      },
      c.requestOptions(),
    );
    expect(r.warnings).toEqual([
      `annotation "kubernetes.io/ingress.class" is deprecated, please use 'spec.ingressClassName' instead`,
    ]);
    expect(
      refusal(
        c,
        `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: both, annotations: {kubernetes.io/ingress.class: nginx}}
spec: {ingressClassName: traefik, defaultBackend: {service: {name: web, port: {number: 80}}}}`,
      ),
    ).toBe(
      'Ingress.networking.k8s.io "both" is invalid: annotations.kubernetes.io/ingress.class: Invalid value: "nginx": must match `ingressClassName` when both are specified',
    );
  });
});

describe('DefaultIngressClass admission', () => {
  it('gives an Ingress without a class the IngressClass marked is-default-class', () => {
    const c = new SimCluster();
    c.apply(corpus('service/networking/default-ingressclass.yaml'));
    c.apply(corpus('service/networking/test-ingress.yaml'));
    c.apply(corpus('service/networking/minimal-ingress.yaml'));
    expect(c.get('ing', 'default', 'test-ingress').spec.ingressClassName).toBe('example-class');
    // A class named on the Ingress stays.
    expect(c.get('ing', 'default', 'minimal-ingress').spec.ingressClassName).toBe('nginx-example');
  });

  it('chooses the newest default class, and leaves Ingresses using the old annotation alone', () => {
    const c = new SimCluster();
    c.apply(corpus('service/networking/default-ingressclass.yaml'));
    c.advance(1000);
    c.apply(`apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: newer, annotations: {ingressclass.kubernetes.io/is-default-class: "true"}}
spec: {controller: example.com/newer}`);
    c.apply(corpus('service/networking/test-ingress.yaml'));
    expect(c.get('ing', 'default', 'test-ingress').spec.ingressClassName).toBe('newer');
    c.apply(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: annotated, annotations: {kubernetes.io/ingress.class: nginx}}
spec: {defaultBackend: {service: {name: web, port: {number: 80}}}}`);
    expect(c.get('ing', 'default', 'annotated').spec.ingressClassName).toBeUndefined();
  });
});

describe('IngressClass', () => {
  it('defaults a parameters reference to the Cluster scope', () => {
    const c = new SimCluster();
    c.apply(corpus('service/networking/external-lb.yaml'));
    expect(c.get('ingressclass', '', 'external-lb').spec.parameters).toEqual({
      apiGroup: 'k8s.example.com',
      kind: 'IngressParameters',
      name: 'external-lb',
      scope: 'Cluster',
    });
  });

  it('accepts namespaced parameters and refuses a controller that is not a domain-prefixed path', () => {
    const c = new SimCluster();
    c.apply(corpus('service/networking/namespaced-params.yaml'));
    expect(c.get('ingressclass', '', 'external-lb').spec.parameters.namespace).toBe(
      'external-configuration',
    );
    expect(
      refusal(
        c,
        'apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: bad}\nspec: {controller: nginx}',
      ),
    ).toBe(
      'IngressClass.networking.k8s.io "bad" is invalid: spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as "acme.io/foo")',
    );
    expect(
      refusal(
        c,
        'apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: none}\nspec: {}',
      ),
    ).toBe('IngressClass.networking.k8s.io "none" is invalid: spec.controller: Required value');
  });

  it('keeps spec.controller immutable', () => {
    const c = new SimCluster();
    c.apply(corpus('service/networking/external-lb.yaml'));
    expect(() =>
      c.patch('ingressclass', '', 'external-lb', { spec: { controller: 'example.com/other' } }),
    ).toThrow(
      'IngressClass.networking.k8s.io "external-lb" is invalid: spec.controller: Invalid value: "example.com/other": field is immutable',
    );
  });
});

describe('NetworkPolicy', () => {
  it('stores the default-deny-ingress policy with an empty pod selector and the Ingress type, and no status', () => {
    const c = new SimCluster();
    c.apply(corpus('service/networking/network-policy-default-deny-ingress.yaml'));
    const np = c.get('netpol', 'default', 'default-deny-ingress');
    expect(np.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    expect(np.status).toBeUndefined();
    expect(np.metadata.generation).toBe(1);
  });

  it('defaults policyTypes from the rules present and ports to TCP', () => {
    const c = new SimCluster();
    c.apply(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: both}
spec:
  podSelector: {matchLabels: {app: db}}
  egress:
  - ports: [{port: 53, protocol: UDP}, {port: 5432}]`);
    const np = c.get('netpol', 'default', 'both');
    expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(np.spec.egress[0].ports).toEqual([
      { port: 53, protocol: 'UDP' },
      { port: 5432, protocol: 'TCP' },
    ]);
  });

  it('accepts every NetworkPolicy of the documentation', () => {
    const c = new SimCluster();
    for (const f of [
      'network-policy-allow-all-egress-deny-all-ingress',
      'network-policy-allow-all-egress',
      'network-policy-allow-all-ingress',
      'network-policy-default-deny-all',
      'network-policy-default-deny-egress',
      'network-policy-default-deny-ingress',
      'networkpolicy-multiport-egress',
      'networkpolicy',
      'nginx-policy',
    ])
      c.apply(corpus(`service/networking/${f}.yaml`));
    expect(c.list('netpol', 'default')).toHaveLength(9);
    expect(c.get('netpol', 'default', 'default-deny-all').spec.policyTypes).toEqual([
      'Ingress',
      'Egress',
    ]);
  });

  it('refuses a bad port range, an empty peer and a bad CIDR with the real messages', () => {
    const c = new SimCluster();
    expect(
      refusal(
        c,
        `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: bad}
spec:
  podSelector: {}
  egress:
  - to: [{}]
    ports: [{port: 32000, endPort: 30000}]`,
      ),
    ).toBe(
      'NetworkPolicy.networking.k8s.io "bad" is invalid: [spec.egress[0].ports[0].endPort: Invalid value: 30000: must be greater than or equal to `port`, spec.egress[0].to[0]: Required value: must specify a peer]',
    );
    expect(
      refusal(
        c,
        `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: cidr}
spec:
  podSelector: {}
  ingress: [{from: [{ipBlock: {cidr: 172.17.0.0/16, except: [10.0.0.0/24]}}]}]`,
      ),
    ).toBe(
      'NetworkPolicy.networking.k8s.io "cidr" is invalid: spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "10.0.0.0/24": must be a strict subset of `cidr`',
    );
  });
});
