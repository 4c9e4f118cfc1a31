/** @skiff/client — kubeconfig, REST and gRPC clients behind one `ResourceClient` interface. */
export * from './interface.js';
