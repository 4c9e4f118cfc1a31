/** @skiff/scheduler — the scheduling queue, the framework and its plugins. */
export {};
export * from './queue/index.js';
export * from './framework/index.js';
export * from './plugins/index.js';
export * from './cache/index.js';
export * from './binder/index.js';
export * from './scheduler/index.js';
export * from './config/index.js';
