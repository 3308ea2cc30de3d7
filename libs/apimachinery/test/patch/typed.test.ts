// The typed-value operations server-side apply is built on: field paths and sets, FieldsV1,
// merge ordering (sigs.k8s.io/structured-merge-diff v4.4.2 typed/merge_test.go) and validation.
import {
  FieldSet,
  fieldPE,
  keyPE,
  fieldPath,
  pathToString,
  serializePE,
  type Path,
} from '../../src/patch/fieldpath';
import type { JsonObject, JsonValue } from '../../src/patch/json';
import { fieldsV1ToSet, fieldSetOf, setToFieldsV1 } from '../../src/patch/managed-fields';
import { compare, merge, validate, validationErrorsText } from '../../src/patch/typed';
import { deployment, obj, arr, str, smdGrabBag } from './schemas';

const j = (s: string) => JSON.parse(s) as JsonObject;
const strings = (s: FieldSet) => s.paths().map(pathToString);

describe('field paths', () => {
  test('render like fieldpath.Path.String', () => {
    const p: Path = [
      ...fieldPath('spec', 'template', 'spec', 'containers'),
      keyPE([['name', 'nginx']]),
      fieldPE('ports'),
      keyPE([
        ['protocol', 'TCP'],
        ['containerPort', 80],
      ]),
    ];
    expect(pathToString(p)).toBe(
      '.spec.template.spec.containers[name="nginx"].ports[containerPort=80,protocol="TCP"]',
    );
    expect(
      pathToString([fieldPE('metadata'), fieldPE('finalizers'), { kind: 'value', value: 'a' }]),
    ).toBe('.metadata.finalizers[="a"]');
    expect(pathToString([fieldPE('args'), { kind: 'index', index: 2 }])).toBe('.args[2]');
  });

  test('serialize as FieldsV1 keys, key fields sorted, HTML escaped like jsoniter', () => {
    expect(serializePE(keyPE([['name', 'a<b&c>']]))).toBe('k:{"name":"a\\u003cb\\u0026c\\u003e"}');
    expect(
      serializePE(
        keyPE([
          ['protocol', 'TCP'],
          ['containerPort', 80],
        ]),
      ),
    ).toBe('k:{"containerPort":80,"protocol":"TCP"}');
    expect(serializePE({ kind: 'value', value: 3.1415 })).toBe('v:3.1415');
    expect(serializePE({ kind: 'index', index: 5 })).toBe('i:5');
    expect(serializePE(fieldPE('kubectl.kubernetes.io/last-applied-configuration'))).toBe(
      'f:kubectl.kubernetes.io/last-applied-configuration',
    );
  });
});

