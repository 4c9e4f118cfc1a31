/** Tests for the lifecycle check's namespace lookup: cached reads, live reads for a while after this server began deleting one. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyNotFoundError, type Store } from '@skiff/storage';
import { FORCE_LIVE_LOOKUP_MS, NamespaceLifecycleLookup } from './namespace-lookup.js';

/** A store whose watch cache (anyRevision reads) still has the namespace Active while etcd has it Terminating. */
function laggingStore(): Store {
  const phase = (p: string) => ({ metadata: { name: 'doomed' }, status: { phase: p } });
  return {
    get: async (key: string, opts?: { anyRevision?: boolean }) => {
      if (key !== '/ns/doomed') throw new KeyNotFoundError(key);
      return opts?.anyRevision ? phase('Active') : phase('Terminating');
    },
  } as unknown as Store;
}

test('a namespace this server began deleting is read live until the TTL ends; others come from the cache', async () => {
  let now = 1_000_000;
  const lookup = new NamespaceLifecycleLookup(laggingStore(), { now: () => new Date(now) }, (name) => `/ns/${name}`);
  const phase = async () => ((await lookup.lookup('doomed')) as { status: { phase: string } }).status.phase;
  assert.equal(await phase(), 'Active', 'the cache answers by default');
  lookup.deleting('doomed');
  assert.equal(await phase(), 'Terminating', 'right after the delete the live object answers');
  now += FORCE_LIVE_LOOKUP_MS + 1;
  assert.equal(await phase(), 'Active', 'after the TTL the cache answers again');
  lookup.deleting('gone');
  assert.equal(await lookup.lookup('gone'), undefined, 'a missing namespace is undefined, live or not');
});
