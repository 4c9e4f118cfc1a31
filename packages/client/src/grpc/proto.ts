/** Loads the skiff.v1.Resources client constructor from the .proto shipped in @skiff/api. */
import { loadPackageDefinition, type ServiceClientConstructor } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { PROTO_LOADER_OPTIONS, protoPath, protoRoot } from '@skiff/api';


let cached: ServiceClientConstructor | undefined;

/** The generated client class of skiff.v1.Resources, loaded once. */
export function resourcesClientConstructor(): ServiceClientConstructor {
  if (!cached) {
    const definition = loadSync(protoPath('skiff/v1/resources.proto'), { ...PROTO_LOADER_OPTIONS, includeDirs: [protoRoot()] });
    const pkg = loadPackageDefinition(definition) as unknown as { skiff: { v1: { Resources: ServiceClientConstructor } } };
    cached = pkg.skiff.v1.Resources;
  }
  return cached;
}
