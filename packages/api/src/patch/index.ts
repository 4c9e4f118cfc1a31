/** patch: placeholder until the module lands. */
export {};
