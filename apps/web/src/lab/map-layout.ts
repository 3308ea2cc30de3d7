import type { KubeObj } from './live-store';
import { podView, type PodView } from './pod-status';

// Where the map draws each object: nodes as columns holding their pods, workloads above them
// (Deployment → ReplicaSets), Services and Ingresses on top, with the lines that link them
// (owner → owned, Service → its ready endpoints, Ingress → Service, PVC → PV). A pure function
// of the objects, so the picture is the same on every render and testable on its own.

export interface Box {
  key: string;
  kind: string;
  name: string;
  namespace?: string;
  x: number;
  y: number;
  w: number;
  h: number;
  label: string;
  sub?: string;
  tone?: string;
  pod?: PodView;
  /** Progress bar for workloads: ready / desired. */
  bar?: { ready: number; desired: number };
  compact?: boolean;
}

export interface Line {
  key: string;
  from: string;
  to: string;
  kind: 'owns' | 'routes' | 'binds';
  dashed?: boolean;
}

export interface Layout {
  boxes: Box[];
  lines: Line[];
  width: number;
  height: number;
}

const COL_W = 210;
const GAP = 24;
const POD_H = 26;
const CHIP_W = COL_W - 20;
const SQUARE = 16;
const COMPACT_AFTER = 24;

const boxKey = (o: KubeObj) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
const ownerOf = (o: KubeObj) => o.metadata.ownerReferences?.find((r) => r.controller);

const condition = (o: KubeObj, type: string) =>
  (o.status?.conditions ?? []).some((c: any) => c.type === type && c.status === 'True');

/** What a workload box says of a StatefulSet, DaemonSet, Job or CronJob at a glance. */
export function workloadSummary(w: KubeObj): Pick<Box, 'sub' | 'bar' | 'tone'> {
  const s = w.status ?? {};
  switch (w.kind) {
    case 'StatefulSet': {
      const desired = w.spec?.replicas ?? 1;
      const ready = s.readyReplicas ?? 0;
      return { sub: `StatefulSet ${ready}/${desired}`, bar: { ready, desired } };
    }
    case 'DaemonSet': {
      const desired = s.desiredNumberScheduled ?? 0;
      const ready = s.numberReady ?? 0;
      return { sub: `DaemonSet ${ready}/${desired}`, bar: { ready, desired } };
    }
    case 'Job': {
      const completions = w.spec?.completions ?? 1;
      const done = s.succeeded ?? 0;
      if (condition(w, 'Failed'))
        return { sub: `Job failed (${s.failed ?? 0} failed)`, tone: 'bad' };
      if (condition(w, 'Complete'))
        return {
          sub: `Job complete ${done}/${completions}`,
          tone: 'ok',
          bar: { ready: done, desired: completions },
        };
      if (w.spec?.suspend) return { sub: 'Job suspended', tone: 'progress' };
      return {
        sub: `Job ${done}/${completions}${s.active ? ` · ${s.active} running` : ''}`,
        tone: 'progress',
        bar: { ready: done, desired: completions },
      };
    }
    case 'CronJob':
      return {
        sub: `CronJob ${w.spec?.schedule ?? ''}${w.spec?.suspend ? ' · suspended' : ''}`,
        tone: w.spec?.suspend ? 'progress' : undefined,
      };
    default:
      return { sub: w.kind };
  }
}

