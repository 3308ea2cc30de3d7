// Cases are taken from k8s.io/apimachinery/pkg/labels/selector_test.go, labels_test.go and
// pkg/apis/meta/v1/helpers_test.go / validation_test.go (v0.32); messages are Go's.
import { FieldPath } from '../src/util/validation/field';
import {
  LabelSelectorError,
  Requirement,
  everything,
  formatLabelSelector,
  formatLabels,
  labelSelectorAsMap,
  labelSelectorAsSelector,
  labelsToString,
  newRequirement,
  nothing,
  parseSelector,
  parseToLabelSelector,
  parseToRequirements,
  selectorFromSet,
  validateLabelSelector,
  validatedSelectorFromSet,
  type LabelSelector,
} from '../src/labels/selector';

const KEY_NAME_ERR =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const VALUE_ERR =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const OPS = 'in, notin, =, ==, !=, gt, lt';

const errorOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
};

describe('parsing the string form of a label selector', () => {
  it.each([
    ['x=a,y=b,z=c'],
    [''],
    ['x!=a,y=b'],
    ['x='],
    ['x= '],
    ['x=,z= '],
    ['x= ,z= '],
    ['!x'],
    ['x>1'],
    ['x>1,z<5'],
  ])('accepts %j and prints it back without spaces', (input) => {
    expect(parseSelector(input).toString()).toBe(input.replace(/ /g, ''));
  });

  it('sorts requirements by key, so equal selectors print equally', () => {
    expect(parseSelector('x=a,a=x').toString()).toBe('a=x,x=a');
    expect(parseSelector('a=x,x=a').toString()).toBe(parseSelector('x=a,a=x').toString());
  });

  it.each([
    ['\rx', 'x'],
    ['this-is-a-dns.domain.com/key-with-dash', 'this-is-a-dns.domain.com/key-with-dash'],
    [
      'this-is-another-dns.domain.com/key-with-dash in (so,what)',
      'this-is-another-dns.domain.com/key-with-dash in (so,what)',
    ],
    [
      '0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)',
      '0.1.2.domain/99 notin (10.10.100.1,tick.tack.clock)',
    ],
    ['foo  in\t (abc)', 'foo in (abc)'],
    ['x notin\n (abc)', 'x notin (abc)'],
    ['x  notin\t\t\t(abc,def)', 'x notin (abc,def)'],
    ['x in (abc,def)', 'x in (abc,def)'],
    ['x in (def,abc,def)', 'x in (abc,def)'],
    ['x in (abc,)', 'x in (,abc)'],
    ['x in ()', 'x in ()'],
    ['x notin (abc,,def),bar,z in (),w', 'bar,w,x notin (,abc,def),z in ()'],
    ['x,y in (a)', 'x,y in (a)'],
    ['x=a', 'x=a'],
    ['x==a', 'x==a'],
    ['x>1', 'x>1'],
    ['x<7', 'x<7'],
    ['x=a,y!=b', 'x=a,y!=b'],
    ['x=a,y!=b,z in (h,i,j)', 'x=a,y!=b,z in (h,i,j)'],
    ['x notin ( )', 'x notin ()'],
    ['x notin (, a)', 'x notin (,a)'],
    ['a ', 'a'],
    ['a in (x,y,notin, z,in)', 'a in (in,notin,x,y,z)'],
    ['notin=in', 'notin=in'],
    ['in in (in)', 'in in (in)'],
    ['app = web , tier != db', 'app=web,tier!=db'],
    ['env in (a,b)', 'env in (a,b)'],
    ['env notin (a, b)', 'env notin (a,b)'],
    ['x=\u0000y', 'x=y'],
  ])('reads %j as %j', (input, canonical) => {
    expect(parseSelector(input).toString()).toBe(canonical);
  });

  it('gives each requirement its key, operator and sorted unique values', () => {
    const reqs = parseToRequirements('z in (b,a,b),!y,x,w==1,v!=2,u>3,t<4,s notin (q)');
    expect(reqs.map((r) => [r.key, r.operator, r.values])).toEqual([
      ['s', 'notin', ['q']],
      ['t', 'lt', ['4']],
      ['u', 'gt', ['3']],
      ['v', '!=', ['2']],
      ['w', '==', ['1']],
      ['x', 'exists', []],
      ['y', '!', []],
      ['z', 'in', ['a', 'b']],
    ]);
  });

  it.each([
    ['x=a||y=b', `unable to parse requirement: values[0][x]: Invalid value: "a||y": ${VALUE_ERR}`],
    ['x==a==b', "found '==', expected: ',' or 'end of string'"],
    ['!x=a', "found '=', expected: ',' or 'end of string'"],
    [
      'x<a',
      `unable to parse requirement: values[0]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer`,
    ],
    ['x,,y', "found ',', expected: identifier after ','"],
    [',x,y', "found ',', expected: !, identifier, or 'end of string'"],
    ['x nott in (y)', `unable to parse requirement: found 'nott', expected: ${OPS}`],
    ['a in (xyz),', "found '', expected: identifier after ','"],
    ['a in (xyz)b notin ()', "found 'b', expected: ',' or 'end of string'"],
    ['a in (xyz abc)', "unable to parse requirement: found 'abc', expected: ',' or ')'"],
    ['a notin(', "unable to parse requirement: found '', expected: ',', ')' or identifier"],
    ['a (', `unable to parse requirement: found '(', expected: ${OPS}`],
    ['(', "found '(', expected: !, identifier, or 'end of string'"],
    ['x y', `unable to parse requirement: found 'y', expected: ${OPS}`],
    ['!', "unable to parse requirement: found '', expected: identifier"],
    ['!!x', "unable to parse requirement: found '!', expected: identifier"],
    ['x in a', "unable to parse requirement: found 'a' expected: '('"],
    ['x in (a', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['x in (a b)', "unable to parse requirement: found 'b', expected: ',' or ')'"],
    ['x in (=)', "unable to parse requirement: found '=', expected: ',', ')' or identifier"],
    ['x in (a,=)', "unable to parse requirement: found '=', expected: ',', or identifier"],
    ['x>=1', "unable to parse requirement: found '=', expected: identifier"],
    ['x=(a)', "unable to parse requirement: found '(', expected: identifier"],
    ['x\u0000garbage', `unable to parse requirement: found 'garbage', expected: ${OPS}`],
    ['a$b=c', `unable to parse requirement: <nil>: Invalid value: "a$b": ${KEY_NAME_ERR}`],
    ['x=a$', `unable to parse requirement: values[0][x]: Invalid value: "a$": ${VALUE_ERR}`],
    ['x>-1', `unable to parse requirement: values[0][x]: Invalid value: "-1": ${VALUE_ERR}`],
    [
      'x>99999999999999999999',
      `unable to parse requirement: values[0]: Invalid value: "99999999999999999999": for 'Gt', 'Lt' operators, the value must be an integer`,
    ],
    [
      `x=${'a'.repeat(64)}`,
      `unable to parse requirement: values[0][x]: Invalid value: "${'a'.repeat(64)}": must be no more than 63 characters`,
    ],
    [
      'example.com/=a',
      `unable to parse requirement: <nil>: Invalid value: "example.com/": name part must be non-empty`,
    ],
    [
      'Example.com/a',
      `unable to parse requirement: <nil>: Invalid value: "Example.com/a": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    ],
  ])('rejects %j with Kubernetes’ message', (input, message) => {
    expect(errorOf(() => parseSelector(input))).toBe(message);
  });

  it('names the key error’s field after the path it was given', () => {
    const path = new FieldPath().child('spec', 'selector');
    expect(errorOf(() => parseSelector('a$b', { path }))).toBe(
      `unable to parse requirement: spec.selector: Invalid value: "a$b": ${KEY_NAME_ERR}`,
    );
    expect(errorOf(() => parseSelector('x in ()x', { path }))).toBe(
      "found 'x', expected: ',' or 'end of string'",
    );
  });

  it('quotes bad values the way Go’s %q does', () => {
    expect(errorOf(() => parseSelector('x=\u00e9\u00a0'))).toBe(
      `unable to parse requirement: values[0][x]: Invalid value: "\u00e9\\u00a0": ${VALUE_ERR}`,
    );
    expect(errorOf(() => parseSelector('x=a"b'))).toContain('Invalid value: "a\\"b"');
    expect(errorOf(() => parseSelector('x=a\x7fb'))).toContain('Invalid value: "a\\x7fb"');
  });

  it('throws LabelSelectorError carrying the field errors', () => {
    let caught: unknown;
    try {
      parseSelector('x=a$');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(LabelSelectorError);
    expect((caught as LabelSelectorError).fieldErrors.map((e) => e.field)).toEqual([
      'values[0][x]',
    ]);
  });
});

describe('matching labels', () => {
  it.each([
    ['', { x: 'y' }, true],
    ['x=y', { x: 'y' }, true],
    ['x=y,z=w', { x: 'y', z: 'w' }, true],
    ['x!=y,z!=w', { x: 'z', z: 'a' }, true],
    ['notin=in', { notin: 'in' }, true],
    ['x', { x: 'z' }, true],
    ['!x', { y: 'z' }, true],
    ['x>1', { x: '2' }, true],
    ['x<1', { x: '0' }, true],
    ['x=z', {}, false],
    ['x=y', { x: 'z' }, false],
    ['x=y,z=w', { x: 'w', z: 'w' }, false],
    ['x!=y,z!=w', { x: 'z', z: 'w' }, false],
    ['x', { y: 'z' }, false],
    ['!x', { x: 'z' }, false],
    ['x>1', { x: '0' }, false],
    ['x<1', { x: '2' }, false],
    ['foo=bar', { foo: 'bar', baz: 'blah' }, true],
    ['baz=blah', { foo: 'bar', baz: 'blah' }, true],
    ['foo=bar,baz=blah', { foo: 'bar', baz: 'blah' }, true],
    ['foo=blah', { foo: 'bar', baz: 'blah' }, false],
    ['baz=bar', { foo: 'bar', baz: 'blah' }, false],
    ['foo=bar,foobar=bar,baz=blah', { foo: 'bar', baz: 'blah' }, false],
    ['x in (foo),y notin (alpha)', { x: 'foo', y: 'baz' }, true],
    ['x in (foo),y in (alpha)', { x: 'foo', y: 'baz' }, false],
    ['x notin (),y', { y: '' }, true],
    ['!x,y', { y: '' }, true],
    ['x notin (),!y', { y: '' }, false],
    ['x in ()', { y: 'baz' }, false],
    ['x in ()', { x: '' }, true],
    ['z>1', { z: '2' }, true],
    ['z>1', { z: 'v2' }, false],
    ['z>1', { z: '+2' }, true],
    ['z<1', { z: '-5' }, true],
    ['z>1', { z: '99999999999999999999' }, false],
    ['tier notin (db)', {}, true],
    ['tier!=db', {}, true],
    ['app=', { app: '' }, true],
    ['app=', {}, false],
    ['constructor', {}, false],
    ['!toString', {}, true],
  ])('%j against %j is %s', (selector, labels, expected) => {
    expect(parseSelector(selector).matches(labels)).toBe(expected);
  });

  it('treats absent labels as an empty set', () => {
    expect(parseSelector('!x').matches(undefined)).toBe(true);
    expect(parseSelector('x').matches(null)).toBe(false);
    expect(parseSelector('').matches(undefined)).toBe(true);
  });

  it('distinguishes selecting everything from selecting nothing', () => {
    expect(everything().matches({ x: 'y' })).toBe(true);
    expect(everything().empty()).toBe(true);
    expect(nothing().matches({ x: 'y' })).toBe(false);
    expect(nothing().matches({})).toBe(false);
    expect(nothing().empty()).toBe(false);
    expect(nothing().selectable).toBe(false);
    expect(everything().selectable).toBe(true);
    expect(nothing().toString()).toBe('');
  });

  it('knows when a label is pinned to one value', () => {
    const s = parseSelector('app=web,tier in (a),env in (a,b),x!=y,k==v');
    expect(s.requiresExactMatch('app')).toBe('web');
    expect(s.requiresExactMatch('tier')).toBe('a');
    expect(s.requiresExactMatch('k')).toBe('v');
    expect(s.requiresExactMatch('env')).toBeUndefined();
    expect(s.requiresExactMatch('x')).toBeUndefined();
    expect(s.requiresExactMatch('missing')).toBeUndefined();
  });
});

describe('selectors from label maps', () => {
  it('matches exactly the given labels, in key order', () => {
    const s = selectorFromSet({ tier: 'web', app: 'shop' });
    expect(s.toString()).toBe('app=shop,tier=web');
    expect(s.matches({ app: 'shop', tier: 'web', extra: '1' })).toBe(true);
    expect(s.matches({ app: 'shop' })).toBe(false);
    expect(s.matches({ app: 'shop', tier: 'db' })).toBe(false);
  });

  it('selects everything from a null or empty map', () => {
    for (const set of [null, undefined, {}]) {
      const s = selectorFromSet(set);
      expect(s.empty()).toBe(true);
      expect(s.matches({ a: 'b' })).toBe(true);
    }
  });

  it('validates entries when asked', () => {
    expect(validatedSelectorFromSet({ key: 'val' }).toString()).toBe('key=val');
    const long = 'axahm2EJ8Phiephe2eixohbee9eGeiyees1thuozi1xoh0GiuH3diewi8iem7Nui';
    expect(errorOf(() => validatedSelectorFromSet({ Key: long }))).toBe(
      `values[0][Key]: Invalid value: "${long}": must be no more than 63 characters`,
    );
  });

  it('does not validate a plain set', () => {
    expect(selectorFromSet({ 'bad key': 'a b' }).toString()).toBe('bad key=a b');
  });

  it('prints label maps like kubectl', () => {
    expect(formatLabels({ b: '2', a: '1' })).toBe('a=1,b=2');
    expect(formatLabels({})).toBe('<none>');
    expect(formatLabels(undefined)).toBe('<none>');
    // Sorted as whole "k=v" strings, so "a.b=…" comes before "a=…".
    expect(labelsToString({ a: 'x', 'a.b': 'y' })).toBe('a.b=y,a=x');
  });
});

describe('building requirements', () => {
  it.each([
    [
      'x1',
      'in',
      [],
      "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty",
    ],
    [
      'x2',
      'notin',
      [],
      "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty",
    ],
    [
      'x5',
      '=',
      ['bar', 'foo'],
      'values: Invalid value: []string{"bar", "foo"}: exact-match compatibility requires one single value',
    ],
    [
      'x8',
      'exists',
      ['foo'],
      'values: Invalid value: []string{"foo"}: values set must be empty for exists and does not exist',
    ],
    [
      'x13',
      'gt',
      [],
      "values: Invalid value: []string{}: for 'Gt', 'Lt' operators, exactly one value is required",
    ],
    [
      'x14',
      'gt',
      ['bar'],
      "values[0]: Invalid value: \"bar\": for 'Gt', 'Lt' operators, the value must be an integer",
    ],
    [
      'x15',
      'lt',
      ['bar'],
      "values[0]: Invalid value: \"bar\": for 'Gt', 'Lt' operators, the value must be an integer",
    ],
    [
      'a'.repeat(254),
      'exists',
      [],
      `key: Invalid value: "${'a'.repeat(254)}": name part must be no more than 63 characters`,
    ],
    [
      'x16',
      '=',
      ['a'.repeat(254)],
      `values[0][x16]: Invalid value: "${'a'.repeat(254)}": must be no more than 63 characters`,
    ],
    ['x17', '=', ['a b'], `values[0][x17]: Invalid value: "a b": ${VALUE_ERR}`],
    [
      'x18',
      'unsupportedOp',
      [],
      'operator: Unsupported value: "unsupportedOp": supported values: "in", "notin", "=", "==", "!=", "gt", "lt", "exists", "!"',
    ],
    [
      'x',
      'in',
      ['a b', 'c$'],
      `[values[0][x]: Invalid value: "a b": ${VALUE_ERR}, values[1][x]: Invalid value: "c$": ${VALUE_ERR}]`,
    ],
  ])('refuses key %s with operator %s and values %j', (key, op, values, message) => {
    expect(errorOf(() => newRequirement(key, op, values))).toBe(message);
  });

  it.each([
    ['x3', 'in', ['foo']],
    ['x4', 'notin', ['foo']],
    ['x6', 'exists', []],
    ['x7', '!', []],
    ['x11', 'gt', ['1']],
    ['x12', 'lt', ['6']],
  ])('accepts key %s with operator %s and values %j', (key, op, values) => {
    expect(newRequirement(key, op, values).key).toBe(key);
  });

  it.each([
    [['x in (abc,def)', 'y notin (jkl)', 'z'], 'x in (abc,def),y notin (jkl),z'],
    [['x notin (abc,def)', 'y!=jkl', '!z'], 'x notin (abc,def),y!=jkl,!z'],
    [['x notin (abc)', 'y in (jkl,mno)', 'z notin ()'], 'x notin (abc),y in (jkl,mno),z notin ()'],
    [['x=abc', 'y==jkl', 'z!=a', 'z'], 'x=abc,y==jkl,z!=a,z'],
    [['x>2', 'y<8', 'z'], 'x>2,y<8,z'],
  ])('prints requirements %j as %s', (parts, text) => {
    const reqs = parts.flatMap((p) => parseToRequirements(p));
    expect(
      everything()
        .add(...reqs)
        .toString(),
    ).toBe(text);
  });

  it('prints values sorted without reordering the requirement', () => {
    const r = newRequirement('x', 'in', ['b', 'a']);
    expect(r.toString()).toBe('x in (a,b)');
    expect(r.valuesUnsorted()).toEqual(['b', 'a']);
  });

  it('adds requirements in key order without changing the original', () => {
    const base = everything().add(newRequirement('key', 'in', ['value']));
    const more = base.add(newRequirement('a', '=', ['b']));
    expect(base.toString()).toBe('key in (value)');
    expect(more.toString()).toBe('a=b,key in (value)');
    expect(more.requirements()[0]!.equals(Requirement.unchecked('a', '=', ['b']))).toBe(true);
    expect(more.requirements()[0]!.equals(Requirement.unchecked('a', '=', ['c']))).toBe(false);
  });
});

describe('metav1.LabelSelector', () => {
  it('selects nothing when absent and everything when empty', () => {
    expect(labelSelectorAsSelector(null).matches({ app: 'x' })).toBe(false);
    expect(labelSelectorAsSelector(undefined).selectable).toBe(false);
    expect(labelSelectorAsSelector({}).matches({ app: 'x' })).toBe(true);
    expect(labelSelectorAsSelector({ matchLabels: {}, matchExpressions: [] }).empty()).toBe(true);
  });

  it('combines matchLabels and matchExpressions', () => {
    const s = labelSelectorAsSelector({
      matchLabels: { app: 'nginx' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['frontend', 'cache'] },
        { key: 'env', operator: 'NotIn', values: ['dev'] },
        { key: 'canary', operator: 'DoesNotExist' },
        { key: 'team', operator: 'Exists' },
      ],
    });
    // Sorted by key; the "!" of DoesNotExist is not part of it.
    expect(s.toString()).toBe('app=nginx,!canary,env notin (dev),team,tier in (cache,frontend)');
    expect(s.matches({ app: 'nginx', tier: 'cache', team: 'a' })).toBe(true);
    expect(s.matches({ app: 'nginx', tier: 'cache', team: 'a', env: 'dev' })).toBe(false);
    expect(s.matches({ app: 'nginx', tier: 'cache', team: 'a', canary: 'true' })).toBe(false);
    expect(s.matches({ app: 'nginx', tier: 'db', team: 'a' })).toBe(false);
  });

  it.each([
    [
      { matchExpressions: [{ key: 'a', operator: 'In' }] },
      "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
    ],
    [
      { matchExpressions: [{ key: 'a', operator: 'NotIn', values: [] }] },
      "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
    ],
    [
      { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] },
      'values: Invalid value: []string{"x"}: values set must be empty for exists and does not exist',
    ],
    [
      { matchExpressions: [{ key: 'a', operator: 'in', values: ['x'] }] },
      '"in" is not a valid label selector operator',
    ],
    [
      { matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] },
      '"Gt" is not a valid label selector operator',
    ],
    [{ matchLabels: { 'a b': 'c' } }, `key: Invalid value: "a b": ${KEY_NAME_ERR}`],
    [{ matchLabels: { a: 'b c' } }, `values[0][a]: Invalid value: "b c": ${VALUE_ERR}`],
  ] as [LabelSelector, string][])('refuses %j with Kubernetes’ message', (ls, message) => {
    expect(errorOf(() => labelSelectorAsSelector(ls))).toBe(message);
  });

  it.each([
    [
      {
        matchLabels: { app: 'nginx' },
        matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }],
      },
      'app=nginx,tier in (a,b)',
    ],
    [{ matchLabels: { foo: 'bar', baz: 'qux' } }, 'baz=qux,foo=bar'],
    [{ matchExpressions: [{ key: 'a', operator: 'DoesNotExist' }] }, '!a'],
    [{}, '<none>'],
    [null, '<none>'],
    [{ matchExpressions: [{ key: 'a', operator: 'In' }] }, '<error>'],
  ] as [LabelSelector | null, string][])('formats %j for kubectl as %s', (ls, text) => {
    expect(formatLabelSelector(ls)).toBe(text);
  });

  it('converts to a plain label map where it is one', () => {
    expect(labelSelectorAsMap(null)).toBeNull();
    expect(labelSelectorAsMap({})).toEqual({});
    expect(
      labelSelectorAsMap({
        matchLabels: { foo: 'bar' },
        matchExpressions: [{ key: 'baz', operator: 'In', values: ['qux'] }],
      }),
    ).toEqual({ foo: 'bar', baz: 'qux' });
  });

  it.each([
    [
      { matchExpressions: [{ key: 'a', operator: 'In', values: ['x', 'y'] }] },
      'operator "In" without a single value cannot be converted into the old label selector format',
    ],
    [
      { matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['x'] }] },
      'operator "NotIn" cannot be converted into the old label selector format',
    ],
    [
      { matchExpressions: [{ key: 'a', operator: 'Exists' }] },
      'operator "Exists" cannot be converted into the old label selector format',
    ],
    [
      { matchExpressions: [{ key: 'a', operator: 'Bogus' }] },
      '"Bogus" is not a valid selector operator',
    ],
  ] as [LabelSelector, string][])('refuses to turn %j into a map', (ls, message) => {
    expect(errorOf(() => labelSelectorAsMap(ls))).toBe(message);
  });

  it('parses the string form into a LabelSelector object', () => {
    expect(parseToLabelSelector('app=web,tier in (b,a),!canary,team')).toEqual({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'canary', operator: 'DoesNotExist' },
        { key: 'team', operator: 'Exists' },
        { key: 'tier', operator: 'In', values: ['a', 'b'] },
      ],
    });
    expect(errorOf(() => parseToLabelSelector('x>1'))).toBe(
      '"gt" isn\'t supported in label selectors',
    );
    expect(errorOf(() => parseToLabelSelector('x=,'))).toBe(
      "couldn't parse the selector string \"x=,\": found '', expected: identifier after ','",
    );
  });

  it('round-trips the string form through a LabelSelector', () => {
    const text = 'app=web,env notin (dev,test),tier in (a,b)';
    expect(formatLabelSelector(parseToLabelSelector(text))).toBe(text);
  });
});

describe('validating a LabelSelector in an object', () => {
  const root = new FieldPath().child('spec', 'selector');
  const messages = (ls: LabelSelector, opts = {}) =>
    validateLabelSelector(ls, opts, root).map((e) => e.toString());

  it('accepts a valid selector and a null one', () => {
    expect(
      messages({
        matchLabels: { app: 'x' },
        matchExpressions: [{ key: 'a', operator: 'In', values: ['b'] }],
      }),
    ).toEqual([]);
    expect(validateLabelSelector(null, {}, root)).toEqual([]);
  });

  it('reports every problem with its field path', () => {
    expect(
      messages({
        matchLabels: { 'bad key': 'ok', good: 'bad value' },
        matchExpressions: [
          { key: 'a', operator: 'In' },
          { key: 'b', operator: 'Exists', values: ['x'] },
          { key: 'c', operator: 'Bogus' },
          { key: 'd', operator: 'NotIn', values: ['not ok'] },
        ],
      }),
    ).toEqual([
      `spec.selector.matchLabels: Invalid value: "bad key": ${KEY_NAME_ERR}`,
      `spec.selector.matchLabels: Invalid value: "bad value": ${VALUE_ERR}`,
      "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      'spec.selector.matchExpressions[2].operator: Invalid value: "Bogus": not a valid selector operator',
      `spec.selector.matchExpressions[3].values[0]: Invalid value: "not ok": ${VALUE_ERR}`,
    ]);
  });

  it('honours the compatibility options', () => {
    const ls = { matchExpressions: [{ key: 'c', operator: 'Bogus', values: ['not ok'] }] };
    expect(
      messages(ls, {
        allowUnknownOperatorInRequirement: true,
        allowInvalidLabelValueInSelector: true,
      }),
    ).toEqual([]);
    expect(messages(ls)).toHaveLength(2);
  });
});
