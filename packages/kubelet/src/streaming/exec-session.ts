/** An interactive exec over remotecommand v4 on SPDY/3.1: output callbacks, stdin with a real end-of-file, resize, the command's Status. */
import { internalError } from '@skiff/api';
import { execResultOf, type ExecResult } from './exec-status.js';
import type { SpdyClientConnection, SpdyStream } from './spdy-connection.js';

/** Values of the streamType header (remotecommand); the server matches streams to the CRI Exec options by these. */
export const StreamType = {
  error: 'error',
  stdin: 'stdin',
  stdout: 'stdout',
  stderr: 'stderr',
  resize: 'resize',
} as const;
export const STREAM_TYPE_HEADER = 'streamType';

export type OutputListener = (chunk: Buffer) => void;

export interface ExecSession {
  /** Receives stdout (with tty: the terminal's whole output). Chunks that came before the first listener are replayed to it. */
  onStdout(cb: OutputListener): void;
  /** Receives stderr (never with tty). */
  onStderr(cb: OutputListener): void;
  /** Sends bytes to the command's stdin (ignored without stdin or after closeStdin). */
  writeStdin(data: Buffer): void;
  /** The command reads end-of-file; output and the status still arrive. */
  closeStdin(): void;
  /** Sets the terminal size (tty only; ignored otherwise). */
  resize(width: number, height: number): void;
  /** Drops the connection at once; `done` rejects. The command itself is not killed by the runtime. */
  abort(): void;
  /** The command's end: all output delivered, then its Status. Rejects if the connection ends without a Status. */
  readonly done: Promise<ExecResult>;
}

/** Output that is held until its first listener registers, so nothing between openExec and onStdout is lost. */
class OutputChannel {
  private readonly listeners: OutputListener[] = [];
  private held: Buffer[] = [];

  push(chunk: Buffer): void {
    if (this.listeners.length === 0) this.held.push(chunk);
    else for (const l of this.listeners) l(chunk);
  }

  listen(cb: OutputListener): void {
    this.listeners.push(cb);
    if (this.listeners.length === 1) {
      const held = this.held;
      this.held = [];
      for (const chunk of held) cb(chunk);
    }
  }
}

export interface ExecStreams {
  error: SpdyStream;
  stdin?: SpdyStream;
  stdout?: SpdyStream;
  stderr?: SpdyStream;
  resize?: SpdyStream;
}

/** Wraps the open streams of one exec; `done` settles once the error stream and every output stream ended. */
export class SpdyExecSession implements ExecSession {
  readonly done: Promise<ExecResult>;
  private readonly stdout = new OutputChannel();
  private readonly stderr = new OutputChannel();
  private aborted = false;

  constructor(
    private readonly conn: SpdyClientConnection,
    private readonly streams: ExecStreams,
  ) {
    streams.stdout?.on('data', (d: Buffer) => this.stdout.push(d));
    streams.stderr?.on('data', (d: Buffer) => this.stderr.push(d));
    const statusChunks: Buffer[] = [];
    streams.error.on('data', (d: Buffer) => statusChunks.push(d));
    const ended = (s: SpdyStream | undefined) => (s === undefined || s.ended ? Promise.resolve() : new Promise<void>((r) => s.once('end', r)));
    this.done = Promise.all([ended(streams.error), ended(streams.stdout), ended(streams.stderr)]).then(() => {
      // every stream also ends when the socket closes: only a FIN on the error stream before that is a real status
      const closedEarly = this.aborted || (statusChunks.length === 0 && conn.isClosed);
      conn.close();
      if (this.aborted) throw internalError(new Error('exec session aborted'));
      if (closedEarly) throw internalError(new Error('exec connection closed before the command status arrived'));
      return execResultOf(Buffer.concat(statusChunks).toString('utf8'));
    });
    // a caller that never awaits done must not see an unhandled rejection
    this.done.catch(() => undefined);
  }

  onStdout(cb: OutputListener): void {
    this.stdout.listen(cb);
  }

  onStderr(cb: OutputListener): void {
    this.stderr.listen(cb);
  }

  writeStdin(data: Buffer): void {
    this.streams.stdin?.write(data);
  }

  closeStdin(): void {
    this.streams.stdin?.end();
  }

  resize(width: number, height: number): void {
    // one JSON TerminalSize per message, as the Go client's json.Encoder writes them
    this.streams.resize?.write(Buffer.from(`${JSON.stringify({ Width: width, Height: height })}\n`));
  }

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    for (const s of Object.values(this.streams)) (s as SpdyStream | undefined)?.reset();
    this.conn.destroy();
  }
}
