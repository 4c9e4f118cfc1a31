/** defaults: placeholder until the module lands. */
export {};
