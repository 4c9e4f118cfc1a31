/** selectors: placeholder until the module lands. */
export {};
