/** The tcpSocket probe: success when a TCP connection opens within the timeout (upstream pkg/probe/tcp). */
import { connect } from 'node:net';
import { dialErrorText } from './dial-error.js';
import { joinHostPort } from './resolve-port.js';
import type { ProbeOutcome } from './types.js';

/** Connects to host:port and closes at once; a refused, unreachable or slow connect is a Failure with Go's wording. */
export function probeTcp(host: string, port: number, timeoutMs: number): Promise<ProbeOutcome> {
  const hostPort = joinHostPort(host, port);
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let done = false;
    const finish = (outcome: ProbeOutcome): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish({ result: 'Failure', output: `dial tcp ${hostPort}: i/o timeout` }), timeoutMs);
    socket.once('connect', () => finish({ result: 'Success', output: '' }));
    socket.once('error', (err) => finish({ result: 'Failure', output: dialErrorText(err, hostPort) }));
  });
}
