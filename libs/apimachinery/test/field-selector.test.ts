// Parsing cases are taken from k8s.io/apimachinery/pkg/fields/selector_test.go (v0.32); the
// per-kind tables from kubernetes/kubernetes pkg/apis/*/v1/conversion.go and pkg/registry/**/strategy.go.
import {
  FieldSelectorError,
  andFieldSelectors,
  convertFieldLabel,
  convertFieldSelector,
  escapeValue,
  everythingFieldSelector,
  fieldSelectorFromSet,
  fieldsForObject,
  fieldsToString,
  nothingFieldSelector,
  oneTermEqualSelector,
  oneTermNotEqualSelector,
  parseAndTransformFieldSelector,
  parseFieldSelector,
  supportedFieldLabels,
  unescapeValue,
  validateFieldSelector,
} from '../src/fields/selector';

const errorOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
};

const KNOWN_ONLY = (label: string) =>
  `"${label}" is not a known field selector: only "metadata.name", "metadata.namespace"`;

describe('parsing a field selector', () => {
  it.each([['x=a,y=b,z=c'], [''], ['x!=a,y=b'], ['x=a||y\\=b'], ['x=a\\=\\=b']])(
    'accepts %j and prints it back unchanged',
    (input) => {
      expect(parseFieldSelector(input).toString()).toBe(input);
    },
  );

  it.each([
    ['metadata.name==web', 'metadata.name=web'],
    ['x=a,a=x', 'a=x,x=a'],
    ['a=b,,c=d', 'a=b,c=d'],
    [',a=b,', 'a=b'],
    [
      'status.phase!=Running,spec.restartPolicy=Always',
      'spec.restartPolicy=Always,status.phase!=Running',
    ],
    ['k=\\,,k2=v2', 'k2=v2,k=\\,'],
    ['metadata.name=', 'metadata.name='],
    ['함=수,목=록', '목=록,함=수'],
  ])('reads %j as %j (terms sorted)', (input, canonical) => {
    expect(parseFieldSelector(input).toString()).toBe(canonical);
  });

  it('exposes requirements, with == read as =', () => {
    expect(parseFieldSelector('b==2,a!=1,c=3').requirements()).toEqual([
      { operator: '!=', field: 'a', value: '1' },
      { operator: '=', field: 'b', value: '2' },
      { operator: '=', field: 'c', value: '3' },
    ]);
    expect(parseFieldSelector('').requirements()).toEqual([]);
  });

  it('splits at the first operator, so values may contain escaped operators', () => {
    expect(parseFieldSelector('k=\\=').requirements()).toEqual([
      { operator: '=', field: 'k', value: '=' },
    ]);
    expect(parseFieldSelector('k!=a\\,b').requirements()).toEqual([
      { operator: '!=', field: 'k', value: 'a,b' },
    ]);
    expect(parseFieldSelector('k=\\\\\\=\\,').requirements()).toEqual([
      { operator: '=', field: 'k', value: '\\=,' },
    ]);
    expect(parseFieldSelector('함=수').requirements()).toEqual([
      { operator: '=', field: '함', value: '수' },
    ]);
  });

  it.each([
    ['x=a||y=b', 'invalid field selector: unescaped character in value: 61'],
    ['x==a==b', 'invalid field selector: unescaped character in value: 61'],
    ['x=a,b', "invalid selector: 'x=a,b'; can't understand 'b'"],
    ['x in (a)', "invalid selector: 'x in (a)'; can't understand 'x in (a)'"],
    ['x in (a,b,c)', "invalid selector: 'x in (a,b,c)'; can't understand 'b'"],
    ['x', "invalid selector: 'x'; can't understand 'x'"],
    ['k=\\a', 'invalid field selector: invalid escape sequence: \\a'],
    ['k=\\', 'invalid field selector: invalid escape sequence: \\'],
    ['k=a=b', 'invalid field selector: unescaped character in value: 61'],
  ])('rejects %j with Kubernetes’ message', (input, message) => {
    expect(errorOf(() => parseFieldSelector(input))).toBe(message);
  });

  it('reports the sorted-first bad term', () => {
    expect(errorOf(() => parseFieldSelector('z,a'))).toBe(
      "invalid selector: 'z,a'; can't understand 'a'",
    );
  });

  it('throws FieldSelectorError', () => {
    expect(() => parseFieldSelector('x')).toThrow(FieldSelectorError);
  });
});

