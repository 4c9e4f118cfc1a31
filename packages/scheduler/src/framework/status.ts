/** Status: the outcome a plugin reports at an extension point (code, reasons, failing plugin), as kube-scheduler's framework.Status. */

/** Status codes, in kube-scheduler's order. */
export enum Code {
  /** The plugin ran and found the pod fits / is fine. */
  Success = 'Success',
  /** An internal error: the scheduling cycle is aborted and the pod retried with backoff. */
  Error = 'Error',
  /** The pod does not fit, but preemption (PostFilter) might make room. */
  Unschedulable = 'Unschedulable',
  /** The pod does not fit and preemption cannot help (taints, affinity, node name, ...). */
  UnschedulableAndUnresolvable = 'UnschedulableAndUnresolvable',
  /** The plugin has nothing to do for this pod: its later extension points are skipped (PreFilter/PreScore), or the next binder is tried (Bind). */
  Skip = 'Skip',
}

/** A plugin's outcome. `undefined` in place of a Status means Success (a nil *Status upstream). */
export class Status {
  readonly code: Code;
  readonly reasons: readonly string[];
  /** The plugin that produced this status; set by the framework when it records a failure. */
  plugin: string | undefined;
  /** The thrown error behind an Error status, if any. */
  readonly cause: unknown;

  constructor(code: Code, reasons: readonly string[] = [], plugin?: string, cause?: unknown) {
    this.code = code;
    this.reasons = reasons;
    this.plugin = plugin;
    this.cause = cause;
  }

  /** A Success status. */
  static success(): Status {
    return new Status(Code.Success);
  }

  /** An Error status wrapping a thrown value. */
  static error(cause: unknown, plugin?: string): Status {
    const message = cause instanceof Error ? cause.message : String(cause);
    return new Status(Code.Error, [message], plugin, cause);
  }

  /** Unschedulable (preemption may help), with the user-facing reasons. */
  static unschedulable(...reasons: string[]): Status {
    return new Status(Code.Unschedulable, reasons);
  }

  /** UnschedulableAndUnresolvable (preemption cannot help), with the user-facing reasons. */
  static unresolvable(...reasons: string[]): Status {
    return new Status(Code.UnschedulableAndUnresolvable, reasons);
  }

  /** A Skip status. */
  static skip(): Status {
    return new Status(Code.Skip);
  }

  /** The reasons joined as kube-scheduler's Status.Message() joins them. */
  message(): string {
    return this.reasons.join(', ');
  }

  /** A copy naming the plugin that produced it. */
  withPlugin(plugin: string): Status {
    return new Status(this.code, this.reasons, plugin, this.cause);
  }
}

/** True when the status is Success (undefined counts as Success). */
export function isSuccess(status: Status | undefined): boolean {
  return status === undefined || status.code === Code.Success;
}

/** True when the status is Skip. */
export function isSkip(status: Status | undefined): boolean {
  return status !== undefined && status.code === Code.Skip;
}

/** True for Unschedulable and UnschedulableAndUnresolvable: the pod does not fit (as opposed to an error). */
export function isRejected(status: Status | undefined): boolean {
  return status !== undefined && (status.code === Code.Unschedulable || status.code === Code.UnschedulableAndUnresolvable);
}
