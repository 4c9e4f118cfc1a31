/** Helpers of the launcher's integration tests: captured output, and the processes a test must not leave behind. */
import { readdir, readFile } from 'node:fs/promises';
import type { Output } from './output.js';

/** An Output that keeps every line, for assertions. */
export function capture(): Output & { text(): string } {
  const lines: string[] = [];
  return { out: (l) => lines.push(l), err: (l) => lines.push(l), text: () => lines.join('\n') };
}

/** PIDs of processes (other than this one) whose argv mentions `dir`: what a test must leave none of. */
export async function processesMentioning(dir: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(dir)) pids.push(Number(entry));
  }
  return pids;
}
