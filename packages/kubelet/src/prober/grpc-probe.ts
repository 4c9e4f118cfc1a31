/** The grpc probe: grpc.health.v1.Health/Check over plaintext gRPC; SERVING is success (upstream pkg/probe/grpc). */
import { Client, credentials, Metadata, status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import { PROBE_USER_AGENT } from './http-probe.js';
import { joinHostPort } from './resolve-port.js';
import type { ProbeOutcome } from './types.js';

/** The standard health-checking method. */
export const GRPC_HEALTH_CHECK_PATH = '/grpc.health.v1.Health/Check';

/** grpc.health.v1.HealthCheckResponse.ServingStatus names by number. */
const SERVING_STATUS = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'] as const;

/** HealthCheckRequest { string service = 1; } in protobuf wire format. */
export function encodeHealthCheckRequest(service: string): Buffer {
  if (service === '') return Buffer.alloc(0);
  const bytes = Buffer.from(service, 'utf8');
  const len: number[] = [];
  for (let n = bytes.length; ; n >>>= 7) {
    if (n < 0x80) {
      len.push(n);
      break;
    }
    len.push((n & 0x7f) | 0x80);
  }
  return Buffer.concat([Buffer.from([0x0a, ...len]), bytes]);
}

/** HealthCheckResponse { ServingStatus status = 1; }: the status number (0 when absent), other fields skipped. */
export function decodeHealthCheckResponse(buf: Buffer): number {
  let pos = 0;
  const varint = (): number => {
    let result = 0;
    for (let shift = 0; pos < buf.length; shift += 7) {
      const b = buf[pos++]!;
      result += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return result;
    }
    throw new Error('truncated varint in HealthCheckResponse');
  };
  let status = 0;
  while (pos < buf.length) {
    const key = varint();
    const field = Math.floor(key / 8);
    const wire = key & 7;
    if (wire === 0) {
      const v = varint();
      if (field === 1) status = v;
    } else if (wire === 2) {
      const len = varint();
      pos += len;
    }
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else throw new Error(`unsupported wire type ${wire} in HealthCheckResponse`);
  }
  return status;
}

/** Go's rendering of a whole-second duration: `1s`, `30s`. */
const goSeconds = (ms: number): string => `${ms / 1000}s`;

/** Calls Health/Check for `service` ('' = the server as a whole) within the timeout; every problem is a Failure, worded as the kubelet words it. */
export async function probeGrpc(host: string, port: number, service: string, timeoutMs: number): Promise<ProbeOutcome> {
  const addr = joinHostPort(host, port);
  const deadline = Date.now() + timeoutMs;
  const client = new Client(addr, credentials.createInsecure(), { 'grpc.primary_user_agent': PROBE_USER_AGENT });
  try {
    const connectError = await new Promise<Error | undefined>((resolve) => client.waitForReady(deadline, (err) => resolve(err ?? undefined)));
    if (connectError) {
      return { result: 'Failure', output: `timeout: failed to connect service ${JSON.stringify(addr)} within ${goSeconds(timeoutMs)}: context deadline exceeded` };
    }
    const res = await new Promise<{ err: ServiceError | null; status?: number }>((resolve) => {
      client.makeUnaryRequest(
        GRPC_HEALTH_CHECK_PATH,
        (req: string) => encodeHealthCheckRequest(req),
        (buf: Buffer) => decodeHealthCheckResponse(buf),
        service,
        new Metadata(),
        { deadline },
        (err, value) => resolve({ err, status: value }),
      );
    });
    if (res.err) {
      if (res.err.code === GrpcStatus.UNIMPLEMENTED) {
        return { result: 'Failure', output: `error: this server does not implement the grpc health protocol (grpc.health.v1.Health): ${res.err.details}` };
      }
      if (res.err.code === GrpcStatus.DEADLINE_EXCEEDED) return { result: 'Failure', output: `timeout: health rpc did not complete within ${goSeconds(timeoutMs)}` };
      return { result: 'Failure', output: `error: health rpc probe failed: ${res.err.message}` };
    }
    if (res.status !== 1) return { result: 'Failure', output: `service unhealthy (responded with ${JSON.stringify(SERVING_STATUS[res.status ?? 0] ?? String(res.status))})` };
    return { result: 'Success', output: 'service healthy' };
  } finally {
    client.close();
  }
}
