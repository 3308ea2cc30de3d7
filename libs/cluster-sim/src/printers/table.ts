// The API server's Table answer (printers' TableGenerator, rest's defaultTableConvertor, and the
// handlers' includeObject step) for `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`.
import type { KubeObject, ObjectMeta } from '@kubelab/apimachinery';
import { appsPrinters } from './apps';
import { autoscalingPrinters } from './autoscaling';
import { batchPrinters } from './batch';
import { clusterPrinters } from './cluster';
import {
  column,
  doc,
  nameColumn,
  printer,
  type KindPrinter,
  type PrinterEntry,
  type TableColumnDefinition,
  type TableRowCondition,
} from './columns';
import { corePrinters } from './core';
import { eventPrinters } from './event';
import { rfc3339, type Cell } from './format';
import { metricsPrinters } from './metrics';
import { networkingPrinters } from './networking';
import { podPrinters } from './pod';
import { servicePrinters } from './service';
import { storagePrinters } from './storage';

export interface PartialObjectMetadata {
  kind: 'PartialObjectMetadata';
  apiVersion: 'meta.k8s.io/v1';
  metadata: ObjectMeta;
}

export interface TableRow {
  cells: Cell[];
  conditions?: TableRowCondition[];
  /** Absent when the client asked for includeObject=None. */
  object?: PartialObjectMetadata | KubeObject;
}

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string; continue?: string };
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

export interface PrintTableOptions {
  /** API group of the objects ("" for core) and their kind. */
  group: string;
  kind: string;
  /** The cluster's (virtual) clock, in ms: ages are computed against it. */
  now: number;
  /** What each row carries: Metadata (the default), the whole Object, or None. */
  includeObject?: 'None' | 'Metadata' | 'Object';
  /** The list's (or the object's) resourceVersion and the continue token, copied to metadata. */
  resourceVersion?: string;
  continueToken?: string;
}

/**
 * rest.defaultTableConvertor: what every kind without a printer gets (Role, ClusterRole,
 * LimitRange, custom kinds): the name and the creation time as an RFC 3339 date.
 */
const DEFAULT_PRINTER: KindPrinter = printer(
  () => [nameColumn(), column('Created At', 'date', doc('ObjectMeta', 'creationTimestamp'))],
  (o) => [o.metadata?.name ?? '', rfc3339(o.metadata?.creationTimestamp)],
);

const PRINTERS = new Map<string, KindPrinter>(
  [
    ...podPrinters,
    ...corePrinters,
    ...servicePrinters,
    ...eventPrinters,
    ...appsPrinters,
    ...batchPrinters,
    ...networkingPrinters,
    ...storagePrinters,
    ...autoscalingPrinters,
    ...clusterPrinters,
    ...metricsPrinters,
  ].map((e: PrinterEntry) => [`${e.group}/${e.kind}`, e.printer]),
);

const printerFor = (group: string, kind: string) =>
  PRINTERS.get(`${group}/${kind}`) ?? DEFAULT_PRINTER;

/** Whether a kind has a printer of its own (otherwise it gets NAME and CREATED AT). */
export function hasPrinter(group: string, kind: string): boolean {
  return PRINTERS.has(`${group}/${kind}`);
}

/** The columns the API server announces for a kind, priority-1 (wide) ones included. */
export function tableColumns(group: string, kind: string): TableColumnDefinition[] {
  return printerFor(group, kind)
    .columns()
    .map((c) => ({ ...c }));
}

/** The row's object: PartialObjectMetadata (the default), the object itself, or nothing. */
function rowObject(
  obj: KubeObject,
  include: PrintTableOptions['includeObject'],
): TableRow['object'] {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

/**
 * The Table for a list (or for one object, as a one-item list): one row per object, in the
 * given order. The API server prints every column, wide ones included; kubectl hides
 * priority-1 columns itself unless asked for -o wide.
 */
export function printTable(objects: KubeObject[], opts: PrintTableOptions): Table {
  const p = printerFor(opts.group, opts.kind);
  const rows = objects.map((obj): TableRow => {
    const printed = p.print(obj, opts.now);
    const row: TableRow = { cells: printed.cells };
    if (printed.conditions) row.conditions = printed.conditions.map((c) => ({ ...c }));
    const object = rowObject(obj, opts.includeObject);
    if (object) row.object = object;
    return row;
  });
  const metadata: Table['metadata'] = {};
  if (opts.resourceVersion) metadata.resourceVersion = opts.resourceVersion;
  if (opts.continueToken) metadata.continue = opts.continueToken;
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: p.columns().map((c) => ({ ...c })),
    rows,
  };
}
