/** SPDY/3.1 frame encoding and decoding: the few frames a remotecommand client sends and reads (no I/O here). */

export const SPDY_VERSION = 3;

/** Control frame types of SPDY/3.1. */
export const FrameType = {
  SYN_STREAM: 1,
  SYN_REPLY: 2,
  RST_STREAM: 3,
  SETTINGS: 4,
  PING: 6,
  GOAWAY: 7,
  HEADERS: 8,
  WINDOW_UPDATE: 9,
} as const;

/** FLAG_FIN on DATA and SYN_STREAM: the sender's half of the stream is closed. */
export const FLAG_FIN = 0x01;

/** RST_STREAM status CANCEL: the client no longer wants the stream. */
export const RST_CANCEL = 5;

const HEADER_LENGTH = 8;
/** The length field is 24 bits. */
export const MAX_FRAME_PAYLOAD = 0xffffff;

export type Frame =
  | { kind: 'data'; streamId: number; flags: number; data: Buffer }
  | { kind: 'control'; type: number; flags: number; payload: Buffer };

function frameHeader(first: number, second: number, flags: number, length: number): Buffer {
  if (length > MAX_FRAME_PAYLOAD) throw new RangeError(`SPDY frame payload of ${length} bytes is too large`);
  const h = Buffer.alloc(HEADER_LENGTH);
  h.writeUInt16BE(first, 0);
  h.writeUInt16BE(second, 2);
  h.writeUInt32BE(length, 4);
  h.writeUInt8(flags, 4);
  return h;
}

/** A control frame: version 3, the type, flags and payload. */
export function controlFrame(type: number, flags: number, payload: Buffer): Buffer {
  return Buffer.concat([frameHeader(0x8000 | SPDY_VERSION, type, flags, payload.length), payload]);
}

/** A DATA frame on a stream (flags FLAG_FIN to half-close it). */
export function dataFrame(streamId: number, flags: number, data: Buffer): Buffer {
  return Buffer.concat([frameHeader((streamId >>> 16) & 0x7fff, streamId & 0xffff, flags, data.length), data]);
}

/** SYN_STREAM: stream id, no associated stream, priority 0, and the already compressed header block. */
export function synStreamFrame(streamId: number, flags: number, compressedHeaders: Buffer): Buffer {
  const head = Buffer.alloc(10);
  head.writeUInt32BE(streamId & 0x7fffffff, 0);
  head.writeUInt32BE(0, 4);
  return controlFrame(FrameType.SYN_STREAM, flags, Buffer.concat([head, compressedHeaders]));
}

export function rstStreamFrame(streamId: number, status: number): Buffer {
  const p = Buffer.alloc(8);
  p.writeUInt32BE(streamId & 0x7fffffff, 0);
  p.writeUInt32BE(status, 4);
  return controlFrame(FrameType.RST_STREAM, 0, p);
}

/** GOAWAY with status OK: the client is done with the session. */
export function goawayFrame(lastGoodStreamId: number): Buffer {
  const p = Buffer.alloc(8);
  p.writeUInt32BE(lastGoodStreamId & 0x7fffffff, 0);
  return controlFrame(FrameType.GOAWAY, 0, p);
}

/** The uncompressed name/value header block: count, then length-prefixed names (lower case) and values. */
export function headerBlock(headers: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
  };
  const entries = Object.entries(headers);
  parts.push(u32(entries.length));
  for (const [name, value] of entries) {
    const n = Buffer.from(name.toLowerCase(), 'utf8');
    const v = Buffer.from(value, 'utf8');
    parts.push(u32(n.length), n, u32(v.length), v);
  }
  return Buffer.concat(parts);
}

/** The stream id at the start of a control frame's payload (SYN_REPLY, RST_STREAM, HEADERS, WINDOW_UPDATE). */
export function payloadStreamId(payload: Buffer): number {
  return payload.length >= 4 ? payload.readUInt32BE(0) & 0x7fffffff : 0;
}

/** Splits complete frames off the front of a receive buffer; `rest` is an incomplete frame still waiting for bytes. */
export function parseFrames(buf: Buffer): { frames: Frame[]; rest: Buffer } {
  const frames: Frame[] = [];
  let off = 0;
  while (buf.length - off >= HEADER_LENGTH) {
    const length = buf.readUInt32BE(off + 4) & 0xffffff;
    if (buf.length - off < HEADER_LENGTH + length) break;
    const flags = buf.readUInt8(off + 4);
    const body = buf.subarray(off + HEADER_LENGTH, off + HEADER_LENGTH + length);
    if (buf.readUInt8(off) & 0x80) {
      frames.push({ kind: 'control', type: buf.readUInt16BE(off + 2), flags, payload: body });
    } else {
      frames.push({ kind: 'data', streamId: buf.readUInt32BE(off) & 0x7fffffff, flags, data: body });
    }
    off += HEADER_LENGTH + length;
  }
  return { frames, rest: buf.subarray(off) };
}
