/** Builds Skiff's local images (pause, busybox, httpd) as OCI layout tars, reusing a cached build when its inputs are unchanged. */
import { copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StatusError } from '@skiff/api';
import { BUSYBOX_IMAGE, HTTPD_IMAGE, PAUSE_IMAGE } from './image-names.js';
import { buildLayer, sha256Digest, type Layer, type TarEntry } from './layer-tar.js';
import { buildOciArchive, type ImageRuntimeConfig } from './oci-archive.js';
import { ociArchitecture } from './oci-platform.js';
import { PAUSE_CFLAGS, PAUSE_C_SOURCE, compilePause, compilerVersion } from './pause-binary.js';
import {
  DEFAULT_BUSYBOX_PATH,
  HTTPD_COMMAND,
  HTTPD_PORT,
  busyboxApplets,
  busyboxEntries,
  httpdEntries,
} from './busybox-rootfs.js';

/**
 * Bump when the way bytes are written changes (tar headers, gzip, JSON layout) without any
 * input below changing; file contents and image configs are part of the cache key already.
 */
const BUILD_FORMAT_VERSION = 1;

/** The index of a cached build inside `<cacheDir>/<key>/`. */
const CACHE_INDEX_FILE = 'images.json';

/** One built image. */
export interface BuiltImage {
  /** Full reference, e.g. `docker.io/library/busybox:local`. */
  name: string;
  /** The OCI layout tar in the output directory. */
  tarPath: string;
  /** Manifest digest (`sha256:...`): the image digest containerd records. */
  digest: string;
  /** Config digest (`sha256:...`): the image id CRI reports in ImageStatus. */
  imageId: string;
}

export interface BuildImagesOptions {
  /** Keeps finished builds under `<cacheDir>/<input hash>/`; a build with the same inputs copies them instead. */
  cacheDir?: string;
  /** The static busybox to put in the images (default Debian's /bin/busybox). */
  busyboxPath?: string;
  /** C compiler for /pause (default gcc). */
  cc?: string;
}

/** What one image is made of, before any bytes are written. */
interface ImageRecipe {
  name: string;
  fileName: string;
  layers: TarEntry[][];
  config: ImageRuntimeConfig;
}

/** A cached build's index entry. */
interface CachedImage {
  name: string;
  fileName: string;
  digest: string;
  imageId: string;
  tarDigest: string;
}

/** Builds (or copies from the cache) the three local images into `outDir`; returns them in LOCAL_IMAGES order. */
export async function buildImages(outDir: string, options: BuildImagesOptions = {}): Promise<BuiltImage[]> {
  const busyboxPath = options.busyboxPath ?? DEFAULT_BUSYBOX_PATH;
  const cc = options.cc ?? 'gcc';
  const busybox = await readInput(busyboxPath);
  const applets = await busyboxApplets(busyboxPath);
  const architecture = ociArchitecture();
  // Stands in for /pause in the cache key; the real binary is compiled only on a cache miss.
  const pausePlaceholder: TarEntry = { type: 'file', path: 'pause', mode: 0o755, data: Buffer.alloc(0) };
  const recipes = imageRecipes(pausePlaceholder, busybox, applets);
  const key = sha256Digest(
    JSON.stringify({
      format: BUILD_FORMAT_VERSION,
      architecture,
      pause: { source: PAUSE_C_SOURCE, cflags: PAUSE_CFLAGS, cc: await compilerVersion(cc) },
      recipes: recipes.map(summarizeRecipe),
    }),
  ).slice('sha256:'.length);

  await mkdir(outDir, { recursive: true });
  const cacheEntryDir = options.cacheDir === undefined ? undefined : join(options.cacheDir, key);
  if (cacheEntryDir !== undefined) {
    const cached = await copyFromCache(cacheEntryDir, outDir);
    if (cached !== undefined) return cached;
  }

  const pause: TarEntry = { ...pausePlaceholder, data: await compilePause(cc) };
  const built: CachedImage[] = [];
  const tars = new Map<string, Buffer>();
  // A layer shared by two images (busybox under httpd) is compressed once.
  const layerBuilds = new Map<TarEntry[], Promise<Layer>>();
  const layerOf = (entries: TarEntry[]): Promise<Layer> => {
    const build = layerBuilds.get(entries) ?? buildLayer(entries);
    layerBuilds.set(entries, build);
    return build;
  };
  for (const recipe of imageRecipes(pause, busybox, applets)) {
    const layers = await Promise.all(recipe.layers.map(layerOf));
    const archive = await buildOciArchive({ name: recipe.name, layers, config: recipe.config, architecture });
    await writeAtomically(join(outDir, recipe.fileName), archive.tar);
    tars.set(recipe.fileName, archive.tar);
    built.push({
      name: recipe.name,
      fileName: recipe.fileName,
      digest: archive.manifestDigest,
      imageId: archive.configDigest,
      tarDigest: sha256Digest(archive.tar),
    });
  }
  if (cacheEntryDir !== undefined) await storeInCache(cacheEntryDir, built, tars);
  return built.map((image) => builtImage(outDir, image));
}

