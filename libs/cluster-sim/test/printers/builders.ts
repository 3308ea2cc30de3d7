// Small builders of objects as the API stores them, for the printer tests.
import type { KubeObject } from '@kubelab/apimachinery';

export const NOW = Date.parse('2026-01-05T10:00:00Z');

/** An RFC 3339 timestamp `ms` before NOW. */
export const ago = (ms: number) => new Date(NOW - ms).toISOString().replace('.000Z', 'Z');

export const MIN = 60_000;

export function obj(
  apiVersion: string,
  kind: string,
  name: string,
  rest: Record<string, unknown> = {},
  meta: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion,
    kind,
    metadata: { name, namespace: 'default', creationTimestamp: ago(10 * MIN), ...meta },
    ...rest,
  } as KubeObject;
}

export const running = (name = 'app', extra: Record<string, unknown> = {}) => ({
  name,
  ready: true,
  started: true,
  restartCount: 0,
  state: { running: { startedAt: ago(9 * MIN) } },
  ...extra,
});

export const waiting = (reason: string, extra: Record<string, unknown> = {}) => ({
  name: 'app',
  ready: false,
  restartCount: 0,
  state: { waiting: { reason } },
  ...extra,
});

export const terminated = (t: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  name: 'app',
  ready: false,
  restartCount: 0,
  state: { terminated: { exitCode: 0, finishedAt: ago(MIN), ...t } },
  ...extra,
});

/** A pod with one container "app" (or the given spec) and the given status. */
export function pod(
  status: Record<string, unknown>,
  spec: Record<string, unknown> = {},
  meta: Record<string, unknown> = {},
): KubeObject {
  return obj(
    'v1',
    'Pod',
    'p',
    { spec: { containers: [{ name: 'app', image: 'nginx' }], ...spec }, status },
    meta,
  );
}

export const condition = (type: string, status = 'True', reason?: string) => ({
  type,
  status,
  ...(reason ? { reason } : {}),
});
