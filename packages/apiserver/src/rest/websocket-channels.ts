/** The Kubernetes channel protocols over WebSocket (`v4.channel.k8s.io`, `v5.channel.k8s.io`): one channel byte, then data. */

/** Subprotocols served, best first: v5 adds the close signal (client stdin EOF). */
export const CHANNEL_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const;
export type ChannelProtocol = (typeof CHANNEL_PROTOCOLS)[number];

export const Channel = {
  STDIN: 0,
  STDOUT: 1,
  STDERR: 2,
  /** Server to client: the command's final metav1.Status as JSON. */
  ERROR: 3,
  /** Client to server: `{"Width":80,"Height":24}`. */
  RESIZE: 4,
  /** v5: `[255, <channel>]`, the client closed that channel (for stdin: EOF). */
  CLOSE: 255,
} as const;

/** The subprotocol to answer with, from those the client offered; undefined when none is served. */
export function chooseChannelProtocol(offered: Iterable<string>): ChannelProtocol | undefined {
  const set = new Set([...offered].map((p) => p.trim()));
  return CHANNEL_PROTOCOLS.find((p) => set.has(p));
}

/** The protocols a `Sec-WebSocket-Protocol` header offers. */
export function offeredProtocols(header: string | string[] | undefined): string[] {
  const values = Array.isArray(header) ? header : header ? [header] : [];
  return values.flatMap((v) => v.split(',')).map((p) => p.trim()).filter(Boolean);
}

export function encodeChannelFrame(channel: number, data: Buffer | string): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data) : data;
  return Buffer.concat([Buffer.from([channel]), body]);
}

/** What one client frame asks for. */
export type ClientFrame =
  | { kind: 'stdin'; data: Buffer }
  | { kind: 'resize'; width: number; height: number }
  | { kind: 'close'; channel: number }
  | { kind: 'ignored' };

/** Decodes a frame a client sent; unknown channels and unreadable resizes are ignored, as Kubernetes does. */
export function decodeClientFrame(frame: Buffer, protocol: ChannelProtocol): ClientFrame {
  if (frame.length === 0) return { kind: 'ignored' };
  const channel = frame[0]!;
  const data = frame.subarray(1);
  switch (channel) {
    case Channel.STDIN:
      return { kind: 'stdin', data };
    case Channel.RESIZE: {
      try {
        const size = JSON.parse(data.toString('utf8')) as { Width?: unknown; Height?: unknown };
        if (typeof size.Width === 'number' && typeof size.Height === 'number') return { kind: 'resize', width: size.Width, height: size.Height };
      } catch {
        // an unreadable size is dropped
      }
      return { kind: 'ignored' };
    }
    case Channel.CLOSE:
      return protocol === 'v5.channel.k8s.io' && data.length >= 1 ? { kind: 'close', channel: data[0]! } : { kind: 'ignored' };
    default:
      return { kind: 'ignored' };
  }
}

/** Largest frame a client may send (stdin chunks and resizes are small; kubectl sends at most 32 KiB). */
export const WEBSOCKET_MAX_PAYLOAD_BYTES = 1024 * 1024;