/** The three images. Built twice per run: once with a placeholder /pause for the cache key, once for real. */
function imageRecipes(pause: TarEntry, busybox: Buffer, applets: readonly string[]): ImageRecipe[] {
  const busyboxLayer = busyboxEntries(busybox, applets);
  return [
    { name: PAUSE_IMAGE, fileName: 'pause.tar', layers: [[pause]], config: { Entrypoint: ['/pause'] } },
    { name: BUSYBOX_IMAGE, fileName: 'busybox.tar', layers: [busyboxLayer], config: { Entrypoint: ['/bin/sh'] } },
    {
      name: HTTPD_IMAGE,
      fileName: 'httpd.tar',
      // The busybox layer is shared with the busybox image, so containerd stores it once.
      layers: [busyboxLayer, httpdEntries()],
      config: { Cmd: HTTPD_COMMAND, ExposedPorts: { [`${HTTPD_PORT}/tcp`]: {} } },
    },
  ];
}

/** A recipe with file contents replaced by their digests: small, and changes whenever any byte would. */
function summarizeRecipe(recipe: ImageRecipe): unknown {
  const layers = recipe.layers.map((entries) =>
    entries.map((entry) => (entry.type === 'file' ? { ...entry, data: sha256Digest(entry.data) } : entry)),
  );
  return { ...recipe, layers };
}

async function readInput(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    throw new StatusError('InternalError', `cannot read image input ${path}: ${(err as Error).message}`);
  }
}

function builtImage(outDir: string, image: CachedImage): BuiltImage {
  return { name: image.name, tarPath: join(outDir, image.fileName), digest: image.digest, imageId: image.imageId };
}

/** Writes next to the target and renames, so a reader never sees half a tar. */
async function writeAtomically(path: string, data: Buffer): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, data);
  await rename(temporary, path);
}

/** Copies a complete, intact cached build into `outDir`; undefined when there is none (or it is damaged). */
async function copyFromCache(entryDir: string, outDir: string): Promise<BuiltImage[] | undefined> {
  let images: CachedImage[];
  try {
    images = JSON.parse(await readFile(join(entryDir, CACHE_INDEX_FILE), 'utf8')) as CachedImage[];
    for (const image of images) {
      const tar = await readFile(join(entryDir, image.fileName));
      if (sha256Digest(tar) !== image.tarDigest) return undefined;
    }
  } catch {
    return undefined;
  }
  for (const image of images) {
    const temporary = join(outDir, `${image.fileName}.${process.pid}.tmp`);
    await copyFile(join(entryDir, image.fileName), temporary);
    await rename(temporary, join(outDir, image.fileName));
  }
  return images.map((image) => builtImage(outDir, image));
}

/** Saves a build under its key; the index is written last, so a half-written entry is never used. */
async function storeInCache(entryDir: string, images: CachedImage[], tars: Map<string, Buffer>): Promise<void> {
  await rm(entryDir, { recursive: true, force: true });
  await mkdir(entryDir, { recursive: true });
  for (const [fileName, tar] of tars) await writeAtomically(join(entryDir, fileName), tar);
  await writeAtomically(join(entryDir, CACHE_INDEX_FILE), Buffer.from(JSON.stringify(images, null, 2)));
}