export function layoutCluster(all: KubeObj[], namespace?: string): Layout {
  const inNs = (o: KubeObj) =>
    !namespace || !o.metadata.namespace || o.metadata.namespace === namespace;
  const of = (kind: string) =>
    all
      .filter((o) => o.kind === kind && inNs(o))
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  const nodes = of('Node');
  const pods = of('Pod');
  const byUid = new Map(all.map((o) => [o.metadata.uid, o]));
  const boxes: Box[] = [];
  const lines: Line[] = [];

  // Rows from the top: ingresses, services, workloads; then node columns with pods.
  let y = 16;
  const row = (items: Box[]) => {
    if (!items.length) return;
    let x = 16;
    for (const b of items) {
      b.x = x;
      b.y = y;
      x += b.w + GAP;
    }
    boxes.push(...items);
    y += Math.max(...items.map((b) => b.h)) + 36;
  };

  const ingresses = of('Ingress');
  row(
    ingresses.map((i) => ({
      key: boxKey(i),
      kind: 'Ingress',
      name: i.metadata.name,
      namespace: i.metadata.namespace,
      x: 0,
      y: 0,
      w: COL_W - 20,
      h: 40,
      label: i.metadata.name,
      sub: (i.spec?.rules ?? []).map((r: any) => r.host ?? '*').join(', ') || 'Ingress',
    })),
  );
  const services = of('Service').filter(
    (s) =>
      !(s.metadata.namespace === 'default' && s.metadata.name === 'kubernetes') &&
      s.metadata.namespace !== 'kube-system',
  );
  row(
    services.map((s) => ({
      key: boxKey(s),
      kind: 'Service',
      name: s.metadata.name,
      namespace: s.metadata.namespace,
      x: 0,
      y: 0,
      w: COL_W - 20,
      h: 40,
      label: s.metadata.name,
      sub: `${s.spec?.type ?? 'ClusterIP'} ${(s.spec?.ports ?? []).map((p: any) => (p.nodePort ? `${p.port}:${p.nodePort}` : p.port)).join(',')}`,
    })),
  );
  for (const i of ingresses)
    for (const r of i.spec?.rules ?? [])
      for (const p of r.http?.paths ?? []) {
        const svc = p.backend?.service?.name;
        if (svc)
          lines.push({
            key: `${boxKey(i)}->${svc}`,
            from: boxKey(i),
            to: `Service/${i.metadata.namespace}/${svc}`,
            kind: 'routes',
          });
      }

  const deployments = of('Deployment');
  const workloadKinds = ['StatefulSet', 'DaemonSet', 'Job', 'CronJob'];
  const replicaSets = of('ReplicaSet').filter(
    (rs) => (rs.status?.replicas ?? 0) > 0 || (rs.spec?.replicas ?? 0) > 0 || !ownerOf(rs),
  );
  const workloads: Box[] = [];
  for (const d of deployments) {
    workloads.push({
      key: boxKey(d),
      kind: 'Deployment',
      name: d.metadata.name,
      namespace: d.metadata.namespace,
      x: 0,
      y: 0,
      w: COL_W - 20,
      h: 48,
      label: d.metadata.name,
      sub: `Deployment ${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`,
      bar: { ready: d.status?.readyReplicas ?? 0, desired: d.spec?.replicas ?? 0 },
    });
  }
  for (const k of workloadKinds)
    for (const w of of(k))
      workloads.push({
        key: boxKey(w),
        kind: k,
        name: w.metadata.name,
        namespace: w.metadata.namespace,
        x: 0,
        y: 0,
        w: COL_W - 20,
        h: 48,
        label: w.metadata.name,
        ...workloadSummary(w),
      });
  row(workloads);
  // A CronJob's Jobs hang from it.
  for (const j of of('Job')) {
    const o = ownerOf(j);
    const owner = o && byUid.get(o.uid);
    if (owner?.kind === 'CronJob')
      lines.push({
        key: `${boxKey(owner)}->${boxKey(j)}`,
        from: boxKey(owner),
        to: boxKey(j),
        kind: 'owns',
      });
  }
  const sets: Box[] = replicaSets.map((rs) => ({
    key: boxKey(rs),
    kind: 'ReplicaSet',
    name: rs.metadata.name,
    namespace: rs.metadata.namespace,
    x: 0,
    y: 0,
    w: COL_W - 20,
    h: 44,
    label: rs.metadata.name,
    sub: `ReplicaSet ${rs.status?.readyReplicas ?? 0}/${rs.spec?.replicas ?? 0}`,
    bar: { ready: rs.status?.readyReplicas ?? 0, desired: rs.spec?.replicas ?? 0 },
  }));
  row(sets);
  for (const rs of replicaSets) {
    const o = ownerOf(rs);
    const owner = o && byUid.get(o.uid);
    if (owner)
      lines.push({
        key: `${boxKey(owner)}->${boxKey(rs)}`,
        from: boxKey(owner),
        to: boxKey(rs),
        kind: 'owns',
      });
  }

  // Node columns.
  const columns = [
    ...nodes.map((n) => n.metadata.name),
    ...(pods.some((p) => !p.spec?.nodeName) ? [''] : []),
  ];
  const nodeTop = y;
  let maxBottom = y;
  columns.forEach((nodeName, i) => {
    const x = 16 + i * (COL_W + GAP);
    const node = nodes.find((n) => n.metadata.name === nodeName);
    const here = pods
      .filter((p) => (p.spec?.nodeName ?? '') === nodeName)
      .sort(
        (a, b) =>
          (ownerOf(a)?.name ?? '').localeCompare(ownerOf(b)?.name ?? '') ||
          a.metadata.name.localeCompare(b.metadata.name),
      );
    const compact = here.length > COMPACT_AFTER;
    const perRow = Math.floor((COL_W - 20) / (SQUARE + 4));
    const podsHeight = compact
      ? Math.ceil(here.length / perRow) * (SQUARE + 4)
      : here.length * (POD_H + 6);
    const ready = node?.status?.conditions?.find((c: any) => c.type === 'Ready')?.status === 'True';
    const h = 56 + podsHeight + 10;
    boxes.push({
      key: node ? boxKey(node) : 'Node//(unscheduled)',
      kind: node ? 'Node' : 'Unscheduled',
      name: nodeName || 'not scheduled',
      x,
      y: nodeTop,
      w: COL_W,
      h,
      label: nodeName || 'Pending — not scheduled',
      sub: node
        ? `${ready ? 'Ready' : 'NotReady'}${node.spec?.unschedulable ? ',SchedulingDisabled' : ''} · ${here.length} pods`
        : `${here.length} pods`,
      tone: node ? (!ready ? 'bad' : node.spec?.unschedulable ? 'progress' : 'ok') : 'progress',
    });
    here.forEach((p, j) => {
      const view = podView(p);
      const px = compact ? x + 10 + (j % perRow) * (SQUARE + 4) : x + 10;
      const py = compact
        ? nodeTop + 56 + Math.floor(j / perRow) * (SQUARE + 4)
        : nodeTop + 56 + j * (POD_H + 6);
      boxes.push({
        key: boxKey(p),
        kind: 'Pod',
        name: p.metadata.name,
        namespace: p.metadata.namespace,
        x: px,
        y: py,
        w: compact ? SQUARE : CHIP_W,
        h: compact ? SQUARE : POD_H,
        label: p.metadata.name,
        sub: view.status,
        tone: view.tone,
        pod: view,
        compact,
      });
      const o = ownerOf(p);
      const owner = o && byUid.get(o.uid);
      if (owner && boxes.some((b) => b.key === boxKey(owner)))
        lines.push({
          key: `${boxKey(owner)}->${boxKey(p)}`,
          from: boxKey(owner),
          to: boxKey(p),
          kind: 'owns',
        });
    });
    maxBottom = Math.max(maxBottom, nodeTop + h);
  });

  // Services to the pods behind their ready endpoints.
  const slices = of('EndpointSlice');
  for (const s of services) {
    for (const sl of slices.filter(
      (x) =>
        x.metadata.labels?.['kubernetes.io/service-name'] === s.metadata.name &&
        x.metadata.namespace === s.metadata.namespace,
    ))
      for (const e of sl.endpoints ?? []) {
        if (e.targetRef?.kind !== 'Pod') continue;
        const to = `Pod/${s.metadata.namespace}/${e.targetRef.name}`;
        lines.push({
          key: `${boxKey(s)}->${to}`,
          from: boxKey(s),
          to,
          kind: 'routes',
          dashed: e.conditions?.ready === false,
        });
      }
  }

  // Storage on the right.
  const pvcs = of('PersistentVolumeClaim');
  const pvs = of('PersistentVolume');
  let sy = nodeTop;
  const sx = 16 + columns.length * (COL_W + GAP);
  for (const c of [...pvcs, ...pvs]) {
    boxes.push({
      key: boxKey(c),
      kind: c.kind,
      name: c.metadata.name,
      namespace: c.metadata.namespace,
      x: sx,
      y: sy,
      w: COL_W - 20,
      h: 40,
      label: c.metadata.name,
      sub: `${c.kind === 'PersistentVolume' ? 'PV' : 'PVC'} ${c.status?.phase ?? ''}`,
      tone: c.status?.phase === 'Bound' ? 'ok' : 'progress',
    });
    sy += 52;
    if (c.kind === 'PersistentVolumeClaim' && c.spec?.volumeName)
      lines.push({
        key: `${boxKey(c)}->pv`,
        from: boxKey(c),
        to: `PersistentVolume//${c.spec.volumeName}`,
        kind: 'binds',
      });
  }
  const keys = new Set(boxes.map((b) => b.key));
  const width = Math.max(...boxes.map((b) => b.x + b.w), 400) + 16;
  return {
    boxes,
    lines: lines.filter((l) => keys.has(l.from) && keys.has(l.to)),
    width,
    height: Math.max(maxBottom, sy) + 16,
  };
}
