import { StatusError } from '../../src/api/errors';
import {
  JsonPatchApplyError,
  MAX_JSON_PATCH_COPY_BYTES,
  applyJsonPatch,
  decodeJsonPatch,
} from '../../src/patch/json-patch';

const apply = (doc: string, patch: string) => applyJsonPatch(JSON.parse(doc), JSON.parse(patch));

function failure(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error('expected the patch to fail');
}

// TestAllCases of gopkg.in/evanphx/json-patch.v4 (v4.12.0) patch_test.go.
describe('evanphx/json-patch v4 Cases', () => {
  const cases: [string, string, string][] = [
    [
      '{ "foo": "bar"}',
      '[{ "op": "add", "path": "/baz", "value": "qux" }]',
      '{"baz":"qux","foo":"bar"}',
    ],
    [
      '{ "foo": [ "bar", "baz" ] }',
      '[{ "op": "add", "path": "/foo/1", "value": "qux" }]',
      '{ "foo": [ "bar", "qux", "baz" ] }',
    ],
    [
      '{ "foo": [ "bar", "baz" ] }',
      '[{ "op": "add", "path": "/foo/-1", "value": "qux" }]',
      '{ "foo": [ "bar", "baz", "qux" ] }',
    ],
    [
      '{ "baz": "qux", "foo": "bar" }',
      '[ { "op": "remove", "path": "/baz" } ]',
      '{ "foo": "bar" }',
    ],
    [
      '{ "foo": [ "bar", "qux", "baz" ] }',
      '[ { "op": "remove", "path": "/foo/1" } ]',
      '{ "foo": [ "bar", "baz" ] }',
    ],
    [
      '{ "baz": "qux", "foo": "bar" }',
      '[ { "op": "replace", "path": "/baz", "value": "boo" } ]',
      '{ "baz": "boo", "foo": "bar" }',
    ],
    [
      '{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}',
      '[ { "op": "move", "from": "/foo/waldo", "path": "/qux/thud" } ]',
      '{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}',
    ],
    [
      '{ "foo": [ "all", "grass", "cows", "eat" ] }',
      '[ { "op": "move", "from": "/foo/1", "path": "/foo/3" } ]',
      '{ "foo": [ "all", "cows", "eat", "grass" ] }',
    ],
    [
      '{ "foo": [ "all", "grass", "cows", "eat" ] }',
      '[ { "op": "move", "from": "/foo/1", "path": "/foo/2" } ]',
      '{ "foo": [ "all", "cows", "grass", "eat" ] }',
    ],
    [
      '{ "foo": "bar" }',
      '[ { "op": "add", "path": "/child", "value": { "grandchild": { } } } ]',
      '{ "foo": "bar", "child": { "grandchild": { } } }',
    ],
    [
      '{ "foo": ["bar"] }',
      '[ { "op": "add", "path": "/foo/-", "value": ["abc", "def"] } ]',
      '{ "foo": ["bar", ["abc", "def"]] }',
    ],
    [
      '{ "foo": "bar", "qux": { "baz": 1, "bar": null } }',
      '[ { "op": "remove", "path": "/qux/bar" } ]',
      '{ "foo": "bar", "qux": { "baz": 1 } }',
    ],
    [
      '{ "foo": "bar" }',
      '[ { "op": "add", "path": "/baz", "value": null } ]',
      '{ "baz": null, "foo": "bar" }',
    ],
    [
      '{ "foo": ["bar"]}',
      '[ { "op": "replace", "path": "/foo/0", "value": "baz"}]',
      '{ "foo": ["baz"]}',
    ],
    [
      '{ "foo": ["bar","qux","baz"]}',
      '[ { "op": "replace", "path": "/foo/1", "value": "bum"}]',
      '{ "foo": ["bar", "bum","baz"]}',
    ],
    [
      '[ {"foo": ["bar","qux","baz"]}]',
      '[ { "op": "replace", "path": "/0/foo/0", "value": "bum"}]',
      '[ {"foo": ["bum","qux","baz"]}]',
    ],
    [
      '[ {"foo": ["bar","qux","baz"], "bar": ["qux","baz"]}]',
      '[ { "op": "copy", "from": "/0/foo/0", "path": "/0/bar/0"}]',
      '[ {"foo": ["bar","qux","baz"], "bar": ["bar", "qux", "baz"]}]',
    ],
    [
      '[ {"foo": ["bar","qux","baz"], "bar": ["qux","baz"]}]',
      '[ { "op": "copy", "from": "/0/foo", "path": "/0/bar"}]',
      '[ {"foo": ["bar","qux","baz"], "bar": ["bar", "qux", "baz"]}]',
    ],
    [
      '{ "foo": ["bar"]}',
      '[{"op": "copy", "path": "/foo/0", "from": "/foo"}]',
      '{ "foo": [["bar"], "bar"]}',
    ],
    [
      '{ "foo": ["bar","qux","baz"]}',
      '[ { "op": "remove", "path": "/foo/-2"}]',
      '{ "foo": ["bar", "baz"]}',
    ],
    ['{ "foo": []}', '[ { "op": "add", "path": "/foo/-1", "value": "qux"}]', '{ "foo": ["qux"]}'],
    [
      '{ "bar": [{"baz": null}]}',
      '[ { "op": "replace", "path": "/bar/0/baz", "value": 1 } ]',
      '{ "bar": [{"baz": 1}]}',
    ],
    [
      '{ "bar": [1]}',
      '[ { "op": "replace", "path": "/bar/0", "value": null } ]',
      '{ "bar": [null]}',
    ],
    [
      '{"id":"0","parentID":"0"}',
      '[{"op":"test","path":"","value":{"id":"0","parentID":"0"}},{"op":"replace","path":"","value":{"id":"7","originalID":"bar","parentID":"0"}}]',
      '{"id":"7","originalID":"bar","parentID":"0"}',
    ],
  ];
  test.each(cases)('%s + %s', (doc, patch, result) => {
    expect(apply(doc, patch)).toEqual(JSON.parse(result));
  });

  // BadCases: every one fails with the API server's 422.
  const bad: [string, string][] = [
    ['{ "foo": "bar" }', '[ { "op": "add", "path": "/baz/bat", "value": "qux" } ]'],
    ['{ "a": { "b": { "d": 1 } } }', '[ { "op": "remove", "path": "/a/b/c" } ]'],
    ['{ "a": { "b": { "d": 1 } } }', '[ { "op": "move", "from": "/a/b/c", "path": "/a/b/e" } ]'],
    ['{ "a": { "b": [1] } }', '[ { "op": "remove", "path": "/a/b/1" } ]'],
    ['{ "a": { "b": [1] } }', '[ { "op": "move", "from": "/a/b/1", "path": "/a/b/2" } ]'],
    ['{ "foo": "bar" }', '[ { "op": "add", "pathz": "/baz", "value": "qux" } ]'],
    ['{ "foo": "bar" }', '[ { "op": "add", "path": "", "value": "qux" } ]'],
    ['{ "foo": ["bar","baz"]}', '[ { "op": "replace", "path": "/foo/2", "value": "bum"}]'],
    ['{ "foo": ["bar","baz"]}', '[ { "op": "add", "path": "/foo/-4", "value": "bum"}]'],
    [
      '{ "name":{ "foo": "bat", "qux": "bum"}}',
      '[ { "op": "replace", "path": "/foo/bar", "value":"baz"}]',
    ],
    ['{ "foo": ["bar"]}', '[ {"op": "add", "path": "/foo/2", "value": "bum"}]'],
    ['{ "foo": []}', '[ {"op": "remove", "path": "/foo/-"}]'],
    ['{ "foo": []}', '[ {"op": "remove", "path": "/foo/-1"}]'],
    ['{ "foo": ["bar"]}', '[ {"op": "remove", "path": "/foo/-2"}]'],
    ['{}', '[ {"op":null,"path":""} ]'],
    ['{}', '[ {"op":"add","path":null} ]'],
    ['{}', '[ { "op": "copy", "from": null }]'],
    ['{ "foo": ["bar"]}', '[{"op": "copy", "path": "/foo/6666666666", "from": "/"}]'],
    ['{ "foo": ["bar"]}', '[{"op": "copy", "path": "/foo/2", "from": "/foo/0"}]'],
    [
      '{ "foo": [ "all", "grass", "cows", "eat" ] }',
      '[ { "op": "move", "from": "/foo/1", "path": "/foo/4" } ]',
    ],
  ];
  test.each(bad)('%s + %s fails', (doc, patch) => {
    const e = failure(() => apply(doc, patch));
    expect(e).toBeInstanceOf(JsonPatchApplyError);
    expect(e.toStatus()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'the server rejected our request due to an error in our request',
      reason: 'Invalid',
      details: {},
      code: 422,
    });
  });

  // TestAllTest.
  const tests: [string, string, string | undefined][] = [
    [
      '{"baz":"qux","foo":["a",2,"c"]}',
      '[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]',
      undefined,
    ],
    ['{ "baz": "qux" }', '[ { "op": "test", "path": "/baz", "value": "bar" } ]', '/baz'],
    [
      '{"baz":"qux","foo":["a",2,"c"]}',
      '[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":"c"}]',
      '/foo/1',
    ],
    ['{ "baz": "qux" }', '[ { "op": "test", "path": "/foo", "value": 42 } ]', '/foo'],
    ['{ "baz": "qux" }', '[ { "op": "test", "path": "/foo", "value": null } ]', undefined],
    ['{ "foo": null }', '[ { "op": "test", "path": "/foo", "value": null } ]', undefined],
    ['{ "foo": {} }', '[ { "op": "test", "path": "/foo", "value": null } ]', '/foo'],
    ['{ "foo": [] }', '[ { "op": "test", "path": "/foo", "value": null } ]', '/foo'],
    ['{ "baz/foo": "qux" }', '[ { "op": "test", "path": "/baz~1foo", "value": "qux"} ]', undefined],
    ['{ "foo": [] }', '[ { "op": "test", "path": "/foo"} ]', '/foo'],
  ];
  test.each(tests)('test op %s %s', (doc, patch, failedPath) => {
    if (failedPath === undefined) {
      expect(apply(doc, patch)).toEqual(JSON.parse(doc));
      return;
    }
    const e = failure(() => apply(doc, patch)) as JsonPatchApplyError;
    expect(e.detail).toBe(`testing value ${failedPath} failed: test failed`);
  });
});

