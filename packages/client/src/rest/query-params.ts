/** Query strings, content types and bodies of each verb, spelled as the Kubernetes API expects them. */
import type { DeleteOptions, ListOptions, PatchOptions, PatchType, WatchOptions, WriteOptions } from '../interface.js';

export type Query = Array<[string, string]>;

/** The Content-Type of each patch type. */
export const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

function add(q: Query, key: string, value: string | number | boolean | undefined): void {
  if (value === undefined || value === '') return;
  q.push([key, String(value)]);
}

export function listQuery(opts: ListOptions = {}): Query {
  const q: Query = [];
  add(q, 'labelSelector', opts.labelSelector);
  add(q, 'fieldSelector', opts.fieldSelector);
  if (opts.limit !== undefined && opts.limit > 0) add(q, 'limit', opts.limit);
  add(q, 'continue', opts.continue);
  add(q, 'resourceVersion', opts.resourceVersion);
  add(q, 'resourceVersionMatch', opts.resourceVersionMatch);
  return q;
}

export function watchQuery(opts: WatchOptions = {}): Query {
  const q: Query = [];
  add(q, 'labelSelector', opts.labelSelector);
  add(q, 'fieldSelector', opts.fieldSelector);
  add(q, 'resourceVersion', opts.resourceVersion);
  if (opts.allowWatchBookmarks) add(q, 'allowWatchBookmarks', true);
  if (opts.timeoutSeconds !== undefined && opts.timeoutSeconds > 0) add(q, 'timeoutSeconds', opts.timeoutSeconds);
  add(q, 'watch', true);
  return q;
}

export function writeQuery(opts: WriteOptions = {}): Query {
  const q: Query = [];
  if (opts.dryRun) add(q, 'dryRun', 'All');
  add(q, 'fieldManager', opts.fieldManager);
  add(q, 'fieldValidation', opts.fieldValidation);
  return q;
}

export function patchQuery(opts: PatchOptions = {}): Query {
  const q = writeQuery(opts);
  if (opts.force) add(q, 'force', true);
  return q;
}

/** `?a=1&b=2` (keys sorted, as client-go sends them), or '' when empty. */
export function encodeQuery(q: Query): string {
  if (q.length === 0) return '';
  const params = new URLSearchParams(q);
  params.sort();
  return `?${params.toString()}`;
}

/** A meta/v1 DeleteOptions body. */
export function deleteOptionsBody(opts: DeleteOptions = {}): Record<string, unknown> {
  const body: Record<string, unknown> = { kind: 'DeleteOptions', apiVersion: 'v1' };
  if (opts.gracePeriodSeconds !== undefined) body.gracePeriodSeconds = opts.gracePeriodSeconds;
  if (opts.propagationPolicy) body.propagationPolicy = opts.propagationPolicy;
  if (opts.preconditions) body.preconditions = opts.preconditions;
  if (opts.dryRun) body.dryRun = ['All'];
  return body;
}
