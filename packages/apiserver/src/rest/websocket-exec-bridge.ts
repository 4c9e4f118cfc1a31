/** Bridges a client's channel-protocol WebSocket and a kubelet exec session, both ways, until the command's Status. */
import { toStatusError } from '@skiff/api';
import type { Status } from 'kubernetes-types/meta/v1.js';
import type { Logger } from 'pino';
import type { WebSocket } from '@fastify/websocket';
import type { ExecSession } from '../kubelet/exec-session.js';
import { Channel, decodeClientFrame, encodeChannelFrame, type ChannelProtocol } from './websocket-channels.js';

/** Normal closure, after the Status was sent. */
const CLOSE_NORMAL = 1000;

/**
 * Runs one exec over an upgraded socket: client stdin/close/resize frames go to the session (buffered until it
 * exists), its stdout/stderr go to channels 1/2, its final Status (or the failure of the call) to channel 3,
 * then the socket closes. A client that goes away cancels the command.
 */
export function bridgeExec(socket: WebSocket, protocol: ChannelProtocol, open: () => Promise<ExecSession>, logger: Logger): void {
  let session: ExecSession | undefined;
  let finished = false;
  const early: Buffer[] = [];

  const apply = (s: ExecSession, frame: Buffer) => {
    const decoded = decodeClientFrame(frame, protocol);
    if (decoded.kind === 'stdin') s.writeStdin(decoded.data);
    else if (decoded.kind === 'resize') s.resize(decoded.width, decoded.height);
    else if (decoded.kind === 'close' && decoded.channel === Channel.STDIN) s.closeStdin();
  };
  const finish = (status: Status) => {
    if (finished) return;
    finished = true;
    session?.endInput();
    if (socket.readyState !== socket.OPEN) return;
    socket.send(encodeChannelFrame(Channel.ERROR, JSON.stringify(status)), () => socket.close(CLOSE_NORMAL));
  };

  socket.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
    const frame = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    if (session) apply(session, frame);
    else early.push(frame);
  });
  socket.on('close', () => {
    if (!finished) {
      finished = true;
      session?.cancel();
    }
  });

  open().then(
    (s) => {
      session = s;
      if (finished) {
        s.cancel();
        return;
      }
      s.on('stdout', (chunk) => socket.send(encodeChannelFrame(Channel.STDOUT, chunk)));
      s.on('stderr', (chunk) => socket.send(encodeChannelFrame(Channel.STDERR, chunk)));
      for (const frame of early.splice(0)) apply(s, frame);
      s.done.then(finish, (err: unknown) => finish(failureStatus(err, logger)));
    },
    (err: unknown) => finish(failureStatus(err, logger)),
  );
}

function failureStatus(err: unknown, logger: Logger): Status {
  const status = toStatusError(err);
  if (status.code >= 500) logger.warn({ err }, 'exec failed');
  return status.toStatus() as Status;
}
