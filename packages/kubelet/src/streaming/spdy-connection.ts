/** A minimal SPDY/3.1 client session over an upgraded socket: opens streams, sends data with half-close, delivers the peer's data and FIN. */
import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import { constants as zlibConstants, createDeflate, type Deflate } from 'node:zlib';
import { SPDY3_DICTIONARY } from './spdy-dictionary.js';
import {
  FLAG_FIN,
  FrameType,
  RST_CANCEL,
  controlFrame,
  dataFrame,
  goawayFrame,
  headerBlock,
  parseFrames,
  payloadStreamId,
  rstStreamFrame,
  synStreamFrame,
  type Frame,
} from './spdy-frames.js';

/**
 * Largest DATA payload we send. Far below the 24-bit limit so one big write does not hold the socket for long.
 * Flow control is not applied: the Go peer (moby/spdystream, used by containerd's streaming server) neither sends
 * WINDOW_UPDATE nor enforces windows, exactly like the Kubernetes Go clients.
 */
const MAX_DATA_CHUNK = 32 * 1024;

/**
 * One stream of the session. Events: 'data' (Buffer from the peer), 'end' (the peer's half is closed: FIN, RST or
 * the connection went away; emitted once).
 */
export class SpdyStream extends EventEmitter {
  private localClosed = false;
  private remoteClosed = false;

  constructor(
    readonly id: number,
    private readonly conn: SpdyClientConnection,
    localFin: boolean,
  ) {
    super();
    this.localClosed = localFin;
  }

  /** Whether the peer has closed its half (no more 'data'). */
  get ended(): boolean {
    return this.remoteClosed;
  }

  /** Sends data to the peer (ignored once this side is closed). */
  write(data: Buffer): void {
    if (this.localClosed) return;
    for (let off = 0; off < data.length; off += MAX_DATA_CHUNK) {
      this.conn.send(dataFrame(this.id, 0, data.subarray(off, off + MAX_DATA_CHUNK)));
    }
  }

  /** Half-closes this side: an empty DATA frame with FIN. The peer reads end-of-file; its half stays open. */
  end(): void {
    if (this.localClosed) return;
    this.localClosed = true;
    this.conn.send(dataFrame(this.id, FLAG_FIN, Buffer.alloc(0)));
  }

  /** Cancels the stream in both directions (RST_STREAM CANCEL). */
  reset(): void {
    if (!this.localClosed || !this.remoteClosed) this.conn.send(rstStreamFrame(this.id, RST_CANCEL));
    this.localClosed = true;
    this.remoteEnded();
  }

  /** @internal */
  remoteData(data: Buffer): void {
    if (!this.remoteClosed && data.length > 0) this.emit('data', data);
  }

  /** @internal */
  remoteEnded(): void {
    if (this.remoteClosed) return;
    this.remoteClosed = true;
    this.emit('end');
  }
}

/**
 * The client side of a SPDY/3.1 session. Streams get odd ids in the order they are opened (the peer rejects ids that
 * go backwards), header blocks share one zlib context primed with the SPDY/3 dictionary. The peer's header blocks
 * (SYN_REPLY, HEADERS) are not decoded: a remotecommand client needs nothing from them.
 * Events: 'close' (the socket closed), 'error' (a socket error; 'close' follows).
 */
export class SpdyClientConnection extends EventEmitter {
  private readonly streams = new Map<number, SpdyStream>();
  private readonly deflate: Deflate = createDeflate({ dictionary: SPDY3_DICTIONARY });
  private nextId = 1;
  private opening: Promise<unknown> = Promise.resolve();
  private pending: Buffer = Buffer.alloc(0);
  private closed = false;

  constructor(private readonly socket: Duplex, head: Buffer) {
    super();
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (err) => this.emit('error', err));
    socket.on('close', () => this.onClose());
    socket.on('end', () => socket.end());
    if (head.length > 0) this.receive(head);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Opens a stream with these headers; `fin` closes our half at once (a stream we only read). Opens are serialized. */
  openStream(headers: Record<string, string>, fin = false): Promise<SpdyStream> {
    const next = this.opening.then(async () => {
      if (this.closed) throw new Error('SPDY connection closed');
      const compressed = await this.compress(headerBlock(headers));
      const id = this.nextId;
      this.nextId += 2;
      const stream = new SpdyStream(id, this, fin);
      this.streams.set(id, stream);
      this.send(synStreamFrame(id, fin ? FLAG_FIN : 0, compressed));
      return stream;
    });
    this.opening = next.catch(() => undefined);
    return next;
  }

  /** @internal Writes a frame unless the socket is gone. */
  send(frame: Buffer): void {
    if (!this.closed && !this.socket.destroyed) this.socket.write(frame);
  }

  /** Ends the session politely (GOAWAY, then the socket's end). */
  close(): void {
    if (this.closed) return;
    this.send(goawayFrame(0));
    this.socket.end();
  }

  /** Tears the socket down at once. */
  destroy(): void {
    this.socket.destroy();
  }

  private compress(block: Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.deflate.write(block, (err) => {
        if (err) reject(err);
      });
      this.deflate.flush(zlibConstants.Z_SYNC_FLUSH, () => {
        const out: Buffer[] = [];
        for (let c = this.deflate.read() as Buffer | null; c !== null; c = this.deflate.read() as Buffer | null) out.push(c);
        resolve(Buffer.concat(out));
      });
    });
  }

  private receive(chunk: Buffer): void {
    const { frames, rest } = parseFrames(this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk);
    this.pending = Buffer.from(rest);
    for (const frame of frames) this.handle(frame);
  }

  private handle(frame: Frame): void {
    if (frame.kind === 'data') {
      const stream = this.streams.get(frame.streamId);
      if (!stream) return;
      stream.remoteData(frame.data);
      if (frame.flags & FLAG_FIN) this.finish(stream);
      return;
    }
    switch (frame.type) {
      case FrameType.SYN_REPLY:
      case FrameType.HEADERS: {
        const stream = this.streams.get(payloadStreamId(frame.payload));
        if (stream && frame.flags & FLAG_FIN) this.finish(stream);
        return;
      }
      case FrameType.RST_STREAM: {
        const stream = this.streams.get(payloadStreamId(frame.payload));
        if (stream) this.finish(stream);
        return;
      }
      case FrameType.PING:
        // answer the peer's ping with the same id
        this.send(controlFrame(FrameType.PING, 0, frame.payload));
        return;
      default:
        // SETTINGS, WINDOW_UPDATE, GOAWAY (the socket's close follows), SYN_STREAM (server push): nothing to do
        return;
    }
  }

  private finish(stream: SpdyStream): void {
    stream.remoteEnded();
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    this.deflate.close();
    for (const stream of this.streams.values()) stream.remoteEnded();
    this.streams.clear();
    this.emit('close');
  }
}
