/** Waiting for a component's /readyz: the apiserver's over HTTPS with the admin client certificate, the others' over plain loopback HTTP. */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
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

/** GET `url` once (HTTPS with `tls`, else plain HTTP); resolves with the status and body, or rejects on a connection error. */
export function probe(url: string, tls?: TlsClientCredentials): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const onResponse = (res: IncomingMessage) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    };
    const options = { method: 'GET', agent: false, timeout: PROBE_TIMEOUT_MS } as const;
    const req = tls ? httpsRequest(url, { ...options, ...tls }, onResponse) : httpRequest(url, options, onResponse);
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within ${PROBE_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/** Whether `${server}/readyz` answers 200 now. */
export async function isReady(server: string, tls?: TlsClientCredentials): Promise<boolean> {
  try {
    return (await probe(`${server}/readyz`, tls)).status === 200;
  } catch {
    return false;
  }
}

export interface WaitForReadyOptions {
  timeoutMs?: number;
  /** False once the component's process is gone: the wait ends at once, and a 200 from another process is not taken. */
  stillRunning?: () => Promise<boolean>;
  /** The component's name in error messages; default `the apiserver`. */
  component?: string;
}

/**
 * Polls `${server}/readyz` until it answers 200. Gives up after `timeoutMs`, or as soon as `stillRunning`
 * says the process is gone; the error names the last answer seen. `tls` absent: plain HTTP.
 */
export async function waitForReady(server: string, tls: TlsClientCredentials | undefined, opts: WaitForReadyOptions = {}): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? READY_TIMEOUT_MS;
  const component = opts.component ?? 'the apiserver';
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  for (;;) {
    let ok = false;
    try {
      const { status, body } = await probe(`${server}/readyz`, tls);
      ok = status === 200;
      last = `HTTP ${status}: ${body.trim().slice(0, 200)}`;
    } catch (err) {
      last = (err as Error).message;
    }
    const running = opts.stillRunning ? await opts.stillRunning() : true;
    if (ok && running) return;
    if (!running) throw new Error(`${component} exited before it was ready (last: ${last})`);
    if (Date.now() >= deadline) throw new Error(`${component} was not ready within ${Math.round(timeoutMs / 1000)} s (last: ${last})`);
    await sleep(READY_POLL_MS);
  }
}
