/** openExec: asks the runtime (CRI Exec) for a streaming URL and connects to it with remotecommand v4 over SPDY/3.1. */
import type { CriClient } from '../cri/cri-client.js';
import { SpdyExecSession, STREAM_TYPE_HEADER, StreamType, type ExecSession, type ExecStreams } from './exec-session.js';
import { SpdyClientConnection } from './spdy-connection.js';
import { REMOTECOMMAND_V4, upgradeToSpdy } from './spdy-upgrade.js';

export interface ExecOptions {
  containerId: string;
  cmd: string[];
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  /** With a tty the terminal merges stderr into stdout: stderr is not requested. */
  tty: boolean;
}

/**
 * Starts an interactive exec. The streams requested are those of the CRI Exec request (the server waits for exactly
 * these): error, then stdin, stdout, stderr, and resize with a tty — the order the Kubernetes client opens them.
 */
export async function openExec(cri: CriClient, req: ExecOptions): Promise<ExecSession> {
  const stderr = req.stderr && !req.tty;
  const { url } = await cri.exec({ container_id: req.containerId, cmd: req.cmd, tty: req.tty, stdin: req.stdin, stdout: req.stdout, stderr });
  const { socket, head } = await upgradeToSpdy(url, REMOTECOMMAND_V4);
  const conn = new SpdyClientConnection(socket, head);
  conn.on('error', () => undefined); // a socket error is followed by 'close', which ends every stream
  try {
    const open = (type: string, readOnly: boolean) => conn.openStream({ [STREAM_TYPE_HEADER]: type }, readOnly);
    const streams: ExecStreams = { error: await open(StreamType.error, true) };
    if (req.stdin) streams.stdin = await open(StreamType.stdin, false);
    if (req.stdout) streams.stdout = await open(StreamType.stdout, true);
    if (stderr) streams.stderr = await open(StreamType.stderr, true);
    if (req.tty) streams.resize = await open(StreamType.resize, false);
    return new SpdyExecSession(conn, streams);
  } catch (err) {
    conn.destroy();
    throw err;
  }
}
