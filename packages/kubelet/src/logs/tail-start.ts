/** Finds where the last N lines of a CRI log file begin, reading backwards in blocks so a big file is never read whole. */
import type { FileHandle } from 'node:fs/promises';
import { CriLogParseError, parseCriLogLine } from './cri-log-line.js';

/** Bytes read per backward step: large enough for few syscalls, small enough that `tail 10` of a huge file stays cheap. */
export const TAIL_BLOCK_BYTES = 64 * 1024;

const NEWLINE = 0x0a;

/** One complete record of the file (its bytes without the newline) and the offset where it begins. */
interface RecordAt {
  start: number;
  line: Buffer;
}

/**
 * The complete (newline-ended) records of the first `size` bytes, from the last to the first. Bytes after
 * the last newline are a line still being written and are not a record yet.
 */
async function* recordsBackward(file: FileHandle, size: number, blockBytes: number): AsyncGenerator<RecordAt> {
  let pos = size;
  let carry: Buffer = Buffer.alloc(0); // bytes [pos, segmentEnd) of a segment whose start lies further left
  let inTrailer = true; // the segment after the last newline: incomplete, skipped
  while (pos > 0) {
    const readStart = Math.max(0, pos - blockBytes);
    const block = Buffer.allocUnsafe(pos - readStart);
    await readFully(file, block, readStart);
    const buf = carry.length > 0 ? Buffer.concat([block, carry]) : block;
    let right = buf.length;
    let from = block.length - 1;
    while (from >= 0) {
      const nl = buf.lastIndexOf(NEWLINE, from);
      if (nl < 0) break;
      if (inTrailer) inTrailer = false;
      else yield { start: readStart + nl + 1, line: buf.subarray(nl + 1, right) };
      right = nl;
      from = nl - 1;
    }
    carry = Buffer.from(buf.subarray(0, right));
    pos = readStart;
  }
  if (!inTrailer) yield { start: 0, line: carry };
}

/** Reads exactly `buf.length` bytes at `position` (the region is known to exist). */
export async function readFully(file: FileHandle, buf: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < buf.length) {
    const { bytesRead } = await file.read(buf, done, buf.length - done, position + done);
    if (bytesRead === 0) throw new Error(`log file shrank while reading at offset ${position + done}`);
    done += bytesRead;
  }
}

/**
 * The offset where the last `lines` lines of the first `size` bytes begin. A line ends with a full
 * (`F`) record, so partial (`P`) pieces belong to the line their `F` ends; trailing `P` pieces with no `F`
 * after them (output without a newline at exit) count as one last line. Malformed records are skipped.
 */
export async function findTailStart(file: FileHandle, size: number, lines: number, blockBytes = TAIL_BLOCK_BYTES): Promise<number> {
  let counted = 0;
  let first = true;
  for await (const rec of recordsBackward(file, size, blockBytes)) {
    const parsed = parseCriLogLine(rec.line);
    if (parsed instanceof CriLogParseError) continue;
    const endsLine = !parsed.partial || first;
    first = false;
    if (!endsLine) continue;
    if (counted === lines) return rec.start + rec.line.length + 1;
    counted++;
  }
  return 0;
}