describe('evanphx v4 quirks the API server shows', () => {
  test('replace of a missing object member adds it', () => {
    expect(
      apply(
        '{"metadata":{"labels":{}}}',
        '[{"op":"replace","path":"/metadata/labels/app","value":"web"}]',
      ),
    ).toEqual({
      metadata: { labels: { app: 'web' } },
    });
  });
  test('replace below a missing member fails', () => {
    const e = failure(() =>
      apply('{"metadata":{}}', '[{"op":"replace","path":"/metadata/labels/app","value":"web"}]'),
    ) as JsonPatchApplyError;
    expect(e.detail).toBe(
      'replace operation does not apply: doc is missing path: /metadata/labels/app',
    );
  });
  test('add below a missing member names the path', () => {
    const e = failure(() =>
      apply('{"metadata":{}}', '[{"op":"add","path":"/metadata/labels/app","value":"web"}]'),
    ) as JsonPatchApplyError;
    expect(e.code).toBe(422);
    expect(e.detail).toBe(
      'add operation does not apply: doc is missing path: "/metadata/labels/app"',
    );
    expect(e.operationIndex).toBe(0);
  });
  test('a null intermediate value counts as missing', () => {
    expect(() => apply('{"a":null}', '[{"op":"add","path":"/a/b","value":1}]')).toThrow(
      JsonPatchApplyError,
    );
  });
  test('whatever precedes the first slash is ignored', () => {
    expect(apply('{"a":{"b":1},"b":2}', '[{"op":"replace","path":"a/b","value":3}]')).toEqual({
      a: { b: 1 },
      b: 3,
    });
  });
  test('a path without a slash is missing', () => {
    expect(() => apply('{"a":1}', '[{"op":"remove","path":"a"}]')).toThrow(JsonPatchApplyError);
  });
  test('"01" and "+1" are array indices', () => {
    expect(
      apply(
        '{"l":[1,2,3]}',
        '[{"op":"remove","path":"/l/01"},{"op":"replace","path":"/l/+1","value":9}]',
      ),
    ).toEqual({ l: [1, 9] });
  });
  test('copy from a missing member copies null', () => {
    expect(apply('{"a":{}}', '[{"op":"copy","from":"/a/x","path":"/b"}]')).toEqual({
      a: {},
      b: null,
    });
  });
  test('replacing the root with a scalar is ignored', () => {
    expect(apply('{"a":1}', '[{"op":"replace","path":"","value":5}]')).toEqual({ a: 1 });
  });
  test('a missing value adds null', () => {
    expect(apply('{}', '[{"op":"add","path":"/a"}]')).toEqual({ a: null });
  });
  test('unknown operations fail', () => {
    const e = failure(() => apply('{}', '[{"op":"merge","path":"/a"}]')) as JsonPatchApplyError;
    expect(e.detail).toBe('Unexpected kind: merge');
    const e2 = failure(() => apply('{}', '[null]')) as JsonPatchApplyError;
    expect(e2.detail).toBe('Unexpected kind: unknown');
  });
  test('__proto__ cannot be written', () => {
    expect(() => apply('{}', '[{"op":"add","path":"/__proto__","value":{"x":1}}]')).toThrow(
      JsonPatchApplyError,
    );
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
  });
  test('the input document is not modified, and the patch stops at the first failure', () => {
    const doc = { spec: { replicas: 1 } };
    expect(() =>
      applyJsonPatch(doc, [
        { op: 'replace', path: '/spec/replicas', value: 3 },
        { op: 'test', path: '/spec/replicas', value: 1 },
      ]),
    ).toThrow(JsonPatchApplyError);
    expect(doc).toEqual({ spec: { replicas: 1 } });
  });
  test('copies may add at most 3 MiB', () => {
    const big = 'A'.repeat(1024 * 1024);
    const ops = [0, 1, 2].map(() => ({ op: 'copy', from: '/a', path: '/l/-' }));
    expect(() => applyJsonPatch({ a: big, l: [] }, ops)).toThrow(JsonPatchApplyError);
    expect((applyJsonPatch({ a: big, l: [] }, ops.slice(0, 2)) as { l: string[] }).l).toHaveLength(
      2,
    );
    expect(MAX_JSON_PATCH_COPY_BYTES).toBe(3145728);
  });
});