describe('field sets', () => {
  const a = FieldSet.of(fieldPath('a'), fieldPath('b', 'c'), fieldPath('b', 'd'), fieldPath('e'));
  const b = FieldSet.of(fieldPath('a'), fieldPath('b', 'd'), fieldPath('b'), fieldPath('f', 'g'));

  test('union, intersection, difference, recursive difference, leaves', () => {
    expect(strings(a.union(b))).toEqual(['.a', '.b', '.e', '.b.c', '.b.d', '.f.g']);
    expect(strings(a.intersection(b))).toEqual(['.a', '.b.d']);
    expect(strings(a.difference(b))).toEqual(['.e', '.b.c']);
    // A member of the right side removes everything below it.
    expect(strings(a.recursiveDifference(b))).toEqual(['.e']);
    expect(strings(b.leaves())).toEqual(['.a', '.b.d', '.f.g']);
    expect(a.has(fieldPath('b', 'c'))).toBe(true);
    expect(a.has(fieldPath('b'))).toBe(false);
    expect(a.difference(a).empty()).toBe(true);
    expect(a.union(b).equals(b.union(a))).toBe(true);
    expect(a.size()).toBe(4);
  });

  // TestRoundTripManagedFields (k8s.io/apimachinery/pkg/util/managedfields/internal).
  test.each([
    { 'v:3': { 'f:alsoPi': {} }, 'v:3.1415': { 'f:pi': {} }, 'v:false': { 'f:notTrue': {} } },
    { 'i:5': { 'f:i': {} } },
    { 'f:spec': { 'f:containers': { 'k:{"name":"c"}': { 'f:image': {}, 'f:name': {} } } } },
    {
      'f:apiVersion': {},
      'f:kind': {},
      'f:metadata': { 'f:labels': { 'f:app': {} }, 'f:name': {} },
      'f:spec': {
        'f:replicas': {},
        'f:selector': { 'f:matchLabels': { 'f:app': {} } },
        'f:template': {
          'f:medatada': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:containers': {
              'k:{"name":"nginx"}': {
                '.': {},
                'f:image': {},
                'f:name': {},
                'f:ports': { 'i:0': { 'f:containerPort': {} } },
              },
            },
          },
        },
      },
    },
    {
      'f:spec': {
        'f:group': {},
        'f:names': {
          'f:kind': {},
          'f:plural': {},
          'f:shortNames': { 'i:0': {} },
          'f:singular': {},
        },
        'f:scope': {},
        'f:versions': { 'k:{"name":"v1"}': { 'f:name': {}, 'f:served': {}, 'f:storage': {} } },
      },
    },
  ])('FieldsV1 round trip %#', (fields) => {
    const back = setToFieldsV1(fieldsV1ToSet(fields));
    expect(back).toEqual(fields);
    expect(JSON.stringify(back)).toBe(JSON.stringify(fields));
  });

  test('FieldsV1 keys come in element order: fields, keys, values, indices; "." first', () => {
    const s = FieldSet.of(
      [fieldPE('l'), { kind: 'index', index: 1 }],
      [fieldPE('l'), { kind: 'value', value: 'x' }],
      [fieldPE('l'), keyPE([['k', 'a']])],
      [fieldPE('l'), keyPE([['k', 'a']]), fieldPE('v')],
      [fieldPE('l'), fieldPE('z')],
      [fieldPE('l'), fieldPE('B')],
    );
    expect(JSON.stringify(s.toFieldsV1())).toBe(
      '{"f:l":{"f:B":{},"f:z":{},"k:{\\"k\\":\\"a\\"}":{".":{},"f:v":{}},"v:\\"x\\"":{},"i:1":{}}}',
    );
  });

  test('unknown element types are dropped; malformed keys throw', () => {
    expect(strings(fieldsV1ToSet({ 'x:what': {}, 'f:a': {} }))).toEqual(['.a']);
    expect(() => fieldsV1ToSet({ f: {} })).toThrow('key must be 2 characters long');
    expect(() => fieldsV1ToSet({ 'fa:': {} })).toThrow('missing colon');
    expect(() => fieldsV1ToSet({ 'k:{bad': {} })).toThrow();
    expect(fieldsV1ToSet(null).empty()).toBe(true);
  });
});

describe('fieldSetOf (ToFieldSet) on a Deployment', () => {
  const config = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'nginx', labels: { app: 'nginx' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'nginx' } },
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: {
          containers: [{ name: 'nginx', image: 'nginx:1.14.2', ports: [{ containerPort: 80 }] }],
        },
      },
    },
  };

  test('leaves, list items keyed by their list-map keys (protocol defaulted), atomic selector', () => {
    expect(JSON.stringify(setToFieldsV1(fieldSetOf(config, deployment)))).toBe(
      JSON.stringify({
        'f:apiVersion': {},
        'f:kind': {},
        'f:metadata': { 'f:labels': { 'f:app': {} }, 'f:name': {} },
        'f:spec': {
          'f:replicas': {},
          'f:selector': {},
          'f:template': {
            'f:metadata': { 'f:labels': { 'f:app': {} } },
            'f:spec': {
              'f:containers': {
                'k:{"name":"nginx"}': {
                  '.': {},
                  'f:image': {},
                  'f:name': {},
                  'f:ports': {
                    'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} },
                  },
                },
              },
            },
          },
        },
      }),
    );
  });

  test('empty and null maps are owned themselves; set members are v: elements', () => {
    const s = fieldSetOf(
      {
        metadata: { finalizers: ['a', 'b'], annotations: {} },
        spec: { strategy: null, template: { spec: { nodeSelector: { a: 'b' } } } },
      },
      deployment,
    );
    expect(strings(s)).toEqual([
      '.metadata.annotations',
      '.metadata.finalizers[="a"]',
      '.metadata.finalizers[="b"]',
      '.spec.strategy',
      '.spec.template.spec.nodeSelector',
    ]);
  });
});

