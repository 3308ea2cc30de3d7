import { TabWriter } from './tabwriter';

// Prints the server's Table (what kubectl asks for with `as=Table`) the way kubectl's table
// printer does: columns of priority 0 (all of them with -o wide), headers upper-cased, and the
// extra columns kubectl adds itself: NAMESPACE with -A, label columns (-L), LABELS
// (--show-labels), and `kind/name` when several kinds are printed.

export interface TableColumn {
  name: string;
  type: string;
  format?: string;
  priority: number;
}

export interface TableRow {
  cells: unknown[];
  object?: { metadata?: { name?: string; namespace?: string; labels?: Record<string, string> } };
}

export interface Table {
  columnDefinitions: TableColumn[];
  rows: TableRow[];
}

export interface TableOptions {
  wide?: boolean;
  noHeaders?: boolean;
  showLabels?: boolean;
  labelColumns?: string[];
  withNamespace?: boolean;
  /** `deployment.apps` when several kinds are printed: NAME becomes `deployment.apps/web`. */
  kindPrefix?: string;
}

export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length ? keys.map((k) => `${k}=${labels![k]}`).join(',') : '<none>';
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '<none>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** The header and rows of a Table as cells. */
export function tableCells(
  table: Table,
  opts: TableOptions,
): { header: string[]; rows: string[][] } {
  const cols = table.columnDefinitions
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => opts.wide || c.priority === 0);
  const header: string[] = [];
  if (opts.withNamespace) header.push('NAMESPACE');
  header.push(...cols.map(({ c }) => c.name.toUpperCase()));
  for (const l of opts.labelColumns ?? [])
    header.push(l.slice(l.lastIndexOf('/') + 1).toUpperCase());
  if (opts.showLabels) header.push('LABELS');
  const rows = table.rows.map((r) => {
    const meta = r.object?.metadata ?? {};
    const out: string[] = [];
    if (opts.withNamespace) out.push(meta.namespace ?? '');
    for (const { c, i } of cols) {
      let text = cellText(r.cells[i]);
      if (opts.kindPrefix && c.format === 'name') text = `${opts.kindPrefix}/${text}`;
      out.push(text);
    }
    for (const l of opts.labelColumns ?? []) out.push(meta.labels?.[l] ?? '');
    if (opts.showLabels) out.push(formatLabels(meta.labels));
    return out;
  });
  return { header, rows };
}

export function printTable(table: Table, opts: TableOptions, writer = new TabWriter()): string {
  const { header, rows } = tableCells(table, opts);
  return writer.format(opts.noHeaders ? rows : [header, ...rows]);
}
