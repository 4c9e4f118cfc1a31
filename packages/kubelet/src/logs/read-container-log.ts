/** readContainerLog: a container's CRI log file served as `GET pods/{name}/log` serves it (tail, since, timestamps, limit, follow). */
import { open, type FileHandle } from 'node:fs/promises';
import { badRequest } from '@skiff/api';
import { ChangeWaiter } from './change-waiter.js';
import { CriLogParseError, parseCriLogLine } from './cri-log-line.js';
import { ForwardReader } from './forward-reader.js';
import { LogOutput, type LogSink } from './log-output.js';
import { dateToNs, parseRfc3339Nano } from './rfc3339.js';
import { findTailStart } from './tail-start.js';

/** How often a follower looks at the file when no watch event came: new lines show within this delay even without fs.watch. */
export const DEFAULT_LOG_POLL_MS = 250;

/** The options of ContainerLogsRequest (PodLogOptions) this reader implements; `previous` is the caller's choice of file. */
export interface LogReadOptions {
  /** Keep streaming appended lines until aborted or the container stopped and its log is read. */
  follow?: boolean;
  /** Only the last N lines (0: none, then follow goes on with new lines); undefined: all. */
  tailLines?: number;
  /** Only lines newer than this many seconds before `ctl.now()`. At most one of sinceSeconds and sinceTime. */
  sinceSeconds?: number;
  /** Only lines at or after this RFC 3339 time. */
  sinceTime?: string;
  /** Prefix every line with its timestamp (as the runtime wrote it) and a space. */
  timestamps?: boolean;
  /** Stop after exactly this many output bytes. */
  limitBytes?: number;
}

/** How the caller controls a (following) read. */
export interface LogReadControl {
  /** Aborting ends the read normally (no error). */
  signal?: AbortSignal;
  /** Asked after each idle period while following; false ends the read once everything written so far is read. */
  stillRunning?: () => Promise<boolean>;
  /** Poll interval while following; default DEFAULT_LOG_POLL_MS. */
  pollMs?: number;
  /** Clock for sinceSeconds; default the wall clock. */
  now?: () => Date;
}

/** The log file does not exist (the container never started, or its log was removed). */
export class LogFileNotFoundError extends Error {
  readonly code = 'ENOENT';
  constructor(readonly path: string) {
    super(`log file "${path}" does not exist`);
    this.name = 'LogFileNotFoundError';
  }
}

/** The lower time bound in epoch nanoseconds, or undefined; throws BadRequest for invalid options. */
function sinceBoundNs(opts: LogReadOptions, now: () => Date): bigint | undefined {
  if (opts.sinceSeconds !== undefined && opts.sinceTime) {
    throw badRequest('at most one of `sinceTime` or `sinceSeconds` may be specified');
  }
  if (opts.sinceSeconds !== undefined) {
    if (!Number.isInteger(opts.sinceSeconds) || opts.sinceSeconds < 1) throw badRequest('sinceSeconds: must be greater than 0');
    return dateToNs(now()) - BigInt(opts.sinceSeconds) * 1_000_000_000n;
  }
  if (opts.sinceTime) {
    const ns = parseRfc3339Nano(opts.sinceTime);
    if (ns === undefined) throw badRequest(`sinceTime: invalid RFC 3339 time ${JSON.stringify(opts.sinceTime)}`);
    return ns;
  }
  return undefined;
}

function validate(opts: LogReadOptions): void {
  if (opts.tailLines !== undefined && (!Number.isInteger(opts.tailLines) || opts.tailLines < 0)) {
    throw badRequest('tailLines: must be greater than or equal to 0');
  }
  if (opts.limitBytes !== undefined && (!Number.isInteger(opts.limitBytes) || opts.limitBytes < 1)) {
    throw badRequest('limitBytes: must be greater than 0');
  }
}

async function openLog(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new LogFileNotFoundError(path);
    throw err;
  }
}

/**
 * Streams the container's output from its CRI log file to `sink`: each full line's content and a newline,
 * partial pieces joined with the next piece. Without `follow` it ends at the end of the file as it was when
 * opened; with it, when `ctl.signal` aborts or `ctl.stillRunning()` says false and everything appended is read.
 * A line not yet ended by its newline is never emitted. Malformed lines are skipped.
 */
export async function readContainerLog(path: string, opts: LogReadOptions, sink: LogSink, ctl: LogReadControl = {}): Promise<void> {
  validate(opts);
  const sinceNs = sinceBoundNs(opts, ctl.now ?? (() => new Date()));
  const file = await openLog(path);
  try {
    const signal = ctl.signal;
    const out = new LogOutput(sink, { timestamps: opts.timestamps ?? false, sinceNs, limitBytes: opts.limitBytes });
    const size = (await file.stat()).size;
    const start = opts.tailLines === undefined ? 0 : await findTailStart(file, size, opts.tailLines);
    const reader = new ForwardReader(file, start);

    /** Reads and writes every complete line up to `end` (or EOF); returns the bytes read. */
    const drain = async (end?: number): Promise<number> => {
      let total = 0;
      while (!out.full && !signal?.aborted) {
        const { lines, bytesRead } = await reader.readLines(end);
        if (bytesRead === 0) break;
        total += bytesRead;
        for (const line of lines) {
          const rec = parseCriLogLine(line);
          if (rec instanceof CriLogParseError) continue; // the kubelet skips malformed lines too
          await out.write(rec);
          if (out.full) break;
        }
      }
      await out.flush();
      return total;
    };

    if (!opts.follow) {
      await drain(size);
      return;
    }
    const waiter = new ChangeWaiter(path, ctl.pollMs ?? DEFAULT_LOG_POLL_MS, signal);
    try {
      while (!out.full && !signal?.aborted) {
        if ((await drain()) > 0) continue;
        // Idle: if the container has stopped, read what it wrote until now and end.
        if (ctl.stillRunning && !(await ctl.stillRunning())) {
          await drain();
          return;
        }
        await waiter.wait();
      }
    } finally {
      waiter.close();
    }
  } finally {
    await file.close();
  }
}
