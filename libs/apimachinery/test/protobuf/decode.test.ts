// decodeKubeProtobuf on bodies recorded from the real kubectl 1.32 (compared with what kubectl
// 1.31 sent as JSON) and on hand-built bodies for the Go encoding rules those do not exercise.
import {
  decodeKubeProtobuf,
  isKubeProtobuf,
  isKubeProtobufKindSupported,
  KubeProtobufError,
} from '../../src/protobuf';
import {
  APPS,
  bytes,
  cat,
  CORE,
  entry,
  envelope,
  META,
  msg,
  no,
  packed,
  str,
  varint,
} from './encode';
import fixtures from './fixtures/kubectl-bodies.json';

const fromBase64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));

describe('protobuf decoding of recorded kubectl 1.32 bodies', () => {
  it('has recordings', () => {
    expect(fixtures.bodies.length).toBeGreaterThanOrEqual(30);
  });

  it.each(fixtures.bodies.map((b) => [b.command, b] as const))('%s', (_command, b) => {
    const body = fromBase64(b.protobuf);
    expect(isKubeProtobuf(body)).toBe(true);
    const decoded = decodeKubeProtobuf(body);
    const sent = b.json as Record<string, unknown>;
    expect(decoded.apiVersion).toBe(sent.apiVersion);
    expect(decoded.kind).toBe(sent.kind);
    expect(decoded.object).toStrictEqual(sent);
    expect(JSON.stringify(decoded.object)).toBe(JSON.stringify(sent));
  });
});

const deployment = (...spec: Uint8Array[]) =>
  envelope('apps/v1', 'Deployment', cat(msg(1, str(1, 'web')), msg(2, ...spec)));

const DS = `${APPS}DeploymentSpec`;
const OM = `${META}ObjectMeta`;

