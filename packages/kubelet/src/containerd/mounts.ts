/** Reads the mount table (/proc/self/mountinfo) to find and lazily unmount everything below a directory. */
import { readFile } from 'node:fs/promises';
import { run } from './proc.js';

/** mountinfo escapes space, tab, newline and backslash as octal (\040 ...). */
function unescapeMountPath(p: string): string {
  return p.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** Mount points at or below `dir`, deepest first. */
export async function mountsUnder(dir: string): Promise<string[]> {
  const info = await readFile('/proc/self/mountinfo', 'utf8');
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  const points = new Set<string>();
  for (const line of info.split('\n')) {
    const mountPoint = line.split(' ')[4];
    if (mountPoint === undefined) continue;
    const p = unescapeMountPath(mountPoint);
    if (p === dir || p.startsWith(prefix)) points.add(p);
  }
  return [...points].sort((a, b) => b.split('/').length - a.split('/').length || b.length - a.length);
}

/** Stacked mounts need one unmount each; a few rounds catch those. */
const UNMOUNT_ROUNDS = 4;

/** `umount -l` every mount below `dir`, deepest first; returns the mount points unmounted and any still left. */
export async function unmountAllUnder(dir: string): Promise<{ unmounted: string[]; left: string[] }> {
  const unmounted: string[] = [];
  for (let round = 0; round < UNMOUNT_ROUNDS; round++) {
    const points = await mountsUnder(dir);
    if (points.length === 0) return { unmounted, left: [] };
    for (const p of points) {
      const res = await run('umount', ['-l', p]);
      if (res.code === 0) unmounted.push(p);
    }
  }
  return { unmounted, left: await mountsUnder(dir) };
}
