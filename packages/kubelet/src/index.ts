/** @skiff/kubelet — the node agent: a CRI client of containerd, the node's containerd and images, pods run for real. */
export * from './cri/index.js';
export * from './containerd/index.js';
export {
  PAUSE_IMAGE,
  BUSYBOX_IMAGE,
  HTTPD_IMAGE,
  LOCAL_IMAGES,
  HTTPD_PORT,
  buildImages,
  importImages,
  type BuiltImage,
  type BuildImagesOptions,
  type ImportImagesOptions,
} from './images/index.js';
export * from './pod/index.js';
export * from './prober/index.js';
export * from './node/index.js';
export * from './status/index.js';
export * from './podconfig/index.js';
export * from './worker/index.js';
export * from './kubelet/index.js';
export * from './logs/index.js';
export * from './server/index.js';
export * from './streaming/index.js';
export * from './pleg/index.js';
