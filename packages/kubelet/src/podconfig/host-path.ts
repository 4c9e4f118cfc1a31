/** hostPath type checks as upstream: Directory, DirectoryOrCreate, File, FileOrCreate, Socket, CharDevice, BlockDevice ('' checks nothing). */
import { lstat, mkdir, open, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';

/** Modes upstream uses for what DirectoryOrCreate / FileOrCreate make. */
const CREATED_DIR_MODE = 0o755;
const CREATED_FILE_MODE = 0o644;

async function statOf(path: string): Promise<Stats | undefined> {
  return stat(path).catch(() => lstat(path).catch(() => undefined));
}

function failed(path: string, what: string): Error {
  return new Error(`hostPath type check failed: ${path} is not ${what}`);
}

/** Checks (and for the *OrCreate types creates) `path`; throws with upstream's message on a mismatch. */
export async function checkHostPathType(path: string, type: string | undefined): Promise<void> {
  const t = type ?? '';
  if (t === '') return;
  let st = await statOf(path);
  switch (t) {
    case 'DirectoryOrCreate':
      if (!st) {
        await mkdir(path, { recursive: true, mode: CREATED_DIR_MODE });
        return;
      }
      if (!st.isDirectory()) throw failed(path, 'a directory');
      return;
    case 'Directory':
      if (!st?.isDirectory()) throw failed(path, 'a directory');
      return;
    case 'FileOrCreate':
      if (!st) {
        // the parent directory is not created (as upstream)
        const fh = await open(path, 'a', CREATED_FILE_MODE).catch((e: Error) => {
          throw new Error(`hostPath type check failed: ${path}: ${e.message}`);
        });
        await fh.close();
        st = await statOf(path);
      }
      if (!st?.isFile()) throw failed(path, 'a file');
      return;
    case 'File':
      if (!st?.isFile()) throw failed(path, 'a file');
      return;
    case 'Socket':
      if (!st?.isSocket()) throw failed(path, 'a socket file');
      return;
    case 'CharDevice':
      if (!st?.isCharacterDevice()) throw failed(path, 'a character device');
      return;
    case 'BlockDevice':
      if (!st?.isBlockDevice()) throw failed(path, 'a block device');
      return;
    default:
      throw new Error(`hostPath type check failed: ${path}: unknown type ${t}`);
  }
}
