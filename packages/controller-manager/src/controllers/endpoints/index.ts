/** The Endpoints controller, and the pod-to-endpoint logic the EndpointSlice controller shares. */
export { endpointsController, ENDPOINTS, ENDPOINTS_CONTROLLER_NAME } from './endpoints-controller.js';
export { endpointSubsets, podEndpointAddress, podEndpointPorts } from './endpoints-subsets.js';
export {
  PODS,
  SERVICES,
  LAST_CHANGE_TRIGGER_TIME_ANNOTATION,
  HEADLESS_SERVICE_LABEL,
  servesEndpoints,
  isHeadless,
  isPodReady,
  shouldPodBeInEndpoints,
  podIPv4,
  findPodPort,
  podHostname,
  podTargetRef,
  podsForService,
  serviceKeysForPod,
  podTriggerTime,
  type PodObject,
  type ServiceObject,
} from './pod-endpoints.js';
export { watchServicesAndPods, type ServiceAndPodListers } from './service-pod-handlers.js';
export { TriggerTimeTracker } from './trigger-time-tracker.js';
export { semanticEqual, normalizeApiData } from './semantic-equal.js';
