/** Turns parsed CRI log records into the bytes `GET pods/{name}/log` answers with: joining, timestamps, since, byte limit, batching. */
import type { CriLogLine } from './cri-log-line.js';

/** Output is handed to the sink in chunks of about this size: few sink calls for big logs, bounded memory. */
export const OUTPUT_CHUNK_BYTES = 32 * 1024;

const NEWLINE = Buffer.from('\n');
const SPACE = Buffer.from(' ');

export type LogSink = (chunk: Buffer) => void | Promise<void>;

export interface LogOutputOptions {
  timestamps: boolean;
  /** Lines whose (first piece's) time is before this are left out. */
  sinceNs?: bigint;
  /** Stop after this many bytes; undefined: no limit. */
  limitBytes?: number;
}

/** Accumulates output and flushes it to the sink; knows whether the next record starts a new line. */
export class LogOutput {
  private parts: Buffer[] = [];
  private size = 0;
  private remaining: number;
  private atLineStart = true;
  private lineIncluded = true;

  constructor(
    private readonly sink: LogSink,
    private readonly opts: LogOutputOptions,
  ) {
    this.remaining = opts.limitBytes === undefined ? Infinity : Math.max(0, opts.limitBytes);
  }

  /** True once the byte limit is reached: nothing more will be written. */
  get full(): boolean {
    return this.remaining <= 0;
  }

  /** Adds one record. A partial record continues with the next one, which gets no timestamp of its own. */
  async write(rec: CriLogLine): Promise<void> {
    if (this.full) return;
    if (this.atLineStart) {
      this.lineIncluded = this.opts.sinceNs === undefined || rec.timeNs >= this.opts.sinceNs;
      if (this.lineIncluded && this.opts.timestamps) {
        this.push(Buffer.from(rec.time, 'latin1'));
        this.push(SPACE);
      }
    }
    this.atLineStart = !rec.partial;
    if (!this.lineIncluded) return;
    this.push(rec.content);
    if (!rec.partial) this.push(NEWLINE);
    if (this.size >= OUTPUT_CHUNK_BYTES || this.full) await this.flush();
  }

  /** Hands everything buffered to the sink. */
  async flush(): Promise<void> {
    if (this.size === 0) return;
    // One copy: record contents are views of read buffers, and the sink may keep what it gets.
    const chunk = Buffer.concat(this.parts, this.size);
    this.parts = [];
    this.size = 0;
    await this.sink(chunk);
  }

  private push(buf: Buffer): void {
    if (this.remaining <= 0 || buf.length === 0) return;
    const piece = buf.length > this.remaining ? buf.subarray(0, this.remaining) : buf;
    this.parts.push(piece);
    this.size += piece.length;
    this.remaining -= piece.length;
  }
}
