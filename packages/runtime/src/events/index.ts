/** core/v1 Event recording with Kubernetes' correlation and spam filtering. */
export {
  EventRecorder,
  MAX_QUEUED_EVENTS,
  MAX_WRITE_ATTEMPTS,
  WRITE_RETRY_INTERVAL_MS,
  type EventRecorderOptions,
} from './event-recorder.js';
export {
  AGGREGATE_MAX_EVENTS,
  AGGREGATE_MESSAGE_PREFIX,
  CORRELATION_WINDOW_MS,
  DEFAULT_SPAM_BURST,
  DEFAULT_SPAM_REFILL_INTERVAL_MS,
} from './event-correlator.js';
export { EVENTS, type CoreEvent, type EventType } from './event-object.js';
