/** logs: a container's CRI log file read the way the kubelet serves `GET pods/{name}/log`. */
export { parseCriLogLine, CriLogParseError, type CriLogLine, type CriStream } from './cri-log-line.js';
export { parseRfc3339Nano, dateToNs } from './rfc3339.js';
export { findTailStart, TAIL_BLOCK_BYTES } from './tail-start.js';
export { readContainerLog, LogFileNotFoundError, DEFAULT_LOG_POLL_MS, type LogReadOptions, type LogReadControl } from './read-container-log.js';
export type { LogSink } from './log-output.js';
