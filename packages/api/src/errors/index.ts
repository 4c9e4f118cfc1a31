/** Kubernetes Status errors. */
export * from './status-error.js';
export * from './status-error-of.js';
export * from './grpc-status.js';
