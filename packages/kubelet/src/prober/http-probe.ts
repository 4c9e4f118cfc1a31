/** The httpGet probe: GET with the kubelet's headers, same-host redirects followed, 200..399 is success (upstream pkg/probe/http). */
import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { dialErrorText } from './dial-error.js';
import type { ProbeOutcome } from './types.js';

/** The User-Agent the kubelet sends (`kube-probe/<major>.<minor>` of the Kubernetes version Skiff follows). */
export const PROBE_USER_AGENT = 'kube-probe/1.31';
/** The kubelet reads at most 10 KiB of a probe's response body. */
export const HTTP_PROBE_MAX_BODY_BYTES = 10 * 1024;
/** Go's http.Client gives up after 10 redirects. */
export const HTTP_PROBE_MAX_REDIRECTS = 10;

export interface HttpProbeRequest {
  scheme: 'HTTP' | 'HTTPS';
  host: string;
  port: number;
  /** Path and query; '' means '/'. */
  path: string;
  /** The probe's httpHeaders (repeated names allowed); User-Agent and Accept override the defaults, Host sets the Host header. */
  headers: ReadonlyArray<{ name: string; value: string }>;
  timeoutMs: number;
}

/** The request URL as the kubelet builds it. */
export function httpProbeUrl(req: Pick<HttpProbeRequest, 'scheme' | 'host' | 'port' | 'path'>): URL {
  const host = req.host.includes(':') ? `[${req.host}]` : req.host;
  const path = req.path === '' ? '/' : req.path.startsWith('/') ? req.path : `/${req.path}`;
  return new URL(`${req.scheme.toLowerCase()}://${host}:${req.port}${path}`);
}

/** Headers with the kubelet's defaults, names merged case-insensitively (a repeated name becomes a list). */
function probeHeaders(headers: HttpProbeRequest['headers']): OutgoingHttpHeaders {
  const out: Record<string, string[]> = {};
  for (const { name, value } of headers) (out[name.toLowerCase()] ??= []).push(value);
  out['user-agent'] ??= [PROBE_USER_AGENT];
  out['accept'] ??= ['*/*'];
  const result: OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(out)) result[k] = k === 'host' || v.length === 1 ? v[0] : v;
  return result;
}

/** Thrown inside the probe when the overall deadline passes; the message says where (Go's wording). */
class ProbeTimeout extends Error {}

interface Response {
  status: number;
  location: string | undefined;
  body: string;
}

/** One GET; reads at most the body limit; the caller's signal aborts it. */
function getOnce(url: URL, headers: OutgoingHttpHeaders, signal: AbortSignal): Promise<Response> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    let stage = 'awaiting headers';
    const req = request(url, { method: 'GET', headers, signal, rejectUnauthorized: false, agent: false }, (res: IncomingMessage) => {
      stage = 'reading body';
      const chunks: Buffer[] = [];
      let size = 0;
      const done = (): void => {
        res.destroy();
        resolve({ status: res.statusCode ?? 0, location: res.headers.location, body: Buffer.concat(chunks).subarray(0, HTTP_PROBE_MAX_BODY_BYTES).toString('utf8') });
      };
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= HTTP_PROBE_MAX_BODY_BYTES) done();
      });
      res.once('end', done);
      res.once('error', (err) => reject(signal.aborted ? new ProbeTimeout('reading body') : err));
      // an abort while the body streams may only close the response; settling twice is a no-op
      res.once('close', () => reject(signal.aborted ? new ProbeTimeout('reading body') : new Error('unexpected EOF')));
    });
    req.once('error', (err) => reject(signal.aborted ? new ProbeTimeout(stage) : err));
    req.end();
  });
}

/**
 * Probes once. Connection errors and non-2xx/3xx codes are Failures (`HTTP probe failed with statuscode: 500`);
 * a redirect to another host is not followed and gives a Warning, as the kubelet does; the timeout covers every redirect and the body.
 */
export async function probeHttp(req: HttpProbeRequest): Promise<ProbeOutcome> {
  const first = httpProbeUrl(req);
  const headers = probeHeaders(req.headers);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), req.timeoutMs);
  let url = first;
  try {
    for (let redirects = 0; ; redirects++) {
      let res: Response;
      try {
        res = await getOnce(url, headers, controller.signal);
      } catch (err) {
        if (err instanceof ProbeTimeout || controller.signal.aborted) {
          const where = err instanceof ProbeTimeout ? err.message : 'awaiting headers';
          return { result: 'Failure', output: `Get ${JSON.stringify(url.href)}: context deadline exceeded (Client.Timeout exceeded while ${where})` };
        }
        return { result: 'Failure', output: `Get ${JSON.stringify(url.href)}: ${dialErrorText(err, url.host)}` };
      }
      const redirect = res.status >= 300 && res.status < 400 && res.location !== undefined;
      if (redirect) {
        const next = new URL(res.location!, url);
        if (next.hostname === first.hostname) {
          if (redirects + 1 >= HTTP_PROBE_MAX_REDIRECTS) {
            return { result: 'Failure', output: `Get ${JSON.stringify(next.href)}: stopped after ${HTTP_PROBE_MAX_REDIRECTS} redirects` };
          }
          url = next;
          continue;
        }
      }
      if (res.status >= 200 && res.status < 400) {
        if (res.status >= 300) return { result: 'Warning', output: `Probe terminated redirects, Response body: ${res.body}` };
        return { result: 'Success', output: res.body };
      }
      return { result: 'Failure', output: `HTTP probe failed with statuscode: ${res.status}` };
    }
  } finally {
    clearTimeout(timer);
  }
}
