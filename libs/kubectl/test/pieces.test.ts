import { FlagError, TabWriter, executeTemplate, parseArgs, toGoJson, toGoYaml } from '../src';
import { threeWayPatch } from '../src/resources/three-way';

describe('kubectl flag syntax', () => {
  const specs = [
    { name: 'output', short: 'o', type: 'string' as const },
    { name: 'watch', short: 'w', type: 'bool' as const },
    { name: 'replicas', type: 'int' as const },
    { name: 'filename', short: 'f', type: 'strings' as const },
  ];
  it('reads long, short, combined and = forms, and what follows --', () => {
    const p = parseArgs(
      [
        'get',
        '-oyaml',
        '-nkube-system',
        '-w',
        '--replicas=3',
        '-f',
        'a.yaml',
        '-f',
        'b.yaml',
        'pods',
        '--',
        'sh',
        '-c',
      ],
      specs,
    );
    expect(p.args).toEqual(['get', 'pods']);
    expect(p.flags).toMatchObject({
      output: 'yaml',
      namespace: 'kube-system',
      watch: true,
      replicas: 3,
      filename: ['a.yaml', 'b.yaml'],
    });
    expect(p.dashArgs).toEqual(['sh', '-c']);
  });
  it('refuses unknown flags and bad values as pflag does', () => {
    expect(() => parseArgs(['--nope'], specs)).toThrow(new FlagError('unknown flag: --nope'));
    expect(() => parseArgs(['-x'], specs)).toThrow("unknown shorthand flag: 'x' in -x");
    expect(() => parseArgs(['--replicas=three'], specs)).toThrow(
      'invalid argument "three" for "--replicas" flag',
    );
    expect(() => parseArgs(['-o'], specs)).toThrow("flag needs an argument: 'o' in -o");
  });
});

describe('JSONPath templates', () => {
  const list = {
    items: [
      {
        metadata: { name: 'a', labels: { 'app.kubernetes.io/name': 'x' } },
        status: { conditions: [{ type: 'Ready', status: 'True' }] },
      },
      { metadata: { name: 'b' }, status: { conditions: [{ type: 'Ready', status: 'False' }] } },
    ],
  };
  it('prints fields, wildcards, ranges, filters and escaped dots', () => {
    expect(executeTemplate('{.items[*].metadata.name}', list)).toBe('a b');
    expect(executeTemplate('{range .items[*]}{.metadata.name}{"\\n"}{end}', list)).toBe('a\nb\n');
    expect(
      executeTemplate('{.items[?(@.status.conditions[0].status=="False")].metadata.name}', list),
    ).toBe('b');
    expect(executeTemplate('{.items[0].metadata.labels.app\\.kubernetes\\.io/name}', list)).toBe(
      'x',
    );
    expect(executeTemplate('{.items[-1:].metadata.name}', list)).toBe('b');
    expect(executeTemplate('{.items[0].status}', list)).toBe(
      '{"conditions":[{"type":"Ready","status":"True"}]}',
    );
    expect(executeTemplate('{..name}', list)).toBe('a b');
  });
});

describe('client-side apply patches', () => {
  it('sends only what the manifest changes, and null for what it dropped', () => {
    const live = {
      metadata: { labels: { a: '1', b: '2' }, uid: 'u' },
      spec: { replicas: 3, template: { x: 1 } },
    };
    const original = { metadata: { labels: { a: '1', b: '2' } }, spec: { replicas: 3 } };
    expect(
      threeWayPatch(
        original,
        { metadata: { labels: { a: '1', b: '2' } }, spec: { replicas: 3 } },
        live,
      ),
    ).toEqual({});
    expect(
      threeWayPatch(original, { metadata: { labels: { a: '1' } }, spec: { replicas: 2 } }, live),
    ).toEqual({
      metadata: { labels: { b: null } },
      spec: { replicas: 2 },
    });
  });
  it('puts back what someone else changed in the fields the manifest sets', () => {
    const live = { spec: { replicas: 5 } };
    expect(threeWayPatch({ spec: { replicas: 3 } }, { spec: { replicas: 3 } }, live)).toEqual({
      spec: { replicas: 3 },
    });
  });
});

describe('output formats', () => {
  it('aligns columns like Go tabwriter and remembers widths across writes', () => {
    const w = new TabWriter();
    expect(
      w.format([
        ['NAME', 'READY', 'AGE'],
        ['web-1', '1/1', '5s'],
      ]),
    ).toBe('NAME    READY   AGE\nweb-1   1/1     5s\n');
    expect(w.format([['a', '0/1', '1s']])).toBe('a       0/1     1s\n');
  });
  it('writes YAML and JSON the way Go does', () => {
    expect(toGoYaml({ b: 'true', a: ['x'], c: {} })).toBe('a:\n- x\nb: "true"\nc: {}\n');
    expect(toGoJson({ b: '<x>', a: 1 })).toBe('{\n    "a": 1,\n    "b": "\\u003cx\\u003e"\n}\n');
  });
});
