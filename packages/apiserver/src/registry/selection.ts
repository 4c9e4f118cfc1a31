/** Label and field selectors of a list or watch, turned into one predicate over stored objects. */
import { checkFieldSelector, parseFieldSelector, parseLabelSelector, selectableFields, type ResourceInfo } from '@skiff/api';
import type { KObject } from './types.js';

export interface Selection {
  /** Predicate over stored objects, or undefined when everything matches. */
  filter: ((obj: KObject) => boolean) | undefined;
  /** Set when the field selector pins `metadata.name`: the server can read one key. */
  exactName: string | undefined;
}

export function parseSelection(info: ResourceInfo, labelSelector: string | undefined, fieldSelector: string | undefined): Selection {
  const labels = labelSelector ? parseLabelSelector(labelSelector) : undefined;
  const fields = fieldSelector ? parseFieldSelector(fieldSelector) : undefined;
  if (fields) checkFieldSelector(info, fields);
  const useLabels = labels && !labels.isEmpty() ? labels : undefined;
  const useFields = fields && !fields.isEmpty() ? fields : undefined;
  if (!useLabels && !useFields) return { filter: undefined, exactName: undefined };
  const filter = (obj: KObject): boolean =>
    (!useLabels || useLabels.matches(obj.metadata?.labels as Record<string, string> | undefined)) &&
    (!useFields || useFields.matches(selectableFields(info, obj)));
  return { filter, exactName: useFields?.exactMatch('metadata.name') };
}
