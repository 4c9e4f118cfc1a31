/** Test fixtures of the runtime's unit tests: an in-memory API server (store + clients + watches) and event-loop waits. */
export { FakeStore } from './fake-store.js';
export { FakeResourceClient, type FakeCall, type FakeVerb } from './fake-resource-client.js';
export { FakeWatch, expiredStatus } from './fake-watch.js';
export { nextTurn, until } from './event-loop.js';
export { eventually, type EventuallyOptions } from './eventually.js';
