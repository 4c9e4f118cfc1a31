/** status.images from CRI ListImages, as the kubelet reports them: largest first, names = digests then tags (at most 5), at most 50 images. */
import type { ContainerImage } from 'kubernetes-types/core/v1.js';
import type { Image } from '../cri/types-image.js';

/** The kubelet's default --node-status-max-images. */
export const NODE_STATUS_MAX_IMAGES = 50;
/** The kubelet reports at most this many names per image. */
export const MAX_NAMES_PER_IMAGE = 5;

export function nodeImages(images: Image[], max: number = NODE_STATUS_MAX_IMAGES): ContainerImage[] {
  return images
    .map((i) => ({ names: [...i.repo_digests, ...i.repo_tags].slice(0, MAX_NAMES_PER_IMAGE), sizeBytes: Number(i.size) }))
    .sort((a, b) => b.sizeBytes - a.sizeBytes)
    .slice(0, max < 0 ? undefined : max);
}
