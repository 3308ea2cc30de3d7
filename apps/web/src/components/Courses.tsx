'use client';

import { useEffect, useState } from 'react';
import { api, ApiError, type Course } from '../lib/api';

export function Courses({ canCreate }: { canCreate: boolean }) {
  const [items, setItems] = useState<Course[] | null>(null);
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);

  const load = () =>
    api<{ items: Course[] }>('/api/v1/courses')
      .then((r) => setItems(r.items))
      .catch((e) => setError(e instanceof ApiError ? e.message : 'Could not load courses'));
  useEffect(() => void load(), []);

  const create = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!title.trim()) return;
    try {
      await api('/api/v1/courses', { method: 'POST', body: { title: title.trim() } });
      setTitle('');
      await load();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not create the course');
    }
  };

  return (
    <section className="card" aria-labelledby="courses-title">
      <h2 id="courses-title">Courses {items && <span className="count">{items.length}</span>}</h2>
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
            placeholder="New course title"
            aria-label="New course title"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
          />
          <button className="btn" type="submit">
            Add course
          </button>
        </form>
      )}
      {items === null ? (
        <div className="skeleton" />
      ) : items.length === 0 ? (
        <div className="empty">You are not enrolled in any course yet.</div>
      ) : (
        <ul className="list" data-testid="course-list">
          {items.map((c) => (
            <li key={c.id}>
              <div className="main">
                <div className="title">{c.title}</div>
                {c.description && <div className="sub">{c.description}</div>}
              </div>
              {c.code && <span className="pill">{c.code}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
