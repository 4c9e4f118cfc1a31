/** cache: stores and indexers, the reflector (list + watch, relist on 410), shared informers and their factory. */
export { Store, objectKey, type Lister, type ReplaceResult, type ReflectorSink } from './store.js';
export {
  Indexer,
  NAMESPACE_INDEX,
  namespaceIndexFunc,
  ownerUidIndexFunc,
  labelIndexFunc,
  fieldIndexFunc,
  type IndexFunc,
  type Indexers,
} from './indexer.js';
export { DeletedFinalStateUnknown, isTombstone, objectOf } from './tombstone.js';
export {
  ReflectorBackoff,
  REFLECTOR_BACKOFF_INITIAL_MS,
  REFLECTOR_BACKOFF_MAX_MS,
  REFLECTOR_BACKOFF_FACTOR,
  REFLECTOR_BACKOFF_JITTER,
  REFLECTOR_BACKOFF_RESET_AFTER_MS,
  type ReflectorBackoffOptions,
} from './backoff.js';
export {
  Reflector,
  WatchErrorEvent,
  isExpired,
  LIST_PAGE_SIZE,
  MIN_WATCH_TIMEOUT_SECONDS,
  type ReflectorState,
  type ReflectorOptions,
} from './reflector.js';
export { SharedInformer, type ResourceEventHandler, type HandlerRegistration, type SharedInformerOptions } from './informer.js';
export { SharedInformerFactory, type SharedInformerFactoryOptions } from './informer-factory.js';
