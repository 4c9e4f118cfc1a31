/** `ResourceClient` over the apiserver's skiff.v1.Resources gRPC service. */
import { credentials, Metadata, type CallOptions, type ChannelCredentials, type Client, type ClientReadableStream, type ServiceError } from '@grpc/grpc-js';
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
import { grpcWatchStream, type WatchEventsMessage } from './grpc-watch-stream.js';
import { resourcesClientConstructor } from './proto.js';
import { statusErrorOfGrpc } from './status-of-error.js';

/** The server accepts messages up to 16 MiB (large lists); grpc-js's default is 4 MiB. */
export const GRPC_CLIENT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
/** Ping every 30 s (also between calls) and give up on a peer silent for 10 s, so a dead apiserver ends watches quickly. */
const KEEPALIVE_TIME_MS = 30_000;
const KEEPALIVE_TIMEOUT_MS = 10_000;

export interface GrpcResourceClientOptions {
  /** `host:port` of the apiserver's gRPC transport. */
  address: string;
  /** PEM: the cluster CA, and the client certificate (CN = user, O = groups) and its key. Without it: plaintext (tests only). */
  tls?: { ca: string | Buffer; cert: string | Buffer; key: string | Buffer };
  /** Deadline of each unary call; none by default (watches never have one). */
  timeoutMs?: number;
  /** Sent as the user agent; its first `/` part is the default field manager, as with REST. */
  userAgent?: string;
}

interface Target {
  group: string;
  version: string;
  resource: string;
  namespace: string;
  name: string;
  subresource: string;
}

interface ObjectResponse {
  object?: Buffer;
}

type Unary = (request: unknown, metadata: Metadata, options: CallOptions, callback: (err: ServiceError | null, res?: ObjectResponse) => void) => unknown;

function target(resource: ResourceRef, namespace: string | undefined, name = '', subresource = ''): Target {
  return { group: resource.group, version: resource.version, resource: resource.resource, namespace: resource.namespaced ? (namespace ?? '') : '', name, subresource };
}

function bytes(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}

function writeOptions(opts: WriteOptions | undefined) {
  return { fieldManager: opts?.fieldManager ?? '', fieldValidation: opts?.fieldValidation ?? '', dryRun: opts?.dryRun ?? false };
}

export class GrpcResourceClient implements ResourceClient {
  private readonly client: Client & Record<string, Unary | ((req: unknown, md: Metadata, opts: CallOptions) => ClientReadableStream<unknown>)>;
  private readonly timeoutMs: number | undefined;

  constructor(options: GrpcResourceClientOptions) {
    const creds: ChannelCredentials = options.tls
      ? credentials.createSsl(Buffer.from(options.tls.ca), Buffer.from(options.tls.key), Buffer.from(options.tls.cert))
      : credentials.createInsecure();
    const Ctor = resourcesClientConstructor();
    this.client = new Ctor(options.address, creds, {
      'grpc.max_receive_message_length': GRPC_CLIENT_MAX_MESSAGE_BYTES,
      'grpc.max_send_message_length': GRPC_CLIENT_MAX_MESSAGE_BYTES,
      'grpc.keepalive_time_ms': KEEPALIVE_TIME_MS,
      'grpc.keepalive_timeout_ms': KEEPALIVE_TIMEOUT_MS,
      'grpc.keepalive_permit_without_calls': 1,
      ...(options.userAgent ? { 'grpc.primary_user_agent': options.userAgent } : {}),
    }) as never;
    this.timeoutMs = options.timeoutMs;
  }

  private call<T>(method: string, request: unknown): Promise<T> {
    const fn = this.client[method] as Unary;
    const options: CallOptions = this.timeoutMs === undefined ? {} : { deadline: Date.now() + this.timeoutMs };
    return new Promise<T>((resolve, reject) => {
      fn.call(this.client, request, new Metadata(), options, (err, res) => {
        if (err) return reject(statusErrorOfGrpc(err));
        try {
          resolve(JSON.parse(res?.object?.toString('utf8') ?? 'null') as T);
        } catch (parseErr) {
          reject(new Error(`${method}: the response is not JSON: ${(parseErr as Error).message}`));
        }
      });
    });
  }