describe('escaping values', () => {
  it.each([
    ['', ''],
    ['a', 'a'],
    ['=', '\\='],
    [',', '\\,'],
    ['\\', '\\\\'],
    ['\\=\\,\\', '\\\\\\=\\\\\\,\\\\'],
  ])('escapes %j as %j and back', (raw, escaped) => {
    expect(escapeValue(raw)).toBe(escaped);
    expect(unescapeValue(escaped)).toBe(raw);
  });

  it.each([
    ['\\', '\\'],
    ['\\\\\\', '\\'],
    ['\\a', '\\a'],
    ['\\ä', '\\ä'],
  ])('refuses the escape sequence in %j', (value, sequence) => {
    expect(errorOf(() => unescapeValue(value))).toBe(
      `invalid field selector: invalid escape sequence: ${sequence}`,
    );
  });

  it('prints an unescaped comma or equals sign as its code point, as Go does', () => {
    expect(errorOf(() => unescapeValue('a,b'))).toBe(
      'invalid field selector: unescaped character in value: 44',
    );
    expect(errorOf(() => unescapeValue('a=b'))).toBe(
      'invalid field selector: unescaped character in value: 61',
    );
  });

  it('escapes values when printing a selector', () => {
    expect(oneTermEqualSelector('metadata.name', 'a,b=c').toString()).toBe(
      'metadata.name=a\\,b\\=c',
    );
    expect(oneTermNotEqualSelector('x', '\\').toString()).toBe('x!=\\\\');
  });
});