describe('validation (FromStructured) messages', () => {
  const text = (v: unknown) => validationErrorsText(validate(v as JsonValue, deployment));
  test('unknown fields, kinds, duplicates and keys', () => {
    expect(text({ spec: { foo: 1 } })).toBe('.spec.foo: field not declared in schema');
    expect(text({ spec: { replicas: 'three' } })).toBe(
      '.spec.replicas: expected numeric (int or float), got string',
    );
    expect(text({ metadata: { name: 1 } })).toBe(
      '.metadata.name: expected string, got &value.valueUnstructured{Value:1}',
    );
    expect(text({ spec: { paused: 'yes' } })).toBe('.spec.paused: expected boolean, got &{yes}');
    expect(text({ spec: { template: 'x' } })).toBe('.spec.template: expected map, got &{x}');
    expect(
      text({ spec: { template: { spec: { containers: [{ name: 'a' }, { name: 'a' }] } } } }),
    ).toBe('.spec.template.spec.containers: duplicate entries for key [name="a"]');
    expect(text({ spec: { template: { spec: { containers: [{ image: 'a' }] } } } })).toBe(
      '.spec.template.spec.containers: element 0: associative list with keys has an element that omits key field "name" (and doesn\'t have default value)',
    );
    expect(text({ metadata: { finalizers: [null] } })).toBe(
      ".metadata.finalizers: element 0: associative list without keys has an element that's an explicit null",
    );
    expect(text({ spec: { replicas: 'x', paused: 1 } })).toBe(
      'errors:\n  .spec.replicas: expected numeric (int or float), got string\n  .spec.paused: expected boolean, got &{1}',
    );
    expect(
      validate(
        { spec: { template: { spec: { containers: [{ name: 'a' }, { name: 'a' }] } } } },
        deployment,
        true,
      ),
    ).toEqual([]);
    // int-or-string and quantities accept any scalar.
    expect(
      validate(
        { spec: { strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } } } },
        deployment,
      ),
    ).toEqual([]);
  });
});

