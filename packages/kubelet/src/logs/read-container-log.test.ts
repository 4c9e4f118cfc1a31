/** Tests of readContainerLog without follow: joining, streams, timestamps, tail, since, limitBytes, malformed and half-written lines. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { isStatusError } from '@skiff/api';
import { LogFileNotFoundError, readContainerLog, type LogReadOptions } from './read-container-log.js';
import { Collector, cri, tempLog, ts } from './log-test-fixtures.js';

const sample =
  cri(ts(0), 'stdout', 'F', 'line1') +
  cri(ts(1), 'stderr', 'F', 'err1') +
  cri(ts(2), 'stdout', 'P', 'long-') +
  cri(ts(2, 5), 'stdout', 'P', 'er-') +
  cri(ts(3), 'stdout', 'F', 'line') +
  'this is not a CRI line\n' +
  cri(ts(4), 'stderr', 'F', '') +
  cri(ts(5), 'stdout', 'F', 'line5') +
  cri(ts(6), 'stdout', 'P', 'no-newline-at-exit');

async function read(content: string | Buffer, opts: LogReadOptions, now?: () => Date): Promise<string> {
  const log = await tempLog(content);
  try {
    const out = new Collector();
    await readContainerLog(log.path, opts, out.sink, { now });
    return out.text();
  } finally {
    await log.cleanup();
  }
}

test('a full read joins partial pieces, interleaves stdout and stderr in file order and skips malformed lines', async () => {
  assert.equal(await read(sample, {}), 'line1\nerr1\nlong-er-line\n\nline5\nno-newline-at-exit');
});

test('timestamps prefix every line with the time of its first piece, as written', async () => {
  assert.equal(
    await read(sample, { timestamps: true }),
    `${ts(0)} line1\n${ts(1)} err1\n${ts(2)} long-er-line\n${ts(4)} \n${ts(5)} line5\n${ts(6)} no-newline-at-exit`,
  );
});

test('tailLines counts whole lines: partial pieces belong to their line, a trailing piece is a line', async () => {
  assert.equal(await read(sample, { tailLines: 1 }), 'no-newline-at-exit');
  assert.equal(await read(sample, { tailLines: 3 }), '\nline5\nno-newline-at-exit');
  assert.equal(await read(sample, { tailLines: 4, timestamps: true }), `${ts(2)} long-er-line\n${ts(4)} \n${ts(5)} line5\n${ts(6)} no-newline-at-exit`);
  assert.equal(await read(sample, { tailLines: 100 }), 'line1\nerr1\nlong-er-line\n\nline5\nno-newline-at-exit');
  assert.equal(await read(sample, { tailLines: 0 }), '');
});

test('tailLines over a multi-block file of 100k lines returns exactly the last lines', async () => {
  const lines: string[] = [];
  for (let i = 0; i < 100_000; i++) lines.push(cri(ts(i % 60, i), i % 7 === 0 ? 'stderr' : 'stdout', 'F', `message number ${i}`));
  const content = lines.join('');
  assert.ok(content.length > 50 * 65536, 'the file spans many blocks');
  assert.equal(await read(content, { tailLines: 3 }), 'message number 99997\nmessage number 99998\nmessage number 99999\n');
  const tail = await read(content, { tailLines: 5000 });
  const got = tail.split('\n');
  assert.equal(got.length, 5001);
  assert.equal(got[0], 'message number 95000');
  assert.equal(got[4999], 'message number 99999');
  const all = await read(content, {});
  assert.equal(all.split('\n').length, 100_001);
});

test('tail over block boundaries with long lines split into pieces', async () => {
  const piece = 'x'.repeat(16384);
  let content = '';
  for (let i = 0; i < 20; i++) content += cri(ts(i), 'stdout', 'P', piece) + cri(ts(i), 'stdout', 'P', piece) + cri(ts(i), 'stdout', 'F', `end${i}`);
  assert.equal(await read(content, { tailLines: 2 }), `${piece}${piece}end18\n${piece}${piece}end19\n`);
});

test('sinceTime and sinceSeconds keep lines at or after the bound; a joined line is judged by its first piece', async () => {
  assert.equal(await read(sample, { sinceTime: ts(2) }), 'long-er-line\n\nline5\nno-newline-at-exit');
  assert.equal(await read(sample, { sinceTime: '2026-11-23T09:19:02.000000001Z' }), '\nline5\nno-newline-at-exit');
  assert.equal(await read(sample, { sinceTime: '2026-11-23T10:19:05+01:00' }), 'line5\nno-newline-at-exit');
  const now = () => new Date(Date.UTC(2026, 10, 23, 9, 19, 10));
  assert.equal(await read(sample, { sinceSeconds: 5 }, now), 'line5\nno-newline-at-exit');
  assert.equal(await read(sample, { sinceSeconds: 5, tailLines: 1, timestamps: true }, now), `${ts(6)} no-newline-at-exit`);
});

test('limitBytes stops after exactly that many bytes, also in the middle of a line or a timestamp', async () => {
  const full = 'line1\nerr1\nlong-er-line\n\nline5\nno-newline-at-exit';
  for (const n of [1, 5, 6, 9, 20, full.length, full.length + 10]) {
    assert.equal(await read(sample, { limitBytes: n }), full.slice(0, n), `limit ${n}`);
  }
  assert.equal(await read(sample, { limitBytes: 10, timestamps: true }), ts(0).slice(0, 10));
});

test('a half-written last line is not emitted', async () => {
  const content = cri(ts(0), 'stdout', 'F', 'done') + `${ts(1)} stdout F half-wri`;
  assert.equal(await read(content, {}), 'done\n');
  assert.equal(await read(content, { tailLines: 1 }), 'done\n');
});

test('binary content passes through unchanged', async () => {
  const bytes = Buffer.from([0xc3, 0x28, 0x00, 0xff]);
  const content = Buffer.concat([Buffer.from(`${ts(0)} stdout F `), bytes, Buffer.from('\n')]);
  const log = await tempLog(content);
  try {
    const out = new Collector();
    await readContainerLog(log.path, {}, out.sink);
    assert.deepEqual(out.bytes(), Buffer.concat([bytes, Buffer.from('\n')]));
  } finally {
    await log.cleanup();
  }
});

test('a missing file is a LogFileNotFoundError naming the path', async () => {
  const log = await tempLog();
  try {
    const missing = `${log.path}.nope`;
    await assert.rejects(readContainerLog(missing, {}, () => {}), (err: unknown) => err instanceof LogFileNotFoundError && err.path === missing && err.message.includes(missing));
  } finally {
    await log.cleanup();
  }
});

test('invalid options are BadRequest errors', async () => {
  const log = await tempLog(sample);
  try {
    for (const opts of [{ sinceSeconds: 5, sinceTime: ts(0) }, { sinceTime: 'yesterday' }, { tailLines: -1 }, { limitBytes: 0 }, { sinceSeconds: 0 }] as LogReadOptions[]) {
      await assert.rejects(readContainerLog(log.path, opts, () => {}), (err: unknown) => isStatusError(err) && err.code === 400, JSON.stringify(opts));
    }
  } finally {
    await log.cleanup();
  }
});

test('the sink is awaited: a slow asynchronous sink still gets every byte in order', async () => {
  const log = await tempLog();
  try {
    let content = '';
    for (let i = 0; i < 20000; i++) content += cri(ts(i % 60), 'stdout', 'F', `n${i}`);
    await writeFile(log.path, content);
    const got: Buffer[] = [];
    await readContainerLog(log.path, {}, async (chunk) => {
      await new Promise((r) => setImmediate(r));
      got.push(chunk);
    });
    assert.ok(got.length > 1, 'output came in several chunks');
    assert.equal(Buffer.concat(got).toString(), Array.from({ length: 20000 }, (_, i) => `n${i}\n`).join(''));
  } finally {
    await log.cleanup();
  }
});
