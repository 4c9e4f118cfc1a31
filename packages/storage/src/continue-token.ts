/** List continue tokens: opaque base64 JSON naming the list's revision and the next key to read. */
import { InvalidContinueError } from './errors.js';

/** Version tag inside the token, so a future format can be told apart. */
const TOKEN_VERSION = 'meta.k8s.io/v1';

interface TokenBody {
  v: string;
  rv: number;
  /** The next key to read, relative to the listed prefix (so a token cannot reach outside it). */
  start: string;
}

export function encodeContinue(revision: number, prefix: string, nextKey: string): string {
  const body: TokenBody = { v: TOKEN_VERSION, rv: revision, start: nextKey.slice(prefix.length) };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

/** Decodes a token for a list of `prefix`; throws `InvalidContinueError` when it is malformed. */
export function decodeContinue(token: string, prefix: string): { revision: number; startKey: string } {
  let body: unknown;
  try {
    if (!/^[A-Za-z0-9+/_=-]+$/.test(token)) throw new Error('not base64');
    body = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
  } catch {
    throw new InvalidContinueError('not a valid encoded token');
  }
  const b = body as Partial<TokenBody> | null;
  if (!b || typeof b !== 'object' || b.v !== TOKEN_VERSION) {
    throw new InvalidContinueError('incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
  if (typeof b.rv !== 'number' || !Number.isSafeInteger(b.rv) || b.rv <= 0) {
    throw new InvalidContinueError('incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
  if (typeof b.start !== 'string' || b.start.length === 0) {
    throw new InvalidContinueError('encoded start key is empty');
  }
  return { revision: b.rv, startKey: prefix + b.start };
}
