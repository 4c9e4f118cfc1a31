/** events.k8s.io/v1 Event <-> core/v1 Event: one stored object, two representations, as in Kubernetes. */
import type { KObject } from '../types.js';

/** events.k8s.io/v1 field -> core/v1 field; fields not listed keep their names. */
const RENAMES: Record<string, string> = {
  regarding: 'involvedObject',
  note: 'message',
  reportingController: 'reportingComponent',
  deprecatedSource: 'source',
  deprecatedFirstTimestamp: 'firstTimestamp',
  deprecatedLastTimestamp: 'lastTimestamp',
  deprecatedCount: 'count',
};
const REVERSE: Record<string, string> = Object.fromEntries(Object.entries(RENAMES).map(([a, b]) => [b, a]));

function rename(obj: KObject, names: Record<string, string>, apiVersion: string): KObject {
  const out: KObject = {};
  for (const [key, value] of Object.entries(obj)) out[names[key] ?? key] = value;
  out.apiVersion = apiVersion;
  out.kind = 'Event';
  return out;
}

export function eventsV1ToCore(obj: KObject): KObject {
  return rename(obj, RENAMES, 'v1');
}

export function coreToEventsV1(obj: KObject): KObject {
  return rename(obj, REVERSE, 'events.k8s.io/v1');
}
