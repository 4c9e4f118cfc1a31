/** Tests of readContainerLog with follow: appended lines stream, half-written lines wait, stillRunning and abort end it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readContainerLog, type LogReadOptions } from './read-container-log.js';
import { Collector, cri, tempLog, ts } from './log-test-fixtures.js';

/** Short poll so the tests run fast; nothing asserts on timing. */
const POLL_MS = 5;

/** A controllable container: `running` answers stillRunning; `idleChecks` resolves after N more idle checks. */
class FakeContainer {
  running = true;
  private calls = 0;
  private waiters: { at: number; resolve: () => void }[] = [];
  readonly stillRunning = async (): Promise<boolean> => {
    this.calls++;
    this.waiters = this.waiters.filter((w) => (w.at <= this.calls ? (w.resolve(), false) : true));
    return this.running;
  };
  /** Resolves once the reader has been idle `n` more times (so it has read everything there was). */
  idleChecks(n: number): Promise<void> {
    return new Promise((resolve) => this.waiters.push({ at: this.calls + n, resolve }));
  }
}

async function withFollow(
  initial: string,
  opts: LogReadOptions,
  body: (h: { append: (s: string) => Promise<void>; out: Collector; container: FakeContainer; abort: AbortController; done: Promise<void> }) => Promise<void>,
): Promise<void> {
  const log = await tempLog(initial);
  const abort = new AbortController();
  const out = new Collector();
  const container = new FakeContainer();
  const done = readContainerLog(log.path, { ...opts, follow: true }, out.sink, { signal: abort.signal, stillRunning: container.stillRunning, pollMs: POLL_MS });
  try {
    await body({ append: log.append, out, container, abort, done });
  } finally {
    abort.abort();
    await done.catch(() => {});
    await log.cleanup();
  }
}

test('follow streams lines appended after the start and ends once the container stopped and all is read', async () => {
  await withFollow(cri(ts(0), 'stdout', 'F', 'first'), {}, async ({ append, out, container, done }) => {
    await out.until((s) => s === 'first\n');
    await append(cri(ts(1), 'stderr', 'F', 'second') + cri(ts(2), 'stdout', 'P', 'th'));
    await out.until((s) => s === 'first\nsecond\nth');
    await append(cri(ts(3), 'stdout', 'F', 'ird'));
    await out.until((s) => s.endsWith('third\n'));
    // Written just before the container stops: still delivered.
    await append(cri(ts(4), 'stdout', 'F', 'last words'));
    container.running = false;
    await done;
    assert.equal(out.text(), 'first\nsecond\nthird\nlast words\n');
  });
});

test('follow holds a half-written line back until its newline arrives', async () => {
  await withFollow(cri(ts(0), 'stdout', 'F', 'a'), { timestamps: true }, async ({ append, out, container, done }) => {
    await out.until((s) => s === `${ts(0)} a\n`);
    await append(`${ts(1)} stdout F hal`);
    await container.idleChecks(2); // the reader has seen the half line and gone idle twice
    assert.equal(out.text(), `${ts(0)} a\n`);
    await append('f done\n');
    await out.until((s) => s.endsWith('half done\n'));
    container.running = false;
    await done;
    assert.equal(out.text(), `${ts(0)} a\n${ts(1)} half done\n`);
  });
});

test('follow with tailLines 0 skips the existing log and streams only new lines', async () => {
  await withFollow(cri(ts(0), 'stdout', 'F', 'old1') + cri(ts(1), 'stdout', 'F', 'old2'), { tailLines: 0 }, async ({ append, out, container, done }) => {
    await container.idleChecks(1);
    await append(cri(ts(2), 'stdout', 'F', 'new'));
    await out.until((s) => s === 'new\n');
    container.running = false;
    await done;
    assert.equal(out.text(), 'new\n');
  });
});

test('follow with tailLines 1 starts at the last line', async () => {
  await withFollow(cri(ts(0), 'stdout', 'F', 'old1') + cri(ts(1), 'stdout', 'F', 'old2'), { tailLines: 1 }, async ({ append, out, container, done }) => {
    await out.until((s) => s === 'old2\n');
    await append(cri(ts(2), 'stdout', 'F', 'new'));
    container.running = false;
    await done;
    assert.equal(out.text(), 'old2\nnew\n');
  });
});

test('abort ends a follow that would otherwise go on', async () => {
  await withFollow(cri(ts(0), 'stdout', 'F', 'x'), {}, async ({ out, container, abort, done }) => {
    await out.until((s) => s === 'x\n');
    await container.idleChecks(1);
    abort.abort();
    await done; // resolves, no error
    assert.equal(container.running, true);
    assert.equal(out.text(), 'x\n');
  });
});

test('limitBytes ends a follow exactly at the limit, with bytes appended later', async () => {
  await withFollow(cri(ts(0), 'stdout', 'F', 'abc'), { limitBytes: 7 }, async ({ append, out, done }) => {
    await out.until((s) => s === 'abc\n');
    await append(cri(ts(1), 'stdout', 'F', 'defgh'));
    await done; // ends by itself although the container still runs
    assert.equal(out.text(), 'abc\ndef');
  });
});

test('follow of a container that has already stopped returns the whole log and ends', async () => {
  await withFollow(cri(ts(0), 'stdout', 'F', 'x') + cri(ts(1), 'stdout', 'P', 'y'), {}, async ({ out, container, done }) => {
    container.running = false;
    await done;
    assert.equal(out.text(), 'x\ny');
  });
});
