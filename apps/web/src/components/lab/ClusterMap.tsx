'use client';

import { memo, useMemo } from 'react';
import { layoutCluster, type Box } from '../../lab/map-layout';
import type { KubeObj } from '../../lab/live-store';

// The live picture of the cluster: nodes holding their pods, workloads and their ReplicaSets,
// Services with lines to their endpoints. Boxes move and fade with CSS transitions, so a rollout
// plays out as new pods appear and old ones go.

function center(b: Box, side: 'top' | 'bottom') {
  return { x: b.x + b.w / 2, y: side === 'top' ? b.y : b.y + b.h };
}

function BoxView({
  b,
  selected,
  onSelect,
}: {
  b: Box;
  selected: boolean;
  onSelect: (k: string) => void;
}) {
  const cls = `map-box kind-${b.kind.toLowerCase()} tone-${b.tone ?? 'none'}${selected ? ' selected' : ''}${b.compact ? ' compact' : ''}`;
  const title = b.pod
    ? `${b.name}\n${b.pod.status} · ready ${b.pod.ready} · restarts ${b.pod.restarts}`
    : `${b.kind} ${b.name}`;
  const clickable = b.kind !== 'Unscheduled';
  return (
    <g
      className={cls}
      style={{ transform: `translate(${b.x}px, ${b.y}px)` }}
      onClick={clickable ? () => onSelect(b.key) : undefined}
      onKeyDown={
        clickable ? (e) => (e.key === 'Enter' || e.key === ' ') && onSelect(b.key) : undefined
      }
      tabIndex={clickable ? 0 : -1}
      role={clickable ? 'button' : undefined}
      aria-label={title}
      data-kind={b.kind}
      data-name={b.name}
      data-status={b.pod?.status}
    >
      <title>{title}</title>
      <rect width={b.w} height={b.h} rx={b.compact ? 3 : 7} />
      {!b.compact && (
        <>
          <text x={10} y={b.kind === 'Pod' ? 17 : 18} className="label">
            {b.label.length > 26 ? `${b.label.slice(0, 25)}…` : b.label}
          </text>
          {b.kind !== 'Pod' && b.sub && (
            <text x={10} y={34} className="sub">
              {b.sub}
            </text>
          )}
          {b.pod && (
            <text x={b.w - 8} y={17} className="status" textAnchor="end">
              {b.pod.badges.length
                ? b.pod.badges.join(' ')
                : b.pod.status === 'Running'
                  ? ''
                  : b.pod.status}
            </text>
          )}
          {b.bar && b.bar.desired > 0 && (
            <g className="bar" transform={`translate(10, ${b.h - 8})`}>
              <rect width={b.w - 20} height={4} rx={2} className="track" />
              <rect
                width={((b.w - 20) * Math.min(b.bar.ready, b.bar.desired)) / b.bar.desired}
                height={4}
                rx={2}
                className="fill"
              />
            </g>
          )}
        </>
      )}
    </g>
  );
}

export const ClusterMap = memo(function ClusterMap({
  objects,
  version,
  namespace,
  selected,
  onSelect,
}: {
  objects: Iterable<KubeObj>;
  version: number;
  namespace?: string;
  selected?: string;
  onSelect: (key: string) => void;
}) {
  const layout = useMemo(
    () => layoutCluster([...objects], namespace),
    [objects, version, namespace],
  );
  const byKey = new Map(layout.boxes.map((b) => [b.key, b]));
  return (
    <div className="map-scroll" data-testid="cluster-map">
      <svg
        className="map"
        width={layout.width}
        height={layout.height}
        role="img"
        aria-label="Live map of the cluster"
      >
        <g className="lines">
          {layout.lines.map((l) => {
            const a = byKey.get(l.from)!;
            const b = byKey.get(l.to)!;
            const p = center(a, 'bottom');
            const q = center(b, 'top');
            const mid = (p.y + q.y) / 2;
            return (
              <path
                key={l.key}
                className={`line ${l.kind}${l.dashed ? ' dashed' : ''}`}
                d={`M${p.x},${p.y} C${p.x},${mid} ${q.x},${mid} ${q.x},${q.y}`}
              />
            );
          })}
        </g>
        {layout.boxes
          .filter((b) => b.kind === 'Node' || b.kind === 'Unscheduled')
          .map((b) => (
            <BoxView key={b.key} b={b} selected={selected === b.key} onSelect={onSelect} />
          ))}
        {layout.boxes
          .filter((b) => b.kind !== 'Node' && b.kind !== 'Unscheduled')
          .map((b) => (
            <BoxView key={b.key} b={b} selected={selected === b.key} onSelect={onSelect} />
          ))}
      </svg>
    </div>
  );
});
