import { SimCluster } from '../src';

export const deployment = (
  name: string,
  opts: { replicas?: number; image?: string; strategy?: string; extra?: string } = {},
) => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${opts.replicas ?? 3}
  selector:
    matchLabels: { app: ${name} }
${opts.strategy ?? ''}
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      containers:
      - name: main
        image: ${opts.image ?? 'nginx:1.27'}
        ports:
        - containerPort: 80
${opts.extra ?? ''}`;

export const running = (c: SimCluster, prefix: string, ns = 'default') =>
  c
    .pods(ns)
    .filter(
      (p) =>
        p.metadata.name.startsWith(prefix) &&
        p.status.phase === 'Running' &&
        !p.metadata.deletionTimestamp,
    );

export const ready = (p: any) =>
  (p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');

export function settle(c: SimCluster, ms = 120_000): void {
  c.advance(ms);
}
