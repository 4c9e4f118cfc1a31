/** @skiff/runtime — informers, work queues, controllers, leader election, events. */
export {};
