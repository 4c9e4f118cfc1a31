/** Skiff's locally built container images: names, OCI layout tars, and their import into containerd. */
export { PAUSE_IMAGE, BUSYBOX_IMAGE, HTTPD_IMAGE, LOCAL_IMAGES, splitImageRef, type ImageRefParts } from './image-names.js';
export { buildImages, type BuiltImage, type BuildImagesOptions } from './build-images.js';
export { importImages, CRI_NAMESPACE, type ImportImagesOptions } from './import-images.js';
export { HTTPD_PORT, HTTPD_COMMAND } from './busybox-rootfs.js';
export { buildLayer, buildTar, sha256Digest, type Layer, type TarEntry } from './layer-tar.js';
export { buildOciArchive, type OciArchive, type OciImageSpec, type ImageRuntimeConfig } from './oci-archive.js';
export { ociArchitecture } from './oci-platform.js';
export { readTar, readOciArchive, type ReadTarEntry, type ReadOciArchive } from './read-oci-archive.js';
