/** The namespace controller: empties Terminating namespaces and releases them. */
export { namespaceController } from './namespace-controller.js';
