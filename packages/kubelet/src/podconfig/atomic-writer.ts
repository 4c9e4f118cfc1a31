/**
 * Writes a set of files into a volume directory atomically, as Kubernetes' AtomicWriter: the payload lives in a
 * timestamped `..<ts>` directory, `..data` is a symlink to it that is swapped with one rename, and every user-visible
 * top-level name is a symlink through `..data`. Readers never see a half-written update.
 */
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, readlink, rename, rm, stat, symlink, writeFile, chmod } from 'node:fs/promises';
import { dirname, join, normalize, sep } from 'node:path';

export const DATA_DIR_NAME = '..data';
const DATA_DIR_TMP_NAME = '..data_tmp';

/** One file of a payload: its content and mode. */
export interface PayloadFile {
  data: Buffer;
  mode: number;
}

/** Relative path -> file. */
export type Payload = Map<string, PayloadFile>;

/** Rejects absolute paths, `..` elements and names starting with `..` (as upstream validates). */
export function validatePayloadPath(p: string): void {
  if (p === '') throw new Error('invalid path: must not be empty');
  if (p.startsWith('/')) throw new Error(`invalid path: must be relative path: ${p}`);
  if (p.split('/').includes('..')) throw new Error(`invalid path: must not contain '..': ${p}`);
  if (p.startsWith('..')) throw new Error(`invalid path: must not start with '..': ${p}`);
}

/** A timestamp directory name like upstream's `..2026_11_23_13_22_41.1234567` (random suffix keeps it unique). */
function tsDirName(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `..${d.getUTCFullYear()}_${pad(d.getUTCMonth() + 1)}_${pad(d.getUTCDate())}_${pad(d.getUTCHours())}_${pad(d.getUTCMinutes())}_${pad(d.getUTCSeconds())}.${randomBytes(5).toString('hex')}`;
}

async function exists(p: string): Promise<boolean> {
  return lstat(p).then(
    () => true,
    () => false,
  );
}

/** True when the payload differs from what `..data` holds now (contents, set of paths or modes). */
async function payloadChanged(dir: string, payload: Payload): Promise<boolean> {
  const dataDir = join(dir, DATA_DIR_NAME);
  if (!(await exists(dataDir))) return true;
  const current = await listFiles(dataDir);
  if (current.length !== payload.size) return true;
  for (const rel of current) {
    const want = payload.get(rel);
    if (!want) return true;
    const full = join(dataDir, rel);
    const st = await stat(full);
    if ((st.mode & 0o7777) !== want.mode) return true;
    if (!(await readFile(full)).equals(want.data)) return true;
  }
  return false;
}

/** Files (not dirs) below `root`, relative. */
async function listFiles(root: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(join(root, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(root, rel)));
    else out.push(rel);
  }
  return out;
}

function topLevel(p: string): string {
  return normalize(p).split(sep)[0]!;
}

/**
 * Makes `dir` hold exactly `payload`. Returns false when nothing changed (no write at all), true after an update.
 * Order as upstream: new ts dir, `..data_tmp` -> ts dir, rename over `..data`, add top-level links, remove stale links and the old ts dir.
 */
export async function writeAtomic(dir: string, payload: Payload): Promise<boolean> {
  for (const p of payload.keys()) validatePayloadPath(p);
  await mkdir(dir, { recursive: true });
  if (!(await payloadChanged(dir, payload))) return false;
  const dataLink = join(dir, DATA_DIR_NAME);
  const oldTs = (await exists(dataLink)) ? await readlink(dataLink) : undefined;
  const oldTop = oldTs ? new Set((await readdir(join(dir, oldTs))).map((n) => n)) : new Set<string>();

  const ts = tsDirName();
  const tsDir = join(dir, ts);
  await mkdir(tsDir, { mode: 0o755 });
  for (const [rel, file] of payload) {
    const full = join(tsDir, rel);
    await mkdir(dirname(full), { recursive: true, mode: 0o755 });
    await writeFile(full, file.data);
    await chmod(full, file.mode);
  }
  const tmpLink = join(dir, DATA_DIR_TMP_NAME);
  await rm(tmpLink, { force: true });
  await symlink(ts, tmpLink);
  await rename(tmpLink, dataLink);

  const newTop = new Set([...payload.keys()].map(topLevel));
  for (const name of newTop) {
    const link = join(dir, name);
    if (!(await exists(link))) await symlink(join(DATA_DIR_NAME, name), link);
  }
  for (const name of oldTop) {
    if (!newTop.has(name)) await rm(join(dir, name), { force: true });
  }
  if (oldTs) await rm(join(dir, oldTs), { recursive: true, force: true });
  return true;
}
