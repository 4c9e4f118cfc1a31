/** The reconcile contract, the controller skeleton, work-queue keys and expectations. */
export { TerminalError, isTerminalError, type Reconciler, type Request, type Result } from './reconciler.js';
export { Controller, DEFAULT_WORKERS, type ControllerOptions, type StopOptions } from './controller.js';
export { keyOf, keyOfRequest, splitKey, type KeyedObject } from './key.js';
export { Expectations, EXPECTATIONS_TTL_MS, type ExpectationRecord, type ExpectationsOptions } from './expectations.js';
