/** Recognises etcd's revision errors, which reach us as gRPC OUT_OF_RANGE errors with etcd's message. */

/** etcd: "mvcc: required revision has been compacted". */
export function isCompactedError(err: unknown): boolean {
  return err instanceof Error && err.message.includes('required revision has been compacted');
}

/** etcd: "mvcc: required revision is a future revision". */
export function isFutureRevisionError(err: unknown): boolean {
  return err instanceof Error && err.message.includes('required revision is a future revision');
}
