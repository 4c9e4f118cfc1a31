/** The typed error for a volume that cannot be set up (the pod worker emits FailedMount with this message and keeps the pod ContainerCreating). */

export class VolumeSetupError extends Error {
  readonly reason = 'FailedMount';
  constructor(
    readonly volume: string,
    readonly detail: string,
  ) {
    super(`MountVolume.SetUp failed for volume "${volume}" : ${detail}`);
    this.name = 'VolumeSetupError';
  }
}

export function isVolumeSetupError(e: unknown): e is VolumeSetupError {
  return e instanceof VolumeSetupError;
}
