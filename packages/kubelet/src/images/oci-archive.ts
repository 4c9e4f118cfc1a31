/** Writes an OCI image layout (oci-layout, index.json, blobs/sha256/...) as one tar that `ctr images import` reads. */
import { buildTar, sha256Digest, type Layer, type TarEntry } from './layer-tar.js';
import { ociArchitecture } from './oci-platform.js';
import { splitImageRef } from './image-names.js';

export const OCI_INDEX_MEDIA_TYPE = 'application/vnd.oci.image.index.v1+json';
export const OCI_MANIFEST_MEDIA_TYPE = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_CONFIG_MEDIA_TYPE = 'application/vnd.oci.image.config.v1+json';
export const OCI_LAYER_MEDIA_TYPE = 'application/vnd.oci.image.layer.v1.tar+gzip';

/** The annotation containerd's importer takes the full image name from. */
export const CONTAINERD_IMAGE_NAME_ANNOTATION = 'io.containerd.image.name';
/** The OCI annotation naming a manifest's tag inside a layout. */
export const OCI_REF_NAME_ANNOTATION = 'org.opencontainers.image.ref.name';

/** The PATH every local image sets, as Docker's official images do. */
export const DEFAULT_IMAGE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Blob files are read-only for everyone but root, as in the layouts other tools write. */
const BLOB_MODE = 0o644;
const LAYOUT_DIR_MODE = 0o755;

/** The runtime part of an image config (the OCI `config` object; field names as the spec spells them). */
export interface ImageRuntimeConfig {
  Entrypoint?: string[];
  Cmd?: string[];
  Env?: string[];
  WorkingDir?: string;
  User?: string;
  ExposedPorts?: Record<string, Record<string, never>>;
}

/** What an image is made of. */
export interface OciImageSpec {
  /** Full reference, e.g. `docker.io/library/busybox:local`. */
  name: string;
  /** Layers, lowest first. */
  layers: readonly Layer[];
  config: ImageRuntimeConfig;
  /** OCI architecture; defaults to this machine's. */
  architecture?: string;
}

/** A built OCI layout tar and the digests that identify the image in it. */
export interface OciArchive {
  tar: Buffer;
  /** Digest of the manifest: the image's digest once imported. */
  manifestDigest: string;
  /** Digest of the config: the image id CRI reports. */
  configDigest: string;
}

/** A content descriptor as the OCI spec defines it. */
interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  platform?: { architecture: string; os: string };
}

function describe(mediaType: string, blob: Buffer): Descriptor {
  return { mediaType, digest: sha256Digest(blob), size: blob.length };
}

function jsonBlob(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}

/** The layout tar of one image: index.json names it with both annotations so the import needs no --base-name. */
export async function buildOciArchive(spec: OciImageSpec): Promise<OciArchive> {
  const architecture = spec.architecture ?? ociArchitecture();
  const config = jsonBlob({
    architecture,
    os: 'linux',
    config: { Env: [`PATH=${DEFAULT_IMAGE_PATH}`], WorkingDir: '/', ...spec.config },
    rootfs: { type: 'layers', diff_ids: spec.layers.map((layer) => layer.diffId) },
  });
  const manifest = jsonBlob({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST_MEDIA_TYPE,
    config: describe(OCI_CONFIG_MEDIA_TYPE, config),
    layers: spec.layers.map((layer) => describe(OCI_LAYER_MEDIA_TYPE, layer.gzip)),
  });
  const manifestDescriptor: Descriptor = {
    ...describe(OCI_MANIFEST_MEDIA_TYPE, manifest),
    annotations: {
      [CONTAINERD_IMAGE_NAME_ANNOTATION]: spec.name,
      [OCI_REF_NAME_ANNOTATION]: splitImageRef(spec.name).tag,
    },
    platform: { architecture, os: 'linux' },
  };
  const index = jsonBlob({ schemaVersion: 2, mediaType: OCI_INDEX_MEDIA_TYPE, manifests: [manifestDescriptor] });

  const blobs = new Map<string, Buffer>();
  for (const blob of [config, manifest, ...spec.layers.map((layer) => layer.gzip)]) {
    blobs.set(sha256Digest(blob).slice('sha256:'.length), blob);
  }
  const entries: TarEntry[] = [
    { type: 'dir', path: 'blobs', mode: LAYOUT_DIR_MODE },
    { type: 'dir', path: 'blobs/sha256', mode: LAYOUT_DIR_MODE },
    ...[...blobs].map(([hex, data]): TarEntry => ({ type: 'file', path: `blobs/sha256/${hex}`, mode: BLOB_MODE, data })),
    { type: 'file', path: 'index.json', mode: BLOB_MODE, data: index },
    { type: 'file', path: 'oci-layout', mode: BLOB_MODE, data: jsonBlob({ imageLayoutVersion: '1.0.0' }) },
  ];
  return {
    tar: await buildTar(entries),
    manifestDigest: manifestDescriptor.digest,
    configDigest: sha256Digest(config),
  };
}