describe('protobuf decoding follows Go encoding/json on the decoded struct', () => {
  it('writes the zero value of every non-pointer struct, and null for nil non-omitempty fields', () => {
    const { object } = decodeKubeProtobuf(envelope('apps/v1', 'Deployment', new Uint8Array(0)));
    expect(JSON.stringify(object)).toBe(
      JSON.stringify({
        kind: 'Deployment',
        apiVersion: 'apps/v1',
        metadata: { creationTimestamp: null },
        spec: {
          selector: null,
          template: { metadata: { creationTimestamp: null }, spec: { containers: null } },
          strategy: {},
        },
        status: {},
      }),
    );
  });

  it('keeps zero pointers, drops zero omitempty scalars, keeps zero plain scalars', () => {
    const spec = decodeKubeProtobuf(
      deployment(
        varint(no(DS, 'replicas'), 0),
        varint(no(DS, 'minReadySeconds'), 0),
        varint(no(DS, 'paused'), false),
        varint(no(DS, 'progressDeadlineSeconds'), 0),
      ),
    ).object.spec as Record<string, unknown>;
    expect(spec.replicas).toBe(0);
    expect(spec.progressDeadlineSeconds).toBe(0);
    expect('minReadySeconds' in spec).toBe(false);
    expect('paused' in spec).toBe(false);
    expect('revisionHistoryLimit' in spec).toBe(false);

    // ContainerPort.containerPort has no omitempty: Go writes 0.
    const port = decodeKubeProtobuf(
      envelope(
        'v1',
        'Pod',
        msg(
          no(`${CORE}Pod`, 'spec'),
          msg(
            no(`${CORE}PodSpec`, 'containers'),
            str(1, 'c'),
            msg(no(`${CORE}Container`, 'ports'), str(no(`${CORE}ContainerPort`, 'name'), 'http')),
          ),
        ),
      ),
    ).object as { spec: { containers: Array<{ ports: unknown[] }> } };
    expect(port.spec.containers[0]!.ports).toEqual([{ name: 'http', containerPort: 0 }]);
  });

  it('converts Time (seconds only; empty is null) and MicroTime (6 decimals)', () => {
    const meta = decodeKubeProtobuf(
      envelope(
        'v1',
        'ConfigMap',
        msg(
          1,
          msg(no(OM, 'creationTimestamp'), varint(1, 1_700_000_000), varint(2, 999_999_999)),
          msg(no(OM, 'deletionTimestamp')),
          varint(no(OM, 'deletionGracePeriodSeconds'), 0),
        ),
      ),
    ).object.metadata;
    expect(meta).toEqual({
      creationTimestamp: '2023-11-14T22:13:20Z',
      deletionTimestamp: null,
      deletionGracePeriodSeconds: 0,
    });

    const LS = 'k8s.io.api.coordination.v1.LeaseSpec';
    const lease = decodeKubeProtobuf(
      envelope(
        'coordination.k8s.io/v1',
        'Lease',
        msg(
          2,
          msg(no(LS, 'acquireTime'), varint(1, 1_700_000_000), varint(2, 123_456_789)),
          msg(no(LS, 'renewTime'), varint(1, 0), varint(2, 1_000)),
          varint(no(LS, 'leaseDurationSeconds'), 0),
        ),
      ),
    ).object.spec;
    expect(lease).toEqual({
      acquireTime: '2023-11-14T22:13:20.123456Z',
      renewTime: '1970-01-01T00:00:00.000001Z',
      leaseDurationSeconds: 0,
    });
  });

  it('converts IntOrString, Quantity, bytes and sorts map keys', () => {
    const SP = `${CORE}ServicePort`;
    const svc = decodeKubeProtobuf(
      envelope(
        'v1',
        'Service',
        msg(
          2,
          msg(
            1,
            varint(no(SP, 'port'), 80),
            msg(no(SP, 'targetPort'), varint(1, 1), str(3, 'http')),
          ),
          msg(1, varint(no(SP, 'port'), 81), msg(no(SP, 'targetPort'), varint(2, 8081))),
          msg(1, varint(no(SP, 'port'), 82)),
        ),
      ),
    ).object as { spec: { ports: unknown[] } };
    expect(svc.spec.ports).toEqual([
      { port: 80, targetPort: 'http' },
      { port: 81, targetPort: 8081 },
      { port: 82, targetPort: 0 }, // a non-pointer struct: written even with omitempty
    ]);

    const RQS = `${CORE}ResourceQuotaSpec`;
    const quota = decodeKubeProtobuf(
      envelope(
        'v1',
        'ResourceQuota',
        msg(
          2,
          entry(no(RQS, 'hard'), 'pods', msg(2, str(1, '10'))),
          entry(no(RQS, 'hard'), 'cpu', msg(2, str(1, '500m'))),
          entry(no(RQS, 'hard'), 'memory'),
        ),
      ),
    ).object as { spec: { hard: Record<string, string> } };
    expect(JSON.stringify(quota.spec.hard)).toBe('{"cpu":"500m","memory":"0","pods":"10"}');

    const secret = decodeKubeProtobuf(
      envelope(
        'v1',
        'Secret',
        cat(
          entry(no(`${CORE}Secret`, 'data'), 'bin', bytes(2, Uint8Array.from([0, 255, 1, 2]))),
          entry(no(`${CORE}Secret`, 'data'), 'empty'),
        ),
      ),
    ).object;
    expect(secret.data).toEqual({ bin: 'AP8BAg==', empty: null });
  });

  it('reads int64 and int32 negatives, packed and unpacked repeated scalars', () => {
    const PSC = `${CORE}PodSecurityContext`;
    const pod = decodeKubeProtobuf(
      envelope(
        'v1',
        'Pod',
        cat(
          msg(1, varint(no(OM, 'generation'), -5n)),
          msg(
            2,
            msg(
              no(`${CORE}PodSpec`, 'securityContext'),
              packed(no(PSC, 'supplementalGroups'), [1, 2]),
              varint(no(PSC, 'supplementalGroups'), 3),
              varint(no(PSC, 'runAsUser'), 0),
            ),
          ),
        ),
      ),
    ).object as { metadata: unknown; spec: { securityContext: unknown } };
    expect(pod.metadata).toEqual({ generation: -5, creationTimestamp: null });
    expect(pod.spec.securityContext).toEqual({ runAsUser: 0, supplementalGroups: [1, 2, 3] });

    const pc = decodeKubeProtobuf(
      envelope('scheduling.k8s.io/v1', 'PriorityClass', varint(2, -1)),
    ).object;
    expect(pc.value).toBe(-1);
  });

  it('inlines embedded structs (Volume → VolumeSource → LocalObjectReference)', () => {
    const VS = `${CORE}VolumeSource`;
    const pod = decodeKubeProtobuf(
      envelope(
        'v1',
        'Pod',
        msg(
          2,
          msg(
            no(`${CORE}PodSpec`, 'volumes'),
            str(no(`${CORE}Volume`, 'name'), 'cfg'),
            msg(
              no(`${CORE}Volume`, 'VolumeSource'),
              msg(no(VS, 'configMap'), msg(1, str(1, 'app-config')), varint(3, 0o644)),
            ),
          ),
        ),
      ),
    ).object as { spec: { volumes: unknown[] } };
    expect(pod.spec.volumes).toEqual([
      { name: 'cfg', configMap: { name: 'app-config', defaultMode: 0o644 } },
    ]);
  });

  it('writes RawExtension/FieldsV1 as their JSON, and decodes an embedded protobuf object', () => {
    const inner = envelope('v1', 'ConfigMap', msg(1, str(1, 'inner')));
    const rev = (data: Uint8Array[]) =>
      decodeKubeProtobuf(envelope('apps/v1', 'ControllerRevision', cat(...data, varint(3, 2))))
        .object;
    expect(rev([msg(2, bytes(1, '{"spec":{"a":[1,2]}}'))]).data).toEqual({ spec: { a: [1, 2] } });
    expect(rev([msg(2, bytes(1, inner))]).data).toEqual({
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { name: 'inner', creationTimestamp: null },
    });
    expect(rev([]).data).toBeNull();

    const MFE = `${META}ManagedFieldsEntry`;
    const cm = decodeKubeProtobuf(
      envelope(
        'v1',
        'ConfigMap',
        msg(
          1,
          msg(
            no(OM, 'managedFields'),
            str(no(MFE, 'manager'), 'kubectl'),
            str(no(MFE, 'fieldsType'), 'FieldsV1'),
            msg(no(MFE, 'fieldsV1'), bytes(1, '{"f:data":{"f:a":{}}}')),
          ),
        ),
      ),
    ).object.metadata as { managedFields: unknown[] };
    expect(cm.managedFields).toEqual([
      { manager: 'kubectl', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:a': {} } } },
    ]);
  });

  it('writes +protobuf.nullable lists (ExtraValue) as arrays', () => {
    const UI = 'k8s.io.api.authentication.v1.UserInfo';
    const review = decodeKubeProtobuf(
      envelope(
        'authentication.k8s.io/v1',
        'SelfSubjectReview',
        msg(
          2,
          msg(
            1,
            str(no(UI, 'username'), 'ann'),
            entry(no(UI, 'extra'), 'scopes', msg(2, str(1, 'a'), str(1, 'b'))),
          ),
        ),
      ),
    ).object;
    expect(review.status).toEqual({ userInfo: { username: 'ann', extra: { scopes: ['a', 'b'] } } });
  });

  it('merges a repeated singular message, lets the last scalar win, skips unknown fields', () => {
    const { object } = decodeKubeProtobuf(
      envelope(
        'v1',
        'ConfigMap',
        cat(
          msg(1, str(1, 'first'), entry(no(OM, 'labels'), 'b', str(2, '2'))),
          varint(999, 7),
          msg(1, str(1, 'second'), entry(no(OM, 'labels'), 'a', str(2, '1'))),
        ),
      ),
    );
    expect(JSON.stringify(object.metadata)).toBe(
      '{"name":"second","creationTimestamp":null,"labels":{"a":"1","b":"2"}}',
    );
  });

  it('replaces invalid UTF-8 like Go does', () => {
    const { object } = decodeKubeProtobuf(
      envelope('v1', 'ConfigMap', msg(1, bytes(1, Uint8Array.from([0x61, 0xff, 0x62])))),
    );
    expect((object.metadata as { name: string }).name).toBe('a\uFFFDb');
  });
});

describe('protobuf decoding errors', () => {
  const fail = (body: Uint8Array) => {
    try {
      decodeKubeProtobuf(body);
    } catch (e) {
      expect(e).toBeInstanceOf(KubeProtobufError);
      return (e as Error).message;
    }
    throw new Error('decoded without error');
  };

  it('recognises the magic only', () => {
    expect(isKubeProtobuf(new TextEncoder().encode('{"kind":"Pod"}'))).toBe(false);
    expect(isKubeProtobuf(Uint8Array.from([0x6b, 0x38, 0x73]))).toBe(false);
    expect(fail(new TextEncoder().encode('{}'))).toMatch(/magic bytes/);
  });

  it('names unsupported kinds and missing type information', () => {
    expect(isKubeProtobufKindSupported('apps/v1', 'Deployment')).toBe(true);
    expect(isKubeProtobufKindSupported('example.com/v1', 'Widget')).toBe(false);
    expect(fail(envelope('example.com/v1', 'Widget', new Uint8Array(0)))).toBe(
      'protobuf bodies of Widget (example.com/v1) are not supported; send it as JSON',
    );
    expect(fail(envelope('', '', new Uint8Array(0)))).toMatch(/no apiVersion\/kind/);
    expect(fail(envelope('v1', 'Pod', new Uint8Array(0), { contentEncoding: 'gzip' }))).toMatch(
      /contentEncoding gzip/,
    );
    expect(
      fail(envelope('v1', 'Pod', new Uint8Array(0), { contentType: 'application/json' })),
    ).toMatch(/contentType application\/json/);
  });

  it('refuses truncated bodies', () => {
    const body = fromBase64(fixtures.bodies[0]!.protobuf);
    expect(fail(body.subarray(0, body.length - 1))).toMatch(/^malformed protobuf body/);
    expect(fail(body.subarray(0, 6))).toMatch(/^malformed protobuf body/);
  });

  it('says where a wrong wire type is', () => {
    const body = deployment(
      msg(
        no(DS, 'template'),
        msg(2, msg(no(`${CORE}PodSpec`, 'containers'), str(1, 'c'), varint(2, 5))),
      ),
    );
    expect(fail(body)).toBe(
      'malformed protobuf body: Deployment (apps/v1) .spec.template.spec.containers[0].image: ' +
        'wire type 0 where length-delimited was expected',
    );
  });

  it('refuses int64 values a JSON number cannot hold exactly', () => {
    expect(
      fail(envelope('v1', 'ConfigMap', msg(1, varint(no(OM, 'generation'), 2n ** 60n)))),
    ).toMatch(/\.metadata\.generation: int64 value 1152921504606846976 does not fit/);
  });

  it('refuses embedded raw bytes that are neither JSON nor protobuf, and endless nesting', () => {
    expect(fail(envelope('apps/v1', 'ControllerRevision', msg(2, bytes(1, 'not json'))))).toMatch(
      /\.data: embedded raw object is neither JSON nor a Kubernetes protobuf object/,
    );
    let body = envelope('v1', 'ConfigMap', new Uint8Array(0));
    for (let i = 0; i < 40; i++)
      body = envelope('apps/v1', 'ControllerRevision', msg(2, bytes(1, body)));
    expect(fail(body)).toMatch(/nested too deeply/);
  });
});
