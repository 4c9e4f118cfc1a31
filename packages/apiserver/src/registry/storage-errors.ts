/** Turns storage errors into the Kubernetes Status errors clients expect. */
import { OBJECT_MODIFIED, StatusError, alreadyExists, badRequest, conflict, expired, notFound, toStatusError, type ResourceInfo } from '@skiff/api';
import { CompactedError, ConflictError, InvalidContinueError, KeyExistsError, KeyNotFoundError } from '@skiff/storage';

/** Maps `err` for an operation on `name` of `info` (name may be empty for collections). */
export function fromStorageError(err: unknown, info: ResourceInfo, name = ''): StatusError {
  const subject = { resource: info.resource, group: info.group, name };
  if (err instanceof KeyNotFoundError) return notFound(subject);
  if (err instanceof KeyExistsError) return alreadyExists(subject);
  if (err instanceof ConflictError) return conflict(subject, OBJECT_MODIFIED);
  if (err instanceof CompactedError) return expired(`too old resource version: ${err.requested} (${err.compacted})`);
  if (err instanceof InvalidContinueError) return badRequest(`continue key is not valid: ${err.message}`);
  return toStatusError(err);
}
