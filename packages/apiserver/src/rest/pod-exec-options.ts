/** PodExecOptions from a `pods/exec` query string. */
import { badRequest } from '@skiff/api';
import { queryFlag } from './pod-log-options.js';

export interface PodExecOptions {
  command: string[];
  container?: string;
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/** Decodes the query; at least one command word and one stream are required, and a tty has no separate stderr. */
export function parsePodExecOptions(query: URLSearchParams): PodExecOptions {
  const command = query.getAll('command');
  const tty = queryFlag(query, 'tty');
  const options: PodExecOptions = { command, stdin: queryFlag(query, 'stdin'), stdout: queryFlag(query, 'stdout'), stderr: queryFlag(query, 'stderr') && !tty, tty };
  const container = query.get('container');
  if (container) options.container = container;
  if (command.length === 0) throw badRequest('you must specify at least 1 command');
  if (!options.stdin && !options.stdout && !queryFlag(query, 'stderr')) throw badRequest('you must specify at least 1 of stdin, stdout, stderr');
  return options;
}
