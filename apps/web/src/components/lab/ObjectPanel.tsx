'use client';

import { useEffect, useState } from 'react';
import { KubectlSession, bufferIO, runKubectl, toGoYaml } from '@kubelab/kubectl';
import type { KubeObj, LiveStore } from '../../lab/live-store';
import { podView } from '../../lab/pod-status';
import { ago } from './EventsTimeline';
import { NodeActions } from './NodeActions';

// One object, looked at closely: its status, the chain of its owners, its events, its YAML,
// `kubectl describe`, and a pod's logs.

type Tab = 'overview' | 'yaml' | 'describe' | 'logs';

function ownerChain(store: LiveStore, o: KubeObj): KubeObj[] {
  const chain: KubeObj[] = [];
  let cur: KubeObj | undefined = o;
  for (let i = 0; cur && i < 5; i++) {
    const ref: { uid: string } | undefined = cur.metadata.ownerReferences?.find(
      (r) => r.controller,
    );
    cur = ref ? [...store.objects.values()].find((x) => x.metadata.uid === ref.uid) : undefined;
    if (cur) chain.push(cur);
  }
  return chain;
}

export function ObjectPanel({
  store,
  objectKey,
  clusterId,
  session,
  now,
  onSelect,
  onClose,
}: {
  store: LiveStore;
  objectKey: string;
  clusterId: string;
  session: KubectlSession;
  now: number;
  onSelect: (key: string) => void;
  onClose: () => void;
}) {
  const o = store.objects.get(objectKey);
  const [chosen, setTab] = useState<Tab>('overview');
  // The chosen tab follows from object to object (pod logs to pod logs), where the object has it.
  const tab: Tab = chosen === 'logs' && o?.kind !== 'Pod' ? 'overview' : chosen;
  const [text, setText] = useState<string>('');
  const isPod = o?.kind === 'Pod';
  const version = store.version;

  useEffect(() => {
    if (!o || (tab !== 'describe' && tab !== 'logs')) return;
    const ctrl = new AbortController();
    const b = bufferIO(ctrl.signal);
    const argv =
      tab === 'describe'
        ? [
            'describe',
            o.kind.toLowerCase(),
            o.metadata.name,
            ...(o.metadata.namespace ? ['-n', o.metadata.namespace] : []),
          ]
        : ['logs', o.metadata.name, '-n', o.metadata.namespace ?? 'default', '--tail=200'];
    void runKubectl(argv, { session, io: b.io }).then(
      () => !ctrl.signal.aborted && setText(b.stdout + b.stderr),
    );
    return () => ctrl.abort();
    // Logs and describe follow the object as it changes.
  }, [tab, objectKey, version, session, o]);

  if (!o)
    return (
      <aside className="panel" aria-label="Object details">
        <header>
          <strong>{objectKey.split('/').slice(-1)[0]}</strong>
          <button className="btn small" onClick={onClose} aria-label="Close">
            ✕
          </button>
        </header>
        <p className="sub">This object is gone.</p>
      </aside>
    );
  const events = store.events
    .filter(
      (e) =>
        e.involvedObject?.uid === o.metadata.uid ||
        (e.involvedObject?.name === o.metadata.name && e.involvedObject?.kind === o.kind),
    )
    .slice(-20)
    .reverse();
  const chain = ownerChain(store, o);
  const pv = isPod ? podView(o) : undefined;
  const { managedFields: _m, ...metadata } = o.metadata as KubeObj['metadata'] & {
    managedFields?: unknown;
  };
  return (
    <aside className="panel" aria-label={`${o.kind} ${o.metadata.name}`} data-testid="object-panel">
      <header>
        <div>
          <div className="sub">
            {o.kind}
            {o.metadata.namespace ? ` · ${o.metadata.namespace}` : ''}
          </div>
          <strong>{o.metadata.name}</strong>
        </div>
        <button className="btn small" onClick={onClose} aria-label="Close">
          ✕
        </button>
      </header>
      <nav className="tabs" role="tablist">
        {(['overview', 'yaml', 'describe', ...(isPod ? ['logs'] : [])] as Tab[]).map((t) => (
          <button
            key={t}
            role="tab"
            aria-selected={tab === t}
            className={tab === t ? 'active' : ''}
            onClick={() => setTab(t)}
          >
            {t === 'yaml' ? 'YAML' : t[0]!.toUpperCase() + t.slice(1)}
          </button>
        ))}
      </nav>
      {tab === 'overview' && (
        <div className="panel-body">
          {o.kind === 'Node' && <NodeActions node={o} clusterId={clusterId} session={session} />}
          {pv && (
            <p>
              <span className={`dot tone-${pv.tone}`} /> {pv.status} · ready {pv.ready} · restarts{' '}
              {pv.restarts}
              {o.spec?.nodeName ? ` · on ${o.spec.nodeName}` : ''}
              {o.status?.podIP ? ` · ${o.status.podIP}` : ''}
            </p>
          )}
          {chain.length > 0 && (
            <p className="chain">
              Owned by{' '}
              {chain.map((c, i) => (
                <span key={c.metadata.uid}>
                  {i > 0 && ' ← '}
                  <button
                    className="link"
                    onClick={() =>
                      onSelect(`${c.kind}/${c.metadata.namespace ?? ''}/${c.metadata.name}`)
                    }
                  >
                    {c.kind.toLowerCase()}/{c.metadata.name}
                  </button>
                </span>
              ))}
            </p>
          )}
          {o.status?.conditions && (
            <table className="conditions">
              <tbody>
                {o.status.conditions.map((c: any) => (
                  <tr key={c.type}>
                    <td>{c.type}</td>
                    <td className={c.status === 'True' ? 'ok' : 'bad'}>{c.status}</td>
                    <td className="sub">{c.reason ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h4>Events</h4>
          <ol className="events-list compact">
            {events.map((e) => (
              <li key={e.metadata.uid} className={e.type === 'Warning' ? 'warning' : ''}>
                <span className="age">
                  {ago(
                    Date.parse(e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp ?? 0),
                    now,
                  )}
                </span>
                <span className="reason" title={e.reason}>
                  {e.reason}
                </span>
                <span className="message">{e.message}</span>
              </li>
            ))}
            {!events.length && <li className="empty-row">No events.</li>}
          </ol>
        </div>
      )}
      {tab === 'yaml' && <pre className="code">{toGoYaml({ ...o, metadata })}</pre>}
      {(tab === 'describe' || tab === 'logs') && (
        <pre className="code" data-testid={`panel-${tab}`}>
          {text || '…'}
        </pre>
      )}
    </aside>
  );
}
