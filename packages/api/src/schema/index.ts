/** schema: placeholder until the module lands. */
export {};
