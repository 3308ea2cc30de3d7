import { StatusError } from '../../src/api/errors';
import { schemaFor } from '../../src/openapi/schema-registry';
import {
  base64Error,
  decodeTyped,
  decodeWithSchema,
  fieldValidationOf,
  timeParseError,
  type FieldValidation,
} from '../../src/openapi/strict-decode';

const DEPLOYMENT = { group: 'apps', version: 'v1', kind: 'Deployment' };
const POD = { group: '', version: 'v1', kind: 'Pod' };

function deployment(extra: {
  spec?: Record<string, unknown>;
  container?: Record<string, unknown>;
  top?: Record<string, unknown>;
}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'nginx',
              image: 'nginx:1.27',
              ports: [{ containerPort: 80, protocol: 'TCP' }],
              resources: { limits: { cpu: '500m', memory: '128Mi' } },
              ...extra.container,
            },
          ],
        },
      },
      ...extra.spec,
    },
    ...extra.top,
  };
}

/** The BadRequest decodeTyped throws, as [code, reason, message]. */
function failure(obj: unknown, mode: FieldValidation, gvk = DEPLOYMENT): [number, string, string] {
  try {
    decodeTyped(obj, gvk, mode);
  } catch (e) {
    if (e instanceof StatusError) return [e.code, e.reason, e.message];
    throw e;
  }
  throw new Error('decoded without error');
}

const prefix = 'Deployment in version "v1" cannot be handled as a Deployment: ';

