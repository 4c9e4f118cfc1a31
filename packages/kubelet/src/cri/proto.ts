/** Loads the runtime.v1 (CRI) service definitions from packages/kubelet/proto. */
import { fileURLToPath } from 'node:url';
import type { ServiceDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

/** The .proto of the CRI subset the kubelet speaks (src/cri and dist/cri both sit two levels below the package root). */
export const CRI_PROTO_PATH = fileURLToPath(new URL('../../proto/runtime/v1/api.proto', import.meta.url));

/**
 * proto-loader options: snake_case field names as in the .proto, int64 as decimal strings
 * (nanosecond timestamps exceed 2^53), enums as their names, defaults filled in so every
 * scalar field is present (unset message fields come back as null).
 */
export const CRI_LOADER_OPTIONS = { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true } as const;

export interface CriServices {
  runtime: ServiceDefinition;
  image: ServiceDefinition;
}

let cached: CriServices | undefined;

/** The RuntimeService and ImageService definitions, loaded once per process. */
export function criServices(): CriServices {
  if (!cached) {
    const definition = loadSync(CRI_PROTO_PATH, CRI_LOADER_OPTIONS);
    cached = {
      runtime: definition['runtime.v1.RuntimeService'] as ServiceDefinition,
      image: definition['runtime.v1.ImageService'] as ServiceDefinition,
    };
  }
  return cached;
}
