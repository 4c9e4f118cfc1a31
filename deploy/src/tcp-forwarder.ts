/** A plain TCP forwarder: accepts on one address and pipes each connection to another, bytes untouched (TLS passes through). */
import { createConnection, createServer, type Server } from 'node:net';

export interface ForwardRule {
  listenHost: string;
  listenPort: number;
  targetHost: string;
  targetPort: number;
}

/** `host:port=host:port` (listen=target), the form the forwarder binary takes on its command line. */
export function parseForwardRule(text: string): ForwardRule {
  const m = /^([\d.]+):(\d+)=([\d.]+):(\d+)$/.exec(text);
  if (!m) throw new Error(`invalid forward rule "${text}": want LISTEN_IP:PORT=TARGET_IP:PORT`);
  return { listenHost: m[1]!, listenPort: Number(m[2]), targetHost: m[3]!, targetPort: Number(m[4]) };
}

export function formatForwardRule(rule: ForwardRule): string {
  return `${rule.listenHost}:${rule.listenPort}=${rule.targetHost}:${rule.targetPort}`;
}

/** Listens for every rule; resolves once all listen. A connection whose target refuses is closed. */
export async function startForwarder(rules: readonly ForwardRule[]): Promise<{ close(): Promise<void> }> {
  const servers: Server[] = [];
  for (const rule of rules) {
    const server = createServer((client) => {
      const upstream = createConnection({ host: rule.targetHost, port: rule.targetPort });
      client.pipe(upstream);
      upstream.pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    servers.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(rule.listenPort, rule.listenHost, () => {
        server.off('error', reject);
        resolve();
      });
    });
  }
  return {
    close: async () => {
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
}
