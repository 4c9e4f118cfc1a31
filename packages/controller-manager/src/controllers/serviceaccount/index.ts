/** The service account controller: a `default` ServiceAccount in every active namespace. */
export { serviceAccountController, DEFAULT_SERVICE_ACCOUNTS } from './serviceaccount-controller.js';
