#!/usr/bin/env node
/** The `skiff` launcher's command line: parse arguments, run one command from the library, exit with its code. */
import { USAGE, UsageError, parseCliArgs } from './args.js';
import { down } from './down.js';
import { consoleOutput } from './output.js';
import { status } from './status.js';

async function main(argv: string[]): Promise<number> {
  let command;
  try {
    command = parseCliArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    consoleOutput.err(`skiff: ${err.message}\n\n${USAGE}`);
    return 2;
  }
  switch (command.kind) {
    case 'help':
      consoleOutput.out(USAGE);
      return 0;
    case 'up': {
      // Loaded only for `up`: it pulls in the apiserver library (for the PKI), which down and status do not need.
      const { up } = await import('./up.js');
      return up(command, consoleOutput);
    }
    case 'down':
      return down(command, consoleOutput);
    case 'status':
      return status(command, consoleOutput);
  }
}

main(process.argv.slice(2)).then(
  // Exit explicitly: handles of the detached children must not keep the launcher alive.
  (code) => process.exit(code),
  (err: unknown) => {
    consoleOutput.err(`skiff: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
