/** The REST client: ResourceClient over the Kubernetes HTTP API. */
export { RestResourceClient, type RestClientOptions } from './rest-resource-client.js';
export { DEFAULT_REQUEST_TIMEOUT_MS, DEFAULT_USER_AGENT, type TransportOptions } from './http-transport.js';
export { PATCH_CONTENT_TYPES } from './query-params.js';
export { resourcePath, groupVersionPath } from './request-path.js';
