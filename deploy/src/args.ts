/** Command-line parsing for `skiff up|down|status`. */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

/** Where a cluster keeps its PKI, etcd data, logs, kubeconfig and state file unless --state-dir says otherwise. */
export const DEFAULT_STATE_DIR = '/var/lib/skiff';
/** kube-apiserver's customary secure port. */
export const DEFAULT_API_PORT = 6443;
/** Local worker nodes `skiff up` starts unless --nodes says otherwise: two, so pods spread and talk across nodes. */
export const DEFAULT_LOCAL_NODES = 2;

export const USAGE = `Usage:
  skiff up     [--nodes N] [--state-dir DIR] [--port PORT] [--no-kubeconfig-merge]
  skiff down   [--state-dir DIR] [--purge]
  skiff status [--state-dir DIR]

  --nodes N               local worker nodes to start (default 2; 0: control plane only)
  --state-dir DIR         where the cluster keeps its data (default ${DEFAULT_STATE_DIR})
  --port PORT             the apiserver's HTTPS port on 127.0.0.1 (default ${DEFAULT_API_PORT})
  --no-kubeconfig-merge   write DIR/kubeconfig only; leave ~/.kube/config alone
  --purge                 also delete the cluster's data (PKI, etcd data, logs)`;

export type Command =
  | { kind: 'up'; stateDir: string; nodes: number; port: number; mergeKubeconfig: boolean }
  | { kind: 'down'; stateDir: string; purge: boolean }
  | { kind: 'status'; stateDir: string }
  | { kind: 'help' };

/** A mistake on the command line: the CLI prints it with the usage and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const OPTIONS_BY_COMMAND: Record<'up' | 'down' | 'status', readonly string[]> = {
  up: ['nodes', 'state-dir', 'port', 'no-kubeconfig-merge'],
  down: ['state-dir', 'purge'],
  status: ['state-dir'],
};

function parseInteger(name: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not ${JSON.stringify(text)}`);
  }
  return Number(text);
}

export function parseCliArgs(argv: readonly string[], cwd = process.cwd()): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        nodes: { type: 'string' },
        'state-dir': { type: 'string' },
        port: { type: 'string' },
        'no-kubeconfig-merge': { type: 'boolean' },
        purge: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    // Node's message goes on about `--` and positionals; its first sentence says what matters.
    throw new UsageError((err as Error).message.split('. ')[0]!);
  }
  const { values, positionals } = parsed;
  if (values.help || positionals[0] === 'help') return { kind: 'help' };
  const [command, ...rest] = positionals;
  if (command === undefined) throw new UsageError('missing command: up, down or status');
  if (command !== 'up' && command !== 'down' && command !== 'status') throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  if (rest.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(rest[0])}`);
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined && name !== 'help' && !OPTIONS_BY_COMMAND[command].includes(name)) {
      throw new UsageError(`skiff ${command} does not take --${name}`);
    }
  }
  const stateDir = resolve(cwd, values['state-dir'] ?? DEFAULT_STATE_DIR);
  if (command === 'down') return { kind: 'down', stateDir, purge: values.purge ?? false };
  if (command === 'status') return { kind: 'status', stateDir };
  return {
    kind: 'up',
    stateDir,
    nodes: values.nodes === undefined ? DEFAULT_LOCAL_NODES : parseInteger('nodes', values.nodes, 0, 1000),
    port: values.port === undefined ? DEFAULT_API_PORT : parseInteger('port', values.port, 1, 65535),
    mergeKubeconfig: !(values['no-kubeconfig-merge'] ?? false),
  };
}
