// The TableColumnDefinitions of AddHandlers in pkg/printers/internalversion/printers.go, and the
// shape of a per-kind printer (printers.TableHandler: columns plus a row function).
import { schemaByTypeName } from '@kubelab/apimachinery';
import type { Cell } from './format';

/** metav1.TableColumnDefinition; Go writes every field, empty or not. */
export interface TableColumnDefinition {
  name: string;
  /** OpenAPI type of the cells: "string", "integer", "boolean", "date". */
  type: string;
  /** "name" marks the column holding the object's name; otherwise "". */
  format: string;
  description: string;
  /** 0: always shown; 1: only with `-o wide`. */
  priority: number;
}

/** metav1.TableRowCondition (pods that finished carry a Completed condition). */
export interface TableRowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface PrintedRow {
  cells: Cell[];
  conditions?: TableRowCondition[];
}

/**
 * One kind's printer. The API server always prints with Wide set (the client drops priority-1
 * columns itself), so `print` returns every cell, in column order.
 */
export interface KindPrinter {
  columns(): TableColumnDefinition[];
  print(obj: any, now: number): PrintedRow;
}

/**
 * A field's documentation, as upstream takes it from the type's SwaggerDoc(). The schema
 * registry holds the GA types' docs; "" when there is no such field (upstream then gets "" too).
 */
export function doc(typeName: string, field: string): string {
  return schemaByTypeName(typeName)?.field(field)?.description ?? '';
}

export function column(
  name: string,
  type: string,
  description: string,
  opts: { format?: string; priority?: number } = {},
): TableColumnDefinition {
  return { name, type, format: opts.format ?? '', description, priority: opts.priority ?? 0 };
}

/** The same column shown only with -o wide. */
export const wide = (name: string, type: string, description: string) =>
  column(name, type, description, { priority: 1 });

export const nameColumn = () =>
  column('Name', 'string', doc('ObjectMeta', 'name'), { format: 'name' });
export const ageColumn = () => column('Age', 'string', doc('ObjectMeta', 'creationTimestamp'));

export const CONTAINERS_DOC = 'Names of each container in the template.';
export const IMAGES_DOC = 'Images referenced by each container in the template.';

/**
 * Builds a printer. Columns are built on first use (the schema registry builds its types
 * lazily); a row function may return the bare cells.
 */
export function printer(
  columns: () => TableColumnDefinition[],
  print: (obj: any, now: number) => Cell[] | PrintedRow,
): KindPrinter {
  let cached: TableColumnDefinition[] | undefined;
  return {
    columns: () => (cached ??= columns()),
    print: (obj, now) => {
      const out = print(obj, now);
      return Array.isArray(out) ? { cells: out } : out;
    },
  };
}

/** A printer registered for one group and kind (the group is "" for the core API). */
export interface PrinterEntry {
  group: string;
  kind: string;
  printer: KindPrinter;
}
