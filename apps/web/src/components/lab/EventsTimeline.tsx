'use client';

import { useMemo, useState } from 'react';
import type { KubeObj } from '../../lab/live-store';

// The events stream, newest first, like `kubectl get events -w`: type, reason, object, message,
// and how long ago on the cluster's clock. Filter by text and by warnings only.

export function ago(fromMs: number, nowMs: number): string {
  const s = Math.max(0, Math.floor((nowMs - fromMs) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

const when = (e: KubeObj) =>
  Date.parse(
    e.lastTimestamp ??
      e.series?.lastObservedTime ??
      e.eventTime ??
      e.metadata.creationTimestamp ??
      0,
  );

export function EventsTimeline({
  events,
  version,
  now,
  onSelect,
}: {
  events: KubeObj[];
  version: number;
  now: number;
  onSelect: (key: string) => void;
}) {
  const [filter, setFilter] = useState('');
  const [warnings, setWarnings] = useState(false);
  const shown = useMemo(() => {
    const f = filter.toLowerCase();
    return [...events]
      .filter((e) => !warnings || e.type === 'Warning')
      .filter(
        (e) => !f || `${e.reason} ${e.message} ${e.involvedObject?.name}`.toLowerCase().includes(f),
      )
      .sort((a, b) => when(b) - when(a))
      .slice(0, 200);
  }, [events, version, filter, warnings]);
  return (
    <section className="events" aria-label="Events">
      <div className="events-head">
        <strong>Events</strong>
        <input
          className="input small"
          placeholder="Filter events"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          aria-label="Filter events"
        />
        <label className="check">
          <input
            type="checkbox"
            checked={warnings}
            onChange={(e) => setWarnings(e.target.checked)}
          />{' '}
          Warnings only
        </label>
      </div>
      <ol className="events-list" data-testid="events">
        {shown.map((e) => (
          <li key={e.metadata.uid} className={e.type === 'Warning' ? 'warning' : ''}>
            <span className="age">{ago(when(e), now)}</span>
            <span className="reason" title={e.reason}>
              {e.reason}
            </span>
            <button
              className="link"
              onClick={() =>
                onSelect(
                  `${e.involvedObject?.kind}/${e.involvedObject?.namespace ?? ''}/${e.involvedObject?.name}`,
                )
              }
            >
              {e.involvedObject?.kind?.toLowerCase()}/{e.involvedObject?.name}
            </button>
            <span className="message">
              {e.message}
              {(e.count ?? 1) > 1 ? ` (x${e.count})` : ''}
            </span>
          </li>
        ))}
        {!shown.length && <li className="empty-row">No events yet.</li>}
      </ol>
    </section>
  );
}
