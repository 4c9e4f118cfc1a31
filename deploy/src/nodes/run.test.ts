/** Unit tests of the command runner: stdout on success, stderr carried by the error on failure. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CommandError, run } from './run.js';

test('run resolves to stdout and passes arguments without a shell', async () => {
  assert.equal(await run('printf', ['%s|', 'a b', '$HOME;']), 'a b|$HOME;|');
});

test('a failing command rejects with its stderr and exit code', async () => {
  const err = await run('ip', ['link', 'show', 'dev', 'no-such-link-xyz']).then(
    () => assert.fail('expected a failure'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof CommandError);
  assert.equal(err.exitCode, 1);
  assert.match(err.stderr, /does not exist/);
  assert.match(err.message, /^ip link show dev no-such-link-xyz failed \(exit 1\)/);
});

test('a missing program rejects with a CommandError too', async () => {
  await assert.rejects(run('no-such-program-xyz', []), (e: unknown) => e instanceof CommandError && e.exitCode === 'ENOENT');
});
