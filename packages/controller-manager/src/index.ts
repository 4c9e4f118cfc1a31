/** @skiff/controller-manager — the controllers and the process that runs them. */
export * from './manager/index.js';
export { ALL_CONTROLLERS } from './controllers/index.js';
