/** @skiff/scheduler — the scheduling queue, the framework and its plugins. */
export {};
