/** Unit tests of the exec Status → exit code mapping. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execResultOf, NO_EXIT_CODE } from './exec-status.js';

test('Success and an empty error stream are exit code 0', () => {
  assert.deepEqual(execResultOf('{"metadata":{},"status":"Success"}'), { exitCode: 0, status: { metadata: {}, status: 'Success' } });
  assert.equal(execResultOf('').exitCode, 0);
});

test('NonZeroExitCode gives the ExitCode cause; the status is kept verbatim', () => {
  const text = '{"metadata":{},"status":"Failure","message":"m","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"42"}]}}';
  const r = execResultOf(text);
  assert.equal(r.exitCode, 42);
  assert.deepEqual(r.status, JSON.parse(text));
});

test('other failures and non-JSON text have no exit code', () => {
  assert.equal(execResultOf('{"status":"Failure","reason":"InternalError","code":500}').exitCode, NO_EXIT_CODE);
  const r = execResultOf('plain error text');
  assert.equal(r.exitCode, NO_EXIT_CODE);
  assert.equal(r.status.message, 'plain error text');
});