describe('matching fields', () => {
  const fieldset = { foo: 'bar', baz: 'blah', complex: '=value\\,\\' };

  it.each([
    ['', { x: 'y' }, true],
    ['x=y', { x: 'y' }, true],
    ['x=y,z=w', { x: 'y', z: 'w' }, true],
    ['x!=y,z!=w', { x: 'z', z: 'a' }, true],
    ['notin=in', { notin: 'in' }, true],
    ['x=y', { x: 'z' }, false],
    ['x=y,z=w', { x: 'w', z: 'w' }, false],
    ['x!=y,z!=w', { x: 'z', z: 'w' }, false],
    ['foo=bar', fieldset, true],
    ['baz=blah', fieldset, true],
    ['foo=bar,baz=blah', fieldset, true],
    ['foo=bar,baz=blah,complex=\\=value\\\\\\,\\\\', fieldset, true],
    ['foo=blah', fieldset, false],
    ['baz=bar', fieldset, false],
    ['foo=bar,foobar=bar,baz=blah', fieldset, false],
    ['missing=', {}, true],
    ['missing!=', {}, false],
    ['missing!=x', {}, true],
    ['constructor=', {}, true],
  ])('%j against %j is %s', (selector, fields, expected) => {
    expect(parseFieldSelector(selector).matches(fields)).toBe(expected);
  });

  it('matches through a getter, reading undefined as an empty field', () => {
    const pod = new Map([
      ['metadata.name', 'web-0'],
      ['status.phase', 'Running'],
    ]);
    const get = (p: string) => pod.get(p);
    expect(parseFieldSelector('metadata.name=web-0,status.phase=Running').matches(get)).toBe(true);
    expect(parseFieldSelector('status.phase!=Running').matches(get)).toBe(false);
    expect(parseFieldSelector('spec.nodeName=').matches(get)).toBe(true);
  });

  it('distinguishes everything from nothing', () => {
    expect(everythingFieldSelector().matches({ x: 'y' })).toBe(true);
    expect(everythingFieldSelector().empty()).toBe(true);
    expect(nothingFieldSelector().matches({ x: 'y' })).toBe(false);
    expect(nothingFieldSelector().empty()).toBe(false);
    expect(parseFieldSelector('').empty()).toBe(true);
    expect(parseFieldSelector('a=b').empty()).toBe(false);
    expect(andFieldSelectors(andFieldSelectors()).empty()).toBe(true);
    expect(andFieldSelectors(oneTermEqualSelector('a', 'b')).empty()).toBe(false);
  });

  it.each([
    [fieldSelectorFromSet({}), 'test', undefined],
    [oneTermEqualSelector('a', 'b'), 'test', undefined],
    [oneTermEqualSelector('test', 'b'), 'test', 'b'],
    [oneTermEqualSelector('test', ''), 'test', ''],
    [oneTermNotEqualSelector('test', 'b'), 'test', undefined],
    [andFieldSelectors(), 'test', undefined],
    [andFieldSelectors(andFieldSelectors()), 'test', undefined],
    [andFieldSelectors(oneTermEqualSelector('test', 'b')), 'test', 'b'],
    [
      andFieldSelectors(oneTermEqualSelector('', ''), oneTermEqualSelector('test', 'b')),
      'test',
      'b',
    ],
  ])('knows which value a selector pins a field to (case %#)', (selector, field, value) => {
    expect(selector.requiresExactMatch(field)).toBe(value);
  });

  it('builds a selector from a field map', () => {
    const labelset = { foo: 'bar', baz: 'blah' };
    expect(fieldSelectorFromSet({}).matches(labelset)).toBe(true);
    expect(fieldSelectorFromSet(null).empty()).toBe(true);
    expect(fieldSelectorFromSet({ foo: 'bar' }).matches(labelset)).toBe(true);
    expect(fieldSelectorFromSet({ foo: 'bar', baz: 'blah' }).matches(labelset)).toBe(true);
    expect(fieldSelectorFromSet({ foo: '=blah' }).matches(labelset)).toBe(false);
    expect(
      fieldSelectorFromSet({ foo: '=bar', foobar: 'bar', baz: 'blah' }).matches(labelset),
    ).toBe(false);
    expect(fieldSelectorFromSet({ b: '2', a: '1' }).toString()).toBe('a=1,b=2');
    expect(fieldsToString({ b: '2', a: '1' })).toBe('a=1,b=2');
  });
});

describe('transforming a selector', () => {
  it('rewrites terms and drops those rewritten to nothing', () => {
    const t = (field: string, value: string): [string, string] =>
      field === 'a' ? ['e', 'f'] : field === 'c' ? ['', ''] : [field, value];
    expect(parseAndTransformFieldSelector('a=b,c=d,g!=h', t).toString()).toBe('e=f,g!=h');
    expect(parseAndTransformFieldSelector('c=d', t).empty()).toBe(true);
    expect(parseAndTransformFieldSelector('', t).toString()).toBe('');
  });
});

