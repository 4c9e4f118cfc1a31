/** The Event printer (core/v1 and events.k8s.io/v1): LAST SEEN TYPE REASON OBJECT | SUBOBJECT SOURCE | MESSAGE | FIRST SEEN COUNT NAME. */
import type { Event as CoreEvent, EventSource, ObjectReference } from 'kubernetes-types/core/v1.js';
import type { Event as EventsEvent } from 'kubernetes-types/events/v1.js';
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import { formatAge, parseTime } from './format-age.js';
import { column, printer } from './printer.js';

/** Both event APIs seen through the fields the printer needs (events.k8s.io is converted as the server does). */
interface EventView {
  metadata?: ObjectMeta;
  type?: string;
  reason?: string;
  message?: string;
  involvedObject?: ObjectReference;
  source?: EventSource;
  reportingController?: string;
  reportingInstance?: string;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  count?: number;
  series?: { count?: number; lastObservedTime?: string };
}

// The Name column is last and wide here, as in Kubernetes: events are identified by what they regard.
const COLUMNS = [
  column('Last Seen', 'string', 'The time at which the most recent occurrence of this event was recorded.'),
  column('Type', 'string', 'Type of this event (Normal, Warning).'),
  column('Reason', 'string', 'Short, machine understandable reason for the event.'),
  column('Object', 'string', 'The object this event is about.'),
  column('Subobject', 'string', 'The part of the object this event is about (fieldPath).', { wide: true }),
  column('Source', 'string', 'The component reporting this event.', { wide: true }),
  column('Message', 'string', 'A human-readable description of the event.'),
  column('First Seen', 'string', 'The time at which the event was first recorded.', { wide: true }),
  column('Count', 'string', 'The number of times this event has occurred.', { wide: true }),
  column('Name', 'string', 'Name of the event object.', { wide: true, format: 'name' }),
];

/** An events.k8s.io/v1 Event in core/v1 terms (regarding -> involvedObject, note -> message, ...). */
function fromEventsApi(e: EventsEvent): EventView {
  return {
    metadata: e.metadata,
    type: e.type,
    reason: e.reason,
    message: e.note,
    involvedObject: e.regarding,
    source: e.deprecatedSource,
    reportingController: e.reportingController,
    reportingInstance: e.reportingInstance,
    firstTimestamp: e.deprecatedFirstTimestamp,
    lastTimestamp: e.deprecatedLastTimestamp,
    eventTime: e.eventTime,
    count: e.deprecatedCount,
    series: e.series,
  };
}

function sourceText(e: EventView): string {
  const component = e.source?.component || e.reportingController || '';
  const host = e.source?.host || e.reportingInstance || '';
  return host === '' ? component : `${component}, ${host}`;
}

function eventRow(e: EventView, now: Date): unknown[] {
  let firstSeen = formatAge(e.firstTimestamp, now);
  if (parseTime(e.firstTimestamp) === undefined) firstSeen = formatAge(e.eventTime, now);
  let lastSeen = parseTime(e.lastTimestamp) === undefined ? firstSeen : formatAge(e.lastTimestamp, now);
  let count = e.count ?? 0;
  if (e.series) {
    lastSeen = formatAge(e.series.lastObservedTime, now);
    count = e.series.count ?? 0;
  } else if (count === 0) {
    // Singleton events of the new API carry no count.
    count = 1;
  }
  const kind = (e.involvedObject?.kind ?? '').toLowerCase();
  const target = e.involvedObject?.name ? `${kind}/${e.involvedObject.name}` : kind;
  return [lastSeen, e.type ?? '', e.reason ?? '', target, e.involvedObject?.fieldPath ?? '', sourceText(e), (e.message ?? '').trim(), firstSeen, count, e.metadata?.name ?? ''];
}

export const CORE_EVENT_PRINTER = printer<CoreEvent>(COLUMNS, (e, now) => eventRow(e, now));
export const EVENTS_API_EVENT_PRINTER = printer<EventsEvent>(COLUMNS, (e, now) => eventRow(fromEventsApi(e), now));
