/** @skiff/client — kubeconfig, REST and gRPC clients behind one `ResourceClient` interface. */
export * from './interface.js';
export * from './kubeconfig/index.js';
export * from './rest/index.js';
export * from './grpc/index.js';
