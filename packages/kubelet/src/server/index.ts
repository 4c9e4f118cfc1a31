/** The kubelet's own API (skiff.v1.Kubelet): container logs and exec, served to the apiserver. */
export { createKubeletServer, type KubeletServer, type KubeletServerOptions, type KubeletServerTls } from './kubelet-server.js';
export { resolveContainer, logAttempt, runningAttempt, waitingReason, type PodContainerRef, type PodLookup, type ResolvedContainer } from './container-lookup.js';
export { authorizePeer, APISERVER_KUBELET_CLIENT_CN, KUBELET_API_ADMIN_GROUP } from './peer-authorization.js';
export { logReadOptions } from './logs-handler.js';
