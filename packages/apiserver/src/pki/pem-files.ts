/** Reading and atomically writing the PEM files of the cluster PKI, with the right file modes. */
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Private keys are readable by their owner only. */
export const PRIVATE_KEY_MODE = 0o600;
/** Certificates are public. */
export const CERTIFICATE_MODE = 0o644;
/** The PKI folder holds private keys, so only its owner may list it. */
export const PKI_DIR_MODE = 0o700;

/** The file's text, or undefined when it does not exist. */
export async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Writes `text` to a temporary file beside `path` and renames it over `path`: readers never see half a file. */
export async function writeFileAtomic(path: string, text: string, mode: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: PKI_DIR_MODE });
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    await writeFile(tmp, text, { mode });
    // The umask may have narrowed the mode; a key must be exactly 0600 and a certificate 0644.
    await chmod(tmp, mode);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
