/** Waiting for the apiserver's /readyz over HTTPS, authenticated with the admin client certificate. */
import { request } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';

/** A first start loads schemas and opens etcd watches; a minute leaves room for a slow machine. */
export const READY_TIMEOUT_MS = 60_000;
/** Often enough that `up` returns promptly, rarely enough to stay out of the log. */
export const READY_POLL_MS = 200;
/** One probe never waits longer than this for an answer. */
const PROBE_TIMEOUT_MS = 5_000;

export interface TlsClientCredentials {
  ca: string;
  cert: string;
  key: string;
}

/** GET `url` once; resolves with the status and body, or rejects on a connection error. */
export function probe(url: string, tls: TlsClientCredentials): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', agent: false, timeout: PROBE_TIMEOUT_MS, ...tls }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within ${PROBE_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/** Whether `${server}/readyz` answers 200 now. */
export async function isReady(server: string, tls: TlsClientCredentials): Promise<boolean> {
  try {
    return (await probe(`${server}/readyz`, tls)).status === 200;
  } catch {
    return false;
  }
}

/**
 * Polls `${server}/readyz` until it answers 200. Gives up after `timeoutMs`, or as soon as `stillRunning`
 * says the server process is gone; the error names the last answer seen.
 */
export async function waitForReady(
  server: string,
  tls: TlsClientCredentials,
  opts: { timeoutMs?: number; stillRunning?: () => Promise<boolean> } = {},
): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? READY_TIMEOUT_MS);
  let last = 'no answer yet';
  for (;;) {
    try {
      const { status, body } = await probe(`${server}/readyz`, tls);
      if (status === 200) return;
      last = `HTTP ${status}: ${body.trim().slice(0, 200)}`;
    } catch (err) {
      last = (err as Error).message;
    }
    if (opts.stillRunning && !(await opts.stillRunning())) throw new Error(`the apiserver exited before it was ready (last: ${last})`);
    if (Date.now() >= deadline) throw new Error(`the apiserver was not ready within ${Math.round((opts.timeoutMs ?? READY_TIMEOUT_MS) / 1000)} s (last: ${last})`);
    await sleep(READY_POLL_MS);
  }
}
