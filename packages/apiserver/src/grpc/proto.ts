/** Loads the skiff.v1.Resources service definition from the .proto shipped in @skiff/api. */
import { loadPackageDefinition, type ServiceDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { PROTO_LOADER_OPTIONS, protoPath, protoRoot } from '@skiff/api';

let cached: ServiceDefinition | undefined;

/** The Resources service definition, loaded once. */
export function resourcesServiceDefinition(): ServiceDefinition {
  if (!cached) {
    const definition = loadSync(protoPath('skiff/v1/resources.proto'), { ...PROTO_LOADER_OPTIONS, includeDirs: [protoRoot()] });
    const pkg = loadPackageDefinition(definition) as unknown as { skiff: { v1: { Resources: { service: ServiceDefinition } } } };
    cached = pkg.skiff.v1.Resources.service;
  }
  return cached;
}
