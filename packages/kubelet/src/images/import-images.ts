/** Imports OCI layout tars into a containerd's `k8s.io` namespace (the one CRI sees) with `ctr`. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { StatusError } from '@skiff/api';

const run = promisify(execFile);

/** containerd's namespace for everything the CRI plugin manages. */
export const CRI_NAMESPACE = 'k8s.io';

/** How long one import may take: a few MB from local disk takes well under a second. */
const IMPORT_TIMEOUT_MS = 60_000;

export interface ImportImagesOptions {
  /** The ctr binary (default `ctr` from PATH). */
  ctrPath?: string;
  /** containerd namespace (default k8s.io). */
  namespace?: string;
}

/** Runs `ctr -a <socket> -n k8s.io images import <tar>` for each tar, in order; the first failure throws. */
export async function importImages(socket: string, tars: readonly string[], options: ImportImagesOptions = {}): Promise<void> {
  const ctr = options.ctrPath ?? 'ctr';
  const namespace = options.namespace ?? CRI_NAMESPACE;
  for (const tar of tars) {
    try {
      await run(ctr, ['-a', socket, '-n', namespace, 'images', 'import', tar], { timeout: IMPORT_TIMEOUT_MS });
    } catch (err) {
      const stderr = (err as { stderr?: string }).stderr ?? '';
      throw new StatusError('InternalError', `importing ${tar} into containerd at ${socket} failed: ${stderr.trim() || (err as Error).message}`);
    }
  }
}
