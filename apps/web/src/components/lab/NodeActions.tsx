'use client';

import { useState } from 'react';
import { KubectlSession, bufferIO, runKubectl } from '@kubelab/kubectl';
import { api, ApiError } from '../../lib/api';
import type { KubeObj } from '../../lab/live-store';

// What a learner can do to a machine from the map: what an administrator does with kubectl
// (cordon, uncordon, drain — run through the same kubectl as the terminal, so the output is
// what kubectl prints) and what happens to machines on their own (the kubelet stops, comes back),
// which only the platform can make happen.

export function NodeActions({
  node,
  clusterId,
  session,
}: {
  node: KubeObj;
  clusterId: string;
  session: KubectlSession;
}) {
  const [busy, setBusy] = useState(false);
  const [output, setOutput] = useState('');
  const name = node.metadata.name;
  const cordoned = !!node.spec?.unschedulable;
  const notReady = node.status?.conditions?.find((c: any) => c.type === 'Ready')?.status !== 'True';

  const kubectl = async (...argv: string[]) => {
    setBusy(true);
    const b = bufferIO();
    await runKubectl(argv, { session, io: b.io });
    setOutput(`$ kubectl ${argv.join(' ')}\n${b.stdout}${b.stderr}`);
    setBusy(false);
  };
  const kubelet = async (op: 'fail' | 'recover') => {
    setBusy(true);
    try {
      await api(`/api/v1/clusters/${clusterId}/nodes/${name}/${op}`, { method: 'POST', body: {} });
      setOutput(
        op === 'fail'
          ? `The kubelet on ${name} stopped. The node turns NotReady within 50 s; its pods are evicted after their tolerationSeconds (300 s by default). Fast-forward the clock to see it.`
          : `The kubelet on ${name} runs again.`,
      );
    } catch (e) {
      setOutput(e instanceof ApiError ? e.message : 'The node operation failed');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="node-actions" role="group" aria-label={`Actions on node ${name}`}>
      <div className="actions">
        {cordoned ? (
          <button className="btn small" disabled={busy} onClick={() => kubectl('uncordon', name)}>
            Uncordon
          </button>
        ) : (
          <button className="btn small" disabled={busy} onClick={() => kubectl('cordon', name)}>
            Cordon
          </button>
        )}
        <button
          className="btn small"
          disabled={busy}
          onClick={() =>
            kubectl('drain', name, '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=30s')
          }
        >
          Drain
        </button>
        <button
          className="btn small danger"
          disabled={busy}
          onClick={() => kubelet('fail')}
          title="Simulate the machine failing: its kubelet stops reporting"
        >
          Stop kubelet
        </button>
        {notReady && (
          <button className="btn small" disabled={busy} onClick={() => kubelet('recover')}>
            Start kubelet
          </button>
        )}
      </div>
      {output && (
        <pre className="code" data-testid="node-action-output">
          {output}
        </pre>
      )}
    </div>
  );
}

/** A new worker node joins the cluster (kubeadm join): NotReady for a few seconds, then Ready. */
export function AddNodeButton({
  clusterId,
  onError,
}: {
  clusterId: string;
  onError: (m: string) => void;
}) {
  const [busy, setBusy] = useState(false);
  return (
    <button
      className="btn small"
      disabled={busy}
      data-testid="add-node"
      onClick={async () => {
        setBusy(true);
        try {
          await api(`/api/v1/clusters/${clusterId}/nodes`, { method: 'POST', body: {} });
        } catch (e) {
          onError(e instanceof ApiError ? e.message : 'Could not add a node');
        } finally {
          setBusy(false);
        }
      }}
    >
      + Node
    </button>
  );
}
