// The test cases of k8s.io/apimachinery/pkg/util/strategicpatch/patch_test.go (release-1.32),
// run against our implementation with the same procedure (TestStrategicMergePatch,
// TestCustomStrategicMergePatch, TestReplaceWithRawExtension, TestNumberConversion, TestUnknownField).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { SchemaNode } from '../../src/openapi/schema-node';
import { goV } from '../../src/patch/go';
import { isObject, type JsonObject } from '../../src/patch/json';
import { MergeConflictError } from '../../src/patch/preconditions';
import {
  applyStrategicMergePatch,
  createThreeWayMergePatch,
  createTwoWayMergePatch,
} from '../../src/patch/strategic-merge';
import { mergeItem, precisionItem } from './schemas';

interface Case {
  description: string;
  original?: JsonObject | null;
  twoWay?: JsonObject | null;
  modified?: JsonObject | null;
  current?: JsonObject | null;
  threeWay?: JsonObject | null;
  result?: JsonObject | null;
  twoWayResult?: JsonObject | null;
  expectedError?: string;
}

const fixtures = parse(
  readFileSync(join(__dirname, 'fixtures', 'strategicpatch-upstream.yaml'), 'utf8'),
  { version: '1.1' },
) as Record<'twoAndThreeWay' | 'raw' | 'customApply' | 'customRaw' | 'replaceRawExtension', Case[]>;

const doc = (v: JsonObject | null | undefined): JsonObject => v ?? {};

// sortMergeListsByName: upstream sorts the documents of the non-raw cases before comparing.
function sortByName(
  v: JsonObject | null | undefined,
  schema: SchemaNode | undefined,
): JsonObject | undefined {
  if (v === null || v === undefined) return undefined;
  return sortMap(v, schema);
}
function fieldOf(schema: SchemaNode | undefined, key: string) {
  if (!schema) return undefined;
  return schema.type === 'map'
    ? schema.values
    : schema.type === 'object'
      ? schema.field(key)
      : undefined;
}
const byText = (a: unknown, b: unknown) => (goV(a) < goV(b) ? -1 : goV(a) > goV(b) ? 1 : 0);
function sortMap(s: JsonObject, schema: SchemaNode | undefined): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === '$retainKeys' || k.startsWith('$deleteFromPrimitiveList')) {
      out[k] = [...(v as unknown[])].sort(byText) as JsonObject[];
    } else if (k.startsWith('$setElementOrder') || k === '$patch') {
      out[k] = v;
    } else if (isObject(v)) {
      out[k] = sortMap(v, fieldOf(schema, k));
    } else if (Array.isArray(v)) {
      const f = fieldOf(schema, k);
      const strategies = f?.patchStrategy?.split(',') ?? [];
      out[k] = strategies.includes('merge')
        ? sortArray(v, f?.items ?? f, f?.patchMergeKey ?? '')
        : v;
    } else {
      out[k] = v;
    }
  }
  return out;
}
function sortArray(s: unknown[], schema: SchemaNode | undefined, mergeKey: string): JsonObject[] {
  if (s.length === 0) return s as JsonObject[];
  if (!isObject(s[0])) return [...new Set(s)].sort(byText) as JsonObject[];
  const items = s.map((e) => sortMap(e as JsonObject, schema));
  return items.sort((a, b) => byText(a[mergeKey], b[mergeKey]));
}

function threeWay(c: Case, o: JsonObject, m: JsonObject, cur: JsonObject, schema: SchemaNode) {
  const expected = doc(c.threeWay);
  let patch: JsonObject;
  try {
    patch = createThreeWayMergePatch(o, m, cur, schema, { overwrite: false });
  } catch (e) {
    expect(e).toBeInstanceOf(MergeConflictError);
    expect(c.description).toContain('conflict');
    if (!c.result) return;
    patch = createThreeWayMergePatch(o, m, cur, schema, { overwrite: true });
    expect(patch).toEqual(expected);
    expect(applyStrategicMergePatch(cur, patch, schema)).toEqual(c.result);
    return;
  }
  expect(c.description).not.toContain('conflict');
  expect(patch).toEqual(expected);
  expect(applyStrategicMergePatch(cur, patch, schema)).toEqual(c.result);
}

function applyExpecting(original: JsonObject, patch: JsonObject, expected: JsonObject, c: Case) {
  if (c.expectedError) {
    expect(() => applyStrategicMergePatch(original, patch, mergeItem)).toThrow(c.expectedError);
    return;
  }
  expect(applyStrategicMergePatch(original, patch, mergeItem)).toEqual(expected);
}

