/** Unit tests of the watch cache over a scripted source. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import type { CacheSource, SourceHandlers, SourceListing } from './cache-source.js';
import type { StoredObject, Watch, WatchEvent } from './interface.js';
import { StorageMetrics } from './metrics.js';
import { WatchCache } from './watch-cache.js';

const P = '/registry/core/pods/';
const obj = (name: string, rv: number, app = 'web'): StoredObject => ({ metadata: { name, resourceVersion: String(rv), labels: { app } } as StoredObject['metadata'] });

class FakeSource implements CacheSource {
  listing: SourceListing = { items: [], revision: 1 };
  lists = 0;
  watches: Array<{ after: number; handlers: SourceHandlers; closed: boolean }> = [];

  async list(): Promise<SourceListing> {
    this.lists++;
    return { items: [...this.listing.items], revision: this.listing.revision };
  }

  watch(_prefix: string, after: number, handlers: SourceHandlers): { close(): void } {
    const w = { after, handlers, closed: false };
    this.watches.push(w);
    queueMicrotask(() => handlers.onReady?.());
    return { close: () => (w.closed = true) };
  }

  get live(): SourceHandlers {
    return this.watches[this.watches.length - 1]!.handlers;
  }

  put(key: string, o: StoredObject): void {
    this.live.onEvents([{ type: 'PUT', key, revision: Number(o.metadata!.resourceVersion), object: o }]);
  }

  del(key: string, revision: number): void {
    this.live.onEvents([{ type: 'DELETE', key, revision }]);
  }
}

async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 1));
}

async function started(src: FakeSource, opts: ConstructorParameters<typeof WatchCache>[2] = {}): Promise<WatchCache> {
  const cache = new WatchCache(P, src, opts);
  cache.start();
  assert.equal(await cache.ready(5_000), true);
  await until(() => src.watches.length > 0);
  return cache;
}

async function take(w: Watch, n: number): Promise<WatchEvent[]> {
  const out: WatchEvent[] = [];
  const it = w[Symbol.asyncIterator]();
  while (out.length < n) {
    const r = await it.next();
    if (r.done) break;
    out.push(r.value);
  }
  return out;
}

const brief = (evs: WatchEvent[]) => evs.map((e) => `${e.type} ${String((e.object.metadata as { name?: string }).name ?? '')}@${e.revision}`);

test('watch from 0 starts with ADDED for current objects under the prefix, then live changes with prevObject', async () => {
  const src = new FakeSource();
  src.listing = { items: [[`${P}a/x`, obj('x', 2)], [`${P}b/y`, obj('y', 3)]], revision: 3 };
  const cache = await started(src);
  const all = cache.watch(P)!;
  const nsA = cache.watch(`${P}a/`)!;
  assert.deepEqual(brief(await take(all, 2)), ['ADDED x@2', 'ADDED y@3']);
  assert.deepEqual(brief(await take(nsA, 1)), ['ADDED x@2']);
  src.put(`${P}b/y`, obj('y', 4));
  src.put(`${P}a/x`, obj('x', 5));
  src.del(`${P}a/x`, 6);
  const live = await take(all, 3);
  assert.deepEqual(brief(live), ['MODIFIED y@4', 'MODIFIED x@5', 'DELETED x@6']);
  assert.equal(live[0]!.prevObject?.metadata?.resourceVersion, '3');
  assert.equal(live[2]!.object.metadata?.resourceVersion, '6', 'DELETED carries the deletion revision');
  assert.equal(live[2]!.prevObject?.metadata?.resourceVersion, '5');
  assert.deepEqual(brief(await take(nsA, 2)), ['MODIFIED x@5', 'DELETED x@6']);
  cache.close();
});

test('watch from a revision replays the buffered events after it, and declines revisions older than the buffer', async () => {
  const src = new FakeSource();
  const cache = await started(src, { capacity: 3 });
  for (let rev = 2; rev <= 6; rev++) src.put(`${P}ns/o${rev}`, obj(`o${rev}`, rev));
  assert.equal(cache.currentRevision, 6);
  assert.equal(cache.oldestResumableRevision, 3);
  const w = cache.watch(P, { revision: 4 })!;
  src.put(`${P}ns/o7`, obj('o7', 7));
  assert.deepEqual(brief(await take(w, 3)), ['ADDED o5@5', 'ADDED o6@6', 'ADDED o7@7']);
  assert.equal(cache.watch(P, { revision: 2 }), undefined, 'history before the buffer is not in the cache');
  cache.close();
});

test('a key watcher and a watcher from a future revision get only what concerns them', async () => {
  const src = new FakeSource();
  const cache = await started(src);
  const key = cache.watch(`${P}ns/a`)!;
  const future = cache.watch(P, { revision: 3 })!;
  src.put(`${P}ns/b`, obj('b', 2));
  src.put(`${P}ns/a`, obj('a', 3));
  src.put(`${P}ns/b`, obj('b', 4));
  assert.deepEqual(brief(await take(key, 1)), ['ADDED a@3']);
  assert.deepEqual(brief(await take(future, 1)), ['MODIFIED b@4']);
  cache.close();
});

test('filters see Kubernetes transitions', async () => {
  const src = new FakeSource();
  src.listing = { items: [[`${P}ns/p`, obj('p', 2, 'db')]], revision: 2 };
  const cache = await started(src);
  const web = cache.watch(P, { filter: (o) => (o.metadata as { labels: Record<string, string> }).labels['app'] === 'web' })!;
  src.put(`${P}ns/p`, obj('p', 3, 'web'));
  src.put(`${P}ns/p`, obj('p', 4, 'db'));
  src.put(`${P}ns/p`, obj('p', 5, 'web'));
  assert.deepEqual(brief(await take(web, 3)), ['ADDED p@3', 'DELETED p@4', 'ADDED p@5']);
  cache.close();
});

test('after a broken watch the cache resumes from its revision without relisting', async () => {
  const src = new FakeSource();
  const cache = await started(src);
  const w = cache.watch(P)!;
  src.put(`${P}ns/a`, obj('a', 2));
  src.live.onError(new Error('connection reset'));
  await until(() => src.watches.length === 2);
  assert.equal(src.watches[1]!.after, 2);
  assert.equal(src.lists, 1);
  src.put(`${P}ns/a`, obj('a', 3));
  assert.deepEqual(brief(await take(w, 2)), ['ADDED a@2', 'MODIFIED a@3']);
  cache.close();
  assert.equal(src.watches[1]!.closed, true);
});

test('when its history was compacted the cache relists and emits the differences', async () => {
  const src = new FakeSource();
  src.listing = { items: [[`${P}ns/keep`, obj('keep', 2)], [`${P}ns/change`, obj('change', 3)], [`${P}ns/gone`, obj('gone', 4)]], revision: 4 };
  const cache = await started(src);
  const w = cache.watch(P, { revision: 4 })!;
  src.listing = { items: [[`${P}ns/keep`, obj('keep', 2)], [`${P}ns/change`, obj('change', 7)], [`${P}ns/new`, obj('new', 8)]], revision: 9 };
  src.live.onCompacted(6);
  const diff = await take(w, 3);
  assert.deepEqual(brief(diff).sort(), ['ADDED new@9', 'DELETED gone@9', 'MODIFIED change@9'].sort());
  assert.equal(diff.find((e) => e.type === 'DELETED')!.object.metadata?.resourceVersion, '9');
  assert.equal(src.lists, 2);
  assert.equal(cache.currentRevision, 9);
  assert.equal(cache.watch(P, { revision: 5 }), undefined, 'revisions before the relist are no longer served');
  await until(() => src.watches.length === 2);
  assert.equal(src.watches[1]!.after, 9);
  cache.close();
});

test('progress notifications advance an idle cache, and bookmarks carry its revision', async () => {
  const src = new FakeSource();
  const cache = await started(src, { bookmarkIntervalMs: 5 });
  const w = cache.watch(P, { bookmarks: true })!;
  src.live.onProgress(40);
  assert.equal(cache.currentRevision, 40);
  // The cache's timers do not keep a process alive by themselves; this test holds it open.
  const keepAlive = setInterval(() => undefined, 1_000);
  const [bookmark] = await take(w, 1);
  clearInterval(keepAlive);
  assert.equal(bookmark!.type, 'BOOKMARK');
  assert.equal(bookmark!.object.metadata?.resourceVersion, '40');
  cache.close();
});

test('a watcher that falls too far behind is ended and counted', async () => {
  const registry = new Registry();
  const metrics = new StorageMetrics(registry);
  const src = new FakeSource();
  const cache = await started(src, { watcherQueueLimit: 2, metrics });
  const slow = cache.watch(P)!;
  const fast = cache.watch(P)!;
  const got: WatchEvent[] = [];
  const reading = (async () => {
    for await (const e of fast) if (got.push(e) === 4) break;
  })();
  for (let rev = 2; rev <= 5; rev++) {
    src.put(`${P}ns/o`, obj('o', rev));
    await new Promise((r) => setImmediate(r)); // the fast reader keeps up; the slow one never reads
  }
  await reading;
  assert.equal(got.length, 4);
  assert.deepEqual(await take(slow, 10), [], 'the slow watcher ends');
  const terminated = await registry.getSingleMetric('apiserver_terminated_watchers_total')!.get();
  assert.equal(terminated.values[0]?.value, 1);
  assert.equal(cache.watchers, 0);
  cache.close();
});

test('close ends every watcher', async () => {
  const src = new FakeSource();
  const cache = await started(src);
  const w = cache.watch(P)!;
  const reading = take(w, 1);
  cache.close();
  assert.deepEqual(await reading, []);
  assert.equal(src.watches[0]!.closed, true);
});

test('list answers from the cached state in key order, with the filter', async () => {
  const src = new FakeSource();
  src.listing = { items: [[`${P}b/y`, obj('y', 3)], [`${P}a/x`, obj('x', 2, 'db')], [`${P}a/w`, obj('w', 4)]], revision: 4 };
  const cache = await started(src);
  src.put(`${P}a/v`, obj('v', 5));
  const all = cache.list(P)!;
  assert.deepEqual(all.items.map((o) => (o.metadata as { name: string }).name), ['v', 'w', 'x', 'y']);
  assert.equal(all.revision, 5);
  const web = cache.list(`${P}a/`, (o) => (o.metadata as { labels: Record<string, string> }).labels['app'] === 'web')!;
  assert.deepEqual(web.items.map((o) => (o.metadata as { name: string }).name), ['v', 'w']);
  cache.close();
  assert.equal(cache.list(P), undefined);
});
