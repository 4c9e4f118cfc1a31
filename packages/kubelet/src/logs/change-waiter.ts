/** Waits for a file to change: fs.watch events, a poll timer as fallback (watch events can be lost or unsupported), or an abort. */
import { watch, type FSWatcher } from 'node:fs';

export class ChangeWaiter {
  private watcher: FSWatcher | undefined;
  private changed = false;
  private wake: (() => void) | undefined;
  private readonly onAbort = (): void => this.kick();

  constructor(
    path: string,
    private readonly pollMs: number,
    private readonly signal?: AbortSignal,
  ) {
    try {
      this.watcher = watch(path, { persistent: false }, () => this.kick());
      this.watcher.on('error', () => this.closeWatcher());
    } catch {
      this.watcher = undefined; // polling alone still works
    }
    signal?.addEventListener('abort', this.onAbort);
  }

  /** Resolves at the next change (or at once if one happened since the last wait), poll tick, or abort. */
  async wait(): Promise<void> {
    if (!this.changed && !this.signal?.aborted) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          this.wake = undefined;
          resolve();
        };
        const timer = setTimeout(done, this.pollMs);
        this.wake = done;
      });
    }
    this.changed = false;
  }

  close(): void {
    this.closeWatcher();
    this.signal?.removeEventListener('abort', this.onAbort);
    this.wake?.();
  }

  private kick(): void {
    this.changed = true;
    this.wake?.();
  }

  private closeWatcher(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }
}
