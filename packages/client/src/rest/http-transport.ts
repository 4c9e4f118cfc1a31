/** HTTP(S) to one API server: a keep-alive agent with the client's TLS identity, JSON requests with a deadline, and raw streams for watches. */
import { StatusError } from '@skiff/api';
import http, { type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import { errorFromNetwork, errorFromResponse, undecodableBody } from './response-errors.js';

/**
 * Deadline of a non-watch request: a little over kube-apiserver's default --request-timeout
 * (60s), so that a slow server's own 504 Timeout answer arrives before the client gives up.
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 70_000;

/** Sent as User-Agent unless the caller names itself. */
export const DEFAULT_USER_AGENT = `skiff-client/0.1.0 (${process.platform}/${process.arch})`;

export interface TransportOptions {
  /** `https://host:port` or `http://host:port`, optionally with a path prefix. */
  server: string;
  /** PEM CA bundle to verify the server with (default: the system's roots). */
  ca?: string;
  /** PEM client certificate and key. */
  cert?: string;
  key?: string;
  /** Bearer token; sent over https only, as client-go does. */
  token?: string;
  insecureSkipTLSVerify?: boolean;
  /** SNI and the name the server's certificate must carry, if not the server's host. */
  tlsServerName?: string;
  requestTimeoutMs?: number;
  userAgent?: string;
}

export interface JsonRequest {
  method: string;
  /** Path and query, e.g. `/api/v1/namespaces/default/pods?limit=5`. */
  path: string;
  body?: string;
  contentType?: string;
}

/** A response being streamed, with the means to cut it off. */
export interface OpenStream {
  response: IncomingMessage;
  abort(): void;
}

export class HttpTransport {
  private readonly base: URL;
  private readonly prefix: string;
  private readonly secure: boolean;
  private readonly agent: http.Agent;
  private readonly headers: OutgoingHttpHeaders;
  private readonly timeoutMs: number;

  constructor(private readonly options: TransportOptions) {
    try {
      this.base = new URL(options.server);
    } catch {
      throw new StatusError('BadRequest', `invalid server URL ${JSON.stringify(options.server)}`);
    }
    if (this.base.protocol !== 'https:' && this.base.protocol !== 'http:') {
      throw new StatusError('BadRequest', `server URL ${JSON.stringify(options.server)} must be http or https`);
    }
    this.secure = this.base.protocol === 'https:';
    this.prefix = this.base.pathname.replace(/\/+$/, '');
    this.timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.headers = { accept: 'application/json', 'user-agent': options.userAgent ?? DEFAULT_USER_AGENT };
    if (this.secure && options.token) this.headers.authorization = `Bearer ${options.token}`;
    this.agent = this.secure
      ? new https.Agent({
          keepAlive: true,
          ...(options.ca !== undefined ? { ca: options.ca } : {}),
          ...(options.cert !== undefined ? { cert: options.cert } : {}),
          ...(options.key !== undefined ? { key: options.key } : {}),
          ...(options.tlsServerName ? { servername: options.tlsServerName } : {}),
          rejectUnauthorized: !options.insecureSkipTLSVerify,
        })
      : new http.Agent({ keepAlive: true });
  }

  /** Sends a request and returns the parsed JSON answer; every failure is a StatusError. */
  async json<T>(req: JsonRequest): Promise<T> {
    const { code, text } = await this.exchange(req);
    if (code < 200 || code > 299) throw errorFromResponse(code, text);
    try {
      return JSON.parse(text) as T;
    } catch (err) {
      throw undecodableBody(code, text, err);
    }
  }

  /** Opens a streaming GET; a non-2xx answer is read whole and thrown as a StatusError. */
  async stream(path: string): Promise<OpenStream> {
    const req = this.send({ method: 'GET', path });
    // Errors once the response has begun reach the reader through the response stream.
    req.on('error', () => undefined);
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      // Only the wait for the response headers has a deadline: the stream itself may last as long as the server keeps it.
      const timer = setTimeout(() => {
        reject(new StatusError('Timeout', `the server did not answer GET ${path} within ${this.timeoutMs / 1000}s`));
        req.destroy();
      }, this.timeoutMs);
      req.once('response', (res) => {
        clearTimeout(timer);
        resolve(res);
      });
      req.once('error', (err) => {
        clearTimeout(timer);
        reject(errorFromNetwork(err, this.options.server));
      });
      req.end();
    });
    const code = response.statusCode ?? 0;
    if (code < 200 || code > 299) {
      const text = await readAll(response).catch(() => '');
      throw errorFromResponse(code, text);
    }
    return { response, abort: () => req.destroy() };
  }

  /** Closes idle keep-alive connections; open streams are the caller's to stop. */
  close(): void {
    this.agent.destroy();
  }

  private send(req: JsonRequest): http.ClientRequest {
    const headers: OutgoingHttpHeaders = { ...this.headers };
    if (req.body !== undefined) {
      headers['content-type'] = req.contentType ?? 'application/json';
      headers['content-length'] = Buffer.byteLength(req.body);
    }
    const options: http.RequestOptions = {
      protocol: this.base.protocol,
      hostname: this.base.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: this.base.port || (this.secure ? 443 : 80),
      method: req.method,
      path: this.prefix + req.path,
      headers,
      agent: this.agent,
    };
    return this.secure ? https.request(options) : http.request(options);
  }

  private exchange(req: JsonRequest): Promise<{ code: number; text: string }> {
    return new Promise((resolve, reject) => {
      const r = this.send(req);
      let settled = false;
      const finish = (err: unknown, value?: { code: number; text: string }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (err) reject(errorFromNetwork(err, this.options.server));
        else resolve(value!);
      };
      const timer = setTimeout(() => {
        finish(new StatusError('Timeout', `the server did not answer ${req.method} ${req.path} within ${this.timeoutMs / 1000}s`));
        r.destroy();
      }, this.timeoutMs);
      r.on('error', (err) => finish(err));
      r.on('response', (res) => {
        readAll(res).then(
          (text) => finish(undefined, { code: res.statusCode ?? 0, text }),
          (err) => finish(err),
        );
      });
      r.end(req.body);
    });
  }
}

function readAll(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
    res.on('aborted', () => reject(new Error('the connection was closed before the answer was complete')));
  });
}
