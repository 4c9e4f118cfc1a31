/** toTable: builds the meta.k8s.io/v1 Table answer for a list (or one object) of a resource. */
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import type { ResourceInfo } from '../resources/catalog.js';
import { printRow, tableColumns } from './printers.js';
import type { IncludeObject, PartialObjectMetadata, Table, TableRow } from './table-types.js';

export interface ToTableOptions {
  /** What each row carries in `object`; Kubernetes' default is Metadata. */
  includeObject?: IncludeObject;
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
  now: Date;
  /** Leave out the column definitions (the request's TableOptions.noHeaders). */
  noHeaders?: boolean;
}

/** The PartialObjectMetadata form of an object: its metadata only. */
export function toPartialObjectMetadata(obj: unknown): PartialObjectMetadata {
  const metadata = typeof obj === 'object' && obj !== null ? (obj as { metadata?: ObjectMeta }).metadata : undefined;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: { ...(metadata ?? {}) } };
}

/** Builds the Table for `objects` of `resource`, rows in the given order. */
export function toTable(resource: ResourceInfo, objects: readonly unknown[], opts: ToTableOptions): Table {
  const include = opts.includeObject ?? 'Metadata';
  const rows = objects.map((obj): TableRow => {
    const printed = printRow(resource, obj, opts.now);
    const row: TableRow = { cells: printed.cells };
    if (printed.conditions) row.conditions = printed.conditions;
    if (include === 'Metadata') row.object = toPartialObjectMetadata(obj);
    else if (include === 'Object') row.object = obj;
    return row;
  });
  const metadata: Table['metadata'] = { resourceVersion: opts.resourceVersion };
  if (opts.continue) metadata.continue = opts.continue;
  if (opts.remainingItemCount !== undefined) metadata.remainingItemCount = opts.remainingItemCount;
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: opts.noHeaders ? [] : tableColumns(resource),
    rows,
  };
}
