// One virtual clock per cluster. Its state is an anchor: virtual time `virtualMs` at real time
// `realMs`, advancing at `speed` × real time (1 = real time; 0 = instant: time stands still
// between events and every delay is jumped over by the worker).

export interface ClockState {
  speed: number;
  virtualMs: number;
  realMs: number;
}

export function virtualNow(c: ClockState, realNowMs: number): number {
  return c.virtualMs + Math.max(0, realNowMs - c.realMs) * c.speed;
}

/** Re-anchors at the current instant, so speed changes and jumps never move time backwards. */
export function reanchor(c: ClockState, realNowMs: number): ClockState {
  return { speed: c.speed, virtualMs: virtualNow(c, realNowMs), realMs: realNowMs };
}

export function fastForward(c: ClockState, realNowMs: number, advanceMs: number): ClockState {
  const a = reanchor(c, realNowMs);
  return { ...a, virtualMs: a.virtualMs + Math.max(0, advanceMs) };
}

export function setSpeed(c: ClockState, realNowMs: number, speed: number): ClockState {
  return { ...reanchor(c, realNowMs), speed };
}

/** Moves virtual time forward to `virtualTarget` (never back). */
export function jumpTo(c: ClockState, realNowMs: number, virtualTarget: number): ClockState {
  const a = reanchor(c, realNowMs);
  return { ...a, virtualMs: Math.max(a.virtualMs, virtualTarget) };
}

/** The real time at which virtual time reaches `virtualAt`; null when it never will (speed 0). */
export function realTimeOf(c: ClockState, virtualAt: number): number | null {
  if (virtualAt <= c.virtualMs) return c.realMs;
  if (c.speed <= 0) return null;
  return c.realMs + (virtualAt - c.virtualMs) / c.speed;
}
