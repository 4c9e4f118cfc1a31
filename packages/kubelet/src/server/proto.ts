/** The skiff.v1.Kubelet service definition and its message shapes, loaded once from the .proto shipped in @skiff/api. */
import { loadPackageDefinition, type ServiceDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { PROTO_LOADER_OPTIONS, protoPath, protoRoot } from '@skiff/api';

let cached: ServiceDefinition | undefined;

/** The Kubelet service definition for `server.addService`. */
export function kubeletServiceDefinition(): ServiceDefinition {
  if (!cached) {
    const definition = loadSync(protoPath('skiff/v1/kubelet.proto'), { ...PROTO_LOADER_OPTIONS, includeDirs: [protoRoot()] });
    const pkg = loadPackageDefinition(definition) as unknown as { skiff: { v1: { Kubelet: { service: ServiceDefinition } } } };
    cached = pkg.skiff.v1.Kubelet.service;
  }
  return cached;
}

/** The messages, as both ends of the service share them. */
export type { ContainerLogsRequest as ContainerLogsRequestMessage, ExecInput as ExecInputMessage, ExecOutput as ExecOutputMessage, ExecStart as ExecStartMessage, LogChunkMessage } from '@skiff/api';
