/** Kubernetes Status errors. */
export * from './status-error.js';
