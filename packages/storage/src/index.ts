/** @skiff/storage — an etcd-backed store of JSON objects with revisions, CAS updates, a watch cache and compaction. */
export * from './interface.js';
export * from './errors.js';
export { EtcdStore, COMPACT_REV_KEY, type EtcdStoreOptions } from './etcd-store.js';
export { DEFAULT_WATCH_CACHE_CAPACITY, DEFAULT_BOOKMARK_INTERVAL_MS, DEFAULT_WATCHER_QUEUE_LIMIT } from './watch-cache.js';
export { startCompactor, DEFAULT_COMPACTION_INTERVAL_MS, type Compactor, type CompactorOptions, type CompactionCoordinator } from './compactor.js';
export {
  startEtcd,
  stopEtcdByPid,
  etcdBinary,
  freePort,
  DEFAULT_PROGRESS_NOTIFY_INTERVAL_MS,
  type EtcdProcess,
  type StartEtcdOptions,
} from './etcd-process.js';
export { cachedJson } from './cached-json.js';
