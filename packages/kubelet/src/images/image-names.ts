/** The names of the images Skiff builds locally, and how a full image reference splits into repository and tag. */

/** The sandbox ("pause") image: containerd's `sandbox_image` and the kubelet's default pod infra image. */
export const PAUSE_IMAGE = 'localhost/pause:local';

/** A shell image: busybox with its applets, entrypoint `/bin/sh`. */
export const BUSYBOX_IMAGE = 'docker.io/library/busybox:local';

/** An HTTP server image: the busybox rootfs running `httpd` on port 8080, serving /www. */
export const HTTPD_IMAGE = 'docker.io/library/httpd:local';

/** Every locally built image, in build order. */
export const LOCAL_IMAGES = [PAUSE_IMAGE, BUSYBOX_IMAGE, HTTPD_IMAGE] as const;

/** A full reference split at its tag: `docker.io/library/busybox:local` -> repository + `local`. */
export interface ImageRefParts {
  repository: string;
  tag: string;
}

/** Splits `repo[:tag]` (a port in the registry host is not taken for a tag); the tag defaults to `latest`. */
export function splitImageRef(ref: string): ImageRefParts {
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  if (colon > slash) return { repository: ref.slice(0, colon), tag: ref.slice(colon + 1) };
  return { repository: ref, tag: 'latest' };
}
