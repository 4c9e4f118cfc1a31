/**
 * Event validation (light): the involved object's namespace must agree with the event's, and events that carry
 * an eventTime (the events.k8s.io style) need their reporting fields. Works on core/v1 and events.k8s.io/v1 shapes.
 */
import type { FieldCause } from '../errors/status-error.js';
import { invalidCause, invalidEach, requiredCause } from './field-errors.js';
import { isQualifiedName } from './name-format.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { asRecord, asString, type JsonRecord } from './values.js';

/** Longest reportingInstance, action and reason (Kubernetes' limits). */
const SHORT_FIELD_LIMIT = 128;
/** Longest note/message. */
const NOTE_LIMIT = 1024;
const EVENT_TYPES = ['Normal', 'Warning'];

function eventBody(o: JsonRecord, eventsV1: boolean): FieldCause[] {
  const causes: FieldCause[] = [];
  const namespace = asString(asRecord(o['metadata'])['namespace']);
  const refField = eventsV1 ? 'regarding' : 'involvedObject';
  const refNamespace = asString(asRecord(o[refField])['namespace']);
  const nsPath = `${refField}.namespace`;
  const eventTime = asString(o['eventTime']);
  if (!eventTime && !eventsV1) {
    if (refNamespace ? namespace !== refNamespace : namespace !== '' && namespace !== 'default') {
      causes.push(invalidCause(nsPath, refNamespace, 'does not match event.namespace'));
    }
    return causes;
  }
  if (!eventTime) causes.push(requiredCause('eventTime'));
  if (!refNamespace && namespace !== 'default' && namespace !== 'kube-system') {
    causes.push(invalidCause(nsPath, refNamespace, 'does not match event.namespace'));
  }
  const controller = asString(o['reportingController'] ?? o['reportingComponent']);
  if (!controller) causes.push(requiredCause('reportingController'));
  else causes.push(...invalidEach('reportingController', controller, isQualifiedName(controller)));
  const noteField = eventsV1 ? 'note' : 'message';
  const limits: [string, number, boolean][] = [
    ['reportingInstance', SHORT_FIELD_LIMIT, true],
    ['action', SHORT_FIELD_LIMIT, true],
    ['reason', SHORT_FIELD_LIMIT, true],
    [noteField, NOTE_LIMIT, false],
  ];
  for (const [field, limit, required] of limits) {
    const value = asString(o[field]);
    if (required && !value) causes.push(requiredCause(field));
    if (value.length > limit) causes.push(invalidCause(field, '', `can have at most ${limit} characters`));
  }
  if (eventsV1 && !EVENT_TYPES.includes(asString(o['type']))) {
    causes.push(invalidCause('type', '', `has invalid value: ${asString(o['type'])}`));
  }
  return causes;
}

export function validateEventCreate(obj: unknown, eventsV1: boolean): FieldCause[] {
  const o = asRecord(obj);
  return [...validateObjectMeta(o['metadata'], { namespaced: true }), ...eventBody(o, eventsV1)];
}

export function validateEventUpdate(obj: unknown, oldObj: unknown, eventsV1: boolean): FieldCause[] {
  const o = asRecord(obj);
  return [...validateObjectMetaUpdate(o['metadata'], asRecord(oldObj)['metadata']), ...eventBody(o, eventsV1)];
}