describe('upstream createStrategicMergePatchTestCaseData (sorted by merge key)', () => {
  const s = (v: JsonObject | null | undefined) => sortByName(v, mergeItem);
  for (const c of fixtures.twoAndThreeWay) {
    test(`${c.description} / TwoWay`, () => {
      const o = doc(s(c.original));
      const patch = createTwoWayMergePatch(o, doc(s(c.modified)), mergeItem);
      expect(patch).toEqual(doc(s(c.twoWay)));
      expect(applyStrategicMergePatch(o, patch, mergeItem)).toEqual(
        s(c.twoWayResult ?? c.modified),
      );
    });
    test(`${c.description} / ThreeWay`, () => {
      const sorted: Case = { ...c, threeWay: s(c.threeWay), result: s(c.result) };
      threeWay(sorted, doc(s(c.original)), doc(s(c.modified)), doc(s(c.current)), mergeItem);
    });
  }
});

describe('upstream strategicMergePatchRawTestCases', () => {
  for (const c of fixtures.raw) {
    test(`${c.description} / TwoWay`, () => {
      const patch = createTwoWayMergePatch(doc(c.original), doc(c.modified), mergeItem);
      expect(patch).toEqual(doc(c.twoWay));
      applyExpecting(doc(c.original), patch, doc(c.twoWayResult ?? c.modified), c);
    });
    test(`${c.description} / ThreeWay`, () => {
      threeWay(c, doc(c.original), doc(c.modified), doc(c.current), mergeItem);
    });
  }
});

describe('upstream TestCustomStrategicMergePatch', () => {
  for (const c of fixtures.customApply) {
    test(c.description, () => {
      const s = (v: JsonObject | null | undefined) => sortByName(v, mergeItem);
      applyExpecting(doc(s(c.original)), doc(s(c.twoWay)), doc(s(c.twoWayResult ?? c.modified)), c);
    });
  }
  for (const c of fixtures.customRaw) {
    test(c.description, () => {
      applyExpecting(doc(c.original), doc(c.twoWay), doc(c.twoWayResult ?? c.modified), c);
    });
  }
});

describe('upstream TestReplaceWithRawExtension', () => {
  for (const c of fixtures.replaceRawExtension) {
    test(c.description, () => {
      const patch = createTwoWayMergePatch(doc(c.original), doc(c.modified), mergeItem);
      expect(patch).toEqual(doc(c.twoWay));
      expect(applyStrategicMergePatch(doc(c.original), patch, mergeItem)).toEqual(
        doc(c.twoWayResult ?? c.modified),
      );
      threeWay(c, doc(c.original), doc(c.modified), doc(c.current), mergeItem);
    });
  }
});

describe('upstream TestNumberConversion', () => {
  const cases: Record<string, [string, string, string, string]> = {
    empty: ['{}', '{}', '{}', '{}'],
    'int32 medium': [
      '{"int32":1000000}',
      '{"int32":1000000,"name":"newname"}',
      '{"name":"newname"}',
      '{"int32":1000000,"name":"newname"}',
    ],
    'int32 max': [
      '{"int32":2147483647}',
      '{"int32":2147483647,"name":"newname"}',
      '{"name":"newname"}',
      '{"int32":2147483647,"name":"newname"}',
    ],
    'float64 max': [
      '{"float64":1.7976931348623157e+308}',
      '{"float64":1.7976931348623157e+308,"name":"newname"}',
      '{"name":"newname"}',
      '{"float64":1.7976931348623157e+308,"name":"newname"}',
    ],
  };
  for (const [name, [oldDoc, newDoc, expectedPatch, expectedResult]] of Object.entries(cases)) {
    test(name, () => {
      const patch = createTwoWayMergePatch(JSON.parse(oldDoc), JSON.parse(newDoc), precisionItem);
      expect(patch).toEqual(JSON.parse(expectedPatch));
      expect(applyStrategicMergePatch(JSON.parse(oldDoc), patch, precisionItem)).toEqual(
        JSON.parse(expectedResult),
      );
    });
  }
});

