/** `statusErrorOf(fn)`: the StatusError `fn` throws; anything else (or no error) fails loudly. For tests and callers that inspect errors. */
import { StatusError } from './status-error.js';

export function statusErrorOf(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (err) {
    if (err instanceof StatusError) return err;
    throw new Error(`expected a StatusError, got ${String(err)}`, { cause: err });
  }
  throw new Error('expected a StatusError, but nothing was thrown');
}
