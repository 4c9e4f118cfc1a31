/** Tests for the launcher's argument parsing. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_STATE_DIR, UsageError, parseCliArgs } from './args.js';

test('up defaults: two local nodes, port 6443, the default state dir, merge into the user kubeconfig', () => {
  assert.deepEqual(parseCliArgs(['up']), { kind: 'up', stateDir: DEFAULT_STATE_DIR, nodes: 2, port: 6443, mergeKubeconfig: true });
});

test('up takes --nodes, --port, --state-dir (made absolute) and --no-kubeconfig-merge, in either flag form', () => {
  assert.deepEqual(parseCliArgs(['up', '--nodes', '2', '--port=7443', '--state-dir', 'run/skiff', '--no-kubeconfig-merge'], '/home/me'), {
    kind: 'up',
    stateDir: '/home/me/run/skiff',
    nodes: 2,
    port: 7443,
    mergeKubeconfig: false,
  });
});

test('down takes --purge and status only --state-dir', () => {
  assert.deepEqual(parseCliArgs(['down', '--state-dir', '/tmp/x', '--purge']), { kind: 'down', stateDir: '/tmp/x', purge: true });
  assert.deepEqual(parseCliArgs(['down']), { kind: 'down', stateDir: DEFAULT_STATE_DIR, purge: false });
  assert.deepEqual(parseCliArgs(['status', '--state-dir=/tmp/y']), { kind: 'status', stateDir: '/tmp/y' });
});

test('help is asked for with help, --help or -h', () => {
  for (const argv of [['help'], ['--help'], ['up', '-h']]) assert.deepEqual(parseCliArgs(argv), { kind: 'help' });
});

test('mistakes are usage errors that say what is wrong', () => {
  const cases: [string[], RegExp][] = [
    [[], /missing command/],
    [['start'], /unknown command "start"/],
    [['up', 'now'], /unexpected argument "now"/],
    [['up', '--purge'], /skiff up does not take --purge/],
    [['status', '--port', '1'], /skiff status does not take --port/],
    [['up', '--nodes', 'two'], /--nodes must be a whole number/],
    [['up', '--port', '70000'], /--port must be a whole number from 1 to 65535/],
    [['up', '--bogus'], /bogus/],
  ];
  for (const [argv, message] of cases) assert.throws(() => parseCliArgs(argv), (err: unknown) => err instanceof UsageError && message.test(err.message), argv.join(' '));
});
