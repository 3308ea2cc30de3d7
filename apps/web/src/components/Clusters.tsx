'use client';

import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, type ClusterSummary } from '../lib/api';

function age(iso: string): string {
  const s = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86400)}d ago`;
}

export function Clusters({
  title = 'Your clusters',
  canCreate = true,
}: {
  title?: string;
  canCreate?: boolean;
}) {
  const [items, setItems] = useState<ClusterSummary[] | null>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setItems((await api<{ items: ClusterSummary[] }>('/api/v1/clusters')).items);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'Could not load clusters');
    }
  }, []);
  useEffect(() => void load(), [load]);

  const create = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('/api/v1/clusters', {
        method: 'POST',
        body: name.trim() ? { name: name.trim() } : {},
      });
      setName('');
      await load();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not create the cluster');
    } finally {
      setBusy(false);
    }
  };

  const remove = async (c: ClusterSummary) => {
    if (!confirm(`Delete cluster ${c.name} and everything in it?`)) return;
    try {
      await api(`/api/v1/clusters/${c.id}`, { method: 'DELETE' });
      await load();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not delete the cluster');
    }
  };

  return (
    <section className="card" aria-labelledby="clusters-title">
      <h2 id="clusters-title">
        {title} {items && <span className="count">{items.length}</span>}
      </h2>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      {canCreate && (
        <form className="row" onSubmit={create} style={{ marginBottom: 8 }}>
          <input
            className="input"
            style={{ flex: 1 }}
            placeholder="name (optional)"
            aria-label="New cluster name"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          <button className="btn primary" type="submit" disabled={busy}>
            {busy ? 'Creating…' : '+ New cluster'}
          </button>
        </form>
      )}
      {items === null ? (
        <>
          <div className="skeleton" />
          <div className="skeleton" />
        </>
      ) : items.length === 0 ? (
        <div className="empty">No clusters yet. Create one: it is ready in a moment.</div>
      ) : (
        <ul className="list" data-testid="cluster-list">
          {items.map((c) => (
            <li key={c.id} data-testid="cluster-item">
              <div className="main">
                <div className="title">{c.name}</div>
                <div className="sub">
                  created {age(c.createdAt)} · clock{' '}
                  {c.clock.speed === 0 ? 'instant' : `${c.clock.speed}×`}
                </div>
              </div>
              <Link className="btn small" href={`/lab/${c.id}`}>
                Open lab
              </Link>
              <button
                className="btn small danger"
                onClick={() => remove(c)}
                aria-label={`Delete ${c.name}`}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
