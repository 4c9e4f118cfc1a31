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
