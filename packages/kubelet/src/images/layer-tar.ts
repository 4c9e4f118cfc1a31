/** Deterministic tar archives (sorted entries, fixed mtime, owner root) and gzipped OCI layers built from them. */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { pack, type Pack } from 'tar-stream';

/** Every entry's mtime: a fixed instant, so the same files always give the same bytes (and digest). */
const FIXED_MTIME = new Date(0);

/** gzip level of layers: the best ratio; layers are built rarely and read often. */
const LAYER_GZIP_LEVEL = 9;

/** Default mode of a directory that only exists as the parent of another entry. */
const IMPLIED_DIR_MODE = 0o755;

/** One file-system entry of a tar archive; `path` is relative (`bin/sh`), without a trailing slash. */
export type TarEntry =
  | { type: 'file'; path: string; mode: number; data: Buffer }
  | { type: 'dir'; path: string; mode: number }
  | { type: 'symlink'; path: string; target: string };

/** A layer ready for an OCI image: gzipped bytes and the digests that name them. */
export interface Layer {
  /** The gzipped tar, as stored in blobs/. */
  gzip: Buffer;
  /** `sha256:` digest of `gzip`: the layer descriptor's digest. */
  digest: string;
  /** `sha256:` digest of the uncompressed tar: the config's rootfs.diff_ids entry. */
  diffId: string;
}

/** `sha256:<hex>` of some bytes, as OCI descriptors write digests. */
export function sha256Digest(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** The entries sorted by path, with a directory entry added for every missing parent, duplicates rejected. */
export function normalizeEntries(entries: readonly TarEntry[]): TarEntry[] {
  const byPath = new Map<string, TarEntry>();
  for (const entry of entries) {
    const path = entry.path.replace(/^\.?\/+/, '').replace(/\/+$/, '');
    if (path === '' || path.split('/').some((part) => part === '' || part === '.' || part === '..')) {
      throw new Error(`invalid tar entry path "${entry.path}"`);
    }
    if (byPath.has(path)) throw new Error(`duplicate tar entry "${path}"`);
    byPath.set(path, { ...entry, path });
  }
  for (const path of [...byPath.keys()]) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join('/');
      const existing = byPath.get(parent);
      if (existing === undefined) byPath.set(parent, { type: 'dir', path: parent, mode: IMPLIED_DIR_MODE });
      else if (existing.type !== 'dir') throw new Error(`tar entry "${path}" is below non-directory "${parent}"`);
    }
  }
  // Plain code-unit order puts every directory before its contents ("a" < "a/b").
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The header argument `pack.entry()` takes. */
type EntryHeader = Parameters<Pack['entry']>[0];

function headerOf(entry: TarEntry): EntryHeader {
  const common = { mtime: FIXED_MTIME, uid: 0, gid: 0, uname: '', gname: '' };
  switch (entry.type) {
    case 'file':
      return { ...common, name: entry.path, type: 'file', mode: entry.mode, size: entry.data.length };
    case 'dir':
      return { ...common, name: `${entry.path}/`, type: 'directory', mode: entry.mode };
    case 'symlink':
      return { ...common, name: entry.path, type: 'symlink', mode: 0o777, linkname: entry.target };
  }
}

/** A deterministic tar archive of `entries` (see normalizeEntries), as one buffer. */
export async function buildTar(entries: readonly TarEntry[]): Promise<Buffer> {
  const packer = pack();
  const chunks: Buffer[] = [];
  const finished = new Promise<void>((resolve, reject) => {
    packer.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
    packer.on('end', () => resolve());
    packer.on('error', reject);
  });
  for (const entry of normalizeEntries(entries)) {
    await new Promise<void>((resolve, reject) => {
      const done = (err?: Error | null): void => (err ? reject(err) : resolve());
      if (entry.type === 'file') packer.entry(headerOf(entry), entry.data, done);
      else packer.entry(headerOf(entry), done);
    });
  }
  packer.finalize();
  await finished;
  return Buffer.concat(chunks);
}

/** A gzipped layer of `entries` with its digest and diff_id. */
export async function buildLayer(entries: readonly TarEntry[]): Promise<Layer> {
  const tar = await buildTar(entries);
  const gzip = gzipSync(tar, { level: LAYER_GZIP_LEVEL });
  return { gzip, digest: sha256Digest(gzip), diffId: sha256Digest(tar) };
}
