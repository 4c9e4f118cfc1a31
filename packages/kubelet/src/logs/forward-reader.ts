/** Reads a log file forwards from an offset in blocks, yielding complete records and holding back a half-written last line. */
import type { FileHandle } from 'node:fs/promises';

/** Bytes read per forward step. */
export const READ_BLOCK_BYTES = 64 * 1024;

const NEWLINE = 0x0a;

/** Keeps the offset of the next unread byte; a line without its newline yet stays unread until the newline arrives. */
export class ForwardReader {
  /** Bytes read but not yet part of a complete line (their offset is `this.offset`). */
  private pending: Buffer = Buffer.alloc(0);
  /** Offset in the file of the first byte not yet returned as part of a complete line. */
  offset: number;
  private readPos: number;

  constructor(
    private readonly file: FileHandle,
    start: number,
    private readonly blockBytes = READ_BLOCK_BYTES,
  ) {
    this.offset = start;
    this.readPos = start;
  }

  /**
   * Reads one block (stopping at `end` when given) and returns the complete lines it finished, each without
   * its newline; `bytesRead` 0 means nothing more is there now.
   */
  async readLines(end?: number): Promise<{ lines: Buffer[]; bytesRead: number }> {
    const want = end === undefined ? this.blockBytes : Math.min(this.blockBytes, end - this.readPos);
    if (want <= 0) return { lines: [], bytesRead: 0 };
    const block = Buffer.allocUnsafe(want);
    const { bytesRead } = await this.file.read(block, 0, want, this.readPos);
    if (bytesRead === 0) return { lines: [], bytesRead: 0 };
    this.readPos += bytesRead;
    const got = block.subarray(0, bytesRead);
    const lines: Buffer[] = [];
    let nl = got.indexOf(NEWLINE);
    if (nl < 0) {
      this.pending = this.pending.length > 0 ? Buffer.concat([this.pending, got]) : Buffer.from(got);
      return { lines, bytesRead };
    }
    lines.push(this.pending.length > 0 ? Buffer.concat([this.pending, got.subarray(0, nl)]) : got.subarray(0, nl));
    this.offset += this.pending.length + nl + 1;
    let from = nl + 1;
    while ((nl = got.indexOf(NEWLINE, from)) >= 0) {
      lines.push(got.subarray(from, nl));
      this.offset += nl + 1 - from;
      from = nl + 1;
    }
    this.pending = Buffer.from(got.subarray(from));
    return { lines, bytesRead };
  }
}
