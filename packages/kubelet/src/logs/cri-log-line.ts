/** One line of a CRI container log file: `<RFC3339Nano time> <stdout|stderr> <P|F> <text>`. */
import { parseRfc3339Nano } from './rfc3339.js';

export type CriStream = 'stdout' | 'stderr';

/** A parsed log line; `content` excludes the line's newline (a full line's newline is implied by `partial: false`). */
export interface CriLogLine {
  /** The timestamp exactly as the runtime wrote it. */
  time: string;
  /** The same time as nanoseconds since the Unix epoch, for comparison. */
  timeNs: bigint;
  stream: CriStream;
  /** Tag `P`: a piece of a longer line (or output without a newline), continued by the next piece. */
  partial: boolean;
  content: Buffer;
}

/** A line that is not in the CRI log format; readers skip such lines, as the kubelet does. */
export class CriLogParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CriLogParseError';
  }
}

const SPACE = 0x20;
const NEWLINE = 0x0a;
const TAG_DELIMITER = ':';

/** Parses one line (with or without its trailing newline); returns a CriLogParseError for a malformed line. */
export function parseCriLogLine(line: Buffer | string): CriLogLine | CriLogParseError {
  let buf = typeof line === 'string' ? Buffer.from(line, 'utf8') : line;
  if (buf.length > 0 && buf[buf.length - 1] === NEWLINE) buf = buf.subarray(0, buf.length - 1);
  const timeEnd = buf.indexOf(SPACE);
  if (timeEnd < 0) return new CriLogParseError('timestamp is not found');
  const time = buf.toString('latin1', 0, timeEnd);
  const timeNs = parseRfc3339Nano(time);
  if (timeNs === undefined) return new CriLogParseError(`unexpected timestamp format ${JSON.stringify(time)}`);
  const streamEnd = buf.indexOf(SPACE, timeEnd + 1);
  if (streamEnd < 0) return new CriLogParseError('stream type is not found');
  const stream = buf.toString('latin1', timeEnd + 1, streamEnd);
  if (stream !== 'stdout' && stream !== 'stderr') return new CriLogParseError(`unexpected stream type ${JSON.stringify(stream)}`);
  // An empty full line may be written without the space after the tag; accept both.
  let tagEnd = buf.indexOf(SPACE, streamEnd + 1);
  const contentStart = tagEnd < 0 ? buf.length : tagEnd + 1;
  if (tagEnd < 0) tagEnd = buf.length;
  const tags = buf.toString('latin1', streamEnd + 1, tagEnd).split(TAG_DELIMITER);
  const tag = tags[0];
  if (tag !== 'P' && tag !== 'F') return new CriLogParseError(`unexpected log tag ${JSON.stringify(tag)}`);
  return { time, timeNs, stream, partial: tag === 'P', content: buf.subarray(contentStart) };
}
