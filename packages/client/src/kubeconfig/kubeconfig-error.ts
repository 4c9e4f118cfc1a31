/** The error thrown when a kubeconfig cannot be read or does not name a usable cluster, user and context. */
export class KubeconfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KubeconfigError';
  }
}
