'use client';

// The web's client for the platform API. Tokens live in httpOnly cookies set by the API; when
// the short-lived access token expires, one refresh is attempted and the request replayed.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

let refreshing: Promise<boolean> | null = null;

export async function refresh(): Promise<boolean> {
  refreshing ??= fetch('/api/v1/auth/refresh', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  })
    .then((r) => r.ok)
    .finally(() => setTimeout(() => (refreshing = null), 0));
  return refreshing;
}

export async function api<T = unknown>(
  path: string,
  init: { method?: string; body?: unknown } = {},
  retried = false,
): Promise<T> {
  const r = await fetch(path, {
    method: init.method ?? 'GET',
    headers: init.body !== undefined ? { 'content-type': 'application/json' } : undefined,
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    credentials: 'same-origin',
  });
  if (r.status === 401 && !retried && !path.startsWith('/api/v1/auth/')) {
    if (await refresh()) return api<T>(path, init, true);
  }
  if (r.status === 204) return undefined as T;
  const text = await r.text();
  const body = text ? JSON.parse(text) : undefined;
  if (!r.ok) {
    const e = body?.error ?? { code: 'internal', message: `HTTP ${r.status}` };
    throw new ApiError(r.status, e.code, e.message, e.details);
  }
  return body as T;
}

export interface Me {
  kind: 'user';
  user: {
    id: string;
    email: string;
    name: string;
    role: 'ORG_ADMIN' | 'INSTRUCTOR' | 'LEARNER';
    orgId: string;
  };
  organisation: { id: string; slug: string; name: string };
}

export interface ClusterSummary {
  id: string;
  name: string;
  ownerId: string;
  createdAt: string;
  resourceVersion: string;
  clock: { now: string; speed: number };
  namespaces?: string[];
}

export interface Course {
  id: string;
  title: string;
  code: string | null;
  description: string;
}
