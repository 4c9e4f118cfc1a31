/** Mount points below a directory, read from /proc/self/mountinfo, and their lazy unmount. */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** mountinfo escapes space, tab, newline and backslash in paths as octal (\\040 ...). */
function unescapeMountPath(path: string): string {
  return path.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/** Every mount point at or below `dir`, deepest first. */
export async function mountsUnder(dir: string): Promise<string[]> {
  const root = resolve(dir);
  const text = await readFile('/proc/self/mountinfo', 'utf8');
  const points = text
    .split('\n')
    .filter(Boolean)
    .map((line) => unescapeMountPath(line.split(' ')[4] ?? ''))
    .filter((p) => p === root || p.startsWith(root + sep));
  return [...new Set(points)].sort((a, b) => b.length - a.length);
}

/** `umount -l` of every mount below `dir`; returns what could not be unmounted. */
export async function unmountAllUnder(dir: string): Promise<string[]> {
  const failed: string[] = [];
  for (const point of await mountsUnder(dir)) {
    try {
      await exec('umount', ['-l', point]);
    } catch (err) {
      failed.push(`umount ${point}: ${(err as Error).message.trim()}`);
    }
  }
  return failed;
}