describe('unknown fields', () => {
  const bad = () =>
    deployment({
      spec: { foo: 1 },
      container: {
        ports: [{ containerPort: 80, protocol: 'TCP', hostPot: 8080 }],
        imagePullPolicyy: 'Always',
      },
      top: { extra: true },
    });

  it('Strict refuses them all, with their paths, in document order', () => {
    expect(failure(bad(), 'Strict')).toEqual([
      400,
      'BadRequest',
      prefix +
        'strict decoding error: unknown field "spec.template.spec.containers[0].ports[0].hostPot", ' +
        'unknown field "spec.template.spec.containers[0].imagePullPolicyy", ' +
        'unknown field "spec.foo", unknown field "extra"',
    ]);
  });

  it('Warn drops them and warns about each; known fields are kept', () => {
    const { object, warnings } = decodeTyped(bad(), DEPLOYMENT, 'Warn');
    expect(warnings).toEqual([
      'unknown field "spec.template.spec.containers[0].ports[0].hostPot"',
      'unknown field "spec.template.spec.containers[0].imagePullPolicyy"',
      'unknown field "spec.foo"',
      'unknown field "extra"',
    ]);
    expect(object).toEqual(deployment({}));
  });

  it('Ignore drops them silently', () => {
    const { object, warnings } = decodeTyped(bad(), DEPLOYMENT, 'Ignore');
    expect(warnings).toEqual([]);
    expect(object).toEqual(deployment({}));
  });

  it('a clean object passes every mode unchanged', () => {
    for (const mode of ['Strict', 'Warn', 'Ignore'] as const) {
      expect(decodeTyped(deployment({}), DEPLOYMENT, mode)).toEqual({
        object: deployment({}),
        warnings: [],
      });
    }
  });

  it('matches field names case-sensitively and reports map-of-struct keys as path segments', () => {
    expect(failure(deployment({ spec: { Replicas: 3 } }), 'Strict')[2]).toBe(
      `${prefix}strict decoding error: unknown field "spec.Replicas"`,
    );
    const r = decodeWithSchema(
      { spec: { containers: [{ name: 'a' }], overhead: { cpu: '1' }, nodeSelector: { a: 'b' } } },
      schemaFor('', 'v1', 'Pod')!,
    );
    expect(r.unknownFields).toEqual([]);
  });

  it('keeps free-form values (RawExtension, FieldsV1) as they are', () => {
    const rev = {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: {
        name: 'r',
        managedFields: [{ manager: 'kubectl', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': {} } }],
      },
      revision: 1,
      data: { anything: { goes: [1, 2] } },
    };
    expect(
      decodeTyped(rev, { group: 'apps', version: 'v1', kind: 'ControllerRevision' }, 'Strict')
        .object,
    ).toEqual(rev);
  });

  it('drops nulls of fields, and turns null map values and list items into zero values', () => {
    const { object } = decodeTyped(
      deployment({ spec: { paused: null, strategy: null }, top: { status: null } }),
      DEPLOYMENT,
      'Strict',
    );
    expect(object).toEqual(deployment({}));
    const r = decodeWithSchema(
      {
        metadata: { labels: { a: null } },
        spec: { containers: [{ name: 'a', args: [null, 'x'] }] },
      },
      schemaFor('', 'v1', 'Pod')!,
    );
    expect(r.value).toEqual({
      metadata: { labels: { a: '' } },
      spec: { containers: [{ name: 'a', args: ['', 'x'] }] },
    });
  });

  it('does not let a __proto__ key touch prototypes', () => {
    const body = JSON.parse(
      '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"__proto__":"x"}},"__proto__":{"polluted":true}}',
    ) as unknown;
    const { object, warnings } = decodeTyped(body, POD, 'Warn');
    expect(warnings).toEqual(['unknown field "__proto__"']);
    const labels = (object.metadata as { labels: Record<string, unknown> }).labels;
    expect(Object.keys(labels)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(labels)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reports at most 100 unknown fields', () => {
    const spec: Record<string, unknown> = {};
    for (let i = 0; i < 150; i++) spec[`f${i}`] = i;
    const { warnings } = decodeTyped(deployment({ spec }), DEPLOYMENT, 'Warn');
    expect(warnings).toHaveLength(100);
    expect(warnings[99]).toBe('unknown field "spec.f99"');
  });
});

describe('type mismatches fail in every mode, with encoding/json texts', () => {
  const cases: [string, unknown, string][] = [
    [
      'string into int32',
      deployment({ spec: { replicas: '3' } }),
      'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    ],
    [
      'fraction into int32',
      deployment({ spec: { replicas: 1.5 } }),
      'json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32',
    ],
    [
      'overflowing int32',
      deployment({ container: { ports: [{ containerPort: 3000000000 }] } }),
      'json: cannot unmarshal number 3000000000 into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32',
    ],
    [
      'number into string',
      deployment({ container: { image: 1 } }),
      'json: cannot unmarshal number into Go struct field Container.spec.template.spec.containers.image of type string',
    ],
    [
      'string into bool',
      deployment({ spec: { paused: 'yes' } }),
      'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.paused of type bool',
    ],
    [
      'number into a named string type',
      deployment({ container: { ports: [{ containerPort: 80, protocol: 6 }] } }),
      'json: cannot unmarshal number into Go struct field ContainerPort.spec.template.spec.containers.ports.protocol of type v1.Protocol',
    ],
    [
      'string into a struct',
      deployment({ spec: { template: 'nginx' } }),
      'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.template of type v1.PodTemplateSpec',
    ],
    [
      'string into a list element struct',
      deployment({ container: { ports: ['80'] } }),
      'json: cannot unmarshal string into Go struct field Container.spec.template.spec.containers.ports of type v1.ContainerPort',
    ],
    [
      'object into a list',
      deployment({ container: { ports: { containerPort: 80 } } }),
      'json: cannot unmarshal object into Go struct field Container.spec.template.spec.containers.ports of type []v1.ContainerPort',
    ],
    [
      'string into []string',
      deployment({ container: { command: 'sleep 10' } }),
      'json: cannot unmarshal string into Go struct field Container.spec.template.spec.containers.command of type []string',
    ],
    [
      'number into a map value',
      deployment({ top: { metadata: { name: 'web', labels: { tier: 1 } } } }),
      'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string',
    ],
    [
      'string into a map',
      deployment({ top: { metadata: { name: 'web', labels: 'app=web' } } }),
      'json: cannot unmarshal string into Go struct field ObjectMeta.metadata.labels of type map[string]string',
    ],
    [
      'string into a ResourceList',
      deployment({ container: { resources: { limits: '1' } } }),
      'json: cannot unmarshal string into Go struct field ResourceRequirements.spec.template.spec.containers.resources.limits of type v1.ResourceList',
    ],
    ['array at the top', [1], 'json: cannot unmarshal array into Go value of type v1.Deployment'],
  ];

  it.each(cases)('%s', (_name, body, text) => {
    for (const mode of ['Strict', 'Warn', 'Ignore'] as const) {
      expect(failure(body, mode)).toEqual([400, 'BadRequest', prefix + text]);
    }
  });

  it('a type mismatch wins over unknown fields, and the first mismatch wins', () => {
    const body = deployment({ spec: { foo: 1, replicas: 'x', paused: 'y' } });
    expect(failure(body, 'Strict')[2]).toBe(
      `${prefix}json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32`,
    );
  });

  it('names the kind and version of the request', () => {
    expect(
      failure(
        { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: 'x' } },
        'Strict',
        POD,
      )[2],
    ).toBe(
      'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type []v1.Container',
    );
  });
});

describe('types with their own UnmarshalJSON stop decoding at their error', () => {
  it('quantities accept strings and numbers, and refuse the rest with ParseQuantity texts', () => {
    const ok = deployment({ container: { resources: { limits: { cpu: 0.5, memory: ' 1Gi ' } } } });
    expect(decodeTyped(ok, DEPLOYMENT, 'Strict').object).toEqual(ok);
    const format =
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    for (const bad of ['lots', true, {}, '']) {
      expect(
        failure(deployment({ container: { resources: { limits: { cpu: bad } } } }), 'Ignore')[2],
      ).toBe(prefix + format);
    }
    expect(
      failure(deployment({ container: { resources: { requests: { cpu: '1iK' } } } }), 'Strict')[2],
    ).toBe(`${prefix}unable to parse quantity's suffix`);
  });

  it('int-or-string takes a string or an int32', () => {
    const strategy = (maxSurge: unknown) => ({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge, maxUnavailable: 0 },
    });
    for (const ok of ['25%', 1, 'x']) {
      expect(() =>
        decodeTyped(deployment({ spec: { strategy: strategy(ok) } }), DEPLOYMENT, 'Strict'),
      ).not.toThrow();
    }
    expect(failure(deployment({ spec: { strategy: strategy(true) } }), 'Strict')[2]).toBe(
      `${prefix}json: cannot unmarshal bool into Go struct field RollingUpdateDeployment.spec.strategy.rollingUpdate.maxSurge of type int32`,
    );
    expect(failure(deployment({ spec: { strategy: strategy(1.5) } }), 'Strict')[2]).toBe(
      `${prefix}json: cannot unmarshal number 1.5 into Go struct field RollingUpdateDeployment.spec.strategy.rollingUpdate.maxSurge of type int32`,
    );
  });

  it('its error wins even over an earlier type mismatch', () => {
    const body = deployment({
      spec: { replicas: 'x', strategy: { rollingUpdate: { maxSurge: {} } } },
    });
    expect(failure(body, 'Strict')[2]).toBe(
      `${prefix}json: cannot unmarshal object into Go struct field RollingUpdateDeployment.spec.strategy.rollingUpdate.maxSurge of type int32`,
    );
  });

  it('times must be RFC 3339 strings', () => {
    const at = (creationTimestamp: unknown) =>
      deployment({ top: { metadata: { name: 'web', creationTimestamp } } });
    expect(() => decodeTyped(at('2024-05-01T10:00:00Z'), DEPLOYMENT, 'Strict')).not.toThrow();
    expect(() =>
      decodeTyped(at('2024-05-01T10:00:00.5+02:00'), DEPLOYMENT, 'Strict'),
    ).not.toThrow();
    expect(failure(at('2024-05-01'), 'Strict')[2]).toBe(
      `${prefix}parsing time "2024-05-01" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "T"`,
    );
    expect(failure(at(1714557600), 'Warn')[2]).toBe(
      `${prefix}json: cannot unmarshal number into Go struct field ObjectMeta.metadata.creationTimestamp of type string`,
    );
  });

  it('base64 of []byte values is checked', () => {
    const secret = (data: unknown) => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data,
    });
    const SECRET = { group: '', version: 'v1', kind: 'Secret' };
    expect(decodeTyped(secret({ a: 'aGVsbG8=' }), SECRET, 'Strict').object).toEqual(
      secret({ a: 'aGVsbG8=' }),
    );
    expect(() => decodeTyped(secret({ a: 'hello!' }), SECRET, 'Strict')).toThrow(
      'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 5',
    );
    expect(() => decodeTyped(secret({ a: 1 }), SECRET, 'Strict')).toThrow(
      'Secret in version "v1" cannot be handled as a Secret: json: cannot unmarshal number into Go struct field Secret.data of type []uint8',
    );
  });
});

