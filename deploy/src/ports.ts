/** Checking that a loopback TCP port is free before a component is started on it. */
import { createServer } from 'node:net';

/** Whether nothing listens on `host:port` (we can bind it ourselves for a moment). */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}
