import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { StatusError } from '../../src/api/errors';
import type { JsonObject } from '../../src/patch/json';
import {
  MergePatchError,
  applyMergePatch,
  createMergePatch,
  createThreeWayJSONMergePatch,
  hasConflicts,
  keepOrDeleteNullInObj,
} from '../../src/patch/merge-patch';
import {
  MergeConflictError,
  PreconditionFailedError,
  requireKeyUnchanged,
  requireMetadataKeyUnchanged,
} from '../../src/patch/preconditions';

const j = (s: string) => JSON.parse(s) as unknown;

// gopkg.in/evanphx/json-patch.v4 merge_test.go.
describe('applying (evanphx v4 MergePatch)', () => {
  test.each([
    // RFC 7386 appendix A, as evanphx's TestMergePatchRFCCases.
    ['{"a":"b"}', '{"a":"c"}', '{"a":"c"}'],
    ['{"a":"b"}', '{"b":"c"}', '{"a":"b","b":"c"}'],
    ['{"a":"b"}', '{"a":null}', '{}'],
    ['{"a":"b","b":"c"}', '{"a":null}', '{"b":"c"}'],
    ['{"a":["b"]}', '{"a":"c"}', '{"a":"c"}'],
    ['{"a":"c"}', '{"a":["b"]}', '{"a":["b"]}'],
    ['{"a":{"b": "c"}}', '{"a": {"b": "d","c": null}}', '{"a":{"b":"d"}}'],
    ['{"a":[{"b":"c"}]}', '{"a":[1]}', '{"a":[1]}'],
    ['["a","b"]', '["c","d"]', '["c","d"]'],
    ['{"a":"b"}', '["c"]', '["c"]'],
    ['{"e":null}', '{"a":1}', '{"a":1,"e":null}'],
    ['[1,2]', '{"a":"b","c":null}', '{"a":"b"}'],
    ['{}', '{"a":{"bb":{"ccc":null}}}', '{"a":{"bb":{}}}'],
    // TestMergePatchNilDoc, TestMergePatchNilArray, TestMergePatchRecursesIntoObjects.
    ['{ "title": null }', '{ "title": {"foo": "bar"} }', '{ "title": {"foo": "bar"} }'],
    ['{"a": [ {"b":"c"} ] }', '{"a": [null, 1]}', '{"a": [null, 1]}'],
    ['{"a":[]}', '{"a": ["b", null, null, "a"]}', '{"a":["b", null, null, "a"]}'],
    [
      '{ "person": { "title": "hello", "age": 18 } }',
      '{ "person": { "title": "goodbye" } }',
      '{ "person": { "title": "goodbye", "age": 18 } }',
    ],
    ['{ "array": ["one", "two"] }', '{ "array": [] }', '{ "array": [] }'],
    ['{ "a": 1, "b": 1 }', '{ "a": 2 }', '{ "a": 2, "b": 1 }'],
  ])('%s + %s = %s', (doc, patch, result) => {
    expect(applyMergePatch(j(doc), j(patch))).toEqual(j(result));
  });

  test('evanphx also drops nulls inside objects of an array it puts in place', () => {
    expect(applyMergePatch({}, { a: [{ x: null, y: 1 }] })).toEqual({ a: [{ y: 1 }] });
    expect(applyMergePatch({ a: { b: 1 } }, { a: [{ x: null }] })).toEqual({ a: [{ x: null }] });
  });

  test('a null or scalar patch is 400 Invalid JSON Patch (TestMergePatchFailRFCCases)', () => {
    for (const patch of [null, 'bar', 3, true]) {
      let err: unknown;
      try {
        applyMergePatch({ a: 'foo' }, patch);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(StatusError);
      expect((err as StatusError).toStatus()).toMatchObject({
        code: 400,
        reason: 'BadRequest',
        message: 'Invalid JSON Patch',
      });
    }
  });

  test('the input document is not modified', () => {
    const doc = { metadata: { labels: { app: 'web' } } };
    applyMergePatch(doc, { metadata: { labels: { app: null, tier: 'fe' } } });
    expect(doc).toEqual({ metadata: { labels: { app: 'web' } } });
  });

  test('kubectl patch --type merge replaces the containers list wholesale', () => {
    const live = {
      spec: {
        replicas: 1,
        template: {
          spec: {
            containers: [
              { name: 'a', image: 'a:1' },
              { name: 'b', image: 'b:1' },
            ],
          },
        },
      },
    };
    expect(
      applyMergePatch(live, {
        spec: { template: { spec: { containers: [{ name: 'a', image: 'a:2' }] } } },
      }),
    ).toEqual({
      spec: { replicas: 1, template: { spec: { containers: [{ name: 'a', image: 'a:2' }] } } },
    });
  });
});

describe('creating (evanphx v4 CreateMergePatch)', () => {
  test.each([
    [
      '{ "title": "hello", "nested": {"one": 1, "two": 2} }',
      '{ "title": "goodbye", "nested": {"one": 2, "two": 2}  }',
      '{ "title": "goodbye", "nested": {"one": 2}  }',
    ],
    [
      '{ "title": "hello", "nested": {"one": 1, "two": [{"one":null}, "two", "three"]} }',
      '{ "title": "goodbye", "nested": {"one": 2, "two": [{"one":null}, "two", "three"]}  }',
      '{ "title": "goodbye", "nested": {"one": 2}  }',
    ],
    [
      '{ "title": "hello", "nested": {"one": 1, "two": 2} }',
      '{ "title": "goodbye", "nested": {"one": 1, "two": 2}  }',
      '{ "title": "goodbye"}',
    ],
    [
      '{ "title": "hello", "nested": {"one": 1, "two": 2} }',
      '{ "title": "hello", "nested": {"one": 1}  }',
      '{"nested":{"two":null}}',
    ],
    ['{ "array": ["one", "two"] }', '{ "array": [] }', '{ "array": [] }'],
    [
      '{ "title": "hello", "nested": {"one": 1, "two": 2} }',
      '{ "title": null, "nested": {"one": 1, "two": 2}  }',
      '{"title": null}',
    ],
    ['{ "a": 1 }', '{ "a": 1.0 }', '{}'],
    ['{ "a": [1, 2] }', '{ "a": [1, 2] }', '{}'],
    ['{ "a": 1 }', '{ "a": "1" }', '{ "a": "1" }'],
    ['{"a/b": 1}', '{"a/b": 2, "c~d": 3}', '{"a/b": 2, "c~d": 3}'],
  ])('%s -> %s', (original, modified, patch) => {
    expect(createMergePatch(j(original), j(modified))).toEqual(j(patch));
  });
  test('kubectl edit: the patch turns the live object into the edited one', () => {
    const live = {
      metadata: { name: 'web', labels: { app: 'web', old: 'x' } },
      spec: { replicas: 1, paused: false },
    };
    const edited = {
      metadata: { name: 'web', labels: { app: 'web', tier: 'fe' } },
      spec: { replicas: 2 },
    };
    const p = createMergePatch(live, edited);
    expect(p).toEqual({
      metadata: { labels: { old: null, tier: 'fe' } },
      spec: { replicas: 2, paused: null },
    });
    expect(applyMergePatch(live, p)).toEqual(edited);
  });
  test('arrays of documents give arrays of patches', () => {
    expect(createMergePatch([{ a: 1 }, { b: 1 }], [{ a: 2 }, { b: 1 }])).toEqual([{ a: 2 }, {}]);
    expect(() => createMergePatch([{ a: 1 }], [{ a: 1 }, {}])).toThrow(MergePatchError);
    expect(() => createMergePatch([{ a: 1 }], { a: 1 })).toThrow('Mismatched JSON Documents');
  });
});

interface ThreeWayCase {
  description: string;
  original?: JsonObject;
  modified?: JsonObject;
  current?: JsonObject;
  threeWay?: JsonObject;
  result?: JsonObject;
  originalObj?: JsonObject;
  expectedWithNull?: JsonObject;
  expectedWithoutNull?: JsonObject;
}
const fixtures = parse(
  readFileSync(join(__dirname, 'fixtures', 'jsonmergepatch-upstream.yaml'), 'utf8'),
  { version: '1.1' },
) as { keepOrDeleteNull: ThreeWayCase[]; threeWay: ThreeWayCase[] };

describe('k8s.io/apimachinery/pkg/util/jsonmergepatch (upstream cases)', () => {
  test.each(fixtures.keepOrDeleteNull.map((c) => [c.description, c] as const))(
    'keepOrDeleteNullInObj: %s',
    (_d, c) => {
      expect(keepOrDeleteNullInObj(c.originalObj ?? {}, true)).toEqual(c.expectedWithNull ?? {});
      expect(keepOrDeleteNullInObj(c.originalObj ?? {}, false)).toEqual(
        c.expectedWithoutNull ?? {},
      );
    },
  );
  test.each(fixtures.threeWay.map((c) => [c.description, c] as const))('three-way: %s', (_d, c) => {
    const patch = createThreeWayJSONMergePatch(c.original, c.modified, c.current);
    expect(patch).toEqual(c.threeWay ?? {});
    expect(applyMergePatch(c.current ?? {}, patch)).toEqual(c.result);
  });

  test('a deletion that collides with a change is a conflict', () => {
    // Only possible through types the diff cannot produce on its own: check the helper directly.
    expect(hasConflicts({ a: { b: 1 } }, { a: null })).toBe(true);
    expect(hasConflicts({ a: [1, 2] }, { a: [1] })).toBe(true);
    expect(hasConflicts({ a: 1 }, { b: null })).toBe(false);
    expect(new MergeConflictError({ a: 1 }, { a: null }).message).toBe(
      'patch:\na: 1\n\nconflicts with changes made from original to current:\na: null\n\n',
    );
  });

  test("kubectl apply's preconditions on apiVersion, kind and metadata.name", () => {
    const pre = [
      requireKeyUnchanged('apiVersion'),
      requireKeyUnchanged('kind'),
      requireMetadataKeyUnchanged('name'),
    ];
    const cr = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w' },
      spec: { size: 1 },
    };
    expect(createThreeWayJSONMergePatch(cr, { ...cr, spec: { size: 2 } }, cr, pre)).toEqual({
      spec: { size: 2 },
    });
    expect(() =>
      createThreeWayJSONMergePatch(cr, { ...cr, metadata: { name: 'x' } }, cr, pre),
    ).toThrow(PreconditionFailedError);
    expect(() => createThreeWayJSONMergePatch(cr, { ...cr, kind: 'Gadget' }, cr, pre)).toThrow(
      'precondition failed for: map[kind:Gadget]',
    );
  });

  test('kubectl apply of a custom resource keeps fields other writers added', () => {
    const lastApplied = { spec: { size: 1, color: 'red' } };
    const live = { spec: { size: 1, color: 'red', status: 'ok' }, metadata: { uid: 'u' } };
    const config = { spec: { size: 3 } };
    const patch = createThreeWayJSONMergePatch(lastApplied, config, live);
    expect(patch).toEqual({ spec: { size: 3, color: null } });
    expect(applyMergePatch(live, patch)).toEqual({
      spec: { size: 3, status: 'ok' },
      metadata: { uid: 'u' },
    });
  });
});
