/** @skiff/storage — an etcd-backed store of JSON objects with revisions, CAS updates, a watch cache and compaction. */
export * from './interface.js';
export * from './errors.js';
