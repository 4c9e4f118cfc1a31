/** Reads a tar, and an OCI layout tar down to its manifest, config and layer entries, checking every digest on the way. */
import { gunzipSync } from 'node:zlib';
import { extract, type Header } from 'tar-stream';
import { sha256Digest } from './layer-tar.js';

/** One entry read back from a tar. */
export interface ReadTarEntry {
  header: Header;
  data: Buffer;
}

/** Every entry of a tar, in archive order. */
export async function readTar(tar: Buffer): Promise<ReadTarEntry[]> {
  const extractor = extract();
  const entries: ReadTarEntry[] = [];
  const done = new Promise<void>((resolve, reject) => {
    extractor.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
      stream.on('end', () => {
        entries.push({ header, data: Buffer.concat(chunks) });
        next();
      });
      stream.on('error', reject);
    });
    extractor.on('finish', () => resolve());
    extractor.on('error', reject);
  });
  extractor.end(tar);
  await done;
  return entries;
}

/** An OCI descriptor as read from JSON. */
export interface ReadDescriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  platform?: { architecture: string; os: string };
}

/** The parts of an OCI layout tar with one image. */
export interface ReadOciArchive {
  layout: { imageLayoutVersion: string };
  index: { schemaVersion: number; mediaType?: string; manifests: ReadDescriptor[] };
  manifest: { schemaVersion: number; mediaType: string; config: ReadDescriptor; layers: ReadDescriptor[] };
  config: {
    architecture: string;
    os: string;
    config: Record<string, unknown>;
    rootfs: { type: string; diff_ids: string[] };
  };
  /** Per layer: its diff_id (digest of the uncompressed tar) and its entries. */
  layers: { diffId: string; entries: ReadTarEntry[] }[];
  /** Names of all entries of the outer tar, in archive order. */
  paths: string[];
}

/** Parses a layout tar holding one image; throws when a blob is missing or its digest or size is wrong. */
export async function readOciArchive(tar: Buffer): Promise<ReadOciArchive> {
  const entries = await readTar(tar);
  const files = new Map(entries.map((entry) => [entry.header.name, entry.data]));
  const file = (path: string): Buffer => {
    const data = files.get(path);
    if (data === undefined) throw new Error(`OCI archive has no ${path}`);
    return data;
  };
  const blob = (descriptor: ReadDescriptor): Buffer => {
    const data = file(`blobs/sha256/${descriptor.digest.replace(/^sha256:/, '')}`);
    if (sha256Digest(data) !== descriptor.digest) throw new Error(`blob ${descriptor.digest} has another digest`);
    if (data.length !== descriptor.size) throw new Error(`blob ${descriptor.digest} is ${data.length} bytes, not ${descriptor.size}`);
    return data;
  };
  const json = <T>(data: Buffer): T => JSON.parse(data.toString('utf8')) as T;

  const index = json<ReadOciArchive['index']>(file('index.json'));
  const [manifestDescriptor] = index.manifests;
  if (index.manifests.length !== 1 || manifestDescriptor === undefined) throw new Error('OCI archive must hold exactly one manifest');
  const manifest = json<ReadOciArchive['manifest']>(blob(manifestDescriptor));
  const config = json<ReadOciArchive['config']>(blob(manifest.config));
  const layers = [];
  for (const descriptor of manifest.layers) {
    const layerTar = gunzipSync(blob(descriptor));
    layers.push({ diffId: sha256Digest(layerTar), entries: await readTar(layerTar) });
  }
  return {
    layout: json<ReadOciArchive['layout']>(file('oci-layout')),
    index,
    manifest,
    config,
    layers,
    paths: entries.map((entry) => entry.header.name),
  };
}
