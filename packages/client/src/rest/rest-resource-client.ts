/** RestResourceClient: the ResourceClient interface over the Kubernetes REST API (JSON over HTTP/1.1 or HTTPS). */
import { StatusError } from '@skiff/api';
import type {
  ApiObject,
  DeleteOptions,
  ListOptions,
  ObjectList,
  PatchOptions,
  PatchType,
  ResourceClient,
  ResourceRef,
  UpdateOptions,
  WatchOptions,
  WatchStream,
  WriteOptions,
} from '../interface.js';
import type { Kubeconfig } from '../kubeconfig/index.js';
import { HttpTransport, type TransportOptions } from './http-transport.js';
import { deleteOptionsBody, encodeQuery, listQuery, PATCH_CONTENT_TYPES, patchQuery, watchQuery, writeQuery } from './query-params.js';
import { resourcePath } from './request-path.js';
import { watchStream } from './watch-stream.js';

export type RestClientOptions = TransportOptions;

export class RestResourceClient implements ResourceClient {
  private readonly transport: HttpTransport;
  private readonly watches = new Set<WatchStream>();
  private closed = false;

  constructor(options: RestClientOptions) {
    this.transport = new HttpTransport(options);
  }

  /** A client for the server and credentials of a loaded kubeconfig context. */
  static fromKubeconfig(cfg: Kubeconfig, extra: Pick<RestClientOptions, 'requestTimeoutMs' | 'userAgent'> = {}): RestResourceClient {
    const options: RestClientOptions = { server: cfg.server, insecureSkipTLSVerify: cfg.insecureSkipTLSVerify, ...extra };
    if (cfg.ca !== undefined) options.ca = cfg.ca;
    if (cfg.cert !== undefined) options.cert = cfg.cert;
    if (cfg.key !== undefined) options.key = cfg.key;
    if (cfg.token !== undefined) options.token = cfg.token;
    if (cfg.tlsServerName !== undefined) options.tlsServerName = cfg.tlsServerName;
    return new RestResourceClient(options);
  }

  async get<T extends ApiObject = ApiObject>(resource: ResourceRef, namespace: string | undefined, name: string): Promise<T> {
    return this.call<T>('GET', resourcePath(resource, namespace, name));
  }

  async list<T extends ApiObject = ApiObject>(resource: ResourceRef, namespace: string | undefined, opts?: ListOptions): Promise<ObjectList<T>> {
    return this.call<ObjectList<T>>('GET', resourcePath(resource, namespace) + encodeQuery(listQuery(opts)));
  }

  async watch<T extends ApiObject = ApiObject>(resource: ResourceRef, namespace: string | undefined, opts?: WatchOptions): Promise<WatchStream<T>> {
    this.ensureOpen();
    const open = await this.transport.stream(resourcePath(resource, namespace) + encodeQuery(watchQuery(opts)));
    const stream: WatchStream<T> = watchStream<T>(open, () => this.watches.delete(stream as unknown as WatchStream));
    this.watches.add(stream as unknown as WatchStream);
    if (this.closed) stream.stop();
    return stream;
  }

  async create<T extends ApiObject = ApiObject>(resource: ResourceRef, namespace: string | undefined, obj: T, opts?: WriteOptions): Promise<T> {
    const ns = namespace ?? obj.metadata?.namespace;
    if (resource.namespaced && !ns) throw new StatusError('BadRequest', 'an empty namespace may not be set during creation');
    // A subresource create (pods/binding) POSTs to the object the body names; a plain create to the collection.
    const path = opts?.subresource ? resourcePath(resource, ns, obj.metadata?.name ?? '', opts.subresource) : resourcePath(resource, ns);
    return this.call<T>('POST', path + encodeQuery(writeQuery(opts)), JSON.stringify(obj));
  }

  async update<T extends ApiObject = ApiObject>(resource: ResourceRef, namespace: string | undefined, obj: T, opts: UpdateOptions = {}): Promise<T> {
    const name = obj.metadata?.name;
    if (!name) throw new StatusError('BadRequest', 'resource name may not be empty');
    const path = resourcePath(resource, namespace ?? obj.metadata?.namespace, name, opts.subresource);
    return this.call<T>('PUT', path + encodeQuery(writeQuery(opts)), JSON.stringify(obj));
  }

  async patch<T extends ApiObject = ApiObject>(
    resource: ResourceRef,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    opts: PatchOptions = {},
  ): Promise<T> {
    const contentType = PATCH_CONTENT_TYPES[type];
    if (!contentType) throw new StatusError('UnsupportedMediaType', `unknown patch type ${JSON.stringify(type)}`);
    // A string or bytes are sent as they are (e.g. an apply patch written as YAML); anything else as JSON.
    const body = typeof patch === 'string' ? patch : patch instanceof Uint8Array ? Buffer.from(patch).toString('utf8') : JSON.stringify(patch);
    const path = resourcePath(resource, namespace, name, opts.subresource);
    return this.call<T>('PATCH', path + encodeQuery(patchQuery(opts)), body, contentType);
  }

  async delete<T extends ApiObject = ApiObject>(resource: ResourceRef, namespace: string | undefined, name: string, opts?: DeleteOptions): Promise<T> {
    return this.call<T>('DELETE', resourcePath(resource, namespace, name), JSON.stringify(deleteOptionsBody(opts)));
  }

  /** Stops every open watch and closes idle connections. */
  async close(): Promise<void> {
    this.closed = true;
    for (const w of [...this.watches]) w.stop();
    this.transport.close();
  }

  private call<T>(method: string, path: string, body?: string, contentType?: string): Promise<T> {
    this.ensureOpen();
    return this.transport.json<T>({ method, path, ...(body !== undefined ? { body } : {}), ...(contentType ? { contentType } : {}) });
  }

  private ensureOpen(): void {
    if (this.closed) throw new StatusError('ServiceUnavailable', 'the client has been closed');
  }
}
