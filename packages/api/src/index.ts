/** @skiff/api — object types, the resource catalog, schemas, validation, defaulting, selectors, patches and tables. No I/O. */
export * from './errors/index.js';
export * from './resources/index.js';
export * from './patch/index.js';
export * from './schema/index.js';
export * from './selectors/index.js';
export * from './validation/index.js';
export * from './defaults/index.js';
export * from './tables/index.js';
export * from './proto-path.js';
export { parseQuantity, quantityOf, compareQuantities, type Quantity } from './validation/quantity.js';
export { parseGoDuration, parseDurationFlag } from './duration.js';
export * from './kubelet-api.js';
export * from './pod-container-choice.js';
