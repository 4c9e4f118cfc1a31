/** binder: the DefaultBinder Bind plugin. */
export { DefaultBinder, DEFAULT_BINDER, registryWithBinder, withDefaultBinder } from './default-binder.js';
