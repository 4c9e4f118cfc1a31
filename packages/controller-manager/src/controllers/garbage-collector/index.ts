/** The garbage collector: ownerReferences, and the Background, Foreground and Orphan deletion policies. */
export { garbageCollectorController } from './garbage-collector-controller.js';
