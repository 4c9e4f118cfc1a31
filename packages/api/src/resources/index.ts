/** The resource catalog. */
export * from './catalog.js';
