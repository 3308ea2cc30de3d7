// The API server's Table printers (pkg/printers/internalversion/printers.go): public surface.
export { printTable, tableColumns, hasPrinter } from './table';
export type { PartialObjectMetadata, PrintTableOptions, Table, TableRow } from './table';
export type { TableColumnDefinition, TableRowCondition } from './columns';
export type { Cell } from './format';
export { formatAge, humanDuration, shortHumanDuration } from './duration';
export { printPod } from './pod';
export { printEvent } from './event';
