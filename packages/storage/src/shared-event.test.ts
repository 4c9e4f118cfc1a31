/** Unit tests of per-filter event views. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StoredObject } from './interface.js';
import { SharedEvent } from './shared-event.js';

const pod = (rv: string, app: string): StoredObject => ({ metadata: { name: 'p', resourceVersion: rv, labels: { app } } as StoredObject['metadata'] });
const isWeb = (o: StoredObject) => (o.metadata as { labels?: Record<string, string> }).labels?.['app'] === 'web';

test('unfiltered watchers see the event as is', () => {
  const e = new SharedEvent('/k', { type: 'MODIFIED', object: pod('2', 'db'), prevObject: pod('1', 'web'), revision: 2 });
  assert.equal(e.viewFor(undefined), e.event);
});

test('MODIFIED that stops matching becomes DELETED of the previous state at the new revision', () => {
  const prev = pod('1', 'web');
  const e = new SharedEvent('/k', { type: 'MODIFIED', object: pod('2', 'db'), prevObject: prev, revision: 2 });
  const view = e.viewFor(isWeb)!;
  assert.equal(view.type, 'DELETED');
  assert.equal(view.object.metadata?.resourceVersion, '2');
  assert.ok(isWeb(view.object));
  assert.equal(prev.metadata?.resourceVersion, '1', 'the previous object is not modified');
  assert.equal(e.viewFor(isWeb), view, 'the view is computed once per event');
});

test('MODIFIED that starts matching becomes ADDED; non-matching both ways is dropped', () => {
  const e = new SharedEvent('/k', { type: 'MODIFIED', object: pod('2', 'web'), prevObject: pod('1', 'db'), revision: 2 });
  assert.equal(e.viewFor(isWeb)?.type, 'ADDED');
  const both = new SharedEvent('/k', { type: 'MODIFIED', object: pod('2', 'web'), prevObject: pod('1', 'web'), revision: 2 });
  assert.equal(both.viewFor(isWeb)?.type, 'MODIFIED');
  const neither = new SharedEvent('/k', { type: 'MODIFIED', object: pod('2', 'db'), prevObject: pod('1', 'db'), revision: 2 });
  assert.equal(neither.viewFor(isWeb), undefined);
});

test('ADDED and DELETED pass or not by the object', () => {
  assert.equal(new SharedEvent('/k', { type: 'ADDED', object: pod('1', 'web'), revision: 1 }).viewFor(isWeb)?.type, 'ADDED');
  assert.equal(new SharedEvent('/k', { type: 'ADDED', object: pod('1', 'db'), revision: 1 }).viewFor(isWeb), undefined);
  const del = new SharedEvent('/k', { type: 'DELETED', object: pod('3', 'web'), prevObject: pod('1', 'web'), revision: 3 });
  assert.equal(del.viewFor(isWeb), del.event);
});
