/** validation: placeholder until the module lands. */
export {};
