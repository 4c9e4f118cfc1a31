/** tables: server-side printing (meta.k8s.io/v1 Table) of every catalog resource, as kube-apiserver prints them. */
export { formatAge, humanDuration } from './format-age.js';
export { tableColumns, tableRow } from './printers.js';
export { toPartialObjectMetadata, toTable, type ToTableOptions } from './to-table.js';
export type { IncludeObject, PartialObjectMetadata, Table, TableColumnDefinition, TableRow, TableRowCondition } from './table-types.js';
