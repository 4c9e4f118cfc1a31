/** Runs one command with an argument array (never through a shell) and fails with its stderr. */
import { execFile } from 'node:child_process';

/** `ip` answers in milliseconds; this only stops a wedged command from hanging set-up forever. */
export const COMMAND_TIMEOUT_MS = 30_000;

/** A command that exited non-zero (or could not start); `stderr` is what it said. */
export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly args: readonly string[],
    readonly stderr: string,
    readonly exitCode: number | string | null,
  ) {
    super(`${command} ${args.join(' ')} failed (exit ${exitCode ?? 'signal'}): ${stderr.trim() || '(no output)'}`);
    this.name = 'CommandError';
  }
}

/** Runs `cmd args...`; resolves to its stdout, rejects with a CommandError carrying stderr. */
export function run(cmd: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, [...args], { timeout: COMMAND_TIMEOUT_MS, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) {
        // A numeric code is the exit status; a string code (ENOENT, ...) means it never ran.
        const code = (err as NodeJS.ErrnoException & { code?: number | string }).code ?? null;
        reject(new CommandError(cmd, args, stderr || err.message, code));
        return;
      }
      resolve(stdout);
    });
  });
}
