/** One running `pods/exec` command on a kubelet: its output as events, its input as methods, its end as a Status. */
import { EventEmitter } from 'node:events';
import type { ClientDuplexStream } from '@grpc/grpc-js';
import type { Status } from 'kubernetes-types/meta/v1.js';
import { statusErrorOfCall } from './grpc-failure.js';
import type { ExecInput, ExecOutput, ExecStart } from './kubelet-proto.js';

export interface ExecSessionEvents {
  stdout: [chunk: Buffer];
  stderr: [chunk: Buffer];
}

/**
 * A command started with `KubeletConnector.exec`. `done` resolves with the command's final Status (Success, or
 * Failure with reason NonZeroExitCode) and rejects with a StatusError when the call fails.
 */
export class ExecSession extends EventEmitter<ExecSessionEvents> {
  readonly done: Promise<Status>;
  private inputClosed = false;

  constructor(private readonly call: ClientDuplexStream<ExecInput, ExecOutput>, start: ExecStart) {
    super();
    let status: Status | undefined;
    this.done = new Promise<Status>((resolve, reject) => {
      call.on('data', (out: ExecOutput) => {
        if (out.stdout) this.emit('stdout', out.stdout);
        else if (out.stderr) this.emit('stderr', out.stderr);
        else if (out.status) status = parseStatus(out.status);
      });
      call.on('error', (err: unknown) => reject(statusErrorOfCall(err)));
      call.on('end', () => resolve(status ?? { metadata: {}, status: 'Failure', message: 'the kubelet ended the exec stream without a status', reason: 'InternalError' }));
    });
    // The caller may never await `done` (e.g. the client went away first); the failure is still reported through it.
    this.done.catch(() => undefined);
    call.write({ start });
  }

  writeStdin(data: Buffer): void {
    if (!this.inputClosed && data.length > 0) this.call.write({ stdin: data });
  }

  /** The client's stdin reached its end: the command reads EOF. */
  closeStdin(): void {
    if (this.inputClosed) return;
    this.call.write({ stdinClose: true });
  }

  resize(width: number, height: number): void {
    if (!this.inputClosed) this.call.write({ resize: { width, height } });
  }

  /** Ends the input side (no more stdin, resize or close can be sent). */
  endInput(): void {
    if (this.inputClosed) return;
    this.inputClosed = true;
    this.call.end();
  }

  /** Abandons the command (the client went away). */
  cancel(): void {
    this.inputClosed = true;
    this.call.cancel();
  }
}

function parseStatus(json: Buffer): Status {
  try {
    return JSON.parse(json.toString('utf8')) as Status;
  } catch {
    return { metadata: {}, status: 'Failure', message: 'the kubelet sent an unreadable exec status', reason: 'InternalError' };
  }
}
