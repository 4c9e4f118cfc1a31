/** The printer contract (columns + row function for one resource) and shared column definitions. */
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import { formatAge } from './format-age.js';
import type { PrintedRow, TableColumnDefinition } from './table-types.js';

/** Columns and row logic for one resource, mirroring kube-apiserver's internal printers. */
export interface Printer {
  columns: readonly TableColumnDefinition[];
  /** Cells for every column, wide ones included (the server always prints wide; kubectl hides priority 1). */
  row(obj: never, now: Date): PrintedRow;
}

/** Builds a printer with a typed row function. */
export function printer<T>(columns: readonly TableColumnDefinition[], row: (obj: T, now: Date) => PrintedRow | unknown[]): Printer {
  return {
    columns,
    row: (obj: never, now: Date) => {
      const printed = row(obj as T, now);
      return Array.isArray(printed) ? { cells: printed } : printed;
    },
  };
}

/** A column definition; `wide` columns get priority 1. */
export function column(name: string, type: string, description: string, options: { wide?: boolean; format?: string } = {}): TableColumnDefinition {
  return { name, type, format: options.format ?? '', description, priority: options.wide ? 1 : 0 };
}

export const NAME_COLUMN = column('Name', 'string', 'Name of the object, unique within its namespace (or within the cluster for cluster-scoped objects).', { format: 'name' });
export const AGE_COLUMN = column('Age', 'string', 'Time since the object was created (metadata.creationTimestamp).');
export const CONTAINERS_COLUMN = column('Containers', 'string', 'Names of each container in the template.', { wide: true });
export const IMAGES_COLUMN = column('Images', 'string', 'Images referenced by each container in the template.', { wide: true });

/** An object's metadata, or an empty one. */
export function metaOf(obj: { metadata?: ObjectMeta } | undefined): ObjectMeta {
  return obj?.metadata ?? {};
}

/** The object's age, `<unknown>` without a creation timestamp. */
export function ageOf(obj: { metadata?: ObjectMeta } | undefined, now: Date): string {
  return formatAge(metaOf(obj).creationTimestamp, now);
}

/** The fallback printer for resources without one: NAME, AGE. */
export const DEFAULT_PRINTER = printer<{ metadata?: ObjectMeta }>([NAME_COLUMN, AGE_COLUMN], (obj, now) => [metaOf(obj).name ?? '', ageOf(obj, now)]);
