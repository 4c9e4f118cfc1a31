/** openExec against a real containerd 1.6 (host netns, hostNetwork pod): output, exit status, stdin end-of-file, tty resize. */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CriClient } from '../cri/cri-client.js';
import type { CriInput } from '../cri/types-common.js';
import type { PodSandboxConfig } from '../cri/types-sandbox.js';
import { cleanupNodeRuntime } from '../containerd/cleanup.js';
import { sleep } from '../containerd/proc.js';
import { startContainerd } from '../containerd/start.js';
import { leftovers, testNodeNames } from '../containerd/testing-node.js';
import { BUSYBOX_IMAGE, PAUSE_IMAGE } from '../images/index.js';
import { nodeTestFixture } from '../testing/node-fixture.js';
import { openExec, type ExecOptions } from './index.js';

/** Up to 20 s for the CRI image store to see an import (usually well under a second). */
const IMAGE_WAIT_TRIES = 400;
const IMAGE_WAIT_STEP_MS = 50;

const fixture = nodeTestFixture('kexec');
const names = testNodeNames();
const pids: number[] = [];
let cri: CriClient | undefined;
let containerId = '';

/** containerd in a temp dir, both images, a hostNetwork pod with one busybox `sleep 3600`. */
async function startNode(): Promise<void> {
  const node = await startContainerd({ dir: names.dir, sandboxImage: PAUSE_IMAGE });
  pids.push(node.pid);
  await fixture.importInto(node.socket, [PAUSE_IMAGE, BUSYBOX_IMAGE]);
  cri = new CriClient(node.socket);
  // the CRI plugin learns of imported images from containerd's events, a moment after the import returns
  for (let i = 0; i < IMAGE_WAIT_TRIES && !(await cri.imageStatus(PAUSE_IMAGE)).image; i++) await sleep(IMAGE_WAIT_STEP_MS);
  const uid = randomUUID();
  // hostNetwork (no CNI needed): runc refuses a hostname without its own UTS namespace, so none is set
  const config: CriInput<PodSandboxConfig> = {
    metadata: { name: 'exec', uid, namespace: 'default', attempt: 0 },
    log_directory: join(names.dir, 'pods', uid),
    linux: { cgroup_parent: `/${names.cgroupRoot}/pod${uid}`, security_context: { namespace_options: { network: 'NODE', pid: 'CONTAINER', ipc: 'POD' } } },
  };
  const { pod_sandbox_id: sandboxId } = await cri.runPodSandbox({ config });
  ({ container_id: containerId } = await cri.createContainer({
    pod_sandbox_id: sandboxId,
    sandbox_config: config,
    config: {
      metadata: { name: 'bb', attempt: 0 },
      image: { image: BUSYBOX_IMAGE },
      command: ['sleep', '3600'],
      linux: { security_context: { namespace_options: { network: 'NODE', pid: 'POD', ipc: 'POD' } } },
    },
  }));
  await cri.startContainer(containerId);
}

const cases: [string, () => Promise<void>][] = [];

/** Runs one exec to its end, collecting output; `drive` talks to the session first. */
async function run(opts: Partial<ExecOptions> & { cmd: string[] }, drive?: (s: Awaited<ReturnType<typeof openExec>>) => void) {
  const session = await openExec(cri!, { containerId, stdin: false, stdout: true, stderr: true, tty: false, ...opts });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  session.onStdout((d) => out.push(d));
  session.onStderr((d) => err.push(d));
  drive?.(session);
  const result = await session.done;
  return { stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), ...result };
}

cases.push(['echo hello: stdout and Success', async () => {
  const r = await run({ cmd: ['echo', 'hello'] });
  assert.equal(r.stdout, 'hello\n');
  assert.equal(r.stderr, '');
  assert.equal(r.exitCode, 0);
  assert.deepEqual(r.status, { metadata: {}, status: 'Success' });
}]);

cases.push(['a non-zero exit: stderr, exit code 3 and the NonZeroExitCode status', async () => {
  const r = await run({ cmd: ['sh', '-c', 'echo err >&2; exit 3'] });
  assert.equal(r.stderr, 'err\n');
  assert.equal(r.stdout, '');
  assert.equal(r.exitCode, 3);
  assert.equal(r.status.status, 'Failure');
  assert.equal(r.status.reason, 'NonZeroExitCode');
  assert.deepEqual(r.status.details?.causes, [{ reason: 'ExitCode', message: '3' }]);
}]);

cases.push(['a command that cannot start: a Failure status without an exit code', async () => {
  const r = await run({ cmd: ['no-such-command'] });
  assert.equal(r.exitCode, -1);
  assert.equal(r.status.status, 'Failure');
  assert.match(String(r.status.message), /no-such-command/);
}]);

cases.push(['stdin end-of-file: cat echoes the data, sees EOF, and the output after it and the status still arrive', async () => {
  const r = await run({ cmd: ['sh', '-c', 'cat; echo after-eof'], stdin: true }, (s) => {
    s.writeStdin(Buffer.from('line one\n'));
    s.writeStdin(Buffer.from('line two\n'));
    s.closeStdin();
  });
  assert.equal(r.stdout, 'line one\nline two\nafter-eof\n');
  assert.equal(r.exitCode, 0);
}]);

cases.push(['large stdin and stdout pass beyond the 64 KiB SPDY window', async () => {
  const size = 600_000;
  const r = await run({ cmd: ['wc', '-c'], stdin: true }, (s) => {
    s.writeStdin(Buffer.alloc(size, 0x61));
    s.closeStdin();
  });
  assert.equal(r.stdout.trim(), String(size));
  const big = await run({ cmd: ['head', '-c', String(size), '/dev/zero'] });
  assert.equal(big.stdout.length, size);
}]);

cases.push(['tty: stderr goes to the terminal, and resize sets the terminal size', async () => {
  // polls until the resize has reached the terminal (resize and exec start race on the server)
  const script = 'for i in $(seq 200); do s=$(stty size 2>/dev/null); [ "$s" = "33 77" ] && break; sleep 0.05; done; echo "size=$s"; echo e >&2; tty';
  const r = await run({ cmd: ['sh', '-c', script], tty: true, stdin: true }, (s) => s.resize(77, 33));
  assert.equal(r.stdout, 'size=33 77\r\ne\r\n/dev/pts/0\r\n');
  assert.equal(r.stderr, '');
  assert.equal(r.exitCode, 0);
}]);

cases.push(['abort: done rejects and the connection is gone', async () => {
  const session = await openExec(cri!, { containerId, cmd: ['sleep', '30'], stdin: true, stdout: true, stderr: true, tty: false });
  session.abort();
  await assert.rejects(session.done, /aborted/);
}]);

test('openExec against a real containerd', async (t: TestContext) => {
  try {
    await startNode();
    for (const [name, fn] of cases) await t.test(name, fn);
  } finally {
    cri?.close();
    if (existsSync(names.dir)) await cleanupNodeRuntime({ dir: names.dir, cgroupRoot: names.cgroupRoot });
  }
  assert.deepEqual(await leftovers(names, pids), { processes: [], mounts: [], cgroups: [], cniResults: [], bridge: [], dir: [] });
});
