/** ensureImage: the image of a container present on the node (ImageStatus, then PullImage per pullPolicy), or the waiting reason why not. */
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import type { ContainerWaiting } from '../pod/index.js';
import type { PodWorkerDeps } from './deps.js';

/** The API default of imagePullPolicy: Always for `:latest` or an untagged image, else IfNotPresent. */
export function pullPolicyOf(container: Container): string {
  if (container.imagePullPolicy) return container.imagePullPolicy;
  const image = container.image ?? '';
  const lastSegment = image.split('@')[0]!.split('/').pop() ?? '';
  const tag = lastSegment.includes(':') ? lastSegment.split(':').pop() : undefined;
  return image.includes('@') || (tag !== undefined && tag !== 'latest') ? 'IfNotPresent' : 'Always';
}

export type EnsureImageResult = { ok: true; image: string } | { ok: false; waiting: ContainerWaiting };

/**
 * Makes sure `container.image` is on the node. containerd asks the registry on every PullImage, so a present image is
 * never pulled unless the policy is Always. Failed pulls feed the image back-off: ErrImagePull now, ImagePullBackOff
 * while the back-off lasts.
 */
export async function ensureImage(deps: PodWorkerDeps, pod: Pod, container: Container): Promise<EnsureImageResult> {
  const image = container.image ?? '';
  if (image === '') return { ok: false, waiting: { reason: 'InvalidImageName', message: 'Failed to apply default image tag "": couldn\'t parse image name "": invalid reference format' } };
  const policy = pullPolicyOf(container);
  const uid = pod.metadata?.uid ?? '';
  const present = (await deps.cri.imageStatus(image)).image !== null;
  if (present && policy !== 'Always') {
    deps.events(pod, 'Normal', 'Pulled', `Container image "${image}" already present on machine`);
    return { ok: true, image };
  }
  if (!present && policy === 'Never') {
    const message = `Container image "${image}" is not present with pull policy of Never`;
    deps.events(pod, 'Warning', 'ErrImageNeverPull', message);
    return { ok: false, waiting: { reason: 'ErrImageNeverPull', message } };
  }
  const now = deps.clock.now();
  const backingOff = deps.backoffs.image.beforePull(uid, image, now);
  if (backingOff) {
    deps.events(pod, 'Normal', 'BackOff', backingOff.message ?? '');
    return { ok: false, waiting: backingOff };
  }
  deps.events(pod, 'Normal', 'Pulling', `Pulling image "${image}"`);
  try {
    await deps.cri.pullImage({ image: { image } });
  } catch (e) {
    const message = `Failed to pull image "${image}": ${(e as Error).message}`;
    deps.events(pod, 'Warning', 'Failed', message);
    deps.events(pod, 'Warning', 'Failed', 'Error: ErrImagePull');
    return { ok: false, waiting: deps.backoffs.image.pullFailed(uid, image, message, now) };
  }
  deps.events(pod, 'Normal', 'Pulled', `Successfully pulled image "${image}"`);
  return { ok: true, image };
}
