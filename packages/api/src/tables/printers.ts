/** tableColumns and tableRow: the server-side printer of each catalog resource. */
import type { ResourceInfo } from '../resources/catalog.js';
import { CRONJOB_PRINTER, JOB_PRINTER } from './print-batch.js';
import { CONFIGMAP_PRINTER, ENDPOINTS_PRINTER, NAMESPACE_PRINTER, SECRET_PRINTER, SERVICEACCOUNT_PRINTER } from './print-core.js';
import { CORE_EVENT_PRINTER, EVENTS_API_EVENT_PRINTER } from './print-event.js';
import { ENDPOINTSLICE_PRINTER, LEASE_PRINTER } from './print-misc.js';
import { NODE_PRINTER } from './print-node.js';
import { POD_PRINTER } from './print-pod.js';
import { PODDISRUPTIONBUDGET_PRINTER } from './print-policy.js';
import { PRIORITYCLASS_PRINTER } from './print-scheduling.js';
import { SERVICE_PRINTER } from './print-service.js';
import { DAEMONSET_PRINTER, DEPLOYMENT_PRINTER, REPLICASET_PRINTER, STATEFULSET_PRINTER } from './print-workloads.js';
import { DEFAULT_PRINTER, type Printer } from './printer.js';
import type { PrintedRow, TableColumnDefinition } from './table-types.js';

/** Printers by `group/resource` (any version: the server prints the internal form of every version alike). */
const PRINTERS: ReadonlyMap<string, Printer> = new Map([
  ['/pods', POD_PRINTER],
  ['/nodes', NODE_PRINTER],
  ['/namespaces', NAMESPACE_PRINTER],
  ['/services', SERVICE_PRINTER],
  ['/endpoints', ENDPOINTS_PRINTER],
  ['/configmaps', CONFIGMAP_PRINTER],
  ['/secrets', SECRET_PRINTER],
  ['/serviceaccounts', SERVICEACCOUNT_PRINTER],
  ['/events', CORE_EVENT_PRINTER],
  ['events.k8s.io/events', EVENTS_API_EVENT_PRINTER],
  ['apps/deployments', DEPLOYMENT_PRINTER],
  ['apps/replicasets', REPLICASET_PRINTER],
  ['apps/daemonsets', DAEMONSET_PRINTER],
  ['apps/statefulsets', STATEFULSET_PRINTER],
  ['batch/jobs', JOB_PRINTER],
  ['batch/cronjobs', CRONJOB_PRINTER],
  ['coordination.k8s.io/leases', LEASE_PRINTER],
  ['discovery.k8s.io/endpointslices', ENDPOINTSLICE_PRINTER],
  ['policy/poddisruptionbudgets', PODDISRUPTIONBUDGET_PRINTER],
  ['scheduling.k8s.io/priorityclasses', PRIORITYCLASS_PRINTER],
]);

function printerFor(resource: ResourceInfo): Printer {
  return PRINTERS.get(`${resource.group}/${resource.resource}`) ?? DEFAULT_PRINTER;
}

/** The column definitions the real kube-apiserver sends for `resource` (NAME, AGE for unknown ones). */
export function tableColumns(resource: ResourceInfo): TableColumnDefinition[] {
  return printerFor(resource).columns.map((c) => ({ ...c }));
}

/** A row's cells and conditions. Non-object input prints as an object without fields. */
export function printRow(resource: ResourceInfo, obj: unknown, now: Date): PrintedRow {
  const value = typeof obj === 'object' && obj !== null && !Array.isArray(obj) ? obj : {};
  return printerFor(resource).row(value as never, now);
}

/** The cells of one object's row, one per column of tableColumns(resource), wide columns included. */
export function tableRow(resource: ResourceInfo, obj: unknown, now: Date): unknown[] {
  return printRow(resource, obj, now).cells;
}