describe('what the API server lets each kind select on', () => {
  it.each([
    ['Pod', 'metadata.name=web', null],
    ['Pod', 'metadata.namespace=default', null],
    ['Pod', 'spec.nodeName=node-1', null],
    ['Pod', 'spec.restartPolicy=Always', null],
    ['Pod', 'spec.schedulerName=default-scheduler', null],
    ['Pod', 'spec.serviceAccountName=default', null],
    ['Pod', 'spec.hostNetwork=true', null],
    ['Pod', 'status.phase!=Running,spec.restartPolicy=Always', null],
    ['Pod', 'status.podIP=10.0.0.1', null],
    ['Pod', 'status.podIPs=10.0.0.1', null],
    ['Pod', 'status.nominatedNodeName=n', null],
    ['Pod', 'spec.host=node-1', null],
    ['Pod', 'spec.containers=x', 'field label not supported: spec.containers'],
    ['Pod', 'metadata.labels=x', 'field label not supported: metadata.labels'],
    ['Node', 'spec.unschedulable=true', null],
    ['Node', 'metadata.name=n1', null],
    ['Node', 'metadata.namespace=x', 'field label not supported: metadata.namespace'],
    ['Namespace', 'status.phase=Active', null],
    ['Namespace', 'name=x', 'field label not supported: name'],
    ['Secret', 'type=kubernetes.io/tls', null],
    ['Secret', 'data=x', 'field label not supported: data'],
    ['Service', 'spec.clusterIP=None', null],
    ['Service', 'spec.type=NodePort', null],
    ['Service', 'spec.ports=80', 'field label not supported: spec.ports'],
    ['ReplicationController', 'status.replicas=0', null],
    ['Event', 'involvedObject.kind=Pod,involvedObject.name=web,reason=Scheduled', null],
    [
      'Event',
      'involvedObject.uid=1,involvedObject.apiVersion=v1,involvedObject.resourceVersion=2,involvedObject.fieldPath=x',
      null,
    ],
    [
      'Event',
      'involvedObject.namespace=d,reportingComponent=kubelet,source=kubelet,type=Warning',
      null,
    ],
    ['Event', 'message=x', 'field label not supported: message'],
    ['Job', 'status.successful=1', null],
    ['Job', 'status.failed=1', 'field label "status.failed" not supported for batchv1.Job'],
    ['CertificateSigningRequest', 'spec.signerName=kubernetes.io/kubelet-serving', null],
    [
      'CertificateSigningRequest',
      'metadata.namespace=x',
      'field label not supported: metadata.namespace',
    ],
    ['ReplicaSet', 'status.replicas=0', KNOWN_ONLY('status.replicas')],
    ['ConfigMap', 'metadata.name=x,metadata.namespace=y', null],
    ['ConfigMap', 'data.key=x', KNOWN_ONLY('data.key')],
    ['Deployment', 'spec.replicas=3', KNOWN_ONLY('spec.replicas')],
    ['Ingress', 'foo.bar=baz', KNOWN_ONLY('foo.bar')],
    ['Pod', 'x=1,=2', 'field label not supported: '],
    ['Pod', 'metadata.name', "invalid selector: 'metadata.name'; can't understand 'metadata.name'"],
    ['Pod', '', null],
  ])('%s with %j → %j', (kind, selector, expected) => {
    expect(validateFieldSelector(kind, selector)).toBe(expected);
  });

  it('reports the first failing term in sorted order', () => {
    expect(validateFieldSelector('Pod', 'z.z=1,a.a=1')).toBe('field label not supported: a.a');
  });

  it('quotes odd labels like Go’s %q', () => {
    expect(validateFieldSelector('ConfigMap', 'a"b=1')).toBe(KNOWN_ONLY('a\\"b'));
  });

  it('uses the group to tell same-named kinds apart', () => {
    expect(validateFieldSelector('Event', 'reason=x', 'events.k8s.io/v1')).toBe(
      KNOWN_ONLY('reason'),
    );
    expect(validateFieldSelector('Event', 'reason=x', 'v1')).toBeNull();
    expect(validateFieldSelector('Event', 'reason=x', '')).toBeNull();
    expect(validateFieldSelector('Job', 'status.successful=1', 'batch')).toBeNull();
    expect(validateFieldSelector('Pod', 'spec.nodeName=x', 'example.com/v1')).toBe(
      KNOWN_ONLY('spec.nodeName'),
    );
  });

  it('rewrites the legacy spec.host label of pods to spec.nodeName', () => {
    expect(convertFieldSelector('Pod', 'spec.host=node-1').toString()).toBe('spec.nodeName=node-1');
    expect(convertFieldLabel('Pod', 'spec.host', 'n', 'v1')).toEqual(['spec.nodeName', 'n']);
  });

  it('lists the selectable labels of a kind', () => {
    expect(supportedFieldLabels('Secret')).toEqual(['type', 'metadata.namespace', 'metadata.name']);
    expect(supportedFieldLabels('ConfigMap')).toEqual(['metadata.name', 'metadata.namespace']);
    expect(supportedFieldLabels('Node')).toEqual(['metadata.name', 'spec.unschedulable']);
    expect(supportedFieldLabels('Pod')).toContain('status.podIPs');
  });
});

