/** Unit tests: PodLogOptions and PodExecOptions from query strings. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StatusError } from '@skiff/api';
import { parsePodExecOptions } from './pod-exec-options.js';
import { parsePodLogOptions } from './pod-log-options.js';

const q = (s: string) => new URLSearchParams(s);
const fails = (fn: () => unknown, code: number, message: RegExp) =>
  assert.throws(fn, (err: unknown) => err instanceof StatusError && err.code === code && message.test(err.message));

test('log options as kubectl sends them', () => {
  assert.deepEqual(parsePodLogOptions(q('container=web&follow=true&tailLines=10&timestamps=true&limitBytes=5&sinceSeconds=3'), 'p'), {
    container: 'web', follow: true, previous: false, timestamps: true, tailLines: 10, limitBytes: 5, sinceSeconds: 3,
  });
  assert.equal(parsePodLogOptions(q('follow=false&previous=0'), 'p').follow, false);
  assert.equal(parsePodLogOptions(q('sinceTime=2024-01-02T03:04:05Z'), 'p').sinceTime, '2024-01-02T03:04:05Z');
});

test('log options: unreadable values are 400, out-of-range ones 422', () => {
  fails(() => parsePodLogOptions(q('tailLines=ten'), 'p'), 400, /tailLines/);
  fails(() => parsePodLogOptions(q('sinceTime=yesterday'), 'p'), 400, /sinceTime/);
  fails(() => parsePodLogOptions(q('tailLines=-1'), 'p'), 422, /^PodLogOptions "p" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0$/);
  fails(() => parsePodLogOptions(q('limitBytes=0'), 'p'), 422, /limitBytes: Invalid value: 0: must be greater than 0/);
  fails(() => parsePodLogOptions(q('sinceSeconds=0'), 'p'), 422, /sinceSeconds: Invalid value: 0/);
  fails(() => parsePodLogOptions(q('sinceSeconds=5&sinceTime=2024-01-02T03:04:05Z'), 'p'), 422, /at most one of `sinceTime` or `sinceSeconds`/);
  fails(() => parsePodLogOptions(q('tailLines=-1&limitBytes=0'), 'p'), 422, /is invalid: \[tailLines: .*, limitBytes: .*\]$/);
});

test('exec options: repeated command, streams, tty drops stderr', () => {
  assert.deepEqual(parsePodExecOptions(q('command=ls&command=%2F&container=web&stderr=true&stdout=true')), {
    command: ['ls', '/'], container: 'web', stdin: false, stdout: true, stderr: true, tty: false,
  });
  const tty = parsePodExecOptions(q('command=sh&stdin=true&stdout=true&stderr=true&tty=true'));
  assert.equal(tty.stderr, false);
  assert.equal(tty.tty, true);
  fails(() => parsePodExecOptions(q('stdout=true')), 400, /at least 1 command/);
  fails(() => parsePodExecOptions(q('command=ls')), 400, /at least 1 of stdin, stdout, stderr/);
});
