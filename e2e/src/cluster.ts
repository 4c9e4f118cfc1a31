/** Brings a Skiff cluster up for a test run with the real `skiff` launcher, and down again afterwards. */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(repoRoot, 'deploy', 'dist', 'cli.js');

export interface TestCluster {
  stateDir: string;
  kubeconfig: string;
  down(): Promise<void>;
}

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      server.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

/** `skiff up` into a fresh state dir on a free port; `nodes` local nodes (default 0: the control plane alone). */
export async function upCluster(opts: { nodes?: number } = {}): Promise<TestCluster> {
  const stateDir = await mkdtemp(join(tmpdir(), 'skiff-e2e-'));
  const port = await freePort();
  const down = async () => {
    await run(process.execPath, [cli, 'down', '--state-dir', stateDir, '--purge']).catch(() => undefined);
    await rm(stateDir, { recursive: true, force: true });
  };
  try {
    await run(process.execPath, [cli, 'up', '--nodes', String(opts.nodes ?? 0), '--state-dir', stateDir, '--no-kubeconfig-merge', '--port', String(port)], {
      timeout: 300_000,
    });
  } catch (err) {
    await down();
    throw err;
  }
  return { stateDir, kubeconfig: join(stateDir, 'kubeconfig'), down };
}

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion, optionally feeding stdin; never throws on a non-zero exit. */
export function runCommand(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}
