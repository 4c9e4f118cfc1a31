/** skiff.v1.Kubelet Exec: a command in a running container through the runtime's streaming server, bridged onto one gRPC stream. */
import type { ServerDuplexStream } from '@grpc/grpc-js';
import { badRequest } from '@skiff/api';
import type { Logger } from 'pino';
import type { CriClient } from '../cri/index.js';
import { openExec, type ExecSession } from '../streaming/index.js';
import { resolveContainer, runningAttempt, type PodLookup } from './container-lookup.js';
import { grpcErrorOf } from './grpc-error.js';
import type { ExecInputMessage, ExecOutputMessage, ExecStartMessage } from './proto.js';

export type ExecCall = ServerDuplexStream<ExecInputMessage, ExecOutputMessage>;

/** Opens the exec the start message asks for, in the container's running attempt. */
async function open(cri: CriClient, lookup: PodLookup, start: ExecStartMessage): Promise<ExecSession> {
  const command = start.command ?? [];
  if (command.length === 0) throw badRequest('you must specify at least 1 command');
  if (!start.stdin && !start.stdout && !start.stderr) throw badRequest('you must specify at least 1 of stdin, stdout, stderr');
  const resolved = await resolveContainer(cri, lookup, start.target ?? {}, 'exec');
  const container = runningAttempt(resolved);
  const tty = start.tty === true;
  return openExec(cri, { containerId: container.id, cmd: command, stdin: start.stdin === true, stdout: start.stdout === true, stderr: start.stderr === true && !tty, tty });
}

function apply(session: ExecSession, input: ExecInputMessage): void {
  if (input.stdin !== undefined) session.writeStdin(input.stdin);
  else if (input.stdinClose) session.closeStdin();
  else if (input.resize) session.resize(input.resize.width ?? 0, input.resize.height ?? 0);
}

/** Serves one Exec call: the first input must be `start`; later inputs feed the session; outputs end with the command's Status. */
export function serveExec(cri: CriClient, lookup: PodLookup, call: ExecCall, log: Logger): void {
  let session: ExecSession | undefined;
  let started = false;
  let finished = false;
  /** Inputs that arrive while the session is still being opened. */
  const pending: ExecInputMessage[] = [];
  const fail = (err: unknown): void => {
    if (finished) return;
    finished = true;
    session?.abort();
    log.debug({ err }, 'exec failed');
    if (!call.cancelled) call.emit('error', grpcErrorOf(err));
  };
  call.on('cancelled', () => {
    finished = true;
    session?.abort();
  });
  call.on('error', () => session?.abort());
  call.on('data', (input: ExecInputMessage) => {
    if (session) return apply(session, input);
    if (started) return void pending.push(input);
    started = true;
    if (!input.start) return fail(badRequest('the first message of an exec must be its start'));
    open(cri, lookup, input.start).then((s) => {
      if (finished) return s.abort();
      session = s;
      s.onStdout((chunk) => call.write({ stdout: chunk }));
      s.onStderr((chunk) => call.write({ stderr: chunk }));
      for (const p of pending.splice(0)) apply(s, p);
      s.done.then((result) => {
        if (finished) return;
        finished = true;
        call.write({ status: Buffer.from(JSON.stringify(result.status)) });
        call.end();
      }, fail);
    }, fail);
  });
}