describe('decoding the patch document', () => {
  test('a patch that is not a list is 400 with Go decoding text', () => {
    const e = failure(() => applyJsonPatch({}, { op: 'add', path: '/a', value: 1 }));
    expect(e.code).toBe(400);
    expect(e.reason).toBe('BadRequest');
    expect(e.message).toBe('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
    expect(failure(() => decodeJsonPatch('x')).message).toBe(
      'json: cannot unmarshal string into Go value of type jsonpatch.Patch',
    );
    expect(failure(() => decodeJsonPatch([1])).message).toBe(
      'json: cannot unmarshal number into Go value of type jsonpatch.Operation',
    );
  });
  test('null is an empty patch', () => {
    expect(applyJsonPatch({ a: 1 }, null)).toEqual({ a: 1 });
  });
  test('more than 10000 operations is 413', () => {
    const ops = Array.from({ length: 10001 }, () => ({ op: 'test', path: '/a', value: 1 }));
    const e = failure(() => applyJsonPatch({ a: 1 }, ops));
    expect(e.toStatus()).toMatchObject({
      code: 413,
      reason: 'RequestEntityTooLarge',
      message:
        'Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001',
    });
    expect(applyJsonPatch({ a: 1 }, ops.slice(1))).toEqual({ a: 1 });
  });
});

describe('kubectl patch --type json on a Deployment', () => {
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      replicas: 1,
      template: {
        spec: {
          containers: [
            { name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80, protocol: 'TCP' }] },
          ],
        },
      },
    },
  };
  test('scales, changes the image and adds a container port', () => {
    const out = applyJsonPatch(deployment, [
      { op: 'replace', path: '/spec/replicas', value: 3 },
      { op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'nginx:1.27' },
      {
        op: 'add',
        path: '/spec/template/spec/containers/0/ports/-',
        value: { containerPort: 443 },
      },
      { op: 'add', path: '/metadata/labels/tier', value: 'frontend' },
      { op: 'remove', path: '/metadata/labels/app' },
    ]) as typeof deployment;
    expect(out.spec.replicas).toBe(3);
    expect(out.spec.template.spec.containers[0]!.image).toBe('nginx:1.27');
    expect(out.spec.template.spec.containers[0]!.ports).toEqual([
      { containerPort: 80, protocol: 'TCP' },
      { containerPort: 443 },
    ]);
    expect(out.metadata.labels).toEqual({ tier: 'frontend' });
  });
  test('a failed precondition test is 422', () => {
    expect(() =>
      applyJsonPatch(deployment, [{ op: 'test', path: '/spec/replicas', value: 2 }]),
    ).toThrow('the server rejected our request due to an error in our request');
  });
  test('index past the end of the containers', () => {
    expect(() =>
      applyJsonPatch(deployment, [
        { op: 'replace', path: '/spec/template/spec/containers/1/image', value: 'x' },
      ]),
    ).toThrow(JsonPatchApplyError);
  });
});
