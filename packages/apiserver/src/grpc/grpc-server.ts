/** The gRPC transport: a grpc-js server offering skiff.v1.Resources, over TLS with client certificates. */
import { Server, ServerCredentials, type ChannelOptions } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { Clock } from '../registry/clock.js';
import type { ApiServerMetrics } from '../rest/metrics.js';
import { ResourceHandler, type Registries } from '../rest/resource-handler.js';
import type { GrpcAuthenticator } from './authn.js';
import { resourcesServiceDefinition } from './proto.js';
import { ResourcesService } from './resources-service.js';

/** Lists of thousands of objects exceed grpc-js's 4 MiB default; REST bodies are limited separately (3 MiB). */
export const GRPC_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/** Server pings on idle connections every 30 s and drops peers that do not answer within 10 s, so dead watchers go away. */
export const GRPC_KEEPALIVE_TIME_MS = 30_000;
export const GRPC_KEEPALIVE_TIMEOUT_MS = 10_000;

export const GRPC_SERVER_OPTIONS: ChannelOptions = {
  'grpc.max_receive_message_length': GRPC_MAX_MESSAGE_BYTES,
  'grpc.max_send_message_length': GRPC_MAX_MESSAGE_BYTES,
  'grpc.keepalive_time_ms': GRPC_KEEPALIVE_TIME_MS,
  'grpc.keepalive_timeout_ms': GRPC_KEEPALIVE_TIMEOUT_MS,
};

export interface GrpcServerOptions {
  registries: Registries;
  clock: Clock;
  authenticate: GrpcAuthenticator;
  logger: Logger;
  metrics?: ApiServerMetrics;
  /** TLS material (the same CA as REST); without it the server is insecure (tests only). */
  tls?: { key: string; cert: string; ca: string };
}

export interface GrpcServer {
  /** Binds `host:port` (0 picks a free port) and starts serving; resolves to the bound port. */
  listen(host: string, port: number): Promise<number>;
  /** Stops at once: open calls (watches) are cancelled. */
  stop(): Promise<void>;
}

export function createGrpcServer(opts: GrpcServerOptions): GrpcServer {
  const server = new Server(GRPC_SERVER_OPTIONS);
  const service = new ResourcesService({
    handler: new ResourceHandler(opts.registries, opts.clock),
    authenticate: opts.authenticate,
    logger: opts.logger.child({ transport: 'grpc' }),
    ...(opts.metrics ? { metrics: opts.metrics } : {}),
  });
  server.addService(resourcesServiceDefinition(), service.implementation());
  const credentials = opts.tls
    ? ServerCredentials.createSsl(Buffer.from(opts.tls.ca), [{ private_key: Buffer.from(opts.tls.key), cert_chain: Buffer.from(opts.tls.cert) }], true)
    : ServerCredentials.createInsecure();
  return {
    listen: (host, port) =>
      new Promise<number>((resolve, reject) => {
        const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
        server.bindAsync(address, credentials, (err, bound) => (err ? reject(err) : resolve(bound)));
      }),
    stop: async () => {
      server.forceShutdown();
    },
  };
}
