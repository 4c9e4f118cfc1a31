/** The messages of skiff.v1.Kubelet (proto/skiff/v1/kubelet.proto) as proto-loader decodes them: camelCase, absent fields left out. */

/** One container of one pod on a node. */
export interface PodContainerMessage {
  namespace?: string;
  pod?: string;
  uid?: string;
  container?: string;
}

export interface ContainerLogsRequest {
  target?: PodContainerMessage;
  follow?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: string;
  timestamps?: boolean;
  previous?: boolean;
  limitBytes?: number;
}

export interface LogChunkMessage {
  data: Buffer;
}

export interface ExecStart {
  target?: PodContainerMessage;
  command?: string[];
  stdin?: boolean;
  stdout?: boolean;
  stderr?: boolean;
  tty?: boolean;
}

/** One ExecInput: exactly one field set. */
export interface ExecInput {
  start?: ExecStart;
  stdin?: Buffer;
  stdinClose?: boolean;
  resize?: { width?: number; height?: number };
}

/** One ExecOutput: exactly one field set (the last one is `status`, the command's meta/v1 Status as JSON). */
export interface ExecOutput {
  stdout?: Buffer;
  stderr?: Buffer;
  status?: Buffer;
}