describe('upstream TestUnknownField', () => {
  // [original, current, modified, twoWay, twoWayResult, threeWay, threeWayResult]
  const cases: Record<string, string[]> = {
    'no diff': [
      '{"array":[1,2,3],"complex":{"nested":true},"name":"foo","scalar":true}',
      '{"array":[1,2,3],"complex":{"nested":true},"name":"foo","scalar":true}',
      '{"array":[1,2,3],"complex":{"nested":true},"name":"foo","scalar":true}',
      '{}',
      '{"array":[1,2,3],"complex":{"nested":true},"name":"foo","scalar":true}',
      '{}',
      '{"array":[1,2,3],"complex":{"nested":true},"name":"foo","scalar":true}',
    ],
    'no diff even if modified null': [
      '{"array":[1,2,3],"complex":{"nested":true},"name":"foo","scalar":true}',
      '{"array":[1,2,3],"complex":{"nested":true},"name":"foo","scalar":true}',
      '{"array":[1,2,3],"complex":{"nested":true},"complex_nullable":{"key":null},"name":"foo","scalar":true}',
      '{"complex_nullable":{"key":null}}',
      '{"array":[1,2,3],"complex":{"nested":true},"complex_nullable":{},"name":"foo","scalar":true}',
      '{"complex_nullable":{"key":null}}',
      '{"array":[1,2,3],"complex":{"nested":true},"complex_nullable":{},"name":"foo","scalar":true}',
    ],
    'discard nulls in nested and adds not nulls': [
      '{"array":[1,2,3],"complex":{"nested":true},"name":"foo","scalar":true}',
      '{"array":[1,2,3],"complex":{"nested":true},"name":"foo","scalar":true}',
      '{"array":[1,2,3],"complex":{"nested":true},"complex_nullable":{"key":{"keynotnull":"value","keynull":null}},"name":"foo","scalar":true}',
      '{"complex_nullable":{"key":{"keynotnull":"value","keynull":null}}}',
      '{"array":[1,2,3],"complex":{"nested":true},"complex_nullable":{"key":{"keynotnull":"value"}},"name":"foo","scalar":true}',
      '{"complex_nullable":{"key":{"keynotnull":"value","keynull":null}}}',
      '{"array":[1,2,3],"complex":{"nested":true},"complex_nullable":{"key":{"keynotnull":"value"}},"name":"foo","scalar":true}',
    ],
    'discard if modified all nulls': [
      '{}',
      '{}',
      '{"complex":{"nested":null}}',
      '{"complex":{"nested":null}}',
      '{"complex":{}}',
      '{"complex":{"nested":null}}',
      '{"complex":{}}',
    ],
    'null values in original are preserved': [
      '{"thing":null}',
      '{"thing":null}',
      '{"nested":{"value":5},"thing":null}',
      '{"nested":{"value":5}}',
      '{"nested":{"value":5},"thing":null}',
      '{"nested":{"value":5}}',
      '{"nested":{"value":5},"thing":null}',
    ],
    'filter nulls from nested slices': [
      '{}',
      '{}',
      '{"complex_nullable":[{"inner_one":{"key_one":"foo","key_two":null}}]}',
      '{"complex_nullable":[{"inner_one":{"key_one":"foo","key_two":null}}]}',
      '{"complex_nullable":[{"inner_one":{"key_one":"foo"}}]}',
      '{"complex_nullable":[{"inner_one":{"key_one":"foo","key_two":null}}]}',
      '{"complex_nullable":[{"inner_one":{"key_one":"foo"}}]}',
    ],
    'not filter nulls from non-associative slice': [
      '{}',
      '{}',
      '{"complex_nullable":["key1",null,"key2"]}',
      '{"complex_nullable":["key1",null,"key2"]}',
      '{"complex_nullable":["key1",null,"key2"]}',
      '{"complex_nullable":["key1",null,"key2"]}',
      '{"complex_nullable":["key1",null,"key2"]}',
    ],
    'removed only': [
      '{"name":"foo","scalar":true,"complex":{"nested":true}}',
      '{"name":"foo","scalar":true,"complex":{"nested":true},"array":[1,2,3]}',
      '{"name":"foo"}',
      '{"complex":null,"scalar":null}',
      '{"name":"foo"}',
      '{"complex":null,"scalar":null}',
      '{"array":[1,2,3],"name":"foo"}',
    ],
    // Upstream fails this one with "unable to find api field"; fields the schema does not know
    // merge like a JSON merge patch here (see strategic-merge.ts).
    'diff (unknown field merges like JSON merge patch)': [
      '{"array":[1,2,3],"complex":{"nested":true},"name":"foo","scalar":true}',
      '{"array":[1,2,3],"complex":{"nested":true},"name":"foo","scalar":true}',
      '{"array":[1,2,3],"complex":{"nested":false},"name":"foo","scalar":true}',
      '{"complex":{"nested":false}}',
      '{"array":[1,2,3],"complex":{"nested":false},"name":"foo","scalar":true}',
      '{"complex":{"nested":false}}',
      '{"array":[1,2,3],"complex":{"nested":false},"name":"foo","scalar":true}',
    ],
  };
  for (const [name, texts] of Object.entries(cases)) {
    test(name, () => {
      const [original, current, modified, twoWay, twoWayResult, threeWay, threeWayResult] =
        texts.map((t) => JSON.parse(t!) as JsonObject) as JsonObject[];
      const p2 = createTwoWayMergePatch(original, modified, mergeItem);
      expect(p2).toEqual(twoWay);
      expect(applyStrategicMergePatch(original, p2, mergeItem)).toEqual(twoWayResult);
      const p3 = createThreeWayMergePatch(original, modified, current, mergeItem, {
        overwrite: false,
      });
      expect(p3).toEqual(threeWay);
      expect(applyStrategicMergePatch(current, p3, mergeItem)).toEqual(threeWayResult);
    });
  }
});
