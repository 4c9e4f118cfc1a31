/** Where the skiff.v1 .proto files live, for @grpc/proto-loader in the apiserver and the client. */
import { fileURLToPath } from 'node:url';

/** The directory holding `skiff/v1/*.proto` (the include root for proto-loader). */
export function protoRoot(): string {
  // Both src/ and its compiled dist/ sit one level below the package root, beside proto/.
  return fileURLToPath(new URL('../proto/', import.meta.url));
}

/** The absolute path of one .proto file below the include root, e.g. `protoPath('skiff/v1/resources.proto')`. */
export function protoPath(file = 'skiff/v1/resources.proto'): string {
  return fileURLToPath(new URL(file, new URL('../proto/', import.meta.url)));
}

/** proto-loader options the server and every client decode skiff.v1 with: camelCase fields, int64 as number, bytes as Buffer, absent fields left out. */
export const PROTO_LOADER_OPTIONS = { keepCase: false, longs: Number, enums: String, defaults: false, oneofs: false } as const;

/** The gRPC trailer that carries a failed call's Kubernetes Status as JSON. */
export const GRPC_STATUS_TRAILER = 'skiff-status-bin';
