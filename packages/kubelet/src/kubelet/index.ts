/** kubelet: the assembled node agent (Kubelet) and its component frame (kubeletComponent). */
export { Kubelet, POD_RESYNC_MS, POD_SYNC_WORKERS, DEFAULT_CLUSTER_DOMAIN, KUBELET_COMPONENT, type KubeletOptions } from './kubelet.js';
export { kubeletComponent, kubeletSettings, DEFAULT_KUBELET_HEALTH_PORT, type KubeletSettings } from './component.js';
export { ConfigSources, referencedSources } from './config-sources.js';
