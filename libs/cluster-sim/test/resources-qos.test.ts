import { SimCluster } from '../src';
import { podQosClass } from '../src/apis/core/qos';
import { applyIn, corpus, expected, namespace } from './resources-helpers';

// status.qosClass, set by the API server when the pod is created (pods/qos/*.yaml of the
// "Configure Quality of Service for Pods" task), and the rules of GetPodQOS.

describe('QoS classes of the corpus pods (pods/qos)', () => {
  const c = new SimCluster();
  namespace(c, 'qos-example');
  for (const f of [
    'qos-pod.yaml',
    'qos-pod-2.yaml',
    'qos-pod-3.yaml',
    'qos-pod-4.yaml',
    'qos-pod-5.yaml',
  ])
    applyIn(c, corpus(`pods/qos/${f}`), 'qos-example');
  c.advance(60_000);
  const qos = (name: string) => c.get('pods', 'qos-example', name).status.qosClass;

  it('qos-pod is Guaranteed and qos-pod-2 Burstable, and both run', () => {
    for (const [file, name] of [
      ['pods/qos/qos-pod.yaml', 'qos-demo'],
      ['pods/qos/qos-pod-2.yaml', 'qos-demo-2'],
    ]) {
      const e = expected(file!).expect.pods;
      expect(qos(name!)).toBe(e.qosClass);
      expect(c.get('pods', 'qos-example', name!).status.phase).toBe(e.phase);
    }
  });

  it('qos-pod-3 (nothing set) is BestEffort, qos-pod-4 (one request) Burstable, qos-pod-5 Guaranteed', () => {
    expect(qos('qos-demo-3')).toBe('BestEffort');
    expect(qos('qos-demo-4')).toBe('Burstable');
    expect(qos('qos-demo-5')).toBe('Guaranteed');
  });

  it('the class stays as it was set at creation', () => {
    c.patch('pods', 'qos-example', 'qos-demo-3', { metadata: { labels: { touched: 'yes' } } });
    c.advance(5_000);
    expect(qos('qos-demo-3')).toBe('BestEffort');
  });
});

describe('GetPodQOS', () => {
  const spec = (...containers: any[]) => ({
    containers: containers.map((resources, i) => ({ name: `c${i}`, resources })),
  });

  it('needs cpu and memory limits on every container for Guaranteed', () => {
    expect(
      podQosClass(
        spec({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1', memory: '1Gi' } }),
      ),
    ).toBe('Guaranteed');
    expect(podQosClass(spec({ limits: { memory: '1Gi' }, requests: { memory: '1Gi' } }))).toBe(
      'Burstable',
    );
    expect(
      podQosClass(
        spec({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1', memory: '1Gi' } }, {}),
      ),
    ).toBe('Burstable');
  });

  it('compares quantities, not their spelling', () => {
    expect(
      podQosClass(
        spec({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1000m', memory: '1024Mi' } }),
      ),
    ).toBe('Guaranteed');
  });

  it('ignores zero quantities and resources other than cpu and memory', () => {
    expect(
      podQosClass(spec({ requests: { cpu: '0' }, limits: { 'ephemeral-storage': '1Gi' } })),
    ).toBe('BestEffort');
  });

  it('counts init containers', () => {
    expect(
      podQosClass({
        containers: [{ name: 'a', resources: {} }],
        initContainers: [{ name: 'i', resources: { requests: { cpu: '100m' } } }],
      }),
    ).toBe('Burstable');
  });
});
