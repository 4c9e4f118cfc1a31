/** Storage errors: what went wrong with a key, without any knowledge of API kinds. */

export class StorageError extends Error {
  constructor(message: string, readonly key: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class KeyNotFoundError extends StorageError {
  constructor(key: string) {
    super(`key not found: ${key}`, key);
  }
}

export class KeyExistsError extends StorageError {
  constructor(key: string) {
    super(`key exists: ${key}`, key);
  }
}

/** The stored revision differs from the one the caller expected. */
export class ConflictError extends StorageError {
  constructor(key: string, readonly expected: string, readonly actual: string) {
    super(`resourceVersion ${expected} is stale for ${key} (now ${actual})`, key);
  }
}

/** A read or watch from a revision that was compacted away. */
export class CompactedError extends StorageError {
  constructor(readonly requested: number, readonly compacted: number) {
    super(`required revision ${requested} has been compacted (compacted revision ${compacted})`, '');
  }
}

/** A continue token that is malformed or names a compacted revision. */
export class InvalidContinueError extends StorageError {
  constructor(message: string) {
    super(message, '');
  }
}
