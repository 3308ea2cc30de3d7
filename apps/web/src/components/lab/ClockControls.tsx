'use client';

import { useState } from 'react';
import { api, ApiError } from '../../lib/api';

// The cluster's virtual clock: its time, its speed (1×, 10×, 60×, instant), and fast-forward
// buttons that let a CronJob's next run or a long back-off happen now.

/** "Pause" is a clock so slow that nothing comes due (speed 0 means instant). */
export const PAUSED_SPEED = 0.0001;

const SPEEDS: [string, number][] = [
  ['Pause', PAUSED_SPEED],
  ['1×', 1],
  ['10×', 10],
  ['60×', 60],
  ['Instant', 0],
];
const JUMPS: [string, number][] = [
  ['+1 min', 60],
  ['+15 min', 900],
  ['+1 h', 3600],
];

export function ClockControls({
  clusterId,
  now,
  speed,
  onError,
}: {
  clusterId: string;
  now?: number;
  speed?: number;
  onError: (m: string) => void;
}) {
  const [busy, setBusy] = useState(false);
  const set = async (body: { speed?: number; advanceSeconds?: number }) => {
    setBusy(true);
    try {
      await api(`/api/v1/clusters/${clusterId}/clock`, { method: 'POST', body });
    } catch (e) {
      onError(e instanceof ApiError ? e.message : 'Could not change the clock');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="clock" role="group" aria-label="Cluster clock">
      <span className="clock-time" data-testid="virtual-time" title="The cluster's virtual time">
        <span className="sub">cluster time</span>
        {now !== undefined ? new Date(now).toLocaleTimeString() : '…'}
      </span>
      <span className="seg" role="radiogroup" aria-label="Clock speed">
        {SPEEDS.map(([label, s]) => (
          <button
            key={label}
            className={`btn small${speed === s ? ' active' : ''}`}
            aria-pressed={speed === s}
            disabled={busy}
            onClick={() => set({ speed: s })}
          >
            {label}
          </button>
        ))}
      </span>
      <span className="seg" aria-label="Fast-forward">
        {JUMPS.map(([label, s]) => (
          <button
            key={label}
            className="btn small"
            disabled={busy}
            onClick={() => set({ advanceSeconds: s })}
            data-testid={`ff-${s}`}
          >
            {label}
          </button>
        ))}
      </span>
    </div>
  );
}
