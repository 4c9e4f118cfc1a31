/** The HTTP/1.1 upgrade of a streaming-server URL to SPDY/3.1 with a remotecommand subprotocol (X-Stream-Protocol-Version). */
import { request } from 'node:http';
import type { Socket } from 'node:net';
import { internalError } from '@skiff/api';

export const STREAM_PROTOCOL_HEADER = 'X-Stream-Protocol-Version';
/** remotecommand v4: v3 plus a JSON meta/v1 Status on the error stream. */
export const REMOTECOMMAND_V4 = 'v4.channel.k8s.io';

/** How long the upgrade may take: the streaming server is local, so this only catches a hung peer. */
const UPGRADE_TIMEOUT_MS = 30_000;
/** Cap on a refused upgrade's body kept for the error message. */
const MAX_ERROR_BODY = 4096;

export interface UpgradedSpdy {
  socket: Socket;
  /** Bytes that came after the 101 response (the start of the first frames). */
  head: Buffer;
  protocol: string;
}

/** POSTs to the URL asking for SPDY/3.1 and the given subprotocol; resolves once the server switched protocols. */
export function upgradeToSpdy(url: string, protocol: string = REMOTECOMMAND_V4): Promise<UpgradedSpdy> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({
      host: u.hostname,
      port: u.port,
      path: `${u.pathname}${u.search}`,
      method: 'POST',
      headers: { Connection: 'Upgrade', Upgrade: 'SPDY/3.1', [STREAM_PROTOCOL_HEADER]: protocol },
      timeout: UPGRADE_TIMEOUT_MS,
    });
    req.on('upgrade', (res, socket, head) => {
      const chosen = res.headers[STREAM_PROTOCOL_HEADER.toLowerCase()];
      if (chosen !== protocol) {
        socket.destroy();
        reject(internalError(new Error(`unable to upgrade streaming connection: server chose protocol "${String(chosen)}", want "${protocol}"`)));
        return;
      }
      socket.setTimeout(0);
      socket.setNoDelay(true);
      resolve({ socket, head, protocol });
    });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        if (body.length < MAX_ERROR_BODY) body += d;
      });
      res.on('end', () => reject(internalError(new Error(`unable to upgrade streaming connection: ${res.statusCode} ${body.trim()}`))));
    });
    req.on('timeout', () => req.destroy(new Error('timed out upgrading the streaming connection')));
    req.on('error', (err) => reject(internalError(err)));
    req.end();
  });
}