describe('the fields of an object', () => {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-0', namespace: 'shop' },
    spec: {
      nodeName: 'node-1',
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      serviceAccountName: 'web',
      hostNetwork: true,
    },
    status: {
      phase: 'Running',
      podIP: '10.0.0.9',
      podIPs: [{ ip: '10.0.0.9' }, { ip: 'fd00::9' }],
      nominatedNodeName: 'node-2',
    },
  };

  it('gives a pod exactly the fields its registry exposes', () => {
    expect(fieldsForObject('Pod', pod)).toEqual({
      'metadata.name': 'web-0',
      'metadata.namespace': 'shop',
      'spec.nodeName': 'node-1',
      'spec.restartPolicy': 'Always',
      'spec.schedulerName': 'default-scheduler',
      'spec.serviceAccountName': 'web',
      'spec.hostNetwork': 'true',
      'status.phase': 'Running',
      'status.podIP': '10.0.0.9',
      'status.nominatedNodeName': 'node-2',
    });
  });

  it('fills absent pod fields as Kubernetes does', () => {
    const f = fieldsForObject('Pod', {
      metadata: { name: 'p' },
      spec: { serviceAccount: 'legacy' },
      status: { podIP: '10.1.1.1' },
    });
    expect(f['spec.hostNetwork']).toBe('false');
    expect(f['spec.nodeName']).toBe('');
    expect(f['metadata.namespace']).toBe('');
    expect(f['spec.serviceAccountName']).toBe('legacy');
    expect(f['status.podIP']).toBe('10.1.1.1');
  });

  it('selects pods the way kubectl get pods --field-selector does', () => {
    const other = {
      ...pod,
      metadata: { name: 'db-0', namespace: 'shop' },
      spec: { nodeName: 'node-2' },
      status: { phase: 'Pending' },
    };
    const pick = (sel: string) =>
      [pod, other]
        .filter((p) => convertFieldSelector('Pod', sel).matches(fieldsForObject('Pod', p)))
        .map((p) => p.metadata.name);
    expect(pick('status.phase=Running')).toEqual(['web-0']);
    expect(pick('status.phase!=Running')).toEqual(['db-0']);
    expect(pick('spec.nodeName=node-2')).toEqual(['db-0']);
    expect(pick('spec.host=node-1')).toEqual(['web-0']);
    expect(pick('metadata.namespace=shop,spec.hostNetwork=false')).toEqual(['db-0']);
    // status.podIPs is accepted but never filled in upstream, so it only matches "".
    expect(pick('status.podIPs=10.0.0.9')).toEqual([]);
    expect(pick('status.podIPs=')).toEqual(['web-0', 'db-0']);
  });

  it('gives events their involved object, reason, source and type', () => {
    const ev = {
      apiVersion: 'v1',
      metadata: { name: 'web-0.17', namespace: 'shop' },
      involvedObject: {
        kind: 'Pod',
        namespace: 'shop',
        name: 'web-0',
        uid: 'u1',
        apiVersion: 'v1',
        resourceVersion: '42',
        fieldPath: 'spec.containers{web}',
      },
      reason: 'BackOff',
      type: 'Warning',
      reportingComponent: 'kubelet',
    };
    expect(fieldsForObject('Event', ev)).toEqual({
      'metadata.name': 'web-0.17',
      'metadata.namespace': 'shop',
      'involvedObject.kind': 'Pod',
      'involvedObject.namespace': 'shop',
      'involvedObject.name': 'web-0',
      'involvedObject.uid': 'u1',
      'involvedObject.apiVersion': 'v1',
      'involvedObject.resourceVersion': '42',
      'involvedObject.fieldPath': 'spec.containers{web}',
      reason: 'BackOff',
      reportingComponent: 'kubelet',
      source: 'kubelet', // source.component is empty, so the reporting controller stands in
      type: 'Warning',
    });
    expect(
      fieldsForObject('Event', { ...ev, source: { component: 'default-scheduler' } }).source,
    ).toBe('default-scheduler');
  });

  it.each([
    [
      'Node',
      { metadata: { name: 'n1' }, spec: { unschedulable: true } },
      { 'metadata.name': 'n1', 'spec.unschedulable': 'true' },
    ],
    [
      'Node',
      { metadata: { name: 'n1' } },
      { 'metadata.name': 'n1', 'spec.unschedulable': 'false' },
    ],
    [
      'Namespace',
      { metadata: { name: 'dev' }, status: { phase: 'Terminating' } },
      { 'metadata.name': 'dev', 'status.phase': 'Terminating', name: 'dev' },
    ],
    [
      'Secret',
      { metadata: { name: 's', namespace: 'd' }, type: 'Opaque' },
      { 'metadata.name': 's', 'metadata.namespace': 'd', type: 'Opaque' },
    ],
    [
      'Service',
      { metadata: { name: 's', namespace: 'd' }, spec: { clusterIP: 'None', type: 'ClusterIP' } },
      {
        'metadata.name': 's',
        'metadata.namespace': 'd',
        'spec.clusterIP': 'None',
        'spec.type': 'ClusterIP',
      },
    ],
    [
      'ReplicationController',
      { metadata: { name: 'r', namespace: 'd' }, status: { replicas: 3 } },
      { 'metadata.name': 'r', 'metadata.namespace': 'd', 'status.replicas': '3' },
    ],
    [
      'ReplicaSet',
      { apiVersion: 'apps/v1', metadata: { name: 'r', namespace: 'd' } },
      { 'metadata.name': 'r', 'metadata.namespace': 'd', 'status.replicas': '0' },
    ],
    [
      'Job',
      { apiVersion: 'batch/v1', metadata: { name: 'j', namespace: 'd' }, status: { succeeded: 2 } },
      { 'metadata.name': 'j', 'metadata.namespace': 'd', 'status.successful': '2' },
    ],
    [
      'CertificateSigningRequest',
      { metadata: { name: 'c' }, spec: { signerName: 'kubernetes.io/kube-apiserver-client' } },
      { 'metadata.name': 'c', 'spec.signerName': 'kubernetes.io/kube-apiserver-client' },
    ],
    [
      'ConfigMap',
      { metadata: { name: 'c', namespace: 'd' }, data: { a: 'b' } },
      { 'metadata.name': 'c', 'metadata.namespace': 'd' },
    ],
    ['ClusterRole', { metadata: { name: 'admin' } }, { 'metadata.name': 'admin' }],
    ['PersistentVolume', { metadata: { name: 'pv1' } }, { 'metadata.name': 'pv1' }],
  ])('gives a %s the fields %#', (kind, obj, fields) => {
    expect(fieldsForObject(kind, obj)).toEqual(fields);
  });

  it('lets the caller say whether an unknown kind is namespaced', () => {
    expect(fieldsForObject('Widget', { metadata: { name: 'w' } }, { namespaced: false })).toEqual({
      'metadata.name': 'w',
    });
    expect(fieldsForObject('Widget', { metadata: { name: 'w', namespace: 'n' } })).toEqual({
      'metadata.name': 'w',
      'metadata.namespace': 'n',
    });
  });

  it('tolerates a missing object', () => {
    expect(fieldsForObject('ConfigMap', undefined)).toEqual({
      'metadata.name': '',
      'metadata.namespace': '',
    });
  });
});
