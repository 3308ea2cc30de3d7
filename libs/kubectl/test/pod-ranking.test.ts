import { mostActiveFirst } from '../src/commands/pod-ranking';

// kubectl logs/exec deploy/x use the most active pod; these are the cases where a naive choice
// (first by name, or oldest) picks a different pod than the real kubectl.

const pod = (
  name: string,
  o: { node?: string; phase?: string; readyAt?: string; restarts?: number; created?: string } = {},
) => ({
  metadata: { name, creationTimestamp: o.created ?? '2026-01-01T00:00:00Z' },
  spec: { nodeName: o.node ?? 'node-1' },
  status: {
    phase: o.phase ?? 'Running',
    conditions: o.readyAt ? [{ type: 'Ready', status: 'True', lastTransitionTime: o.readyAt }] : [],
    containerStatuses: [{ restartCount: o.restarts ?? 0 }],
  },
});

const first = (pods: any[]) => mostActiveFirst(pods)[0].metadata.name;

describe('the pod kubectl picks for TYPE/NAME', () => {
  it('prefers a scheduled, running, ready pod', () => {
    expect(first([pod('a', { node: '' }), pod('b')])).toBe('b');
    expect(first([pod('a', { phase: 'Pending' }), pod('b')])).toBe('b');
    expect(first([pod('a'), pod('b', { readyAt: '2026-01-01T00:00:05Z' })])).toBe('b');
  });

  it('prefers the pod ready for longest, then fewer restarts, then the oldest', () => {
    const early = '2026-01-01T00:00:01Z';
    const late = '2026-01-01T00:00:02Z';
    expect(first([pod('a', { readyAt: late }), pod('b', { readyAt: early })])).toBe('b');
    expect(first([pod('a', { readyAt: early, restarts: 2 }), pod('b', { readyAt: early })])).toBe(
      'b',
    );
    expect(
      first([
        pod('a', { readyAt: early, created: late }),
        pod('b', { readyAt: early, created: early }),
      ]),
    ).toBe('b');
  });

  it('keeps the server order on ties', () => {
    expect(first([pod('a'), pod('b'), pod('c')])).toBe('a');
  });
});
