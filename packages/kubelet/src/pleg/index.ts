/** pleg: noticing container and sandbox state changes within a second of their happening. */
export { RelistPleg, changedPods, PLEG_RELIST_MS, type RelistPlegOptions } from './relist-pleg.js';