describe('time.Parse texts', () => {
  it.each([
    ['2024-05-01T10:00:00Z', undefined],
    ['2024-05-01T10:00:00.123456789-07:00', undefined],
    [
      'yesterday',
      'parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"',
    ],
    [
      '2024-5-01T10:00:00Z',
      'parsing time "2024-5-01T10:00:00Z" as "2006-01-02T15:04:05Z07:00": cannot parse "5-01T10:00:00Z" as "01"',
    ],
    ['2024-13-01T10:00:00Z', 'parsing time "2024-13-01T10:00:00Z": month out of range'],
    ['2024-02-30T10:00:00Z', 'parsing time "2024-02-30T10:00:00Z": day out of range'],
    ['2024-05-01T25:00:00Z', 'parsing time "2024-05-01T25:00:00Z": hour out of range'],
    [
      '2024-05-01T10:00:00',
      'parsing time "2024-05-01T10:00:00" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "Z07:00"',
    ],
    [
      '2024-05-01 10:00:00Z',
      'parsing time "2024-05-01 10:00:00Z" as "2006-01-02T15:04:05Z07:00": cannot parse " 10:00:00Z" as "T"',
    ],
    ['2024-05-01T10:00:00Zjunk', 'parsing time "2024-05-01T10:00:00Zjunk": extra text: "junk"'],
  ])('%s', (value, text) => {
    expect(timeParseError(value)).toBe(text);
  });

  it('MicroTime wants six fractional digits', () => {
    expect(timeParseError('2024-05-01T10:00:00.123456Z', true)).toBeUndefined();
    expect(timeParseError('2024-05-01T10:00:00Z', true)).toBe(
      'parsing time "2024-05-01T10:00:00Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse "Z" as ".000000"',
    );
  });
});

describe('helpers', () => {
  it('base64 errors point where Go points', () => {
    expect(base64Error('aGVsbG8=')).toBeUndefined();
    expect(base64Error('aGVs\nbG8=')).toBeUndefined();
    expect(base64Error('a$==')).toBe('illegal base64 data at input byte 1');
    expect(base64Error('abc')).toBe('illegal base64 data at input byte 0');
    expect(base64Error('aGVsbG8=x')).toBe('illegal base64 data at input byte 8');
  });

  it('fieldValidation defaults to Warn and refuses unknown values', () => {
    expect(fieldValidationOf(undefined)).toBe('Warn');
    expect(fieldValidationOf('')).toBe('Warn');
    expect(fieldValidationOf('Strict')).toBe('Strict');
    expect(fieldValidationOf('strict')).toBeUndefined();
  });
});
