import type { KubeObject } from '@kubelab/apimachinery';
import { ClusterState } from '../../src';

// The state's indexes must follow every way an object changes: put, replace, remove, changes
// from another process, and forks that must not leak writes back.

const event = (name: string, uid: string, ns = 'default'): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: ns },
    involvedObject: { uid, name: 'x', kind: 'Pod' },
    reason: 'Started',
  }) as unknown as KubeObject;

const names = (objs: KubeObject[]) => objs.map((o) => o.metadata.name).sort();

describe('ClusterState: events by the object they are about', () => {
  it('indexes puts, re-points on replace and forgets removals', () => {
    const s = new ClusterState();
    s.put(event('a', 'u1'));
    s.put(event('b', 'u1'));
    s.put(event('c', 'u2'));
    expect(names(s.eventsAbout('u1'))).toEqual(['a', 'b']);
    s.put(event('b', 'u2')); // the same event now about another object
    expect(names(s.eventsAbout('u1'))).toEqual(['a']);
    expect(names(s.eventsAbout('u2'))).toEqual(['b', 'c']);
    s.remove(event('a', 'u1'));
    expect(s.eventsAbout('u1')).toEqual([]);
    expect(s.eventsAbout('nobody')).toEqual([]);
  });

  it('follows external changes and keeps forks apart', () => {
    const s = new ClusterState();
    const stored = s.put(event('a', 'u1'));
    const f = s.fork();
    f.put(event('z', 'u1'));
    expect(names(f.eventsAbout('u1'))).toEqual(['a', 'z']);
    expect(names(s.eventsAbout('u1'))).toEqual(['a']);
    s.applyExternal([{ type: 'DELETED', object: stored }]);
    expect(s.eventsAbout('u1')).toEqual([]);
  });

  it('leaves events.k8s.io and other kinds out', () => {
    const s = new ClusterState();
    s.put({ ...event('n', 'u1'), apiVersion: 'events.k8s.io/v1' } as KubeObject);
    s.put({ ...event('p', 'u1'), kind: 'ConfigMap' } as KubeObject);
    expect(s.eventsAbout('u1')).toEqual([]);
    expect(s.unsorted('', 'ConfigMap').map((o) => o.metadata.name)).toEqual(['p']);
  });
});
