/** The typed error for a container whose config cannot be made (the pod worker reports it as CreateContainerConfigError with this message). */

export type ContainerConfigErrorReason = 'CreateContainerConfigError';

export class ContainerConfigError extends Error {
  readonly reason: ContainerConfigErrorReason = 'CreateContainerConfigError';
  constructor(message: string) {
    super(message);
    this.name = 'ContainerConfigError';
  }
}

export function isContainerConfigError(e: unknown): e is ContainerConfigError {
  return e instanceof ContainerConfigError;
}

/** `configmap "x" not found`, as the kubelet's configmap manager words it. */
export function configMapNotFound(name: string): ContainerConfigError {
  return new ContainerConfigError(`configmap "${name}" not found`);
}

/** `secret "x" not found`. */
export function secretNotFound(name: string): ContainerConfigError {
  return new ContainerConfigError(`secret "${name}" not found`);
}
