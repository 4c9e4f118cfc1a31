/** The tombstone a delete handler gets for an object that vanished while the watch was not looking. */
import type { ApiObject } from '@skiff/client';

/**
 * An object the cache held that was missing from a relist: it was deleted at some point the watch
 * missed, so its final state is unknown. `obj` is the last state the cache saw.
 */
export class DeletedFinalStateUnknown<T extends ApiObject = ApiObject> {
  constructor(
    readonly key: string,
    readonly obj: T,
  ) {}
}

/** True for a tombstone rather than an object. */
export function isTombstone<T extends ApiObject>(value: T | DeletedFinalStateUnknown<T>): value is DeletedFinalStateUnknown<T> {
  return value instanceof DeletedFinalStateUnknown;
}

/** The object itself, or the last known state inside a tombstone. */
export function objectOf<T extends ApiObject>(value: T | DeletedFinalStateUnknown<T>): T {
  return value instanceof DeletedFinalStateUnknown ? value.obj : value;
}
