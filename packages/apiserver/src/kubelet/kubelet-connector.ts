/** The apiserver's client of each node's kubelet (skiff.v1.Kubelet): finds a node's address and calls it over gRPC. */
import { credentials, type ChannelCredentials, type ClientReadableStream } from '@grpc/grpc-js';
import { internalError, type StatusError } from '@skiff/api';
import type { Node } from 'kubernetes-types/core/v1.js';
import { ExecSession } from './exec-session.js';
import { statusErrorOfCall } from './grpc-failure.js';
import { kubeletClientConstructor, type ContainerLogsRequest, type ExecStart, type KubeletGrpcClient } from './kubelet-proto.js';

/** Largest message either side sends; a log chunk or an exec output is far smaller. */
export const KUBELET_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/** PEM contents for TLS to kubelets; without them the connection is plain (insecure). */
export interface KubeletClientTls {
  /** CA that signed the kubelets' serving certificates (`--kubelet-certificate-authority`). */
  ca?: Buffer;
  /** The apiserver's client certificate and key (`--kubelet-client-certificate`, `--kubelet-client-key`). */
  cert?: Buffer;
  key?: Buffer;
}

export interface KubeletConnectorOptions {
  /** Reads a Node (throws the registry's NotFound for an unknown one). */
  getNode(name: string): Promise<Node>;
  tls?: KubeletClientTls;
}

/** A container log being read: its chunks as they come; `cancel()` ends the call (the iteration then ends). */
export interface LogStream extends AsyncIterable<Buffer> {
  cancel(): void;
}

/** Where a node's kubelet serves skiff.v1.Kubelet: its InternalIP and `status.daemonEndpoints.kubeletEndpoint.Port`. */
export function kubeletAddressOf(node: Node): string {
  const name = node.metadata?.name ?? '';
  const addresses = node.status?.addresses ?? [];
  const internal = addresses.find((a) => a.type === 'InternalIP' && a.address);
  if (!internal) {
    const known = addresses.map((a) => `{${a.type} ${a.address}}`).join(' ');
    throw internalError(`no preferred addresses found; known addresses: [${known}]`);
  }
  const port = node.status?.daemonEndpoints?.kubeletEndpoint?.Port;
  if (!port || port <= 0) throw internalError(`node "${name}" has no kubelet port in status.daemonEndpoints.kubeletEndpoint.Port`);
  const host = internal.address.includes(':') ? `[${internal.address}]` : internal.address;
  return `${host}:${port}`;
}

export class KubeletConnector {
  private readonly clients = new Map<string, KubeletGrpcClient>();
  private readonly credentials: ChannelCredentials;

  constructor(private readonly options: KubeletConnectorOptions) {
    const tls = options.tls;
    this.credentials = tls && (tls.ca || tls.cert) ? credentials.createSsl(tls.ca ?? null, tls.key ?? null, tls.cert ?? null) : credentials.createInsecure();
  }

  /** The `host:port` of a node's kubelet; throws a StatusError when the node is unknown or has no address or port. */
  async addressOf(nodeName: string): Promise<string> {
    return kubeletAddressOf(await this.options.getNode(nodeName));
  }

  /**
   * Starts reading a container's log. Resolves once the kubelet accepted the call (sent its headers or a first
   * chunk, or ended); rejects with the kubelet's StatusError otherwise, so a caller can still answer with it.
   */
  async containerLogs(nodeName: string, request: ContainerLogsRequest): Promise<LogStream> {
    const client = await this.clientFor(nodeName);
    const call = client.containerLogs(request);
    const chunks = call[Symbol.asyncIterator]() as AsyncIterator<{ data?: Buffer }>;
    const first = chunks.next();
    const headers = new Promise<void>((resolve) => call.once('metadata', () => resolve()));
    try {
      await Promise.race([first.then(() => undefined), headers]);
    } catch (err) {
      throw statusErrorOfCall(err);
    }
    return logStream(call, chunks, first);
  }

  /** Starts a command in a container (the start message is sent at once). */
  async exec(nodeName: string, start: ExecStart): Promise<ExecSession> {
    const client = await this.clientFor(nodeName);
    return new ExecSession(client.exec(), start);
  }

  /** Closes every cached channel. */
  close(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }

  private async clientFor(nodeName: string): Promise<KubeletGrpcClient> {
    const address = await this.addressOf(nodeName);
    let client = this.clients.get(address);
    if (!client) {
      const Client = kubeletClientConstructor();
      client = new Client(address, this.credentials, {
        'grpc.max_receive_message_length': KUBELET_MAX_MESSAGE_BYTES,
        'grpc.max_send_message_length': KUBELET_MAX_MESSAGE_BYTES,
      });
      this.clients.set(address, client);
    }
    return client;
  }
}

function logStream(call: ClientReadableStream<{ data?: Buffer }>, chunks: AsyncIterator<{ data?: Buffer }>, first: Promise<IteratorResult<{ data?: Buffer }>>): LogStream {
  let cancelled = false;
  return {
    cancel() {
      cancelled = true;
      call.cancel();
    },
    async *[Symbol.asyncIterator]() {
      let next = first;
      try {
        for (;;) {
          const step = await next;
          if (step.done) return;
          if (step.value.data && step.value.data.length > 0) yield step.value.data;
          next = chunks.next();
        }
      } catch (err) {
        if (cancelled) return;
        throw statusErrorOfCall(err) satisfies StatusError;
      } finally {
        if (!cancelled) call.cancel();
      }
    },
  };
}
