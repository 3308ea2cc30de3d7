'use client';

import { useEffect, useState } from 'react';
import { api, ApiError } from '../lib/api';

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: string;
  disabled: boolean;
}
interface KeyRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export function Users() {
  const [items, setItems] = useState<UserRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<{ items: UserRow[] }>('/api/v1/users')
      .then((r) => setItems(r.items))
      .catch((e) => setError(e instanceof ApiError ? e.message : 'Could not load users'));
  }, []);
  return (
    <section className="card" aria-labelledby="users-title">
      <h2 id="users-title">People {items && <span className="count">{items.length}</span>}</h2>
      {error && <div className="error">{error}</div>}
      {items === null ? (
        <div className="skeleton" />
      ) : (
        <ul className="list">
          {items.map((u) => (
            <li key={u.id}>
              <div className="main">
                <div className="title">{u.name}</div>
                <div className="sub">
                  {u.email}
                  {u.disabled ? ' · disabled' : ''}
                </div>
              </div>
              <span className="pill">{u.role.replace('ORG_', '').toLowerCase()}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function ApiKeys() {
  const [items, setItems] = useState<KeyRow[] | null>(null);
  const [name, setName] = useState('');
  const [shown, setShown] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => api<{ items: KeyRow[] }>('/api/v1/api-keys').then((r) => setItems(r.items));
  useEffect(() => void load().catch(() => setError('Could not load API keys')), []);

  const create = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      const k = await api<{ key: string }>('/api/v1/api-keys', {
        method: 'POST',
        body: { name: name.trim() || 'integration' },
      });
      setShown(k.key);
      setName('');
      await load();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not create the key');
    }
  };
  const revoke = async (id: string) => {
    await api(`/api/v1/api-keys/${id}`, { method: 'DELETE' });
    await load();
  };

  return (
    <section className="card" aria-labelledby="keys-title">
      <h2 id="keys-title">API keys for your LMS</h2>
      {error && <div className="error">{error}</div>}
      <form className="row" onSubmit={create}>
        <input
          className="input"
          style={{ flex: 1 }}
          placeholder="Key name, e.g. Moodle"
          aria-label="API key name"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <button className="btn" type="submit">
          Create key
        </button>
      </form>
      {shown && (
        <div className="notice" role="status">
          Copy this key now; it will not be shown again:
          <br />
          <code data-testid="new-api-key">{shown}</code>
        </div>
      )}
      {items && items.length > 0 && (
        <ul className="list" style={{ marginTop: 8 }}>
          {items.map((k) => (
            <li key={k.id}>
              <div className="main">
                <div className="title">{k.name}</div>
                <div className="sub mono">
                  kl_{k.prefix}_… ·{' '}
                  {k.revokedAt
                    ? 'revoked'
                    : k.lastUsedAt
                      ? `last used ${new Date(k.lastUsedAt).toLocaleString()}`
                      : 'never used'}
                </div>
              </div>
              {!k.revokedAt && (
                <button className="btn small danger" onClick={() => revoke(k.id)}>
                  Revoke
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
