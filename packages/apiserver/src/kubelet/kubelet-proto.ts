/** Loads the skiff.v1.Kubelet service (the apiserver's side of `pods/log` and `pods/exec`) from the .proto in @skiff/api. */
import { loadPackageDefinition, type ChannelCredentials, type Client, type ClientDuplexStream, type ClientReadableStream, type ServiceDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { PROTO_LOADER_OPTIONS, protoPath, protoRoot, type ContainerLogsRequest, type ExecInput, type ExecOutput, type ExecStart, type PodContainerMessage } from '@skiff/api';

export type { ContainerLogsRequest, ExecInput, ExecOutput, ExecStart, PodContainerMessage };


/** The generated client of skiff.v1.Kubelet, typed for the two calls used. */
export interface KubeletGrpcClient extends Client {
  containerLogs(request: ContainerLogsRequest): ClientReadableStream<{ data?: Buffer }>;
  exec(): ClientDuplexStream<ExecInput, ExecOutput>;
}

type KubeletClientConstructor = (new (address: string, credentials: ChannelCredentials, options?: object) => KubeletGrpcClient) & { service: ServiceDefinition };

let cached: KubeletClientConstructor | undefined;

/** The Kubelet client constructor (its `.service` is the service definition a server implements), loaded once. */
export function kubeletClientConstructor(): KubeletClientConstructor {
  if (!cached) {
    const definition = loadSync(protoPath('skiff/v1/kubelet.proto'), { ...PROTO_LOADER_OPTIONS, includeDirs: [protoRoot()] });
    const pkg = loadPackageDefinition(definition) as unknown as { skiff: { v1: { Kubelet: KubeletClientConstructor } } };
    cached = pkg.skiff.v1.Kubelet;
  }
  return cached;
}

/** The skiff.v1.Kubelet service definition (for servers, e.g. a stand-in kubelet in tests). */
export function kubeletServiceDefinition(): ServiceDefinition {
  return kubeletClientConstructor().service;
}
