/** skiff.v1.Kubelet ContainerLogs: a container's CRI log file served as `GET pods/log` shows it, following it while the container runs. */
import { Metadata, type ServerWritableStream } from '@grpc/grpc-js';
import { isCriNotFound, type CriClient } from '../cri/index.js';
import { LogFileNotFoundError, readContainerLog, type LogReadOptions } from '../logs/index.js';
import { logAttempt, resolveContainer, type PodLookup } from './container-lookup.js';
import type { ContainerLogsRequestMessage, LogChunkMessage } from './proto.js';

export type ContainerLogsCall = ServerWritableStream<ContainerLogsRequestMessage, LogChunkMessage>;

/** The request's options as the log reader takes them (the reader rejects contradictory or out-of-range ones with a 400). */
export function logReadOptions(req: ContainerLogsRequestMessage): LogReadOptions {
  return {
    ...(req.follow ? { follow: true } : {}),
    ...(req.tailLines !== undefined ? { tailLines: req.tailLines } : {}),
    ...(req.sinceSeconds !== undefined ? { sinceSeconds: req.sinceSeconds } : {}),
    ...(req.sinceTime ? { sinceTime: req.sinceTime } : {}),
    ...(req.timestamps ? { timestamps: true } : {}),
    ...(req.limitBytes !== undefined ? { limitBytes: req.limitBytes } : {}),
  };
}

/** Writes one chunk, waiting for the stream to drain when grpc-js asks for it (a slow reader slows the file reads down). */
function send(call: ContainerLogsCall, data: Buffer): Promise<void> | void {
  if (call.write({ data })) return;
  return new Promise((resolve) => {
    const done = (): void => {
      call.off('drain', done);
      call.off('cancelled', done);
      resolve();
    };
    call.on('drain', done);
    call.on('cancelled', done);
  });
}

/** Streams the log the request names to `call`; resolves when it is all sent (or the caller went away). */
export async function serveContainerLogs(cri: CriClient, lookup: PodLookup, call: ContainerLogsCall, signal: AbortSignal): Promise<void> {
  const req = call.request;
  const opts = logReadOptions(req);
  const resolved = await resolveContainer(cri, lookup, req.target ?? {}, 'log');
  const attempt = logAttempt(resolved, req.previous === true);
  const logPath = (await cri.containerStatus(attempt.id)).status?.log_path ?? '';
  if (!logPath) return; // a container created without a log file has nothing to show
  // Headers now: the apiserver answers kubectl once the kubelet has accepted, even when a followed log stays silent.
  call.sendMetadata(new Metadata());
  const stillRunning = async (): Promise<boolean> => {
    try {
      return (await cri.containerStatus(attempt.id)).status?.state === 'CONTAINER_RUNNING';
    } catch (err) {
      if (isCriNotFound(err)) return false;
      throw err;
    }
  };
  try {
    await readContainerLog(logPath, opts, (chunk) => (signal.aborted ? undefined : send(call, chunk)), { signal, stillRunning });
  } catch (err) {
    // containerd makes the file when the container starts: before that (or after the pod's logs were removed) there is nothing to show.
    if (!(err instanceof LogFileNotFoundError)) throw err;
  }
}