// typed/merge_test.go mergeCases: [lhs, rhs, expected] with sets, map lists and atomic lists.
describe('merge ordering (structured-merge-diff typed/merge_test.go)', () => {
  const triplets: [string, string, string][] = [
    ['{"numeric":1}', '{"numeric":3.14159}', '{"numeric":3.14159}'],
    ['{"string":"aoeu"}', '{"bool":true}', '{"string":"aoeu","bool":true}'],
    ['{"setStr":["a","b","c"]}', '{"setStr":["a","b"]}', '{"setStr":["a","b","c"]}'],
    ['{"setStr":["a","b"]}', '{"setStr":["a","b","c"]}', '{"setStr":["a","b","c"]}'],
    ['{"setStr":["a","b","c"]}', '{"setStr":[]}', '{"setStr":["a","b","c"]}'],
    ['{"setStr":[]}', '{"setStr":["a","b","c"]}', '{"setStr":["a","b","c"]}'],
    ['{"setStr":["a","b"]}', '{"setStr":["b","a"]}', '{"setStr":["b","a"]}'],
    [
      '{"setStr":["a","b","c"]}',
      '{"setStr":["d","e","f"]}',
      '{"setStr":["a","b","c","d","e","f"]}',
    ],
    [
      '{"setStr":["a","b","c"]}',
      '{"setStr":["c","d","e","f"]}',
      '{"setStr":["a","b","c","d","e","f"]}',
    ],
    [
      '{"setStr":["a","b","c","g","f"]}',
      '{"setStr":["c","d","e","f"]}',
      '{"setStr":["a","b","c","g","d","e","f"]}',
    ],
    [
      '{"setStr":["c","d","e","f"]}',
      '{"setStr":["a","c","e"]}',
      '{"setStr":["a","c","d","e","f"]}',
    ],
    [
      '{"setStr":["a","b","c","x","y","z"]}',
      '{"setStr":["d","e","f"]}',
      '{"setStr":["a","b","c","x","y","z","d","e","f"]}',
    ],
    [
      '{"setStr":["a","b","c","x","y","z"]}',
      '{"setStr":["d","e","f","x","y","z"]}',
      '{"setStr":["a","b","c","d","e","f","x","y","z"]}',
    ],
    [
      '{"setStr":["c","a","g","f"]}',
      '{"setStr":["c","f","a","g"]}',
      '{"setStr":["c","f","a","g"]}',
    ],
    [
      '{"setStr":["a","b","c","d"]}',
      '{"setStr":["d","e","f","a"]}',
      '{"setStr":["b","c","d","e","f","a"]}',
    ],
    [
      '{"setStr":["c","d","e","f","g","h","i","j"]}',
      '{"setStr":["2","h","3","e","4","k","l"]}',
      '{"setStr":["c","d","f","g","2","h","i","j","3","e","4","k","l"]}',
    ],
    [
      '{"setStr":["a","b","c","d","e","f","g","h","i","j"]}',
      '{"setStr":["1","b","2","h","3","e","4","k","l"]}',
      '{"setStr":["a","1","b","c","d","f","g","2","h","i","j","3","e","4","k","l"]}',
    ],
    ['{"setStr":["a","b","b"]}', '{"setStr":["c"]}', '{"setStr":["a","b","b","c"]}'],
    ['{"setStr":["a","b","b"]}', '{"setStr":["b"]}', '{"setStr":["a","b"]}'],
    ['{"setStr":["a","b","b"]}', '{"setStr":["a"]}', '{"setStr":["a","b","b"]}'],
    [
      '{"setStr":["a","b","c","d","e","c"]}',
      '{"setStr":["1","b","2","e","d"]}',
      '{"setStr":["a","1","b","c","2","e","c","d"]}',
    ],
    [
      '{"setStr":["a","b","c","d","e","c"]}',
      '{"setStr":["1","b","2","c","e","d"]}',
      '{"setStr":["a","1","b","2","c","e","d"]}',
    ],
    [
      '{"setStr":["a","a","b","b"]}',
      '{"setStr":["b","c","d"]}',
      '{"setStr":["a","a","b","c","d"]}',
    ],
    ['{"setStr":["a","a","b","b"]}', '{"setStr":[]}', '{"setStr":["a","a","b","b"]}'],
    ['{"setBool":[true]}', '{"setBool":[false]}', '{"setBool":[true, false]}'],
    ['{"setNumeric":[1,2,3.14159]}', '{"setNumeric":[1,2,3]}', '{"setNumeric":[1,2,3.14159,3]}'],
    [
      '{"setStr":["c","a","g","f","c","a"]}',
      '{"setStr":["c","f","a","g"]}',
      '{"setStr":["c","f","a","g"]}',
    ],
    ['{"setBool":[true,false,true]}', '{"setBool":[true]}', '{"setBool":[true, false]}'],
    [
      '{"list":[{"key":"a","id":1,"value":{"a":"a"}}]}',
      '{"list":[{"key":"a","id":2,"value":{"a":"a"}}]}',
      '{"list":[{"key":"a","id":1,"value":{"a":"a"}},{"key":"a","id":2,"value":{"a":"a"}}]}',
    ],
    [
      '{"list":[{"key":"a","id":1},{"key":"b","id":1}]}',
      '{"list":[{"key":"a","id":1},{"key":"a","id":2}]}',
      '{"list":[{"key":"a","id":1},{"key":"b","id":1},{"key":"a","id":2}]}',
    ],
    [
      '{"list":[{"key":"b","id":2}]}',
      '{"list":[{"key":"a","id":1},{"key":"b","id":2},{"key":"c","id":3}]}',
      '{"list":[{"key":"a","id":1},{"key":"b","id":2},{"key":"c","id":3}]}',
    ],
    [
      '{"list":[{"key":"a","id":1},{"key":"b","id":2},{"key":"c","id":3}]}',
      '{"list":[{"key":"c","id":3},{"key":"b","id":2}]}',
      '{"list":[{"key":"a","id":1},{"key":"c","id":3},{"key":"b","id":2}]}',
    ],
    [
      '{"list":[{"key":"a","id":1},{"key":"b","id":2},{"key":"c","id":3}]}',
      '{"list":[{"key":"c","id":3},{"key":"a","id":1}]}',
      '{"list":[{"key":"b","id":2},{"key":"c","id":3},{"key":"a","id":1}]}',
    ],
    ['{"atomicList":["a","a","a"]}', '{"atomicList":null}', '{"atomicList":null}'],
    ['{"atomicList":["a","b","c"]}', '{"atomicList":[]}', '{"atomicList":[]}'],
    ['{"atomicList":["a","a","a"]}', '{"atomicList":["a","a"]}', '{"atomicList":["a","a"]}'],
    [
      '{"list":[{"key":"a","id":1,"bv":true},{"key":"b","id":2},{"key":"a","id":1,"bv":false,"nv":2}]}',
      '{"list":[{"key":"a","id":1,"nv":3},{"key":"c","id":3},{"key":"b","id":2}]}',
      '{"list":[{"key":"a","id":1,"nv":3},{"key":"c","id":3},{"key":"b","id":2}]}',
    ],
    [
      '{"list":[{"key":"a","id":1,"nv":1},{"key":"a","id":1,"nv":2}]}',
      '{"list":[]}',
      '{"list":[{"key":"a","id":1,"nv":1},{"key":"a","id":1,"nv":2}]}',
    ],
    [
      '{"list":[{"key":"a","id":1,"nv":1},{"key":"a","id":1,"nv":2}]}',
      '{}',
      '{"list":[{"key":"a","id":1,"nv":1},{"key":"a","id":1,"nv":2}]}',
    ],
  ];
  test.each(triplets)('%s + %s', (lhs, rhs, out) => {
    expect(merge(j(lhs), j(rhs), smdGrabBag)).toEqual(j(out));
  });

  test('null and empty maps and structs are kept as leaves', () => {
    const s = obj('nested', () => ({
      inner: obj('inner', () => ({ value: str() })),
      l: arr(() => str()),
    }));
    expect(merge(j('{"inner":null}'), j('{}'), s)).toEqual(j('{"inner":null}'));
    expect(merge(j('{"inner":{}}'), j('{"inner":null}'), s)).toEqual(j('{"inner":null}'));
    expect(merge(j('{"inner":null}'), j('{"inner":{}}'), s)).toEqual(j('{"inner":{}}'));
    expect(merge(j('{"inner":{"value":"a"}}'), j('{"inner":null}'), s)).toEqual(
      j('{"inner":{"value":"a"}}'),
    );
  });
});

describe('compare', () => {
  test('added maps and list items are themselves added; leaves are modified', () => {
    const c = compare(
      { spec: { replicas: 1, template: { spec: { containers: [{ name: 'a', image: 'x' }] } } } },
      {
        spec: {
          replicas: 2,
          template: {
            spec: {
              containers: [
                { name: 'a', image: 'x' },
                { name: 'b', image: 'y' },
              ],
            },
          },
        },
        metadata: { labels: { app: 'x' } },
      },
      deployment,
    );
    expect(strings(c.modified)).toEqual(['.spec.replicas']);
    expect(strings(c.added)).toEqual([
      '.metadata',
      '.metadata.labels',
      '.metadata.labels.app',
      '.spec.template.spec.containers[name="b"]',
      '.spec.template.spec.containers[name="b"].image',
      '.spec.template.spec.containers[name="b"].name',
    ]);
    expect(c.removed.empty()).toBe(true);
    const back = compare({ metadata: { labels: { app: 'x' } } }, { metadata: {} }, deployment);
    expect(strings(back.removed)).toEqual(['.metadata.labels', '.metadata.labels.app']);
    expect(strings(back.modified)).toEqual([]);
  });
});
