'use client';

import { useState } from 'react';
import { api, ApiError } from '../lib/api';

const DEMO = [
  ['learner@example.com', 'Learner'],
  ['instructor@example.com', 'Instructor'],
  ['admin@example.com', 'Organisation admin'],
] as const;

export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('/api/v1/auth/login', { method: 'POST', body: { email, password } });
      onSignedIn();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not reach the server');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="signin">
      <form className="card" onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">Sign in</h1>
        <p className="lead">Your own Kubernetes cluster, ready in a moment.</p>
        {error && (
          <div className="error" role="alert">
            {error}
          </div>
        )}
        <div className="field">
          <label htmlFor="email">Email</label>
          <input
            id="email"
            className="input"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            autoFocus
          />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input
            id="password"
            className="input"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <button
          className="btn primary"
          type="submit"
          disabled={busy}
          style={{ width: '100%', justifyContent: 'center' }}
        >
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <div className="demo">
          Demo accounts (password <code>kubelab-demo</code>):{' '}
          {DEMO.map(([mail, label], i) => (
            <span key={mail}>
              {i > 0 && ' · '}
              <button
                type="button"
                onClick={() => {
                  setEmail(mail);
                  setPassword('kubelab-demo');
                }}
              >
                {label}
              </button>
            </span>
          ))}
        </div>
      </form>
    </main>
  );
}
