/** The kubelet's own gRPC server (skiff.v1.Kubelet on the node's address, by default port 10250): container logs and exec for the apiserver. */
import { Server, ServerCredentials, type ServerDuplexStream, type UntypedServiceImplementation } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { CriClient } from '../cri/index.js';
import type { PodLookup } from './container-lookup.js';
import { serveExec } from './exec-handler.js';
import { grpcErrorOf } from './grpc-error.js';
import { serveContainerLogs, type ContainerLogsCall } from './logs-handler.js';
import { authorizePeer } from './peer-authorization.js';
import { kubeletServiceDefinition, type ExecInputMessage, type ExecOutputMessage } from './proto.js';

/** TLS material: the node's serving certificate and the CA that signs the clients allowed in. */
export interface KubeletServerTls {
  cert: string;
  key: string;
  clientCa: string;
}

export interface KubeletServerOptions {
  cri: CriClient;
  pods: PodLookup;
  logger: Logger;
  /** Without it the server is plain text and lets every caller in (tests only). */
  tls?: KubeletServerTls;
}

export interface KubeletServer {
  /** Binds `host:port` (0: a free port) and serves; resolves to the bound port. */
  listen(host: string, port: number): Promise<number>;
  /** Stops at once: open log follows and exec sessions are cancelled. */
  stop(): Promise<void>;
}

export function createKubeletServer(opts: KubeletServerOptions): KubeletServer {
  const server = new Server();
  const secure = opts.tls !== undefined;
  const log = opts.logger.child({ server: 'kubelet-api' });
  const implementation: UntypedServiceImplementation = {
    ContainerLogs: (call: ContainerLogsCall) => {
      const abort = new AbortController();
      call.on('cancelled', () => abort.abort());
      void (async () => {
        authorizePeer(call, secure, 'get');
        await serveContainerLogs(opts.cri, opts.pods, call, abort.signal);
      })().then(
        () => {
          if (!call.cancelled) call.end();
        },
        (err: unknown) => {
          log.debug({ err }, 'container logs failed');
          if (!call.cancelled) call.emit('error', grpcErrorOf(err));
        },
      );
    },
    Exec: (call: ServerDuplexStream<ExecInputMessage, ExecOutputMessage>) => {
      try {
        authorizePeer(call, secure, 'create');
      } catch (err) {
        call.emit('error', grpcErrorOf(err));
        return;
      }
      serveExec(opts.cri, opts.pods, call, log);
    },
  };
  server.addService(kubeletServiceDefinition(), implementation);
  const credentials = opts.tls
    ? ServerCredentials.createSsl(Buffer.from(opts.tls.clientCa), [{ private_key: Buffer.from(opts.tls.key), cert_chain: Buffer.from(opts.tls.cert) }], true)
    : ServerCredentials.createInsecure();
  return {
    listen: (host, port) =>
      new Promise<number>((resolve, reject) => {
        const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
        server.bindAsync(address, credentials, (err, bound) => (err ? reject(err) : resolve(bound)));
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        server.forceShutdown();
        resolve();
      }),
  };
}
