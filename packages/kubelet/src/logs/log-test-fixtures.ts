/** Test helpers for the logs library: temp log files, CRI lines with chosen times, a collecting sink. */
import { mkdtemp, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `2026-11-23T09:19:SS.NNNNNNNNNZ` for second offset `s` (0..59) and nanoseconds `ns`. */
export function ts(s: number, ns = 0): string {
  return `2026-11-23T09:19:${String(s).padStart(2, '0')}.${String(ns).padStart(9, '0')}Z`;
}

/** One CRI log record with its newline. */
export function cri(time: string, stream: 'stdout' | 'stderr', tag: 'P' | 'F', text: string): string {
  return `${time} ${stream} ${tag} ${text}\n`;
}

/** A temp dir holding `0.log`; `cleanup` removes it. */
export async function tempLog(content: string | Buffer = ''): Promise<{ path: string; append: (s: string) => Promise<void>; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-logs-'));
  const path = join(dir, '0.log');
  await writeFile(path, content);
  return { path, append: (s) => appendFile(path, s), cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A sink that collects output and resolves waiters when the output satisfies a condition. */
export class Collector {
  private chunks: Buffer[] = [];
  private waiters: { pred: (s: string) => boolean; resolve: () => void }[] = [];
  readonly sink = (chunk: Buffer): void => {
    this.chunks.push(Buffer.from(chunk));
    const text = this.text();
    this.waiters = this.waiters.filter((w) => (w.pred(text) ? (w.resolve(), false) : true));
  };
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
  /** Resolves once the collected text satisfies `pred`. */
  until(pred: (s: string) => boolean): Promise<void> {
    if (pred(this.text())) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ pred, resolve }));
  }
}
