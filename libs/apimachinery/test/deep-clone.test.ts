import { deepClone } from '../src';

describe('deepClone', () => {
  it('copies JSON values exactly as a JSON round trip would', () => {
    const samples: unknown[] = [
      { a: 1, b: undefined, c: [1, undefined, () => 1, NaN, { d: Infinity }], e: null, f: 'x' },
      {
        metadata: { name: 'n', labels: { x: 'y' }, when: new Date(0) },
        spec: { list: [[1], [2, [3]]] },
      },
      [undefined, 0, -0, 'text', true, false],
      'plain',
      42,
      null,
    ];
    for (const s of samples) expect(deepClone(s)).toEqual(JSON.parse(JSON.stringify(s)));
  });

  it('shares nothing with the original', () => {
    const o = { spec: { containers: [{ name: 'c', env: [{ name: 'A' }] }] } };
    const c = deepClone(o);
    c.spec.containers[0]!.env[0]!.name = 'B';
    expect(o.spec.containers[0]!.env[0]!.name).toBe('A');
  });
});
