/** @skiff/runtime — informers, work queues, controllers, leader election, events. */
export {};
export * from './component/index.js';
export * from './cache/index.js';
export * from './clock/index.js';
export * from './workqueue/index.js';
export * from './controller/index.js';
export * from './leaderelection/index.js';
export * from './events/index.js';
