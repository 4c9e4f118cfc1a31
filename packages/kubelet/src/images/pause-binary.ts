/** The sandbox's `/pause` program: its C source and a static build of it with the machine's gcc. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { StatusError } from '@skiff/api';

const run = promisify(execFile);

/** gcc flags: small (-Os), no shared libraries in an image that has no libc (-static), no symbols (-s). */
export const PAUSE_CFLAGS = ['-Os', '-static', '-s'] as const;

/**
 * Holds the pod's namespaces open: exits 0 on SIGINT/SIGTERM, reaps every child it inherits as PID 1,
 * and otherwise sleeps in pause() forever.
 */
export const PAUSE_C_SOURCE = `/* pause: the process that keeps a Skiff pod sandbox's namespaces alive. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void on_terminate(int sig) {
  (void)sig;
  _exit(0);
}

static void on_child(int sig) {
  int saved_errno = errno;
  (void)sig;
  while (waitpid(-1, NULL, WNOHANG) > 0) {
  }
  errno = saved_errno;
}

static int handle(int sig, void (*handler)(int), int flags) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = handler;
  action.sa_flags = flags;
  sigemptyset(&action.sa_mask);
  return sigaction(sig, &action, NULL);
}

int main(void) {
  if (handle(SIGINT, on_terminate, 0) < 0 || handle(SIGTERM, on_terminate, 0) < 0 ||
      handle(SIGCHLD, on_child, SA_NOCLDSTOP | SA_RESTART) < 0) {
    return 1;
  }
  for (;;) {
    pause();
  }
  return 42;
}
`;

/** The version line of the C compiler, part of the image cache key. */
export async function compilerVersion(cc = 'gcc'): Promise<string> {
  try {
    const { stdout } = await run(cc, ['--version']);
    return stdout.split('\n')[0] ?? '';
  } catch (err) {
    throw new StatusError('InternalError', `cannot run C compiler "${cc}": ${(err as Error).message}`);
  }
}

/** Compiles PAUSE_C_SOURCE in a scratch dir and returns the static binary. */
export async function compilePause(cc = 'gcc'): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-pause-'));
  try {
    const source = join(dir, 'pause.c');
    const binary = join(dir, 'pause');
    await writeFile(source, PAUSE_C_SOURCE);
    try {
      await run(cc, [...PAUSE_CFLAGS, '-o', binary, source]);
    } catch (err) {
      const stderr = (err as { stderr?: string }).stderr ?? '';
      throw new StatusError('InternalError', `building /pause with ${cc} failed: ${stderr.trim() || (err as Error).message}`);
    }
    return await readFile(binary);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
