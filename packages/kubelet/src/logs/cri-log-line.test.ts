/** Tests of parseCriLogLine and the RFC 3339 parser. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CriLogParseError, parseCriLogLine, type CriLogLine } from './cri-log-line.js';
import { parseRfc3339Nano } from './rfc3339.js';

function ok(line: string | Buffer): CriLogLine {
  const r = parseCriLogLine(line);
  assert.ok(!(r instanceof CriLogParseError), `unexpected error ${String(r)}`);
  return r as CriLogLine;
}

test('parses a full stdout line, keeping the time as written and spaces in the text', () => {
  const r = ok('2026-11-23T09:19:00.119845865Z stdout F hello  world \n');
  assert.equal(r.time, '2026-11-23T09:19:00.119845865Z');
  assert.equal(r.timeNs, BigInt(Date.UTC(2026, 10, 23, 9, 19, 0)) * 1_000_000n + 119845865n);
  assert.equal(r.stream, 'stdout');
  assert.equal(r.partial, false);
  assert.equal(r.content.toString(), 'hello  world ');
});

test('parses partial stderr lines, tags with extra parts, and empty content with or without the trailing space', () => {
  const p = ok(Buffer.from('2026-11-23T09:19:00Z stderr P abc'));
  assert.equal(p.stream, 'stderr');
  assert.equal(p.partial, true);
  assert.equal(p.content.toString(), 'abc');
  assert.equal(ok('2026-11-23T09:19:00Z stdout F:x y').content.toString(), 'y');
  assert.equal(ok('2026-11-23T09:19:00Z stdout F ').content.length, 0);
  assert.equal(ok('2026-11-23T09:19:00Z stdout F').content.length, 0);
});

test('keeps non-UTF-8 bytes of the content untouched', () => {
  const line = Buffer.concat([Buffer.from('2026-11-23T09:19:00Z stdout F '), Buffer.from([0xff, 0x00, 0xfe])]);
  assert.deepEqual([...ok(line).content], [0xff, 0x00, 0xfe]);
});

test('returns an error for malformed lines', () => {
  for (const bad of ['', 'garbage', 'notatime stdout F x', '2026-11-23T09:19:00Z stdin F x', '2026-11-23T09:19:00Z stdout', '2026-11-23T09:19:00Z stdout X x', '2026-02-30T00:00:00Z stdout F x']) {
    assert.ok(parseCriLogLine(bad) instanceof CriLogParseError, bad);
  }
});

test('RFC 3339 times with fractions and offsets compare exactly', () => {
  assert.equal(parseRfc3339Nano('1970-01-01T00:00:00Z'), 0n);
  assert.equal(parseRfc3339Nano('1970-01-01T00:00:00.5Z'), 500_000_000n);
  assert.equal(parseRfc3339Nano('1970-01-01T00:00:00.000000001Z'), 1n);
  assert.equal(parseRfc3339Nano('1970-01-01T02:00:00+02:00'), 0n);
  assert.equal(parseRfc3339Nano('1969-12-31T23:30:00-00:30'), 0n);
  assert.equal(parseRfc3339Nano('1970-01-01 00:00:00Z'), undefined);
  assert.equal(parseRfc3339Nano('1970-01-01T00:00:00.1234567890Z'), undefined);
});
