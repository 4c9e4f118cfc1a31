/** The meta.k8s.io/v1 Table shapes a server returns for `Accept: application/json;as=Table;g=meta.k8s.io;v=v1`. */
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';

/** One column: kubectl shows `name` upper-cased; priority 1 columns only with `-o wide`. */
export interface TableColumnDefinition {
  name: string;
  /** OpenAPI type of the cells: string, integer, number, boolean, date. */
  type: string;
  /** OpenAPI format hint; `name` marks the column holding the object's name. */
  format: string;
  description: string;
  priority: number;
}

/** A condition of a row, e.g. Completed for a finished pod. */
export interface TableRowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface PartialObjectMetadata {
  kind: 'PartialObjectMetadata';
  apiVersion: 'meta.k8s.io/v1';
  metadata: ObjectMeta;
}

export interface TableRow {
  cells: unknown[];
  conditions?: TableRowCondition[];
  /** PartialObjectMetadata (includeObject=Metadata), the whole object (Object), or absent (None). */
  object?: unknown;
}

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

/** The `includeObject` query parameter of a Table request. */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** What a printer produces for one object. */
export interface PrintedRow {
  cells: unknown[];
  conditions?: TableRowCondition[];
}
