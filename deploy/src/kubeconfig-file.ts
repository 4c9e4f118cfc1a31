/** Reading and rewriting the user's kubeconfig file to add or remove the skiff entries. */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { mergeEntries, parseKubeconfig, removeEntries, serializeKubeconfig, type KubeconfigEntries } from './kubeconfig.js';

/** A kubeconfig holds credentials: owner-only, as kubectl writes it. */
export const KUBECONFIG_MODE = 0o600;

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export async function writeKubeconfigFile(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFile(path, text, { mode: KUBECONFIG_MODE });
  await chmod(path, KUBECONFIG_MODE);
}

/** Adds (or replaces) the skiff entries in `path` and makes skiff the current context; returns the context it replaced. */
export async function mergeIntoKubeconfigFile(path: string, entries: KubeconfigEntries): Promise<{ previousContext: string | undefined }> {
  const text = await readText(path);
  const config = text === undefined ? {} : parseKubeconfig(text, path);
  const previous = config['current-context'];
  await writeKubeconfigFile(path, serializeKubeconfig(mergeEntries(config, entries)));
  return { previousContext: typeof previous === 'string' && previous !== '' ? previous : undefined };
}

/** Removes the skiff entries from `path` if they still describe our cluster; true when something was removed. */
export async function removeFromKubeconfigFile(path: string, ours: KubeconfigEntries['cluster'], previousContext?: string): Promise<boolean> {
  const text = await readText(path);
  if (text === undefined) return false;
  const { config, removed } = removeEntries(parseKubeconfig(text, path), ours, previousContext);
  if (removed) await writeKubeconfigFile(path, serializeKubeconfig(config));
  return removed;
}
