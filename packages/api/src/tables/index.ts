/** tables: placeholder until the module lands. */
export {};