  get<T extends ApiObject = ApiObject>(resource: ResourceRef, namespace: string | undefined, name: string): Promise<T> {
    return this.call('Get', { target: target(resource, namespace, name) });
  }

  list<T extends ApiObject = ApiObject>(resource: ResourceRef, namespace: string | undefined, opts: ListOptions = {}): Promise<ObjectList<T>> {
    return this.call('List', {
      target: target(resource, namespace),
      labelSelector: opts.labelSelector ?? '',
      fieldSelector: opts.fieldSelector ?? '',
      limit: opts.limit ?? 0,
      continue: opts.continue ?? '',
      resourceVersion: opts.resourceVersion ?? '',
      resourceVersionMatch: opts.resourceVersionMatch ?? '',
    });
  }

  watch<T extends ApiObject = ApiObject>(resource: ResourceRef, namespace: string | undefined, opts: WatchOptions = {}): Promise<WatchStream<T>> {
    const call = (this.client.Watch as (req: unknown, md: Metadata, o: CallOptions) => ClientReadableStream<unknown>).call(
      this.client,
      {
        target: target(resource, namespace),
        labelSelector: opts.labelSelector ?? '',
        fieldSelector: opts.fieldSelector ?? '',
        resourceVersion: opts.resourceVersion ?? '',
        allowWatchBookmarks: opts.allowWatchBookmarks ?? false,
        timeoutSeconds: opts.timeoutSeconds ?? 0,
      },
      new Metadata(),
      {},
    );
    return grpcWatchStream<T>(call as ClientReadableStream<WatchEventsMessage>);
  }

  create<T extends ApiObject = ApiObject>(resource: ResourceRef, namespace: string | undefined, obj: T, opts?: WriteOptions): Promise<T> {
    const ns = namespace ?? obj.metadata?.namespace;
    // A subresource create (pods/binding) names its object; a plain create addresses the collection.
    const t = opts?.subresource ? target(resource, ns, obj.metadata?.name ?? '', opts.subresource) : target(resource, ns);
    return this.call('Create', { target: t, object: bytes(obj), options: writeOptions(opts) });
  }

  update<T extends ApiObject = ApiObject>(resource: ResourceRef, namespace: string | undefined, obj: T, opts?: UpdateOptions): Promise<T> {
    return this.call('Update', {
      target: target(resource, namespace ?? obj.metadata?.namespace, obj.metadata?.name ?? '', opts?.subresource ?? ''),
      object: bytes(obj),
      options: writeOptions(opts),
    });
  }

  patch<T extends ApiObject = ApiObject>(resource: ResourceRef, namespace: string | undefined, name: string, type: PatchType, patch: unknown, opts?: PatchOptions): Promise<T> {
    return this.call('Patch', {
      target: target(resource, namespace, name, opts?.subresource ?? ''),
      patchType: type,
      patch: bytes(patch),
      options: writeOptions(opts),
      force: opts?.force ?? false,
    });
  }

  delete<T extends ApiObject = ApiObject>(resource: ResourceRef, namespace: string | undefined, name: string, opts: DeleteOptions = {}): Promise<T> {
    const request: Record<string, unknown> = {
      target: target(resource, namespace, name),
      propagationPolicy: opts.propagationPolicy ?? '',
      dryRun: opts.dryRun ?? false,
    };
    if (opts.gracePeriodSeconds !== undefined) request.gracePeriodSeconds = opts.gracePeriodSeconds;
    if (opts.preconditions) request.preconditions = { ...opts.preconditions };
    return this.call('Delete', request);
  }

  async close(): Promise<void> {
    this.client.close();
  }
}
