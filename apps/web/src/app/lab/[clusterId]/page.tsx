'use client';

import Link from 'next/link';
import { use, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { KubectlSession, LabShell } from '@kubelab/kubectl';
import { TopBar } from '../../../components/TopBar';
import { ClockControls, PAUSED_SPEED } from '../../../components/lab/ClockControls';
import { ClusterMap } from '../../../components/lab/ClusterMap';
import { LabEditor, type EditorHandle, type LabFile } from '../../../components/lab/Editor';
import { EventsTimeline } from '../../../components/lab/EventsTimeline';
import { AddNodeButton } from '../../../components/lab/NodeActions';
import { ObjectPanel } from '../../../components/lab/ObjectPanel';
import { LabTerminal, type TerminalHandle } from '../../../components/lab/Terminal';
import { api, ApiError, type ClusterSummary } from '../../../lib/api';
import { useMe } from '../../../lib/use-me';
import { browserTransport } from '../../../lab/browser-transport';
import { useClusterLive } from '../../../lab/use-cluster-live';

// The lab: the live map and the events on the left, the terminal and the editor on the right,
// the clock on top; click anything on the map (or an event) to look at it closely.

type Pane = 'terminal' | 'editor';

export default function LabPage({ params }: { params: Promise<{ clusterId: string }> }) {
  const { clusterId } = use(params);
  const { me, signOut } = useMe();
  const [cluster, setCluster] = useState<ClusterSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pane, setPane] = useState<Pane>('terminal');
  const [selected, setSelected] = useState<string | undefined>();
  const [namespace, setNamespace] = useState<string>('');
  const [tick, setTick] = useState(0);
  const store = useClusterLive(clusterId);
  const files = useRef<LabFile[]>([]);
  const editor = useRef<EditorHandle | null>(null);
  const terminal = useRef<TerminalHandle | null>(null);
  const clear = useRef<() => void>(() => {});

  useEffect(() => {
    api<ClusterSummary>(`/api/v1/clusters/${clusterId}`)
      .then(setCluster)
      .catch((e) => setError(e instanceof ApiError ? e.message : 'Could not load the cluster'));
  }, [clusterId]);

  useEffect(() => {
    const t = setInterval(() => setTick((n) => n + 1), 1000);
    return () => clearInterval(t);
  }, []);

  const session = useMemo(
    () =>
      new KubectlSession({
        transport: browserTransport(clusterId),
        now: () => store.virtualNow(performance.now()) ?? Date.now(),
        files: {
          read: (n) => files.current.find((f) => f.name === n)?.content,
          list: () => files.current.map((f) => f.name),
        },
        clusterName: cluster?.name ?? 'lab',
        edit: async (n, yaml) => {
          editor.current?.open(n, yaml);
          setPane('editor');
          return null;
        },
      }),
    [clusterId, store, cluster?.name],
  );
  const shell = useMemo(
    () =>
      new LabShell(session, {
        saveFile: async (n, text) => {
          await api(`/api/v1/clusters/${clusterId}/files/${encodeURIComponent(n)}`, {
            method: 'PUT',
            body: { content: text },
          });
          const r = await api<{ items: LabFile[] }>(`/api/v1/clusters/${clusterId}/files`);
          files.current = r.items;
        },
        clear: () => clear.current(),
      }),
    [session, clusterId],
  );

  const onFiles = useCallback((f: LabFile[]) => void (files.current = f), []);
  const onTerminal = useCallback((h: TerminalHandle) => {
    terminal.current = h;
    clear.current = () => h.clear();
  }, []);
  const onEditor = useCallback((h: EditorHandle) => void (editor.current = h), []);

  if (me === null) {
    return (
      <>
        <TopBar />
        <main className="page">
          <p>
            Please <Link href="/">sign in</Link> to open this lab.
          </p>
        </main>
      </>
    );
  }

  const now = store.virtualNow(performance.now()) ?? Date.now();
  void tick;
  const namespaces = store.list('Namespace').map((n) => n.metadata.name);
  const podCount = store
    .list('Pod')
    .filter((p) => !namespace || p.metadata.namespace === namespace).length;
  const speed = store.clock?.speed;

  return (
    <div className="lab-page">
      <TopBar me={me} onSignOut={signOut}>
        {cluster && (
          <span className="pill" data-testid="lab-cluster-name">
            {cluster.name}
          </span>
        )}
        <span
          className={`live ${store.connected ? 'on' : 'off'}`}
          data-testid="live-status"
          title={store.connected ? 'Live updates connected' : 'Reconnecting…'}
        >
          {store.connected ? 'live' : 'offline'}
        </span>
        <ClockControls
          clusterId={clusterId}
          now={store.clock ? now : undefined}
          speed={speed !== undefined && speed < 0.001 && speed > 0 ? PAUSED_SPEED : speed}
          onError={setError}
        />
      </TopBar>
      {error && (
        <div className="error lab-error" role="alert">
          {error}{' '}
          <button className="btn small" onClick={() => setError(null)}>
            Dismiss
          </button>
        </div>
      )}
      {store.deleted && (
        <div className="error lab-error" role="alert">
          This cluster was deleted. <Link href="/">Back to your clusters</Link>
        </div>
      )}
      <main className="lab">
        <section className="lab-left">
          <div className="map-bar">
            <label>
              Namespace{' '}
              <select
                className="input small"
                value={namespace}
                onChange={(e) => setNamespace(e.target.value)}
                aria-label="Namespace shown on the map"
              >
                <option value="">all</option>
                {namespaces.map((n) => (
                  <option key={n}>{n}</option>
                ))}
              </select>
            </label>
            <span className="sub" data-testid="pod-count">
              {podCount} pods
            </span>
            <AddNodeButton clusterId={clusterId} onError={setError} />
            {!store.synced && <span className="sub">loading…</span>}
          </div>
          <ClusterMap
            objects={store.objects.values()}
            version={store.version}
            namespace={namespace || undefined}
            selected={selected}
            onSelect={setSelected}
          />
          <EventsTimeline
            events={store.events}
            version={store.version}
            now={now}
            onSelect={setSelected}
          />
        </section>
        <section className="lab-right">
          <nav className="tabs" role="tablist" aria-label="Tools">
            <button
              role="tab"
              aria-selected={pane === 'terminal'}
              className={pane === 'terminal' ? 'active' : ''}
              onClick={() => setPane('terminal')}
            >
              Terminal
            </button>
            <button
              role="tab"
              aria-selected={pane === 'editor'}
              className={pane === 'editor' ? 'active' : ''}
              onClick={() => setPane('editor')}
              data-testid="tab-editor"
            >
              YAML editor
            </button>
          </nav>
          <div className="pane" hidden={pane !== 'terminal'}>
            <LabTerminal shell={shell} store={store} clusterId={clusterId} onReady={onTerminal} />
          </div>
          <div className="pane" hidden={pane !== 'editor'}>
            <LabEditor
              clusterId={clusterId}
              session={session}
              onReady={onEditor}
              onFilesChanged={onFiles}
            />
          </div>
        </section>
        {selected && (
          <ObjectPanel
            store={store}
            objectKey={selected}
            clusterId={clusterId}
            session={session}
            now={now}
            onSelect={setSelected}
            onClose={() => setSelected(undefined)}
          />
        )}
      </main>
    </div>
  );
}
